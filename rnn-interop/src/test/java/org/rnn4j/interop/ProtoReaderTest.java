package org.rnn4j.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The wire-format reader against the writer, unknown fields, packed lists and malformed bytes. */
class ProtoReaderTest {
    @Test
    void readsWhatTheWriterWroteAndSkipsFieldsNobodyAsksFor() throws InteropException {
        byte[] b = new ProtoWriter().varint(1, 300).string(2, "héllo").fixed32(3, 1.5f).fixed64(4, -2.25).varint(99, -1)
                .message(5, new ProtoWriter().string(1, "inner")).varint(6, 1).varint(6, 2).toByteArray();
        ProtoReader r = ProtoReader.of(b, "test");
        assertEquals(300, r.varint(1, 0));
        assertEquals("héllo", r.string(2, ""));
        assertEquals(1.5f, r.float32(3, 0));
        assertEquals(List.of(-2.25), r.doubles(4));
        assertEquals(-1, r.varint(99, 0));
        assertEquals("inner", r.message(5, "m").string(1, ""));
        assertEquals(List.of(1L, 2L), r.varints(6));
        assertEquals(7, r.varint(7, 7));
        assertNull(r.bytes(8));
    }

    @Test
    void packedVarintsAndFloatsAreRead() throws InteropException {
        byte[] packedInts = {1, (byte) 0xAC, 2, 5};       // 1, 300, 5
        byte[] packedFloats = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putFloat(2f).putFloat(-3f).array();
        ProtoReader r = ProtoReader.of(new ProtoWriter().bytes(1, packedInts).bytes(2, packedFloats).toByteArray(), "test");
        assertEquals(List.of(1L, 300L, 5L), r.varints(1));
        assertEquals(List.of(2f, -3f), r.floats(2));
    }

    private static void assertMalformed(byte[] bytes, String part) {
        InteropException ex = assertThrows(InteropException.class, () -> ProtoReader.of(bytes, "test"));
        assertTrue(ex.getMessage().contains(part), ex.getMessage());
    }

    @Test
    void varintLongerThanTenBytesIsRefused() {
        byte[] b = new byte[12];
        b[0] = 0x08;
        Arrays.fill(b, 1, 12, (byte) 0x80);
        assertMalformed(b, "longer than ten bytes");
    }

    @Test
    void lengthPastTheEndIsRefused() {
        assertMalformed(new byte[] {0x12, 0x7F, 'a'}, "claims 127 bytes");
    }

    @Test
    void truncatedFixed64IsRefused() {
        assertMalformed(new byte[] {0x09, 1, 2, 3}, "needs 8 bytes");
    }

    @Test
    void groupWireTypeIsRefused() {
        assertMalformed(new byte[] {0x0B, 0x0C}, "wire type 3");
    }

    @Test
    void fieldNumberZeroIsRefused() {
        assertMalformed(new byte[] {0x00, 0x01}, "field number 0");
    }

    @Test
    void wrongWireTypeForAFieldIsRefusedWhenRead() throws InteropException {
        ProtoReader r = ProtoReader.of(new ProtoWriter().varint(2, 5).toByteArray(), "test");
        InteropException ex = assertThrows(InteropException.class, () -> r.string(2, ""));
        assertTrue(ex.getMessage().contains("wire type 0"), ex.getMessage());
    }
}
