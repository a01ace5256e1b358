package org.rnn4j.core;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.CRC32;
import java.util.zip.CheckedOutputStream;
import org.rnn4j.api.Activation;
import org.rnn4j.api.DType;
import org.rnn4j.api.Parameter;
import org.rnn4j.api.Tensor;
import org.rnn4j.core.cell.CellType;
import org.rnn4j.spi.Backend;
import org.rnn4j.spi.Backends;

/**
 * Saves and loads a model, optionally with its optimizer's state and a carried recurrent state.
 *
 * <h2>Format, version 2</h2>
 * Big-endian, as {@link java.io.DataOutputStream} writes it. Every value is a finite double
 * whatever the model's dtype (FLOAT32 values widen exactly), so a checkpoint loads on any backend
 * in either dtype. Names are {@code writeUTF} strings of printable ASCII, at most
 * {@value #MAX_NAME_BYTES} bytes.
 * <pre>
 * bytes[8]  magic "RNN4JCKP"
 * int       version (2)
 *           model spec:
 * UTF       cell kind: "elman", "lstm" or "gru" ({@link CellType#ofKind})
 * UTF       activation ({@link Activation} name; TANH for the gated cells)
 * UTF       dtype of the saved model ({@link DType} name), what {@link #load(Path)} builds
 * int I, int H, int O, int layers     (H is every layer's hidden size; layers counts stacked levels)
 * int       directions: 1 (forward), 2 (bidirectional) or −1 (reverse: one layer per level, run from the last
 *           step to the first; format-2 files written before reverse networks existed hold 1 or 2);
 *           a reader meets any other value with a {@link CheckpointException} naming it
 * double    dropout between layers, in [0, 1)
 * long      seed the model was first initialised from (kept for the record; loading runs no initializer)
 *           parameters, in {@link Rnn#parameters()} order:
 * int       P
 * P ×       UTF qualified name (U, W, b, V, c or l0.U, l0r.U … out.c), int rows, int cols, double[rows·cols] row-major
 *           optimizer:
 * byte      0, or 1 followed by
 *           UTF name ("sgd", "momentum", "adagrad", "rmsprop", "adam"), double learning rate,
 *           long steps taken (≥ 0), int K, double[K] constants in the optimizer's order
 *           (momentum: μ, nesterov 0/1; adagrad: ε; rmsprop: ρ, ε; adam: β1, β2, ε),
 *           int P' (0 before the first step, else P), P' × (int slots, slots × (int n, double[n]))
 *           carried state:
 * byte      0, or 1 followed by
 *           int S (the model's {@link Rnn#stateNames()} count), int B,
 *           S × (UTF state name (h, or l0.h, l0.c, …), double[B·H] row-major)
 * long      CRC-32 of every byte before it
 * </pre>
 *
 * <h2>Format, version 1 (still read)</h2>
 * A one-layer Elman network: magic, int version (1), int I, int H, int O, UTF activation,
 * long seed, the parameter and optimizer sections as above (parameters U, W, b, V, c), a carried
 * state as byte 0, or 1 then int B, int H, double[B·H], and the CRC-32. It records no dtype:
 * {@link #load(Path)} builds it in FLOAT64, which holds the stored doubles exactly.
 *
 * <h2>Writing and reading</h2>
 * Saving writes a new file beside the target (through a symbolic link, beside the link's final
 * target), forces it to disk and renames it over the target atomically, so a failed save leaves
 * the previous file intact. A new checkpoint gets the permissions any new file gets under the
 * umask; a replaced one keeps its permissions. A process killed during a save leaves its temporary
 * file ({@code .NAME.<hex>.tmp}) behind; the next save of the same target removes such files when
 * they were last modified before the saving process started.
 *
 * <p>Loading checks magic, version and CRC, then validates every count and size against the bytes
 * that remain before it allocates anything for them, and builds the model without running an
 * initializer. A truncated, corrupted, inconsistent or foreign file throws
 * {@link CheckpointException} naming what is wrong, and never yields a half-loaded model.
 */
public final class Checkpoint {
    /** The format version this class writes; it reads this one and version 1. */
    public static final int VERSION = 2;
    /** The longest name (of a parameter, state, cell kind, activation, dtype or optimizer) a checkpoint holds, in bytes. */
    public static final int MAX_NAME_BYTES = 256;
    /** The largest checkpoint file this class writes or reads, in bytes. */
    public static final long MAX_FILE_BYTES = Integer.MAX_VALUE - 16;
    private static final byte[] MAGIC = "RNN4JCKP".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_CONSTANTS = 16;
    private static final int MAX_LINK_HOPS = 40;
    /**
     * When this process started (when this class loaded, where the platform does not say): a
     * temporary file last modified before then belongs to no save still under way here.
     */
    private static final Instant PROCESS_START = ProcessHandle.current().info().startInstant().orElseGet(Instant::now);

    private final Rnn model;
    private final Optimizer optimizer;
    private final State state;

    private Checkpoint(Rnn model, Optimizer optimizer, State state) {
        this.model = model;
        this.optimizer = optimizer;
        this.state = state;
    }

    /** {@return the loaded model} */
    public Rnn model() {
        return model;
    }

    /** {@return the optimizer with its state restored and bound to {@link #model()}'s parameters, or null if none was saved} */
    public Optimizer optimizer() {
        return optimizer;
    }

    /** {@return the carried state (B×H tensors in {@link Rnn#stateNames()} order, on the model's backend and dtype), or null if none was saved} */
    public State state() {
        return state;
    }

    /** A step of saving that tests can make fail, to prove the previous file survives. */
    interface SaveHook {
        void beforeRename(Path temporary) throws IOException;
    }

    /**
     * Saves atomically in format {@value #VERSION}.
     *
     * @param file the checkpoint file (replaced if it exists; a symbolic link's target is replaced, the link kept)
     * @param model (input, not modified) the model
     * @param optimizer (input, not modified) its optimizer, or null
     * @param state (input, not modified) a carried state, one B×H tensor per {@link Rnn#stateNames()} entry, or null
     * @throws IllegalArgumentException if the path or the model is null, the state's count or shapes do not fit the model,
     *         the optimizer has stepped another model's parameters or its state does not fit this model's, or a
     *         value is NaN or infinite
     * @throws CheckpointException if writing fails; the previous file, if any, is then unchanged
     */
    public static void save(Path file, Rnn model, Optimizer optimizer, State state) throws CheckpointException {
        save(file, model, optimizer, state, t -> { });
    }

    static void save(Path file, Rnn model, Optimizer optimizer, State state, SaveHook hook) throws CheckpointException {
        if (file == null) {
            throw new IllegalArgumentException("the checkpoint path is null");
        }
        if (model == null) {
            throw new IllegalArgumentException("model is null");
        }
        long bytes = checkSavable(model, optimizer, state);
        if (bytes > MAX_FILE_BYTES) {
            throw new CheckpointException("a checkpoint of this model would take " + bytes + " bytes; at most " + MAX_FILE_BYTES
                    + " are supported");
        }
        try {
            writeAtomically(file, ch -> write(ch, model, optimizer, state), hook);
        } catch (IOException e) {
            throw new CheckpointException("could not save the checkpoint to " + file + ": " + e, e);
        }
    }

    /** Writes a file's whole content to an open channel. */
    interface ContentWriter {
        void write(FileChannel channel) throws IOException;
    }

    /**
     * Writes a file atomically: a temporary file beside the target (through symbolic links, beside the
     * final target), forced to disk, renamed over the target; the previous file survives a failure.
     * {@link CheckpointMetadata} writes its side record the same way.
     */
    static void writeAtomically(Path file, ContentWriter content, SaveHook hook) throws IOException {
        Path tmp = null;
        try {
            Path target = resolveLinks(file);
            Path dir = target.toAbsolutePath().getParent();
            Set<PosixFilePermission> keep = existingPermissions(target);
            removeStaleTemporaries(dir, target);
            for (int attempt = 0; tmp == null; attempt++) {
                Path candidate = dir.resolve(temporaryName(target));
                // CREATE_NEW without attributes: the new file gets 0666 minus the umask, as any new file does.
                try (FileChannel ch = FileChannel.open(candidate, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                    tmp = candidate;
                    content.write(ch);
                    ch.force(true);
                } catch (FileAlreadyExistsException e) {
                    if (attempt == 9) {
                        throw e;
                    }
                }
            }
            if (keep != null) {
                Files.setPosixFilePermissions(tmp, keep);
            }
            hook.beforeRename(tmp);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
            syncDirectory(dir);
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

    /** Follows symbolic links (dangling ones too) to the path whose content a save replaces. */
    private static Path resolveLinks(Path file) throws IOException {
        Path p = file.toAbsolutePath();
        for (int hops = 0; Files.isSymbolicLink(p); hops++) {
            if (hops == MAX_LINK_HOPS) {
                throw new IOException("more than " + MAX_LINK_HOPS + " symbolic links from " + file);
            }
            p = p.getParent().resolve(Files.readSymbolicLink(p)).normalize();
        }
        return p;
    }

    private static Set<PosixFilePermission> existingPermissions(Path target) throws IOException {
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)
                || Files.getFileAttributeView(target, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS) == null) {
            return null;
        }
        return Files.getPosixFilePermissions(target, LinkOption.NOFOLLOW_LINKS);
    }

    private static String temporaryName(Path target) {
        String name = target.getFileName().toString();
        // Keep the temporary name within file-name limits however long the target's is.
        String base = name.length() > 100 ? name.substring(0, 100) : name;
        return "." + base + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp";
    }

    /**
     * Removes the temporary files of earlier saves of the same target that a killed process left
     * behind: those named as {@link #temporaryName} names them and last modified before this
     * process started, so no save still under way (in this or a later process) loses its file.
     * Failing to remove one is not an error: the save goes on.
     */
    private static void removeStaleTemporaries(Path dir, Path target) {
        String name = target.getFileName().toString();
        String prefix = "." + (name.length() > 100 ? name.substring(0, 100) : name) + ".";
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(dir, entry -> isTemporaryOf(entry, prefix))) {
            for (Path p : leftovers) {
                try {
                    if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)
                            && Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toInstant().isBefore(PROCESS_START)) {
                        Files.deleteIfExists(p);
                    }
                } catch (IOException ignored) {
                    // Another process may have removed or renamed it meanwhile; it is not this save's file.
                }
            }
        } catch (IOException | UncheckedIOException ignored) {
            // An unlistable directory fails the save itself a moment later, with its own message.
        }
    }

    /** Whether a file name is {@code prefix} + 1 to 16 lower-case hex digits + ".tmp", as {@link #temporaryName} makes. */
    private static boolean isTemporaryOf(Path entry, String prefix) {
        String n = entry.getFileName().toString();
        if (!n.startsWith(prefix) || !n.endsWith(".tmp")) {
            return false;
        }
        String hex = n.substring(prefix.length(), n.length() - 4);
        return !hex.isEmpty() && hex.length() <= 16 && hex.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
    }

    private static void syncDirectory(Path dir) {
        // Makes the rename durable where the platform allows opening a directory (not on Windows).
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // The file itself is on disk; only the rename's durability is left to the file system.
        }
    }

    /** Checks what a save would write and returns the file's size in bytes. */
    private static long checkSavable(Rnn model, Optimizer optimizer, State state) {
        long bytes = MAGIC.length + 4 + 64 + 16 + 8 + 4 + 1 + 1 + 8;
        for (Parameter p : model.parameters()) {
            requireFinite("parameter " + p.name(), p.value());
            bytes += 2 + p.name().length() + 8 + 8L * p.value().size();
        }
        if (optimizer != null) {
            List<Parameter> ps = model.parameters();
            optimizer.requireBoundTo(ps, "be saved with");
            double[][][] slots = optimizer.state();
            if (slots != null) {
                if (slots.length != ps.size()) {
                    throw new IllegalArgumentException("the " + optimizer.name() + " optimizer holds state for " + slots.length
                            + " parameters; the model has " + ps.size());
                }
                for (int i = 0; i < slots.length; i++) {
                    for (int k = 0; k < slots[i].length; k++) {
                        if (slots[i][k].length != ps.get(i).value().size()) {
                            throw new IllegalArgumentException("the " + optimizer.name() + " optimizer's slot " + k + " for parameter " + i
                                    + " holds " + slots[i][k].length + " values; the model's " + ps.get(i).name() + " is "
                                    + ps.get(i).value().describe());
                        }
                        requireFinite("the " + optimizer.name() + " optimizer's slot " + k + " for " + ps.get(i).name(), slots[i][k]);
                        bytes += 4 + 8L * slots[i][k].length;
                    }
                }
            }
        }
        if (state != null) {
            List<String> names = model.stateNames();
            if (state.size() != names.size()) {
                throw new IllegalArgumentException("state has " + state.size() + " tensor(s); this " + model.cellType() + " model with "
                        + model.layers().size() + " recurrent layer(s) carries " + names.size() + ": " + names);
            }
            int batch = state.get(0).rows();
            for (int i = 0; i < state.size(); i++) {
                Tensor t = state.get(i);
                if (t.rows() != batch || t.cols() != model.hiddenSize()) {
                    throw new IllegalArgumentException("state tensor " + i + " (" + names.get(i) + ") is " + t.describe() + "; expected "
                            + batch + "×" + model.hiddenSize() + " like tensor 0 and the model's hidden size");
                }
                requireFinite("state " + names.get(i), t);
                bytes += 2 + names.get(i).length() + 8L * t.size();
            }
        }
        return bytes;
    }

    private static void requireFinite(String what, Tensor t) {
        double[] v = t.toDoubleArray();
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                throw new IllegalArgumentException("cannot save " + what + ": it holds " + v[i] + " at row " + i / t.cols() + ", column "
                        + i % t.cols() + " (a checkpoint holds finite values only)");
            }
        }
    }

    private static void requireFinite(String what, double[] v) {
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                throw new IllegalArgumentException("cannot save " + what + ": it holds " + v[i] + " at index " + i
                        + " (a checkpoint holds finite values only)");
            }
        }
    }

    private static void write(FileChannel ch, Rnn model, Optimizer optimizer, State state) throws IOException {
        CRC32 crc = new CRC32();
        // Not closed: closing would close the channel, which the caller still forces to disk.
        DataOutputStream out = new DataOutputStream(new CheckedOutputStream(new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16), crc));
        out.write(MAGIC);
        out.writeInt(VERSION);
        ModelSpec spec = model.spec();
        out.writeUTF(spec.cell().name().toLowerCase(Locale.ROOT));
        out.writeUTF(spec.activation().name());
        out.writeUTF(spec.dtype().name());
        out.writeInt(spec.inputSize());
        out.writeInt(spec.hiddenSize());
        out.writeInt(spec.outputSize());
        out.writeInt(spec.layers());
        out.writeInt(directionCode(spec.direction()));
        out.writeDouble(spec.dropout());
        out.writeLong(spec.seed());
        List<Parameter> params = model.parameters();
        out.writeInt(params.size());
        for (Parameter p : params) {
            out.writeUTF(p.name());
            out.writeInt(p.value().rows());
            out.writeInt(p.value().cols());
            writeValues(out, p.value().toDoubleArray());
        }
        out.writeBoolean(optimizer != null);
        if (optimizer != null) {
            out.writeUTF(optimizer.name());
            out.writeDouble(optimizer.learningRate());
            out.writeLong(optimizer.steps());
            double[] h = optimizer.hyperparameters();
            out.writeInt(h.length);
            writeValues(out, h);
            double[][][] s = optimizer.state();
            out.writeInt(s == null ? 0 : s.length);
            if (s != null) {
                for (double[][] perParam : s) {
                    out.writeInt(perParam.length);
                    for (double[] slot : perParam) {
                        out.writeInt(slot.length);
                        writeValues(out, slot);
                    }
                }
            }
        }
        out.writeBoolean(state != null);
        if (state != null) {
            out.writeInt(state.size());
            out.writeInt(state.get(0).rows());
            for (int i = 0; i < state.size(); i++) {
                out.writeUTF(model.stateNames().get(i));
                writeValues(out, state.get(i).toDoubleArray());
            }
        }
        out.flush();
        out.writeLong(crc.getValue());
        out.flush();
    }

    /** {@return the format's directions field of a direction: 1, 2, or −1 for reverse (see the format above)} */
    private static int directionCode(Direction d) {
        return d == Direction.REVERSE ? -1 : d.count();
    }

    private static void writeValues(DataOutputStream out, double[] v) throws IOException {
        for (double x : v) {
            out.writeDouble(x);
        }
    }

    /**
     * Loads a checkpoint onto the default backend ({@link Backends#get()}) in the dtype it was saved
     * in (FLOAT64 for a format-1 file, which records none).
     *
     * @param file the checkpoint file
     * @return the model, its optimizer (or null) and its carried state (or null)
     * @throws IllegalArgumentException if the path is null
     * @throws org.rnn4j.spi.BackendNotFoundException if no backend is available
     * @throws CheckpointException if the file is unreadable, truncated, corrupted, inconsistent or of another version
     */
    public static Checkpoint load(Path file) throws CheckpointException {
        if (file == null) {
            throw new IllegalArgumentException("the checkpoint path is null");
        }
        return read(file, Backends.get(), null);
    }

    /**
     * Loads a checkpoint onto a backend in a dtype (either may differ from the saving model's).
     *
     * @param file the checkpoint file
     * @param backend the backend to build the model on
     * @param dtype the dtype to build it in
     * @return the model, its optimizer (or null) and its carried state (or null)
     * @throws IllegalArgumentException if an argument is null
     * @throws CheckpointException if the file is unreadable, truncated, corrupted, inconsistent or of another version
     */
    public static Checkpoint load(Path file, Backend backend, DType dtype) throws CheckpointException {
        if (file == null) {
            throw new IllegalArgumentException("the checkpoint path is null");
        }
        if (backend == null) {
            throw new IllegalArgumentException("backend is null; use load(path) for the default backend");
        }
        if (dtype == null) {
            throw new IllegalArgumentException("dtype is null; use load(path) for the dtype the checkpoint was saved in");
        }
        return read(file, backend, dtype);
    }

    private static Checkpoint read(Path file, Backend backend, DType dtype) throws CheckpointException {
        byte[] bytes;
        try {
            bytes = readBounded(file, "checkpoint", MAX_FILE_BYTES);
        } catch (NoSuchFileException e) {
            throw new CheckpointException("could not read checkpoint " + file + ": " + e, e);
        }
        return decode(bytes, file.toString(), backend, dtype);
    }

    /**
     * Reads a whole file of at most {@code max} bytes, its size checked before anything is allocated.
     *
     * @param what what messages call the file ("checkpoint", "side record")
     * @throws NoSuchFileException if there is no such file, for the caller to word
     * @throws CheckpointException if the file is larger than {@code max} or cannot be read
     */
    static byte[] readBounded(Path file, String what, long max) throws CheckpointException, NoSuchFileException {
        try {
            long size = Files.size(file);
            if (size > max) {
                throw new CheckpointException(what + " " + file + " has " + size + " bytes; at most " + max + " are supported");
            }
            return Files.readAllBytes(file);
        } catch (CheckpointException | NoSuchFileException e) {
            throw e;
        } catch (IOException | OutOfMemoryError e) {
            throw new CheckpointException("could not read " + what + " " + file + ": " + e, e);
        }
    }

    /**
     * Decodes a whole checkpoint file's bytes (tests call this directly, to fuzz without file I/O).
     *
     * @param bytes (input, not modified) the file's content
     * @param file what messages call the file
     * @param backend the backend to build on
     * @param dtype the dtype to build in, or null for the saved one
     */
    static Checkpoint decode(byte[] bytes, String file, Backend backend, DType dtype) throws CheckpointException {
        if (bytes.length < MAGIC.length + 4 + 8) {
            throw new CheckpointException("checkpoint " + file + " is truncated: " + bytes.length + " bytes");
        }
        if (!Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new CheckpointException(file + " is not an rnn4j checkpoint (bad magic bytes)");
        }
        int version = ByteBuffer.wrap(bytes, MAGIC.length, 4).getInt();
        if (version != 1 && version != VERSION) {
            throw new CheckpointException("checkpoint " + file + " has format version " + version + "; this rnn4j reads versions 1 and "
                    + VERSION);
        }
        int end = bytes.length - 8;
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, end);
        if (ByteBuffer.wrap(bytes, end, 8).getLong() != crc.getValue()) {
            throw new CheckpointException("checkpoint " + file + " is corrupted or truncated (CRC-32 mismatch)");
        }
        Reader in = new Reader(bytes, MAGIC.length + 4, end, file);
        return version == 1 ? decode(in, readSpecV1(in), backend, dtype, true) : decode(in, readSpecV2(in), backend, dtype, false);
    }

    private static ModelSpec readSpecV1(Reader in) throws CheckpointException {
        ModelSpec.Builder s = ModelSpec.builder().dtype(DType.FLOAT64);
        int inputs = in.readInt("input size");
        int hidden = in.readInt("hidden size");
        int outputs = in.readInt("output size");
        s.activation(activation(in));
        s.seed(in.readLong("seed"));
        requireSize(in, "input size", inputs);
        requireSize(in, "hidden size", hidden);
        requireSize(in, "output size", outputs);
        return build(in, s.inputSize(inputs).hiddenSize(hidden).outputSize(outputs));
    }

    private static ModelSpec readSpecV2(Reader in) throws CheckpointException {
        ModelSpec.Builder s = ModelSpec.builder();
        String kind = in.readName("cell kind");
        CellType cell;
        try {
            cell = CellType.ofKind(kind);
        } catch (IllegalArgumentException e) {
            throw in.error(e.getMessage());
        }
        s.cell(cell);
        Activation activation = activation(in);
        s.activation(activation);
        String dtype = in.readName("dtype");
        DType dt = null;
        for (DType d : DType.values()) {
            if (d.name().equals(dtype)) {
                dt = d;
            }
        }
        if (dt == null) {
            throw in.error("unknown dtype '" + dtype + "'; known: " + Arrays.toString(DType.values()));
        }
        s.dtype(dt);
        int inputs = in.readInt("input size");
        int hidden = in.readInt("hidden size");
        int outputs = in.readInt("output size");
        int layers = in.readInt("layer count");
        int directions = in.readInt("directions");
        Direction direction = null;
        for (Direction d : Direction.values()) {
            if (directionCode(d) == directions) {
                direction = d;
            }
        }
        if (direction == null) {
            throw in.error("directions is " + directions + "; it must be 1 (forward), 2 (bidirectional) or -1 (reverse)");
        }
        double dropout = in.readValues("dropout", 1, 1)[0];
        if (!(dropout >= 0 && dropout < 1)) {
            throw in.error("dropout is " + dropout + "; it must be in [0, 1)");
        }
        s.seed(in.readLong("seed"));
        if (cell != CellType.ELMAN && activation != Activation.TANH) {
            throw in.error("the " + cell + " cell has no activation choice, but the checkpoint says " + activation);
        }
        requireSize(in, "input size", inputs);
        requireSize(in, "hidden size", hidden);
        requireSize(in, "output size", outputs);
        requireSize(in, "layer count", layers);
        return build(in, s.inputSize(inputs).hiddenSize(hidden).outputSize(outputs).layers(layers).direction(direction).dropout(dropout));
    }

    private static ModelSpec build(Reader in, ModelSpec.Builder s) throws CheckpointException {
        try {
            return s.build();
        } catch (IllegalArgumentException e) {
            throw in.error("the model spec is invalid: " + e.getMessage());
        }
    }

    private static Activation activation(Reader in) throws CheckpointException {
        String name = in.readName("activation");
        for (Activation f : Activation.values()) {
            if (f.name().equals(name)) {
                return f;
            }
        }
        throw in.error("unknown activation '" + name + "'; known: " + Arrays.toString(Activation.values()));
    }

    private static Checkpoint decode(Reader in, ModelSpec spec, Backend backend, DType requested, boolean v1) throws CheckpointException {
        // The parameter values alone must fit in what remains, before anything is built for them.
        long values = spec.parameterCount();
        if ((double) values * 8 > in.remaining()) {
            throw in.error("a " + spec.describe() + " has " + values + " parameter values, more than the "
                    + in.remaining() + " remaining bytes hold");
        }
        Rnn model;
        try {
            model = Rnn.builder().spec(requested != null ? spec.toBuilder().dtype(requested).build() : spec).backend(backend)
                    .uninitialized().build();
        } catch (IllegalArgumentException e) {
            throw in.error("the model spec is invalid: " + e.getMessage());
        }
        readParameters(in, model, spec);
        Optimizer optimizer = readOptimizer(in, model);
        State state = v1 ? readStateV1(in, model) : readStateV2(in, model);
        if (in.remaining() != 0) {
            throw in.error(in.remaining() + " unexpected bytes before the checksum");
        }
        return new Checkpoint(model, optimizer, state);
    }

    private static void requireSize(Reader in, String what, int n) throws CheckpointException {
        if (n < 1 || (long) n * 8 > in.remaining()) {
            throw in.error(what + " is " + n + "; expected at least 1 and at most " + in.remaining() / 8
                    + " (what the remaining bytes can hold)");
        }
    }

    private static void readParameters(Reader in, Rnn model, ModelSpec spec) throws CheckpointException {
        List<Parameter> ps = model.parameters();
        int count = in.readInt("parameter count");
        if (count != ps.size()) {
            throw in.error("it declares " + count + " parameters; a " + spec.describe() + " has " + ps.size());
        }
        for (int i = 0; i < count; i++) {
            Parameter p = ps.get(i);
            String name = in.readName("name of parameter " + i);
            int rows = in.readInt("rows of " + name);
            int cols = in.readInt("columns of " + name);
            if (!name.equals(p.name()) || rows != p.value().rows() || cols != p.value().cols()) {
                throw in.error("parameter " + i + " is " + name + " " + rows + "×" + cols + " but a " + spec.describe() + " has "
                        + p.name() + " " + p.value().rows() + "×" + p.value().cols());
            }
            p.value().copyFrom(in.readValues("parameter " + name, rows, cols, model.dtype()));
        }
    }

    private static Optimizer readOptimizer(Reader in, Rnn model) throws CheckpointException {
        if (!in.readFlag("optimizer flag")) {
            return null;
        }
        String name = in.readName("optimizer name");
        double rate = in.readValues("learning rate", 1, 1)[0];
        long steps = in.readLong("optimizer step count");
        if (steps < 0) {
            throw in.error("the " + name + " optimizer's step count is " + steps + "; it cannot be negative");
        }
        int k = in.readInt("optimizer constant count");
        if (k < 0 || k > MAX_CONSTANTS) {
            throw in.error("the " + name + " optimizer declares " + k + " constants; expected 0 to " + MAX_CONSTANTS);
        }
        double[] h = in.readValues(name + " constants", 1, k);
        Optimizer optimizer;
        try {
            optimizer = Optimizer.create(name, rate, h);
        } catch (IllegalArgumentException e) {
            throw in.error("bad optimizer: " + e.getMessage());
        }
        List<Parameter> ps = model.parameters();
        int perParam = in.readInt("optimizer state count");
        if (perParam != 0 && perParam != ps.size()) {
            throw in.error("the " + name + " optimizer's state covers " + perParam + " parameters; the model has " + ps.size());
        }
        if (perParam == 0 && steps != 0) {
            throw in.error("the " + name + " optimizer has taken " + steps + " steps but carries no state");
        }
        double[][][] state = new double[perParam][][];
        for (int i = 0; i < perParam; i++) {
            Parameter p = ps.get(i);
            int slots = in.readInt("optimizer slot count of " + p.name());
            if (slots != optimizer.slotCount()) {
                throw in.error(name + " keeps " + optimizer.slotCount() + " state arrays per parameter; the checkpoint has " + slots
                        + " for " + p.name());
            }
            state[i] = new double[slots][];
            for (int s = 0; s < slots; s++) {
                int n = in.readInt("length of optimizer slot " + s + " of " + p.name());
                if (n != p.value().size()) {
                    throw in.error(name + " slot " + s + " of " + p.name() + " has " + n + " values; the parameter has " + p.value().size());
                }
                double[] v = in.readValues(name + " slot " + s + " of " + p.name(), p.value().rows(), p.value().cols());
                if (optimizer.slotNonNegative(s)) {
                    for (int j = 0; j < v.length; j++) {
                        if (v[j] < 0) {
                            throw in.error("the " + name + " " + optimizer.slotName(s) + " of " + p.name() + " holds " + v[j] + " at row "
                                    + j / p.value().cols() + ", column " + j % p.value().cols()
                                    + "; it is a sum of squares, which no training makes negative");
                        }
                    }
                }
                state[i][s] = v;
            }
        }
        if (perParam > 0) {
            optimizer.restore(ps, steps, state);
        }
        return optimizer;
    }

    private static State readStateV1(Reader in, Rnn model) throws CheckpointException {
        if (!in.readFlag("carried state flag")) {
            return null;
        }
        int batch = in.readInt("carried state rows");
        int cols = in.readInt("carried state columns");
        if (batch < 1 || cols != model.hiddenSize()) {
            throw in.error("the carried state is " + batch + "×" + cols + " but the model has " + model.hiddenSize() + " hidden units");
        }
        double[] v = in.readValues("carried state", batch, cols, model.dtype());
        return State.of(model.backend().fromArray(model.dtype(), batch, cols, v));
    }

    private static State readStateV2(Reader in, Rnn model) throws CheckpointException {
        if (!in.readFlag("carried state flag")) {
            return null;
        }
        List<String> names = model.stateNames();
        int count = in.readInt("carried state tensor count");
        if (count != names.size()) {
            throw in.error("the carried state has " + count + " tensors; the model carries " + names.size() + ": " + names);
        }
        int batch = in.readInt("carried state batch size");
        int h = model.hiddenSize();
        if (batch < 1 || (double) batch * h * count * 8 > in.remaining()) {
            throw in.error("the carried state's batch size is " + batch + "; expected at least 1 and " + count + " tensors of " + batch
                    + "×" + h + " to fit in the remaining " + in.remaining() + " bytes");
        }
        Tensor[] t = new Tensor[count];
        for (int i = 0; i < count; i++) {
            String name = in.readName("carried state name " + i);
            if (!name.equals(names.get(i))) {
                throw in.error("carried state tensor " + i + " is named " + name + "; the model's is " + names.get(i));
            }
            t[i] = model.backend().fromArray(model.dtype(), batch, h, in.readValues("carried state " + name, batch, h, model.dtype()));
        }
        return State.of(t);
    }

    /** Reads big-endian values from the checksummed content, checking every length against what remains. */
    private static final class Reader {
        private final byte[] bytes;
        private final int end;
        private final String file;
        private int pos;

        Reader(byte[] bytes, int start, int end, String file) {
            this.bytes = bytes;
            this.pos = start;
            this.end = end;
            this.file = file;
        }

        int remaining() {
            return end - pos;
        }

        CheckpointException error(String what) {
            return new CheckpointException("checkpoint " + file + " is malformed at byte " + pos + ": " + what);
        }

        private void need(long n, String what) throws CheckpointException {
            if (n > end - pos) {
                throw error(what + " needs " + n + " bytes but only " + (end - pos) + " remain");
            }
        }

        int readInt(String what) throws CheckpointException {
            need(4, what);
            int v = ByteBuffer.wrap(bytes, pos, 4).getInt();
            pos += 4;
            return v;
        }

        long readLong(String what) throws CheckpointException {
            need(8, what);
            long v = ByteBuffer.wrap(bytes, pos, 8).getLong();
            pos += 8;
            return v;
        }

        boolean readFlag(String what) throws CheckpointException {
            need(1, what);
            byte b = bytes[pos];
            if (b != 0 && b != 1) {
                throw error(what + " is " + b + "; expected 0 or 1");
            }
            pos++;
            return b == 1;
        }

        String readName(String what) throws CheckpointException {
            need(2, what);
            int len = ((bytes[pos] & 0xff) << 8) | (bytes[pos + 1] & 0xff);
            if (len > MAX_NAME_BYTES) {
                throw error(what + " is " + len + " bytes long; at most " + MAX_NAME_BYTES + " are allowed");
            }
            need(2L + len, what);
            for (int i = pos + 2; i < pos + 2 + len; i++) {
                if (bytes[i] < 0x20 || bytes[i] > 0x7e) {
                    throw error(what + " holds byte " + (bytes[i] & 0xff) + " at offset " + (i - pos - 2) + "; names are printable ASCII");
                }
            }
            String s = new String(bytes, pos + 2, len, StandardCharsets.US_ASCII);
            pos += 2 + len;
            return s;
        }

        /**
         * Reads rows·cols doubles that stay finite in the dtype they are loaded into: a FLOAT32 model
         * refuses a value beyond ±{@link Float#MAX_VALUE}, which would become infinite.
         */
        double[] readValues(String what, int rows, int cols, DType dtype) throws CheckpointException {
            double[] v = readValues(what, rows, cols);
            if (dtype == DType.FLOAT32) {
                for (int i = 0; i < v.length; i++) {
                    if (!Float.isFinite((float) v[i])) {
                        throw error(what + " holds " + v[i] + " at row " + i / cols + ", column " + i % cols
                                + ", beyond FLOAT32's range (±" + Float.MAX_VALUE + "); load it as FLOAT64");
                    }
                }
            }
            return v;
        }

        /** Reads rows·cols finite doubles; the count is checked against the remaining bytes first. */
        double[] readValues(String what, int rows, int cols) throws CheckpointException {
            long n = (long) rows * cols;
            if (rows < 0 || cols < 0 || n * 8 > end - pos) {
                throw error(what + " declares " + rows + "×" + cols + " values but only " + (end - pos) / 8 + " remain");
            }
            double[] v = new double[(int) n];
            ByteBuffer.wrap(bytes, pos, (int) n * 8).asDoubleBuffer().get(v);
            for (int i = 0; i < v.length; i++) {
                if (!Double.isFinite(v[i])) {
                    throw error(what + " holds " + v[i] + " at row " + i / cols + ", column " + i % cols);
                }
            }
            pos += (int) n * 8;
            return v;
        }
    }
}
