package org.rnn4j.interop;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One protocol-buffers message read from the wire format: every field is indexed once, bounds
 * checked, and looked up by number; fields nobody asks for are skipped. Handles every wire type in
 * use (varint, 64-bit, length-delimited, 32-bit) and packed repeated numbers; the deprecated group
 * wire types and any malformed input (a varint past ten bytes, a length past the end) give an
 * {@link InteropException} naming the offset.
 */
final class ProtoReader {
    /** One field occurrence: for varint, fixed32 and fixed64 its value; for length-delimited its bytes' position. */
    private record Field(int number, int wireType, long value, int offset, int length) {
    }

    private final byte[] buf;
    private final String what;
    private final List<Field> fields = new ArrayList<>();

    /**
     * Indexes the fields of the message in buf[offset, offset + length).
     *
     * @param buf the bytes (not modified, kept)
     * @param offset where the message starts
     * @param length its length
     * @param what what the message is, for errors
     * @throws InteropException if the bytes are not a well-formed message
     */
    ProtoReader(byte[] buf, int offset, int length, String what) throws InteropException {
        this.buf = buf;
        this.what = what;
        int pos = offset;
        int end = offset + length;
        while (pos < end) {
            long[] tag = varint(pos, end);
            pos = (int) tag[1];
            long key = tag[0];
            int number = (int) (key >>> 3);
            int wireType = (int) (key & 7);
            if (number <= 0 || key >>> 3 > 0x1FFFFFFFL) {
                throw error("field number " + (key >>> 3) + " at byte " + pos);
            }
            switch (wireType) {
                case ProtoWriter.VARINT: {
                    long[] v = varint(pos, end);
                    fields.add(new Field(number, wireType, v[0], 0, 0));
                    pos = (int) v[1];
                    break;
                }
                case ProtoWriter.FIXED64:
                    require(pos, 8, end, number);
                    fields.add(new Field(number, wireType, ByteBuffer.wrap(buf, pos, 8).order(ByteOrder.LITTLE_ENDIAN).getLong(), 0, 0));
                    pos += 8;
                    break;
                case ProtoWriter.LENGTH_DELIMITED: {
                    long[] n = varint(pos, end);
                    pos = (int) n[1];
                    if (n[0] < 0 || n[0] > end - pos) {
                        throw error("field " + number + " claims " + n[0] + " bytes at byte " + pos + " but " + (end - pos) + " remain");
                    }
                    fields.add(new Field(number, wireType, 0, pos, (int) n[0]));
                    pos += (int) n[0];
                    break;
                }
                case ProtoWriter.FIXED32:
                    require(pos, 4, end, number);
                    fields.add(new Field(number, wireType, ByteBuffer.wrap(buf, pos, 4).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xFFFFFFFFL, 0, 0));
                    pos += 4;
                    break;
                default:
                    throw error("field " + number + " has wire type " + wireType + " (groups and unknown types are not read)");
            }
        }
    }

    /**
     * Indexes a whole buffer as one message.
     *
     * @param buf the bytes
     * @param what what it is, for errors
     * @return the message
     * @throws InteropException if malformed
     */
    static ProtoReader of(byte[] buf, String what) throws InteropException {
        return new ProtoReader(buf, 0, buf.length, what);
    }

    private InteropException error(String message) {
        return new InteropException(what + ": malformed protobuf: " + message);
    }

    private void require(int pos, int n, int end, int number) throws InteropException {
        if (end - pos < n) {
            throw error("field " + number + " needs " + n + " bytes at byte " + pos + " but " + (end - pos) + " remain");
        }
    }

    /** {@return {value, position after it}} */
    private long[] varint(int pos, int end) throws InteropException {
        long v = 0;
        for (int i = 0; i < 10; i++) {
            if (pos >= end) {
                throw error("a varint runs past the end at byte " + pos);
            }
            int b = buf[pos++] & 0xFF;
            v |= (long) (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                return new long[] {v, pos};
            }
        }
        throw error("a varint longer than ten bytes before byte " + pos);
    }

    /** {@return whether the field occurs} */
    boolean has(int number) {
        for (Field f : fields) {
            if (f.number == number) {
                return true;
            }
        }
        return false;
    }

    private Field last(int number, int wireType) throws InteropException {
        Field found = null;
        for (Field f : fields) {
            if (f.number == number) {
                if (f.wireType != wireType) {
                    throw error("field " + number + " has wire type " + f.wireType + ", expected " + wireType);
                }
                found = f;
            }
        }
        return found;
    }

    /** {@return the last value of a varint field (proto semantics: the last one wins), or def if absent} */
    long varint(int number, long def) throws InteropException {
        Field f = last(number, ProtoWriter.VARINT);
        return f == null ? def : f.value;
    }

    /** {@return the last value of a float field, or def if absent} */
    float float32(int number, float def) throws InteropException {
        Field f = last(number, ProtoWriter.FIXED32);
        return f == null ? def : Float.intBitsToFloat((int) f.value);
    }

    /** {@return the last value of a string field, or def if absent} */
    String string(int number, String def) throws InteropException {
        Field f = last(number, ProtoWriter.LENGTH_DELIMITED);
        return f == null ? def : new String(buf, f.offset, f.length, StandardCharsets.UTF_8);
    }

    /** {@return the last value of a bytes field, or null if absent} */
    byte[] bytes(int number) throws InteropException {
        Field f = last(number, ProtoWriter.LENGTH_DELIMITED);
        if (f == null) {
            return null;
        }
        byte[] out = new byte[f.length];
        System.arraycopy(buf, f.offset, out, 0, f.length);
        return out;
    }

    /** {@return the last value of a message field, or null if absent} */
    ProtoReader message(int number, String name) throws InteropException {
        Field f = last(number, ProtoWriter.LENGTH_DELIMITED);
        return f == null ? null : new ProtoReader(buf, f.offset, f.length, what + " > " + name);
    }

    /** {@return every value of a repeated string field, in order} */
    List<String> strings(int number) throws InteropException {
        List<String> out = new ArrayList<>();
        for (Field f : fields) {
            if (f.number == number) {
                if (f.wireType != ProtoWriter.LENGTH_DELIMITED) {
                    throw error("field " + number + " has wire type " + f.wireType + ", expected 2");
                }
                out.add(new String(buf, f.offset, f.length, StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    /** {@return every value of a repeated message field, in order} */
    List<ProtoReader> messages(int number, String name) throws InteropException {
        List<ProtoReader> out = new ArrayList<>();
        for (Field f : fields) {
            if (f.number == number) {
                if (f.wireType != ProtoWriter.LENGTH_DELIMITED) {
                    throw error("field " + number + " has wire type " + f.wireType + ", expected 2");
                }
                out.add(new ProtoReader(buf, f.offset, f.length, what + " > " + name));
            }
        }
        return out;
    }

    /** {@return every value of a repeated varint field, packed or not} */
    List<Long> varints(int number) throws InteropException {
        List<Long> out = new ArrayList<>();
        for (Field f : fields) {
            if (f.number != number) {
                continue;
            }
            if (f.wireType == ProtoWriter.VARINT) {
                out.add(f.value);
            } else if (f.wireType == ProtoWriter.LENGTH_DELIMITED) {
                int pos = f.offset;
                while (pos < f.offset + f.length) {
                    long[] v = varint(pos, f.offset + f.length);
                    out.add(v[0]);
                    pos = (int) v[1];
                }
            } else {
                throw error("field " + number + " has wire type " + f.wireType + ", expected 0 or packed");
            }
        }
        return out;
    }

    /** {@return every value of a repeated float field, packed or not} */
    List<Float> floats(int number) throws InteropException {
        List<Float> out = new ArrayList<>();
        for (Field f : fields) {
            if (f.number != number) {
                continue;
            }
            if (f.wireType == ProtoWriter.FIXED32) {
                out.add(Float.intBitsToFloat((int) f.value));
            } else if (f.wireType == ProtoWriter.LENGTH_DELIMITED && f.length % 4 == 0) {
                ByteBuffer b = ByteBuffer.wrap(buf, f.offset, f.length).order(ByteOrder.LITTLE_ENDIAN);
                while (b.hasRemaining()) {
                    out.add(b.getFloat());
                }
            } else {
                throw error("field " + number + " is not a float list (wire type " + f.wireType + ", " + f.length + " bytes)");
            }
        }
        return out;
    }

    /** {@return every value of a repeated double field, packed or not} */
    List<Double> doubles(int number) throws InteropException {
        List<Double> out = new ArrayList<>();
        for (Field f : fields) {
            if (f.number != number) {
                continue;
            }
            if (f.wireType == ProtoWriter.FIXED64) {
                out.add(Double.longBitsToDouble(f.value));
            } else if (f.wireType == ProtoWriter.LENGTH_DELIMITED && f.length % 8 == 0) {
                ByteBuffer b = ByteBuffer.wrap(buf, f.offset, f.length).order(ByteOrder.LITTLE_ENDIAN);
                while (b.hasRemaining()) {
                    out.add(b.getDouble());
                }
            } else {
                throw error("field " + number + " is not a double list (wire type " + f.wireType + ", " + f.length + " bytes)");
            }
        }
        return out;
    }
}
