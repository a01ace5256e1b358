package org.rnn4j.interop;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes safetensors files for tests: well-formed ones from tensors, and raw ones from a header and bytes. */
final class StFiles {
    /** A tensor to write: dtype F32 or F64, shape, row-major values. */
    record T(String dtype, int[] shape, double[] values) {
    }

    private StFiles() {
    }

    /** Writes tensors in map order, contiguous, as the reference writer does. */
    static Path write(Path file, Map<String, T> tensors) throws IOException {
        StringBuilder header = new StringBuilder("{");
        ByteBuffer data = ByteBuffer.allocate(tensors.values().stream().mapToInt(t -> t.values.length * 8).sum()).order(ByteOrder.LITTLE_ENDIAN);
        for (Map.Entry<String, T> e : tensors.entrySet()) {
            T t = e.getValue();
            int begin = data.position();
            for (double v : t.values) {
                if (t.dtype.equals("F64")) {
                    data.putDouble(v);
                } else {
                    data.putFloat((float) v);
                }
            }
            StringBuilder shape = new StringBuilder();
            for (int d : t.shape) {
                shape.append(shape.length() == 0 ? "" : ",").append(d);
            }
            header.append(header.length() == 1 ? "" : ",").append('"').append(e.getKey()).append("\":{\"dtype\":\"").append(t.dtype)
                    .append("\",\"shape\":[").append(shape).append("],\"data_offsets\":[").append(begin).append(',')
                    .append(data.position()).append("]}");
        }
        header.append('}');
        byte[] bytes = new byte[data.position()];
        data.flip().get(bytes);
        return raw(file, header.toString(), bytes);
    }

    /** Writes the length of the header, the header and the data, nothing checked. */
    static Path raw(Path file, String header, byte[] data) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h).put(data);
        Files.write(file, b.array());
        return file;
    }

    /** Reads every tensor of a file back, widened, so a test can change some and write it again. */
    static Map<String, T> contents(Path file) throws IOException {
        Safetensors st = Safetensors.read(file);
        Map<String, T> out = new LinkedHashMap<>();
        for (String name : st.names()) {
            Safetensors.Entry e = st.get(name);
            out.put(name, new T("F64", e.shape(), e.values()));
        }
        return out;
    }
}
