package org.rnn4j.interop;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes one protocol-buffers message in the wire format: each field is a tag (field number · 8 +
 * wire type) and then a varint (type 0), 8 little-endian bytes (type 1), a length-prefixed byte
 * string or nested message (type 2) or 4 little-endian bytes (type 5).
 */
final class ProtoWriter {
    static final int VARINT = 0;
    static final int FIXED64 = 1;
    static final int LENGTH_DELIMITED = 2;
    static final int FIXED32 = 5;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private void tag(int field, int wireType) {
        rawVarint(((long) field << 3) | wireType);
    }

    private void rawVarint(long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    /** Writes an int32/int64/enum/bool field (negative values take ten bytes, as protobuf's int64). */
    ProtoWriter varint(int field, long value) {
        tag(field, VARINT);
        rawVarint(value);
        return this;
    }

    /** Writes a float field. */
    ProtoWriter fixed32(int field, float value) {
        tag(field, FIXED32);
        int bits = Float.floatToRawIntBits(value);
        for (int i = 0; i < 4; i++) {
            out.write(bits >>> (8 * i));
        }
        return this;
    }

    /** Writes a double field. */
    ProtoWriter fixed64(int field, double value) {
        tag(field, FIXED64);
        long bits = Double.doubleToRawLongBits(value);
        for (int i = 0; i < 8; i++) {
            out.write((int) (bits >>> (8 * i)));
        }
        return this;
    }

    /** Writes a bytes field. */
    ProtoWriter bytes(int field, byte[] value) {
        tag(field, LENGTH_DELIMITED);
        rawVarint(value.length);
        out.write(value, 0, value.length);
        return this;
    }

    /** Writes a string field, UTF-8. */
    ProtoWriter string(int field, String value) {
        return bytes(field, value.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes a nested message field. */
    ProtoWriter message(int field, ProtoWriter message) {
        return bytes(field, message.toByteArray());
    }

    /** {@return the message's bytes} */
    byte[] toByteArray() {
        return out.toByteArray();
    }
}
