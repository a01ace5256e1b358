package org.rnn4j.interop;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A safetensors file read into memory, every tensor widened to double. The format: 8 bytes
 * little-endian unsigned header length N, N bytes of UTF-8 JSON
 * {@code {name: {"dtype", "shape", "data_offsets": [begin, end]}, "__metadata__": {...}}}, then the
 * row-major little-endian data, offsets counted from the end of the header.
 *
 * <p>Reads F64, F32, F16 and BF16 (the half formats widened exactly: every half value is a double);
 * refuses every other dtype naming the tensor. {@code __metadata__} is ignored. The header is checked
 * against the file length before anything is allocated (length, offsets inside the data, sizes equal
 * to shape × element size, tensors tiling the data without overlap or holes), and every malformed
 * file gets an {@link InteropException} naming the problem: never an out-of-memory or index error.
 */
public final class Safetensors {
    /** The largest header read, as the reference implementation's limit (100 MB). */
    public static final long MAX_HEADER_BYTES = 100_000_000L;

    private static final Set<String> ENTRY_KEYS = Set.of("dtype", "shape", "data_offsets");

    private final String source;
    private final Map<String, Entry> entries;

    private Safetensors(String source, Map<String, Entry> entries) {
        this.source = source;
        this.entries = Collections.unmodifiableMap(entries);
    }

    /** One tensor: its name, stored dtype, shape and values widened to double (row-major). */
    public static final class Entry {
        private final String name;
        private final String dtype;
        private final int[] shape;
        private final long begin;
        private final long end;
        private double[] values;

        Entry(String name, String dtype, int[] shape, long begin, long end) {
            this.name = name;
            this.dtype = dtype;
            this.shape = shape;
            this.begin = begin;
            this.end = end;
        }

        /** {@return the tensor's name, e.g. {@code rnn.weight_ih_l0}} */
        public String name() {
            return name;
        }

        /** {@return the stored dtype: {@code F64}, {@code F32}, {@code F16} or {@code BF16}} */
        public String dtype() {
            return dtype;
        }

        /** {@return a copy of the shape (empty for a scalar)} */
        public int[] shape() {
            return shape.clone();
        }

        /** {@return the number of elements: the product of the shape} */
        public int size() {
            int n = 1;
            for (int d : shape) {
                n *= d;
            }
            return n;
        }

        /** {@return a new row-major copy of the values, exactly widened to double} */
        public double[] values() {
            return values.clone();
        }

        /** {@return the shape as PyTorch prints it, e.g. {@code [20, 3]}} */
        public String describeShape() {
            StringBuilder sb = new StringBuilder("[");
            for (int i = 0; i < shape.length; i++) {
                sb.append(i == 0 ? "" : ", ").append(shape[i]);
            }
            return sb.append(']').toString();
        }
    }

    /**
     * Reads a safetensors file.
     *
     * @param file the file (not modified)
     * @return its tensors, in header order
     * @throws InteropException if the file is malformed or holds an unsupported dtype, naming the problem
     * @throws IOException if it cannot be read
     * @throws IllegalArgumentException if file is null
     */
    public static Safetensors read(Path file) throws IOException {
        if (file == null) {
            throw new IllegalArgumentException("the safetensors file's path is null");
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            return read(new Source() {
                @Override
                public long size() {
                    return size;
                }

                @Override
                public ByteBuffer read(long position, int length, String what) throws IOException {
                    ByteBuffer buf = ByteBuffer.allocate(length);
                    while (buf.hasRemaining()) {
                        if (ch.read(buf, position + buf.position()) < 0) {
                            throw new InteropException(what + ": the file ended at byte " + (position + buf.position()) + " while reading "
                                    + length + " bytes from " + position);
                        }
                    }
                    return buf.flip();
                }
            }, "safetensors file " + file, file.toString());
        }
    }

    /**
     * Reads safetensors content held in memory.
     *
     * @param bytes (input, not modified) the whole file's bytes
     * @param source where they came from, for messages
     * @return its tensors, in header order
     * @throws InteropException if the content is malformed or holds an unsupported dtype, naming the problem
     * @throws IllegalArgumentException if bytes or source is null
     */
    public static Safetensors read(byte[] bytes, String source) throws InteropException {
        if (bytes == null || source == null) {
            throw new IllegalArgumentException("bytes and source must not be null");
        }
        try {
            return read(new Source() {
                @Override
                public long size() {
                    return bytes.length;
                }

                @Override
                public ByteBuffer read(long position, int length, String what) {
                    return ByteBuffer.wrap(bytes, (int) position, length).slice();
                }
            }, "safetensors " + source, source);
        } catch (InteropException ex) {
            throw ex;
        } catch (IOException ex) {
            throw new AssertionError("memory reads do not fail", ex);
        }
    }

    /** Where the bytes come from: a file or an array; reads are always within size(), checked before. */
    private interface Source {
        long size();

        ByteBuffer read(long position, int length, String what) throws IOException;
    }

    private static Safetensors read(Source in, String what, String source) throws IOException {
        long size = in.size();
        if (size < 8) {
            throw new InteropException(what + ": " + size + " bytes is shorter than the 8-byte header length");
        }
        long n = in.read(0, 8, what).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        if (n < 2 || n > size - 8) {
            throw new InteropException(what + ": header length " + Long.toUnsignedString(n) + " does not fit in the "
                    + (size - 8) + " bytes after the length field");
        }
        if (n > MAX_HEADER_BYTES) {
            throw new InteropException(what + ": header length " + n + " exceeds the limit of " + MAX_HEADER_BYTES + " bytes");
        }
        String header;
        try {
            header = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(in.read(8, (int) n, what)).toString();
        } catch (CharacterCodingException ex) {
            throw new InteropException(what + ": the header is not valid UTF-8", ex);
        }
        Object root = Json.parse(header, what + " header");
        if (!(root instanceof Map)) {
            throw new InteropException(what + ": the header is not a JSON object");
        }
        long dataStart = 8 + n;
        Map<String, Entry> entries = entries(what, (Map<?, ?>) root, size - dataStart);
        long elements = 0;
        for (Entry e : entries.values()) {
            elements += e.size();
        }
        Runtime rt = Runtime.getRuntime();
        long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        if (elements * Double.BYTES > free) {
            throw new InteropException(what + ": " + elements + " values need " + elements * Double.BYTES
                    + " bytes as doubles, more than the " + free + " bytes this JVM has free");
        }
        for (Entry e : entries.values()) {
            ByteBuffer data = in.read(dataStart + e.begin, Math.toIntExact(e.end - e.begin), what).order(ByteOrder.LITTLE_ENDIAN);
            e.values = decode(e, data);
        }
        return new Safetensors(source, entries);
    }

    private static Map<String, Entry> entries(String what, Map<?, ?> root, long dataLength) throws InteropException {
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (Map.Entry<?, ?> kv : root.entrySet()) {
            String name = (String) kv.getKey();
            if (name.equals("__metadata__")) {
                continue;
            }
            String at = what + ": tensor '" + name + "'";
            if (!(kv.getValue() instanceof Map)) {
                throw new InteropException(at + " is not described by a JSON object");
            }
            Map<?, ?> info = (Map<?, ?>) kv.getValue();
            for (Object key : info.keySet()) {
                if (!ENTRY_KEYS.contains(key)) {
                    throw new InteropException(at + " has an unknown field \"" + key + "\"; expected dtype, shape, data_offsets");
                }
            }
            if (!(info.get("dtype") instanceof String)) {
                throw new InteropException(at + " has no dtype string");
            }
            String dtype = (String) info.get("dtype");
            int width = elementBytes(dtype);
            if (width == 0) {
                throw new InteropException(at + " has dtype " + dtype + "; only F64, F32, F16 and BF16 (widened to double) are read");
            }
            List<Long> shapeList = longs(info.get("shape"), at + " shape");
            int[] shape = new int[shapeList.size()];
            long count = 1;
            for (int i = 0; i < shape.length; i++) {
                long d = shapeList.get(i);
                if (d < 0 || d > Integer.MAX_VALUE) {
                    throw new InteropException(at + " has dimension " + i + " of " + d + ", outside [0, " + Integer.MAX_VALUE + "]");
                }
                shape[i] = (int) d;
                count *= d;
                if (count > Integer.MAX_VALUE - 8) {
                    throw new InteropException(at + " has shape " + shapeList + ": more than " + (Integer.MAX_VALUE - 8) + " elements");
                }
            }
            List<Long> offsets = longs(info.get("data_offsets"), at + " data_offsets");
            if (offsets.size() != 2) {
                throw new InteropException(at + " data_offsets has " + offsets.size() + " numbers; expected [begin, end]");
            }
            long begin = offsets.get(0);
            long end = offsets.get(1);
            if (begin < 0 || begin > end || end > dataLength) {
                throw new InteropException(at + " data_offsets [" + begin + ", " + end + "] is outside the " + dataLength
                        + " data bytes");
            }
            if (end - begin != count * width) {
                throw new InteropException(at + " has " + (end - begin) + " data bytes but shape " + shapeList + " of " + dtype
                        + " needs " + count * width);
            }
            entries.put(name, new Entry(name, dtype, shape, begin, end));
        }
        // The data must be tiled exactly: no overlap (two tensors sharing bytes) and no holes.
        List<Entry> byOffset = new ArrayList<>(entries.values());
        byOffset.sort(Comparator.comparingLong((Entry e) -> e.begin).thenComparingLong(e -> e.end));
        long next = 0;
        for (Entry e : byOffset) {
            if (e.begin != next) {
                throw new InteropException(what + ": tensor '" + e.name + "' starts at data byte " + e.begin + " but the previous tensor ends at "
                        + next + (e.begin < next ? " (overlap)" : " (a hole)"));
            }
            next = e.end;
        }
        if (next != dataLength) {
            throw new InteropException(what + ": the tensors cover " + next + " data bytes but the file has " + dataLength);
        }
        return entries;
    }

    private static List<Long> longs(Object value, String what) throws InteropException {
        if (!(value instanceof List)) {
            throw new InteropException(what + " is missing or not a JSON array");
        }
        List<Long> out = new ArrayList<>();
        for (Object o : (List<?>) value) {
            if (!(o instanceof BigDecimal)) {
                throw new InteropException(what + " holds " + o + ", not an integer");
            }
            try {
                out.add(((BigDecimal) o).longValueExact());
            } catch (ArithmeticException ex) {
                throw new InteropException(what + " holds " + o + ", not a 64-bit integer", ex);
            }
        }
        return out;
    }

    private static int elementBytes(String dtype) {
        switch (dtype) {
            case "F64":
                return 8;
            case "F32":
                return 4;
            case "F16":
            case "BF16":
                return 2;
            default:
                return 0;
        }
    }

    private static double[] decode(Entry e, ByteBuffer data) {
        double[] out = new double[e.size()];
        for (int i = 0; i < out.length; i++) {
            switch (e.dtype) {
                case "F64":
                    out[i] = data.getDouble(8 * i);
                    break;
                case "F32":
                    out[i] = data.getFloat(4 * i);
                    break;
                case "F16":
                    out[i] = halfToDouble(data.getShort(2 * i) & 0xffff);
                    break;
                default:
                    out[i] = Float.intBitsToFloat((data.getShort(2 * i) & 0xffff) << 16);
                    break;
            }
        }
        return out;
    }

    /**
     * Widens IEEE 754 binary16 to double, exactly (subnormals, signed zeros, infinities and NaN included).
     *
     * @param bits the 16 bits, in the low half
     * @return the value
     */
    static double halfToDouble(int bits) {
        int exponent = (bits >> 10) & 0x1f;
        int mantissa = bits & 0x3ff;
        double v;
        if (exponent == 0) {
            v = mantissa * 0x1p-24;
        } else if (exponent == 31) {
            v = mantissa == 0 ? Double.POSITIVE_INFINITY : Double.NaN;
        } else {
            v = Math.scalb((double) (1024 + mantissa), exponent - 25);
        }
        return (bits & 0x8000) != 0 ? -v : v;
    }

    /** {@return where the tensors were read from, for messages} */
    public String source() {
        return source;
    }

    /** {@return every tensor's name, in header order} */
    public List<String> names() {
        return List.copyOf(entries.keySet());
    }

    /**
     * Tells whether a tensor is present.
     *
     * @param name the tensor's name
     * @return whether the file holds it
     */
    public boolean contains(String name) {
        return entries.containsKey(name);
    }

    /**
     * Returns one tensor.
     *
     * @param name the tensor's name
     * @return the tensor
     * @throws IllegalArgumentException if there is none of that name, naming the file
     */
    public Entry get(String name) {
        if (name == null) {
            throw new IllegalArgumentException("name is null");
        }
        Entry e = entries.get(name);
        if (e == null) {
            throw new IllegalArgumentException("no tensor named '" + name + "' in " + source);
        }
        return e;
    }
}
