package org.rnn4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.api.Activation;
import org.rnn4j.api.DType;
import org.rnn4j.api.Parameter;
import org.rnn4j.core.cell.CellType;

/**
 * Malformed checkpoints: truncations, byte flips and absurd fields, the CRC recomputed where the
 * parser itself must notice. Every case must end in a normal return with finite values or in a
 * {@link CheckpointException}: no other exception, no error, within {@link #CASE_LIMIT}, and
 * allocating at most {@link #ALLOCATION_FACTOR} times the file's length (plus a constant), which
 * holds only if the reader checks sizes before it allocates. The build runs this class in a JVM
 * with a 256 MiB heap (rnn-core's pom), so an absurd allocation also fails as an error.
 */
class CheckpointFuzzTest {
    private static final Duration CASE_LIMIT = Duration.ofSeconds(2);
    private static final Duration BATCH_LIMIT = Duration.ofSeconds(60);
    private static final long ALLOCATION_FACTOR = 64;
    private static final long ALLOCATION_SLACK = 4L << 20;
    private static final int[] ABSURD = {Integer.MAX_VALUE, Integer.MIN_VALUE, -1, 0, 0x7fff0000, 65536};
    private static final com.sun.management.ThreadMXBean THREADS = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @TempDir
    Path dir;

    /** Cases run and how each ended, so that a harness that stopped loading would show. */
    private int loaded;
    private int rejected;

    /** A two-layer LSTM with two Adam steps and a carried state of four 2×3 tensors, FLOAT64. */
    static Rnn lstm() {
        return Rnn.builder().inputSize(2).hiddenSize(3).outputSize(2).cell(CellType.LSTM).layers(2).dtype(DType.FLOAT64)
                .backend(Fixtures.EJML).seed(5).build();
    }

    /** A one-layer Elman network with two Adam steps and a carried 2×3 state, FLOAT32. */
    static Rnn elman() {
        return Rnn.builder().inputSize(2).hiddenSize(3).outputSize(2).activation(Activation.TANH).dtype(DType.FLOAT32)
                .backend(Fixtures.EJML).seed(6).build();
    }

    private byte[] valid(Rnn m) throws IOException {
        Optimizer adam = Optimizer.adam(0.05);
        CheckpointTest.step(m, adam);
        CheckpointTest.step(m, adam);
        Path f = dir.resolve("valid-" + m.cellType() + ".ckpt");
        Checkpoint.save(f, m, adam, Fixtures.state(m, 2, 3));
        return Files.readAllBytes(f);
    }

    private static byte[] formatOne() throws IOException, URISyntaxException {
        return Files.readAllBytes(CheckpointFormatOneTest.file());
    }

    /** Replaces the last 8 bytes by the CRC-32 of the rest, so that only the parser can object. */
    static byte[] withCrc(byte[] file) {
        CRC32 crc = new CRC32();
        crc.update(file, 0, file.length - 8);
        ByteBuffer.wrap(file).putLong(file.length - 8, crc.getValue());
        return file;
    }

    /** The content of a file cut to {@code length} bytes, followed by its CRC-32. */
    private static byte[] cutWithCrc(byte[] file, int length) {
        byte[] b = Arrays.copyOf(file, length + 8);
        return withCrc(b);
    }

    /** Writes a file with its CRC recomputed, loads it and returns the CheckpointException's message. */
    static String loadError(Path dir, byte[] file) throws IOException {
        Path f = dir.resolve("malformed.ckpt");
        Files.write(f, withCrc(file.clone()));
        CheckpointException e = null;
        try {
            Checkpoint.load(f, Fixtures.EJML, DType.FLOAT64);
        } catch (CheckpointException expected) {
            e = expected;
        }
        assertNotNull(e, "the malformed file loaded");
        return e.getMessage();
    }

    /** Loads one case; fails on anything but a finite model or a CheckpointException. */
    private void attempt(byte[] file, String what) {
        long start = System.nanoTime();
        long before = THREADS.getCurrentThreadAllocatedBytes();
        Checkpoint c;
        try {
            c = Checkpoint.decode(file, "case", Fixtures.EJML, DType.FLOAT64);
        } catch (CheckpointException e) {
            c = null;
        } catch (RuntimeException | Error e) {
            throw new AssertionError(what + ": " + e, e);
        }
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
        long nanos = System.nanoTime() - start;
        assertTrue(allocated <= ALLOCATION_FACTOR * file.length + ALLOCATION_SLACK,
                what + ": allocated " + allocated + " bytes reading a file of " + file.length);
        assertTrue(nanos <= CASE_LIMIT.toNanos(), what + ": took " + nanos / 1_000_000 + " ms");
        if (c == null) {
            rejected++;
            return;
        }
        loaded++;
        for (Parameter p : c.model().parameters()) {
            for (double v : p.value().toDoubleArray()) {
                assertTrue(Double.isFinite(v), what + ": loaded " + p.name() + " holds " + v);
            }
        }
    }

    private interface Batch {
        void run() throws Exception;
    }

    private void batch(Batch b) {
        assertTimeoutPreemptively(BATCH_LIMIT, () -> {
            b.run();
            return null;
        });
    }

    @Test
    void everyTruncationIsRejected() throws Exception {
        for (byte[] file : new byte[][] {valid(lstm()), valid(elman()), formatOne()}) {
            attempt(file, "control: the whole file");
            assertEquals(1, loaded, "the harness must load a valid file");
            batch(() -> {
                for (int length = 0; length < file.length; length++) {
                    attempt(Arrays.copyOf(file, length), "cut to " + length + " bytes");
                }
                // The CRC recomputed for the shorter content: the parser must find the end too early.
                for (int length = 0; length < file.length - 8; length++) {
                    attempt(cutWithCrc(file, length), "cut to " + length + " bytes, CRC recomputed");
                }
            });
            assertEquals(1, loaded, "no truncation loads");
            loaded = 0;
        }
    }

    @Test
    void randomByteFlipsWithTheCrcRecomputedNeverEscape() throws Exception {
        SplittableRandom r = new SplittableRandom(20261129);
        int cases = 0;
        for (byte[] file : new byte[][] {valid(lstm()), valid(elman()), formatOne()}) {
            batch(() -> {
                for (int i = 0; i < 1000; i++) {
                    byte[] b = file.clone();
                    int flips = 1 + r.nextInt(3);
                    StringBuilder what = new StringBuilder("flipped");
                    for (int k = 0; k < flips; k++) {
                        int at = r.nextInt(b.length - 8);
                        int mask = 1 + r.nextInt(255);
                        b[at] ^= (byte) mask;
                        what.append(" byte ").append(at).append(" by ").append(mask);
                    }
                    attempt(withCrc(b), what.toString());
                }
            });
            cases += 1000;
        }
        assertEquals(3000, loaded + rejected);
        assertEquals(3000, cases);
        // Most flips hit parameter or state values and leave a valid file; many hit structure.
        assertTrue(rejected > 300, "only " + rejected + " of 3000 flips were rejected");
    }

    @Test
    void absurdIntegersAtEveryOffsetNeverEscape() throws Exception {
        for (byte[] file : new byte[][] {valid(lstm()), valid(elman()), formatOne()}) {
            int stride = file.length > 2000 ? 4 : 1;
            batch(() -> {
                for (int at = 8; at + 4 <= file.length - 8; at += stride) {
                    for (int v : ABSURD) {
                        byte[] b = file.clone();
                        ByteBuffer.wrap(b).putInt(at, v);
                        attempt(withCrc(b), "int " + v + " at byte " + at);
                    }
                }
            });
        }
        assertTrue(rejected > 1000, "only " + rejected + " absurd integers were rejected");
    }

    /** Offsets in a format-2 file of a model saved with Adam, from its layout (see Checkpoint's javadoc). */
    private static final class Layout {
        final int inputs;
        final int firstValue;
        final int optimizer;
        final int state;

        Layout(Rnn m) {
            int spec = 12 + utf(m.cellType().name()) + utf(m.activation().name()) + utf(m.dtype().name());
            inputs = spec;
            // I, H, O, layers, directions (5 ints), dropout (a double), seed (a long), P (an int).
            int p = spec + 20 + 8 + 8 + 4;
            firstValue = p + utf(m.parameters().get(0).name()) + 8;
            for (Parameter q : m.parameters()) {
                p += utf(q.name()) + 8 + 8 * q.value().size();
            }
            optimizer = p;
            int o = p + 1 + utf("adam") + 8 + 8 + 4 + 3 * 8 + 4;
            for (Parameter q : m.parameters()) {
                o += 4 + 2 * (4 + 8 * q.value().size());
            }
            state = o;
        }

        private static int utf(String s) {
            return 2 + s.length();
        }
    }

    private static byte[] replace(byte[] file, String from, String to) {
        byte[] f = from.getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i + f.length <= file.length; i++) {
            if (Arrays.equals(file, i, i + f.length, f, 0, f.length)) {
                byte[] out = new byte[file.length - f.length + to.length()];
                System.arraycopy(file, 0, out, 0, i);
                System.arraycopy(to.getBytes(StandardCharsets.US_ASCII), 0, out, i, to.length());
                System.arraycopy(file, i + f.length, out, i + to.length(), file.length - i - f.length);
                return out;
            }
        }
        return fail("no " + from + " in the file");
    }

    private void assertRejected(byte[] file, String expected) throws IOException {
        String message = loadError(dir, file);
        assertTrue(message.contains(expected), "expected '" + expected + "' in: " + message);
    }

    @Test
    void layoutMatchesTheFile() throws IOException {
        Rnn m = lstm();
        byte[] b = valid(m);
        Layout at = new Layout(m);
        // Controls for the offsets the named cases below corrupt.
        assertEquals(2, ByteBuffer.wrap(b).getInt(at.inputs));
        assertEquals(m.parameters().get(0).value().get(0, 0), ByteBuffer.wrap(b).getDouble(at.firstValue));
        assertEquals(1, b[at.optimizer]);
        assertEquals(1, b[at.state]);
        assertEquals(4, ByteBuffer.wrap(b).getInt(at.state + 1));
        assertEquals(b.length - 8, at.state + 1 + 8 + 4 * (2 + 4 + 8 * 6));
    }

    @Test
    void absurdDimensionsAreRejectedBeforeAllocating() throws IOException {
        Rnn m = lstm();
        byte[] good = valid(m);
        Layout at = new Layout(m);
        String[] fields = {"input size", "hidden size", "output size", "layer count"};
        for (int k = 0; k < fields.length; k++) {
            for (int v : new int[] {Integer.MAX_VALUE, -1, 0, 1 << 20}) {
                byte[] b = good.clone();
                ByteBuffer.wrap(b).putInt(at.inputs + 4 * k, v);
                attempt(withCrc(b.clone()), fields[k] + " " + v);
                if (v != 1 << 20) {
                    assertRejected(b, fields[k] + " is " + v + "; expected at least 1");
                }
            }
        }
        byte[] huge = good.clone();
        ByteBuffer.wrap(huge).putInt(at.inputs, 200).putInt(at.inputs + 4, 200);
        assertRejected(huge, "parameter values, more than the");
        byte[] count = good.clone();
        ByteBuffer.wrap(count).putInt(at.inputs + 36, -1);
        assertRejected(count, "it declares -1 parameters; a 2-layer LSTM (I=2, H=3, O=2) has 8");
        byte[] batch = good.clone();
        ByteBuffer.wrap(batch).putInt(at.state + 5, Integer.MAX_VALUE);
        assertRejected(batch, "the carried state's batch size is 2147483647");
        byte[] name = good.clone();
        ByteBuffer.wrap(name).putShort(at.inputs + 40, (short) -1);
        assertRejected(name, "name of parameter 0 is 65535 bytes long; at most 256");
    }

    @Test
    void badDirectionsAndDropoutAreRejected() throws IOException {
        Rnn m = lstm();
        byte[] good = valid(m);
        Layout at = new Layout(m);
        byte[] dirs = good.clone();
        ByteBuffer.wrap(dirs).putInt(at.inputs + 16, 3);
        assertRejected(dirs, "directions is 3; it must be 1 (forward), 2 (bidirectional) or -1 (reverse)");
        // -1 is read as reverse: the forward model's parameter names then do not fit.
        byte[] reverse = good.clone();
        ByteBuffer.wrap(reverse).putInt(at.inputs + 16, -1);
        assertRejected(reverse, "parameter 0 is l0.U 12×2 but a 2-layer reverse LSTM (I=2, H=3, O=2) has l0r.U 12×2");
        byte[] drop = good.clone();
        ByteBuffer.wrap(drop).putDouble(at.inputs + 20, 1.0);
        assertRejected(drop, "dropout is 1.0; it must be in [0, 1)");
    }

    @Test
    void badOptimizerSectionsAreRejected() throws IOException {
        Rnn m = elman();
        byte[] good = valid(m);
        Layout at = new Layout(m);
        int steps = at.optimizer + 1 + 6 + 8;
        byte[] negative = good.clone();
        ByteBuffer.wrap(negative).putLong(steps, -5);
        assertRejected(negative, "the adam optimizer's step count is -5; it cannot be negative");

        // Two constants where Adam needs three: the count and the bytes both shrink.
        byte[] few = new byte[good.length - 8];
        System.arraycopy(good, 0, few, 0, steps + 8 + 4 + 16);
        System.arraycopy(good, steps + 8 + 4 + 24, few, steps + 8 + 4 + 16, good.length - (steps + 8 + 4 + 24));
        ByteBuffer.wrap(few).putInt(steps + 8, 2);
        assertRejected(few, "adam takes 3 constant(s) (beta1, beta2, epsilon), got 2");

        byte[] manyConstants = good.clone();
        ByteBuffer.wrap(manyConstants).putInt(steps + 8, Integer.MAX_VALUE);
        assertRejected(manyConstants, "declares 2147483647 constants");
        byte[] beta = good.clone();
        ByteBuffer.wrap(beta).putDouble(steps + 12, 1.5);
        assertRejected(beta, "beta1 must be in [0, 1), got 1.5");
        byte[] rate = good.clone();
        ByteBuffer.wrap(rate).putDouble(at.optimizer + 7, -0.1);
        assertRejected(rate, "learning rate must be positive and finite, got -0.1");
        byte[] slots = good.clone();
        ByteBuffer.wrap(slots).putInt(steps + 8 + 4 + 24, 4);
        assertRejected(slots, "the adam optimizer's state covers 4 parameters; the model has 5");
        // U with one Adam slot instead of two, the file otherwise consistent: restoring it would leave v at zeros.
        int uSlots = steps + 8 + 4 + 24 + 4;
        int slotBytes = 4 + 8 * m.parameter("U").value().size();
        assertEquals(2, ByteBuffer.wrap(good).getInt(uSlots));
        byte[] oneSlot = new byte[good.length - slotBytes];
        System.arraycopy(good, 0, oneSlot, 0, uSlots + 4 + slotBytes);
        System.arraycopy(good, uSlots + 4 + 2 * slotBytes, oneSlot, uSlots + 4 + slotBytes, good.length - (uSlots + 4 + 2 * slotBytes));
        ByteBuffer.wrap(oneSlot).putInt(uSlots, 1);
        assertRejected(oneSlot, "adam keeps 2 state arrays per parameter; the checkpoint has 1 for U");
        byte[] shortSlot = good.clone();
        ByteBuffer.wrap(shortSlot).putInt(uSlots + 4, 5);
        assertRejected(shortSlot, "adam slot 0 of U has 5 values; the parameter has 6");
        assertRejected(replace(good, "adam", "adan"), "unknown optimizer 'adan'");
        byte[] flag = good.clone();
        flag[at.optimizer] = 2;
        assertRejected(flag, "optimizer flag is 2; expected 0 or 1");
    }

    @Test
    void nonFiniteValuesAreRejected() throws IOException {
        Rnn m = lstm();
        byte[] good = valid(m);
        Layout at = new Layout(m);
        byte[] nan = good.clone();
        ByteBuffer.wrap(nan).putDouble(at.firstValue + 8, Double.NaN);
        assertRejected(nan, "parameter l0.U holds NaN at row 0, column 1");
        byte[] inf = good.clone();
        ByteBuffer.wrap(inf).putDouble(firstStateValue(at.state), Double.NEGATIVE_INFINITY);
        assertRejected(inf, "carried state l0.h holds -Infinity at row 0, column 0");
    }

    /** The first value of the first state tensor: flag, count, batch, UTF "l0.h". */
    private static int firstStateValue(int state) {
        return state + 1 + 4 + 4 + 6;
    }

    @Test
    void unknownNamesAndInconsistentSpecsAreRejected() throws IOException {
        byte[] lstm = valid(lstm());
        byte[] elman = valid(elman());
        assertRejected(replace(elman, "elman", "elmon"), "unknown cell kind 'elmon'; known: elman, lstm, gru");
        assertRejected(replace(elman, "TANH", "TANX"), "unknown activation 'TANX'");
        assertRejected(replace(elman, "FLOAT32", "FLOAT65"), "unknown dtype 'FLOAT65'");
        assertRejected(replace(lstm, "TANH", "RELU"), "the LSTM cell has no activation choice, but the checkpoint says RELU");
        assertRejected(replace(lstm, "l1.W", "l1.X"), "parameter 4 is l1.X 12×3 but a 2-layer LSTM (I=2, H=3, O=2) has l1.W 12×3");
        assertRejected(replace(lstm, "l1.c", "l1.C"), "carried state tensor 3 is named l1.C; the model's is l1.c");
        assertRejected(replace(elman, "elman", "el\u0001an"), "cell kind holds byte 1 at offset 2; names are printable ASCII");
        byte[] trailing = Arrays.copyOf(elman, elman.length + 3);
        System.arraycopy(elman, elman.length - 8, trailing, elman.length - 5, 8);
        trailing[elman.length - 8] = 0;
        trailing[elman.length - 7] = 0;
        trailing[elman.length - 6] = 0;
        assertRejected(trailing, "3 unexpected bytes before the checksum");
    }
}
