package org.rnn4j.core;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CheckedOutputStream;

/**
 * Named numbers saved beside a checkpoint: what a forecaster's scaler or a learning-rate schedule must
 * keep, without changing the {@link Checkpoint} format (old files still load; readers that do not know
 * the side record never see it). The record lives in {@code <checkpoint>.meta} ({@link #sideFile}), is
 * written atomically like the checkpoint, and names the checkpoint it belongs to by that file's
 * CRC-32, so a record left over from another save is refused instead of silently applied.
 *
 * <h2>Format, version 1</h2>
 * Big-endian, as {@link DataOutputStream} writes it.
 * <pre>
 * bytes[8]  magic "RNN4JMET"
 * int       version (1)
 * long      the CRC-32 the checkpoint stores in its last 8 bytes
 * int       N entries (at most {@value #MAX_ENTRIES})
 * N ×       UTF key (printable ASCII, at most {@value Checkpoint#MAX_NAME_BYTES} bytes), int n, double[n] (finite)
 * long      CRC-32 of every byte before it
 * </pre>
 * Keys are namespaced by their owner: {@code forecast.*} ({@link org.rnn4j.core.forecast.Forecaster}),
 * {@code schedule.*} ({@link Schedules}).
 */
public final class CheckpointMetadata {
    /** The format version this class writes and reads. */
    public static final int VERSION = 1;
    /** The most entries a record holds. */
    public static final int MAX_ENTRIES = 1024;
    /** The largest side record this class writes or reads, in bytes. */
    public static final long MAX_FILE_BYTES = 64L << 20;
    private static final byte[] MAGIC = "RNN4JMET".getBytes(StandardCharsets.US_ASCII);
    private static final String SUFFIX = ".meta";

    private CheckpointMetadata() {
    }

    /**
     * Where the side record of a checkpoint lives.
     *
     * @param checkpoint the checkpoint file
     * @return the file beside it, named {@code <name>.meta}
     * @throws IllegalArgumentException if checkpoint is null or has no file name
     */
    public static Path sideFile(Path checkpoint) {
        if (checkpoint == null || checkpoint.getFileName() == null) {
            throw new IllegalArgumentException("checkpoint " + (checkpoint == null ? "is null" : checkpoint + " has no file name"));
        }
        return checkpoint.resolveSibling(checkpoint.getFileName() + SUFFIX);
    }

    /**
     * Writes the side record of a checkpoint that has just been saved (call it after {@link Checkpoint#save}).
     *
     * @param checkpoint the checkpoint file, which must exist
     * @param entries (input, not modified) key → values, in the order to write
     * @throws IllegalArgumentException if an argument, key or value array is null, a key is empty, too long or not
     *         printable ASCII, a value is NaN or infinite, or there are more than {@value #MAX_ENTRIES} entries
     * @throws CheckpointException if the checkpoint cannot be read or the record cannot be written (the previous
     *         record, if any, is then unchanged)
     */
    public static void save(Path checkpoint, Map<String, double[]> entries) throws CheckpointException {
        Path side = sideFile(checkpoint);
        if (entries == null) {
            throw new IllegalArgumentException("entries is null");
        }
        if (entries.size() > MAX_ENTRIES) {
            throw new IllegalArgumentException(entries.size() + " entries; a side record holds at most " + MAX_ENTRIES);
        }
        long bytes = MAGIC.length + 4 + 8 + 4 + 8;
        for (Map.Entry<String, double[]> e : entries.entrySet()) {
            String key = e.getKey();
            if (key == null || key.isEmpty() || key.length() > Checkpoint.MAX_NAME_BYTES || !key.chars().allMatch(c -> c >= 0x21 && c < 0x7f)) {
                throw new IllegalArgumentException("key \"" + key + "\" must be 1 to " + Checkpoint.MAX_NAME_BYTES
                        + " printable ASCII characters without spaces");
            }
            double[] v = e.getValue();
            if (v == null) {
                throw new IllegalArgumentException("the values of key " + key + " are null");
            }
            for (int i = 0; i < v.length; i++) {
                if (!Double.isFinite(v[i])) {
                    throw new IllegalArgumentException("key " + key + " holds " + v[i] + " at index " + i + " (a side record holds finite values only)");
                }
            }
            bytes += 2 + key.length() + 4 + 8L * v.length;
        }
        if (bytes > MAX_FILE_BYTES) {
            throw new IllegalArgumentException("the side record would take " + bytes + " bytes; at most " + MAX_FILE_BYTES);
        }
        long owner = checkpointCrc(checkpoint);
        try {
            Checkpoint.writeAtomically(side, ch -> write(ch, owner, entries), t -> { });
        } catch (IOException e) {
            throw new CheckpointException("could not save the side record " + side + ": " + e, e);
        }
    }

    private static void write(FileChannel ch, long owner, Map<String, double[]> entries) throws IOException {
        CRC32 crc = new CRC32();
        // Not closed: closing would close the channel, which the caller still forces to disk.
        DataOutputStream out = new DataOutputStream(new CheckedOutputStream(new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16), crc));
        out.write(MAGIC);
        out.writeInt(VERSION);
        out.writeLong(owner);
        out.writeInt(entries.size());
        for (Map.Entry<String, double[]> e : entries.entrySet()) {
            out.writeUTF(e.getKey());
            out.writeInt(e.getValue().length);
            for (double x : e.getValue()) {
                out.writeDouble(x);
            }
        }
        out.flush();
        out.writeLong(crc.getValue());
        out.flush();
    }

    /**
     * Whether a checkpoint has a side record (it may still be invalid; {@link #load} checks).
     *
     * @param checkpoint the checkpoint file
     * @return whether {@link #sideFile} exists
     */
    public static boolean exists(Path checkpoint) {
        return Files.exists(sideFile(checkpoint));
    }

    /**
     * Reads the side record of a checkpoint.
     *
     * @param checkpoint the checkpoint file
     * @return key → values, in the order written (unmodifiable; the arrays are the caller's)
     * @throws IllegalArgumentException if checkpoint is null
     * @throws CheckpointException if there is no side record, it is truncated, corrupted, of another version, or
     *         belongs to another save of the checkpoint (its CRC-32 does not match the checkpoint's)
     */
    public static Map<String, double[]> load(Path checkpoint) throws CheckpointException {
        Path side = sideFile(checkpoint);
        byte[] bytes;
        try {
            bytes = Checkpoint.readBounded(side, "side record", MAX_FILE_BYTES);
        } catch (NoSuchFileException e) {
            throw new CheckpointException("checkpoint " + checkpoint + " has no side record: " + side + " does not exist", e);
        }
        Map<String, double[]> entries = decode(bytes, side.toString());
        long owner = ByteBuffer.wrap(bytes, MAGIC.length + 4, 8).getLong();
        long actual = checkpointCrc(checkpoint);
        if (owner != actual) {
            throw new CheckpointException("side record " + side + " belongs to another save of " + checkpoint + " (it names CRC-32 "
                    + Long.toHexString(owner) + ", the checkpoint has " + Long.toHexString(actual) + ")");
        }
        return entries;
    }

    /**
     * Returns one entry of a loaded record, checked.
     *
     * @param record what {@link #load} returned
     * @param key the key
     * @param length the number of values the entry must hold, or −1 for any
     * @param checkpoint what messages call the checkpoint
     * @return the values
     * @throws CheckpointException if the key is missing or holds another number of values
     */
    public static double[] require(Map<String, double[]> record, String key, int length, Path checkpoint) throws CheckpointException {
        double[] v = record.get(key);
        if (v == null) {
            throw new CheckpointException("the side record of " + checkpoint + " has no entry " + key + "; it has " + record.keySet());
        }
        if (length >= 0 && v.length != length) {
            throw new CheckpointException("the side record of " + checkpoint + " holds " + v.length + " value(s) for " + key + "; expected "
                    + length);
        }
        return v;
    }

    /** Decodes a side record's bytes (tests call this directly); does not check the owner. */
    static Map<String, double[]> decode(byte[] bytes, String file) throws CheckpointException {
        int header = MAGIC.length + 4 + 8 + 4;
        if (bytes.length < header + 8) {
            throw new CheckpointException("side record " + file + " is truncated: " + bytes.length + " bytes");
        }
        if (!Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new CheckpointException(file + " is not an rnn4j side record (bad magic bytes)");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes, 0, bytes.length - 8);
        in.position(MAGIC.length);
        int version = in.getInt();
        if (version != VERSION) {
            throw new CheckpointException("side record " + file + " has format version " + version + "; this rnn4j reads version " + VERSION);
        }
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - 8);
        if (ByteBuffer.wrap(bytes, bytes.length - 8, 8).getLong() != crc.getValue()) {
            throw new CheckpointException("side record " + file + " is corrupted or truncated (CRC-32 mismatch)");
        }
        in.getLong();
        int n = in.getInt();
        if (n < 0 || n > MAX_ENTRIES) {
            throw new CheckpointException("side record " + file + " claims " + n + " entries; at most " + MAX_ENTRIES);
        }
        Map<String, double[]> entries = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            if (in.remaining() < 2) {
                throw new CheckpointException("side record " + file + " is truncated in entry " + i);
            }
            int length = Short.toUnsignedInt(in.getShort());
            if (length == 0 || length > Checkpoint.MAX_NAME_BYTES || in.remaining() < length + 4) {
                throw new CheckpointException("side record " + file + ": entry " + i + " has a key of " + length + " bytes with "
                        + in.remaining() + " bytes left");
            }
            byte[] key = new byte[length];
            in.get(key);
            int count = in.getInt();
            if (count < 0 || count > in.remaining() / 8) {
                throw new CheckpointException("side record " + file + ": entry " + i + " claims " + count + " values with " + in.remaining()
                        + " bytes left");
            }
            double[] v = new double[count];
            for (int k = 0; k < count; k++) {
                v[k] = in.getDouble();
                if (!Double.isFinite(v[k])) {
                    throw new CheckpointException("side record " + file + ": entry " + i + " holds " + v[k] + " at index " + k);
                }
            }
            String name = new String(key, StandardCharsets.US_ASCII);
            if (entries.put(name, v) != null) {
                throw new CheckpointException("side record " + file + " holds key " + name + " twice");
            }
        }
        if (in.remaining() != 0) {
            throw new CheckpointException("side record " + file + " has " + in.remaining() + " bytes after its last entry");
        }
        return Collections.unmodifiableMap(entries);
    }

    /** The CRC-32 a checkpoint stores in its last 8 bytes. */
    private static long checkpointCrc(Path checkpoint) throws CheckpointException {
        try (FileChannel ch = FileChannel.open(checkpoint, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 8) {
                throw new CheckpointException("checkpoint " + checkpoint + " is truncated: " + size + " bytes");
            }
            ByteBuffer b = ByteBuffer.allocate(8);
            while (b.hasRemaining()) {
                if (ch.read(b, size - 8 + b.position()) < 0) {
                    throw new CheckpointException("checkpoint " + checkpoint + " ended while reading its CRC-32");
                }
            }
            return b.flip().getLong();
        } catch (IOException e) {
            throw new CheckpointException("could not read checkpoint " + checkpoint + ": " + e, e);
        }
    }
}
