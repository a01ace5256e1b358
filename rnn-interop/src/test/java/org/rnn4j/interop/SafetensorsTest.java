package org.rnn4j.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The safetensors reader: values and shapes, exact half-precision widening, refused dtypes, malformed files. */
class SafetensorsTest {
    @TempDir
    Path dir;

    private Path file(String name) {
        return dir.resolve(name);
    }

    private InteropException malformed(String header, byte[] data) throws IOException {
        Path f = StFiles.raw(file("bad.safetensors"), header, data);
        return assertThrows(InteropException.class, () -> Safetensors.read(f));
    }

    private static void assertMentions(Exception ex, String... parts) {
        for (String p : parts) {
            assertTrue(ex.getMessage().contains(p), "message lacks '" + p + "': " + ex.getMessage());
        }
    }

    @Test
    void f32AndF64TensorsReadWithTheirShapesInHeaderOrder() throws IOException {
        Map<String, StFiles.T> t = new LinkedHashMap<>();
        t.put("w", new StFiles.T("F32", new int[] {2, 3}, new double[] {1, -2, 3.5, 0.25, -0.125, 6}));
        t.put("b", new StFiles.T("F64", new int[] {3}, new double[] {Math.PI, -Math.E, 1e-300}));
        t.put("s", new StFiles.T("F64", new int[] {}, new double[] {7}));
        Safetensors st = Safetensors.read(StFiles.write(file("ok.safetensors"), t));
        assertEquals(List.of("w", "b", "s"), st.names());
        assertArrayEquals(new int[] {2, 3}, st.get("w").shape());
        assertEquals("F32", st.get("w").dtype());
        assertArrayEquals(new double[] {1, -2, 3.5, 0.25, -0.125, 6}, st.get("w").values(), 0.0);
        assertArrayEquals(new double[] {Math.PI, -Math.E, 1e-300}, st.get("b").values(), 0.0);
        assertArrayEquals(new int[0], st.get("s").shape());
        assertArrayEquals(new double[] {7}, st.get("s").values(), 0.0);
    }

    @Test
    void metadataAndHeaderPaddingAreIgnored() throws IOException {
        byte[] data = le(4, 1.5f);
        Safetensors st = Safetensors.read(StFiles.raw(file("meta.safetensors"),
                "{\"__metadata__\":{\"format\":\"pt\"},\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}     ", data));
        assertEquals(List.of("x"), st.names());
        assertArrayEquals(new double[] {1.5}, st.get("x").values(), 0.0);
    }

    @Test
    void f16WidensExactlyForEveryBitPattern() {
        for (int bits = 0; bits < 0x10000; bits++) {
            int e = (bits >> 10) & 0x1f;
            int m = bits & 0x3ff;
            double sign = (bits & 0x8000) != 0 ? -1 : 1;
            double expected = e == 0 ? sign * m * Math.pow(2, -24)
                    : e == 31 ? (m == 0 ? sign * Double.POSITIVE_INFINITY : Double.NaN)
                    : sign * (1 + m / 1024.0) * Math.pow(2, e - 15);
            double got = Safetensors.halfToDouble(bits);
            assertEquals(Double.doubleToLongBits(expected), Double.doubleToLongBits(got), "bits 0x" + Integer.toHexString(bits));
        }
    }

    @Test
    void f16AndBf16TensorsReadExactly() throws IOException {
        // F16: 1, -2, 65504 (largest), 2^-24 (smallest subnormal); BF16: 1, 3.140625, 2^-133 (smallest subnormal), -0.
        short[] half = {0x3C00, (short) 0xC000, 0x7BFF, 0x0001};
        short[] brain = {0x3F80, 0x4049, 0x0001, (short) 0x8000};
        ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        for (short s : half) {
            b.putShort(s);
        }
        for (short s : brain) {
            b.putShort(s);
        }
        Safetensors st = Safetensors.read(StFiles.raw(file("half.safetensors"), "{\"h\":{\"dtype\":\"F16\",\"shape\":[4],\"data_offsets\":[0,8]},"
                + "\"g\":{\"dtype\":\"BF16\",\"shape\":[2,2],\"data_offsets\":[8,16]}}", b.array()));
        assertArrayEquals(new double[] {1, -2, 65504, 0x1p-24}, st.get("h").values(), 0.0);
        double[] g = st.get("g").values();
        assertArrayEquals(new double[] {1, 3.140625, 0x1p-133}, Arrays.copyOf(g, 3), 0.0);
        assertEquals(Double.doubleToLongBits(-0.0), Double.doubleToLongBits(g[3]));
    }

    @Test
    void i64TensorIsRefusedNamingItAndItsDtype() throws IOException {
        InteropException ex = malformed("{\"steps\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[0,8]}}", new byte[8]);
        assertMentions(ex, "'steps'", "I64");
    }

    @Test
    void fileShorterThanTheLengthFieldIsRefused() throws IOException {
        Path f = Files.write(file("short.safetensors"), new byte[7]);
        assertMentions(assertThrows(InteropException.class, () -> Safetensors.read(f)), "7 bytes");
    }

    @Test
    void emptyFileIsRefused() throws IOException {
        Path f = Files.write(file("empty.safetensors"), new byte[0]);
        assertMentions(assertThrows(InteropException.class, () -> Safetensors.read(f)), "0 bytes");
    }

    @Test
    void headerLengthBeyondTheFileIsRefusedBeforeAllocating() throws IOException {
        for (long n : new long[] {1000, Long.MAX_VALUE, -1L, 1L << 40}) {
            ByteBuffer b = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN).putLong(n).put((byte) '{').put((byte) '}');
            Path f = Files.write(file("long.safetensors"), b.array());
            assertMentions(assertThrows(InteropException.class, () -> Safetensors.read(f)), "header length " + Long.toUnsignedString(n));
        }
    }

    @Test
    void headerThatIsNotJsonIsRefusedWithItsOffset() throws IOException {
        assertMentions(malformed("{\"x\":{\"dtype\" \"F32\"}}", new byte[0]), "expected ':'", "character 14");
    }

    @Test
    void headerThatIsAnArrayIsRefused() throws IOException {
        assertMentions(malformed("[1, 2]", new byte[0]), "not a JSON object");
    }

    @Test
    void truncatedHeaderIsRefused() throws IOException {
        assertMentions(malformed("{\"x\":{\"dtype\":\"F32\"", new byte[0]), "expected '}'");
    }

    @Test
    void invalidUtf8HeaderIsRefused() throws IOException {
        Path f = file("utf.safetensors");
        ByteBuffer b = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putLong(4).put(new byte[] {'{', (byte) 0xC3, (byte) 0x28, '}'});
        Files.write(f, b.array());
        assertMentions(assertThrows(InteropException.class, () -> Safetensors.read(f)), "UTF-8");
    }

    @Test
    void deeplyNestedHeaderIsRefusedWithoutStackOverflow() throws IOException {
        assertMentions(malformed("{\"x\":" + "[".repeat(100_000) + "}", new byte[0]), "nesting deeper than 64");
    }

    @Test
    void duplicateTensorNameIsRefused() throws IOException {
        String t = "{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}";
        assertMentions(malformed("{\"x\":" + t + ",\"x\":" + t + "}", new byte[4]), "duplicate key \"x\"");
    }

    @Test
    void offsetsBeyondTheDataAreRefusedNamingTheTensor() throws IOException {
        assertMentions(malformed("{\"w\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}", new byte[8]), "'w'",
                "[0, 16]", "8 data bytes");
    }

    @Test
    void hugeOffsetsAreRefusedNotAllocated() throws IOException {
        assertMentions(malformed("{\"w\":{\"dtype\":\"F64\",\"shape\":[268435456],\"data_offsets\":[0,2147483648]}}", new byte[8]), "'w'",
                "outside the 8 data bytes");
    }

    @Test
    void sizeThatDisagreesWithTheShapeIsRefused() throws IOException {
        assertMentions(malformed("{\"w\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", new byte[8]), "'w'", "8 data bytes",
                "needs 12");
    }

    @Test
    void overlappingTensorsAreRefused() throws IOException {
        assertMentions(malformed("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", new byte[12]), "'b'", "overlap");
    }

    @Test
    void holeBetweenTensorsIsRefused() throws IOException {
        assertMentions(malformed("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}", new byte[12]), "'b'", "hole");
    }

    @Test
    void trailingDataNoTensorCoversIsRefused() throws IOException {
        assertMentions(malformed("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", new byte[8]), "cover 4 data bytes",
                "has 8");
    }

    @Test
    void negativeDimensionIsRefused() throws IOException {
        assertMentions(malformed("{\"a\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,0]}}", new byte[0]), "'a'", "dimension 0 of -1");
    }

    @Test
    void fractionalDimensionIsRefused() throws IOException {
        assertMentions(malformed("{\"a\":{\"dtype\":\"F32\",\"shape\":[1.5],\"data_offsets\":[0,4]}}", new byte[4]), "'a' shape", "1.5");
    }

    @Test
    void shapeWithTooManyElementsIsRefused() throws IOException {
        assertMentions(malformed("{\"a\":{\"dtype\":\"F32\",\"shape\":[65536,65536],\"data_offsets\":[0,4]}}", new byte[4]), "'a'",
                "more than");
    }

    @Test
    void unknownFieldIsRefused() throws IOException {
        assertMentions(malformed("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4],\"stride\":[1]}}", new byte[4]), "'a'",
                "\"stride\"");
    }

    @Test
    void missingDtypeIsRefused() throws IOException {
        assertMentions(malformed("{\"a\":{\"shape\":[1],\"data_offsets\":[0,4]}}", new byte[4]), "'a'", "dtype");
    }

    /** Every truncation and many random byte changes of a real fixture give a result or an InteropException, nothing else. */
    @Test
    void corruptedFixtureNeverFailsWithAnythingButInteropException() throws IOException {
        byte[] good = Files.readAllBytes(Fixture.of("gru_1l_f32").safetensors);
        int refused = 0;
        for (int len = 0; len < good.length; len++) {
            refused += readsOrRefuses(Arrays.copyOf(good, len));
        }
        assertEquals(good.length, refused, "every truncation must be refused");
        SplittableRandom random = new SplittableRandom(7);
        int headerEnd = 8 + (int) ByteBuffer.wrap(good, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        int changedAndRefused = 0;
        for (int i = 0; i < 5000; i++) {
            byte[] bad = good.clone();
            int at = random.nextInt(headerEnd);
            bad[at] = (byte) (bad[at] ^ (1 + random.nextInt(255)));
            changedAndRefused += readsOrRefuses(bad);
        }
        // Most single-byte changes of a header break it; a few (a digit of a name) leave a valid file.
        assertTrue(changedAndRefused > 2500, changedAndRefused + " of 5000 corrupted headers refused");
    }

    @Test
    void inMemoryReadEqualsFileRead() throws IOException {
        Path f = Fixture.of("lstm_1l_f32").safetensors;
        Safetensors a = Safetensors.read(f);
        Safetensors b = Safetensors.read(Files.readAllBytes(f), "lstm_1l_f32");
        assertEquals(a.names(), b.names());
        for (String n : a.names()) {
            assertArrayEquals(a.get(n).values(), b.get(n).values(), 0.0, n);
        }
    }

    private static int readsOrRefuses(byte[] bytes) {
        try {
            Safetensors.read(bytes, "fuzz");
            return 0;
        } catch (InteropException expected) {
            return 1;
        }
    }

    private static byte[] le(int bytes, float v) {
        return ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN).putFloat(v).array();
    }
}
