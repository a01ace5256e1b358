package org.rnn4j.core;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.zip.CRC32;
import org.rnn4j.api.Activation;
import org.rnn4j.api.DType;
import org.rnn4j.api.Parameter;
import org.rnn4j.api.Tensor;
import org.rnn4j.spi.Backend;

/**
 * Saves and loads a model, optionally with its optimizer's state and a carried hidden state.
 *
 * <h2>Format, version 1</h2>
 * Big-endian, as {@link java.io.DataOutputStream} writes it; every number in double whatever the
 * model's dtype, so a checkpoint loads on any backend and either dtype.
 * <pre>
 * bytes[8]  magic "RNN4JCKP"
 * int       version (1)
 * int I, int H, int O, UTF activation name, long seed
 * int       parameter count P (5: U, W, b, V, c)
 * P ×       UTF name, int rows, int cols, double[rows·cols] row-major values
 * boolean   has optimizer; if so:
 *           UTF name, double learning rate, long steps, int K, double[K] constants,
 *           int P, P × (int slots, slots × (int length, double[length]))
 * boolean   has carried state; if so: int rows (B), int cols (H), double[B·H]
 * long      CRC-32 of every byte before it
 * </pre>
 * Saving writes a temporary file beside the target, forces it to disk and renames it over the
 * target atomically, so a failed save leaves the previous file intact. Loading checks magic,
 * version, CRC and every size before building anything: a truncated, corrupted or wrong-version
 * file throws {@link CheckpointException} and never yields a half-loaded model.
 */
public final class Checkpoint {
    /** The format version this class writes and reads. */
    public static final int VERSION = 1;
    private static final byte[] MAGIC = "RNN4JCKP".getBytes(StandardCharsets.US_ASCII);

    private final Rnn model;
    private final Optimizer optimizer;
    private final Tensor state;

    private Checkpoint(Rnn model, Optimizer optimizer, Tensor state) {
        this.model = model;
        this.optimizer = optimizer;
        this.state = state;
    }

    /** @return the loaded model */
    public Rnn model() {
        return model;
    }

    /** @return the optimizer with its state restored, or null if none was saved */
    public Optimizer optimizer() {
        return optimizer;
    }

    /** @return the carried hidden state (B×H on the model's backend), or null if none was saved */
    public Tensor state() {
        return state;
    }

    /** A step of saving that tests can make fail, to prove the previous file survives. */
    interface SaveHook {
        void beforeRename(Path temporary) throws IOException;
    }

    /**
     * Saves atomically.
     *
     * @param file the checkpoint file (replaced if it exists)
     * @param model the model
     * @param optimizer its optimizer, or null
     * @param state a carried B×H state, or null
     * @throws CheckpointException if writing fails; the previous file, if any, is then unchanged
     */
    public static void save(Path file, Rnn model, Optimizer optimizer, Tensor state) throws CheckpointException {
        save(file, model, optimizer, state, t -> { });
    }

    static void save(Path file, Rnn model, Optimizer optimizer, Tensor state, SaveHook hook) throws CheckpointException {
        byte[] bytes;
        try {
            bytes = encode(model, optimizer, state);
        } catch (IOException e) {
            throw new CheckpointException("could not encode the checkpoint: " + e.getMessage(), e);
        }
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            hook.beforeRename(tmp);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
        } catch (IOException e) {
            throw new CheckpointException("could not save the checkpoint to " + file + ": " + e, e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // The save already failed; a leftover temporary file is the lesser problem.
                }
            }
        }
    }

    private static byte[] encode(Rnn model, Optimizer optimizer, Tensor state) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write(MAGIC);
        out.writeInt(VERSION);
        out.writeInt(model.inputSize());
        out.writeInt(model.hiddenSize());
        out.writeInt(model.outputSize());
        out.writeUTF(model.activation().name());
        out.writeLong(model.seed());
        List<Parameter> params = model.parameters();
        out.writeInt(params.size());
        for (Parameter p : params) {
            out.writeUTF(p.name());
            out.writeInt(p.value().rows());
            out.writeInt(p.value().cols());
            for (double v : p.value().toDoubleArray()) {
                out.writeDouble(v);
            }
        }
        out.writeBoolean(optimizer != null);
        if (optimizer != null) {
            out.writeUTF(optimizer.name());
            out.writeDouble(optimizer.learningRate());
            out.writeLong(optimizer.steps());
            double[] h = optimizer.hyperparameters();
            out.writeInt(h.length);
            for (double v : h) {
                out.writeDouble(v);
            }
            double[][][] s = optimizer.state();
            out.writeInt(s == null ? 0 : s.length);
            if (s != null) {
                for (double[][] perParam : s) {
                    out.writeInt(perParam.length);
                    for (double[] slot : perParam) {
                        out.writeInt(slot.length);
                        for (double v : slot) {
                            out.writeDouble(v);
                        }
                    }
                }
            }
        }
        out.writeBoolean(state != null);
        if (state != null) {
            if (state.cols() != model.hiddenSize()) {
                throw new IllegalArgumentException("state is " + state.describe() + " but the model has " + model.hiddenSize() + " hidden units");
            }
            out.writeInt(state.rows());
            out.writeInt(state.cols());
            for (double v : state.toDoubleArray()) {
                out.writeDouble(v);
            }
        }
        out.flush();
        CRC32 crc = new CRC32();
        crc.update(bytes.toByteArray());
        out.writeLong(crc.getValue());
        out.flush();
        return bytes.toByteArray();
    }

    /**
     * Loads a checkpoint onto a backend in a dtype (either may differ from the saving model's).
     *
     * @param file the checkpoint file
     * @param backend the backend to build the model on
     * @param dtype the dtype to build it in
     * @return the model, its optimizer (or null) and its carried state (or null)
     * @throws CheckpointException if the file is unreadable, truncated, corrupted or of another version
     */
    public static Checkpoint load(Path file, Backend backend, DType dtype) throws CheckpointException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new CheckpointException("could not read checkpoint " + file + ": " + e, e);
        }
        if (bytes.length < MAGIC.length + 4 + 8) {
            throw new CheckpointException("checkpoint " + file + " is truncated: " + bytes.length + " bytes");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        byte[] magic = new byte[MAGIC.length];
        in.get(magic);
        if (!java.util.Arrays.equals(magic, MAGIC)) {
            throw new CheckpointException(file + " is not an rnn4j checkpoint (bad magic bytes)");
        }
        int version = in.getInt();
        if (version != VERSION) {
            throw new CheckpointException("checkpoint " + file + " has format version " + version + "; this rnn4j reads version " + VERSION);
        }
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - 8);
        long stored = ByteBuffer.wrap(bytes, bytes.length - 8, 8).getLong();
        if (stored != crc.getValue()) {
            throw new CheckpointException("checkpoint " + file + " is corrupted or truncated (CRC-32 mismatch)");
        }
        try {
            return decode(in, bytes.length - 8, backend, dtype);
        } catch (BufferUnderflowException | IllegalArgumentException | NegativeArraySizeException e) {
            throw new CheckpointException("checkpoint " + file + " is malformed: " + e.getMessage(), e);
        }
    }

    private static Checkpoint decode(ByteBuffer in, int end, Backend backend, DType dtype) throws CheckpointException {
        int inputs = in.getInt();
        int hidden = in.getInt();
        int outputs = in.getInt();
        Activation f = Activation.valueOf(readUtf(in));
        long seed = in.getLong();
        Rnn model = Rnn.builder().inputSize(inputs).hiddenSize(hidden).outputSize(outputs).activation(f).dtype(dtype)
                .backend(backend).seed(seed).build();
        int count = in.getInt();
        if (count != model.parameters().size()) {
            throw new CheckpointException("checkpoint has " + count + " parameters; an Elman model has " + model.parameters().size());
        }
        double[][] values = new double[count][];
        for (int i = 0; i < count; i++) {
            Parameter p = model.parameters().get(i);
            String name = readUtf(in);
            int rows = in.getInt();
            int cols = in.getInt();
            if (!name.equals(p.name()) || rows != p.value().rows() || cols != p.value().cols()) {
                throw new CheckpointException("checkpoint parameter " + i + " is " + name + " " + rows + "×" + cols + " but the model expects "
                        + p.name() + " " + p.value().rows() + "×" + p.value().cols());
            }
            values[i] = readDoubles(in, rows * cols, end);
        }
        Optimizer optimizer = null;
        if (in.get() != 0) {
            String name = readUtf(in);
            double rate = in.getDouble();
            long steps = in.getLong();
            double[] h = readDoubles(in, in.getInt(), end);
            optimizer = Optimizer.create(name, rate, h);
            int perParam = in.getInt();
            if (perParam != 0 && perParam != count) {
                throw new CheckpointException("optimizer state covers " + perParam + " parameters, not " + count);
            }
            double[][][] state = new double[perParam][][];
            for (int i = 0; i < perParam; i++) {
                int slots = in.getInt();
                if (slots != optimizer.slotCount()) {
                    throw new CheckpointException(name + " keeps " + optimizer.slotCount() + " state arrays per parameter, the checkpoint " + slots);
                }
                state[i] = new double[slots][];
                for (int k = 0; k < slots; k++) {
                    state[i][k] = readDoubles(in, in.getInt(), end);
                }
            }
            if (perParam > 0) {
                optimizer.restore(model.parameters(), steps, state);
            }
        }
        Tensor carried = null;
        double[] carriedValues = null;
        int carriedRows = 0;
        if (in.get() != 0) {
            carriedRows = in.getInt();
            int cols = in.getInt();
            if (carriedRows < 1 || cols != hidden) {
                throw new CheckpointException("carried state is " + carriedRows + "×" + cols + " but the model has " + hidden + " hidden units");
            }
            carriedValues = readDoubles(in, carriedRows * cols, end);
        }
        if (in.position() != end) {
            throw new CheckpointException("checkpoint has " + (end - in.position()) + " unexpected bytes before its checksum");
        }
        // Everything read and checked: only now fill the model.
        for (int i = 0; i < count; i++) {
            model.parameters().get(i).value().copyFrom(values[i]);
        }
        if (carriedValues != null) {
            carried = backend.fromArray(dtype, carriedRows, hidden, carriedValues);
        }
        return new Checkpoint(model, optimizer, carried);
    }

    private static String readUtf(ByteBuffer in) {
        int len = Short.toUnsignedInt(in.getShort());
        byte[] b = new byte[len];
        in.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    private static double[] readDoubles(ByteBuffer in, int n, int end) throws CheckpointException {
        if (n < 0 || (long) n * 8 > end - in.position()) {
            throw new CheckpointException("checkpoint declares " + n + " values but only " + (end - in.position()) / 8 + " remain");
        }
        double[] v = new double[n];
        in.asDoubleBuffer().get(v);
        in.position(in.position() + n * 8);
        return v;
    }
}
