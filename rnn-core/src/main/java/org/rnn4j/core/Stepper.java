package org.rnn4j.core;

import java.nio.ByteBuffer;
import java.util.zip.CRC32;
import org.rnn4j.api.DType;
import org.rnn4j.api.Tensor;
import org.rnn4j.core.cell.CellType;
import org.rnn4j.core.layer.Stack;

/**
 * Streaming inference: one step at a time, the states carried between calls. Each call runs
 * every layer's step ({@link Stack.Streaming}) and the read-out, the very code {@link Rnn#forward} runs,
 * so on one backend the outputs are equal bit for bit. Allocates its buffers once, at creation.
 *
 * <p><b>State as data.</b> A service that streams many sensors or users through one model keeps one
 * state per key: {@link #saveState()} turns the current states into bytes, {@link #restoreState(byte[])}
 * puts them back (into this stepper or a fresh one of the same model shape), and the continued run
 * equals the uninterrupted one bit for bit. The format, version 1, big-endian:
 * <pre>
 *   4 bytes  magic "RNST"
 *   1 byte   version (1)
 *   1 byte   dtype: 0 FLOAT32, 1 FLOAT64
 *   1 byte   cell: {@link CellType} ordinal (0 ELMAN, 1 LSTM, 2 GRU)
 *   4 bytes  S, the number of state tensors ({@link Rnn#stateNames()})
 *   4 bytes  B, the batch
 *   4 bytes  H, the hidden size
 *   S·B·H    values in the dtype (4 or 8 bytes each), state by state, row-major B×H
 *   4 bytes  CRC-32 of every byte before it
 * </pre>
 */
public final class Stepper {
    private final Rnn model;
    private final int batch;
    private final Stack.Streaming streaming;
    private final Tensor[] flat;
    private final Tensor y;

    Stepper(Rnn model, int batch) {
        model.requireForward("streaming (a Stepper)");
        Checks.requirePositive("batch", batch);
        this.model = model;
        this.batch = batch;
        this.streaming = model.stack().streaming(batch);
        this.flat = new Tensor[model.stateNames().size()];
        this.y = model.backend().zeros(model.dtype(), batch, model.outputSize());
    }

    /**
     * Advances one step.
     *
     * @param x (input, not modified) B×I inputs of this step
     * @return B×O outputs of this step, a buffer owned by the stepper and overwritten by the next call
     * @throws IllegalArgumentException if x has the wrong shape, dtype or backend, or is not finite
     */
    public Tensor step(Tensor x) {
        model.guard.enter("Stepper.step");
        try {
            Checks.requireTensor("x", x, model.parameters().get(0).value(), batch, model.inputSize(), "batch × input features");
            Checks.requireFinite("x", x, 0);
            Tensor out = advance(x, null, 0);
            model.guard.requireUnchanged("Stepper.step");
            return out;
        } finally {
            model.guard.exit();
        }
    }

    /** One step; rows the mask pads at {@code step} keep their states. */
    Tensor advance(Tensor x, Mask mask, int step) {
        model.readout().forward(streaming.advance(x, mask, step), y);
        return y;
    }

    /**
     * Returns the states after the last step.
     *
     * @return the stepper's live buffers in {@link Rnn#stateNames()} order (the next step overwrites them)
     */
    public State state() {
        streaming.states(flat);
        return State.of(flat);
    }

    /**
     * Sets the states, e.g. to continue from {@link Rnn.Output#finalState()}.
     *
     * @param state (input, not modified) B×H tensors in {@link Rnn#stateNames()} order, or null for zeros
     * @throws IllegalArgumentException if a tensor does not fit or is not finite; the stepper is then unchanged
     */
    public void reset(State state) {
        Inputs.requireState(model, "state", state, batch);
        streaming.reset(state == null ? null : state.tensors());
    }

    private static final int MAGIC = 0x524E5354; // "RNST"
    private static final byte VERSION = 1;
    private static final int HEADER = 4 + 1 + 1 + 1 + 4 + 4 + 4;

    /**
     * Saves the states after the last step as bytes (the format is in the class comment), e.g. to keep
     * one state per sensor or user between calls. Allocates the returned array.
     *
     * @return the states, S·B·H values with a header and a CRC-32
     */
    public byte[] saveState() {
        streaming.states(flat);
        int s = flat.length;
        int h = model.hiddenSize();
        DType dt = model.dtype();
        ByteBuffer buf = ByteBuffer.allocate(HEADER + s * batch * h * dt.bytes() + 4);
        buf.putInt(MAGIC).put(VERSION).put((byte) dt.ordinal()).put((byte) model.cellType().ordinal());
        buf.putInt(s).putInt(batch).putInt(h);
        for (Tensor t : flat) {
            if (t.rows() != batch || t.cols() != h) {
                throw new IllegalStateException("state tensor is " + t.rows() + "×" + t.cols() + ", expected " + batch + "×" + h);
            }
            for (double v : t.toDoubleArray()) {
                if (dt == DType.FLOAT32) {
                    buf.putFloat((float) v);
                } else {
                    buf.putDouble(v);
                }
            }
        }
        CRC32 crc = new CRC32();
        crc.update(buf.array(), 0, buf.position());
        buf.putInt((int) crc.getValue());
        return buf.array();
    }

    /**
     * Restores states saved by {@link #saveState()} of a stepper of the same model shape (cell, dtype,
     * layers and directions, batch, hidden size); the next {@link #step} continues from them exactly.
     *
     * @param bytes (input, not modified) the saved states
     * @throws IllegalArgumentException if the bytes are null, truncated or corrupted (length or CRC-32 wrong), of
     *     another format version, or of another cell, dtype, state count, batch or hidden size (the message names
     *     what differs); the stepper is then unchanged
     */
    public void restoreState(byte[] bytes) {
        Checks.requireNonNull("bytes", bytes);
        if (bytes.length < HEADER + 4) {
            throw new IllegalArgumentException("saved state is " + bytes.length + " bytes, shorter than the " + (HEADER + 4)
                    + "-byte header and CRC: truncated");
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        int magic = buf.getInt();
        if (magic != MAGIC) {
            throw new IllegalArgumentException(String.format("saved state starts with 0x%08X, not the magic \"RNST\" (0x%08X): "
                    + "not a Stepper state or corrupted", magic, MAGIC));
        }
        byte version = buf.get();
        if (version != VERSION) {
            throw new IllegalArgumentException("saved state has format version " + version + ", this library reads version " + VERSION);
        }
        int dtCode = buf.get();
        int cellCode = buf.get();
        int s = buf.getInt();
        int b = buf.getInt();
        int h = buf.getInt();
        DType dt = dtCode >= 0 && dtCode < DType.values().length ? DType.values()[dtCode] : null;
        long expected = dt == null || s < 0 || b < 0 || h < 0 ? -1 : HEADER + (long) s * b * h * dt.bytes() + 4;
        if (expected != bytes.length) {
            throw new IllegalArgumentException("saved state is " + bytes.length + " bytes but its header (dtype code " + dtCode + ", "
                    + s + " states of " + b + "×" + h + ") needs " + (expected < 0 ? "an impossible length" : expected + " bytes")
                    + ": truncated or corrupted");
        }
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - 4);
        int stored = ByteBuffer.wrap(bytes, bytes.length - 4, 4).getInt();
        if (stored != (int) crc.getValue()) {
            throw new IllegalArgumentException(String.format("saved state is corrupted: CRC-32 is 0x%08X, the bytes give 0x%08X",
                    stored, (int) crc.getValue()));
        }
        CellType cell = cellCode >= 0 && cellCode < CellType.values().length ? CellType.values()[cellCode] : null;
        StringBuilder diff = new StringBuilder();
        if (dt != model.dtype()) {
            diff.append(", dtype ").append(dt).append(" vs ").append(model.dtype());
        }
        if (cell != model.cellType()) {
            diff.append(", cell ").append(cell == null ? "code " + cellCode : cell).append(" vs ").append(model.cellType());
        }
        if (s != flat.length) {
            diff.append(", state count ").append(s).append(" vs ").append(flat.length).append(" (layers × directions × cell states)");
        }
        if (b != batch) {
            diff.append(", batch ").append(b).append(" vs ").append(batch);
        }
        if (h != model.hiddenSize()) {
            diff.append(", hidden size ").append(h).append(" vs ").append(model.hiddenSize());
        }
        if (diff.length() > 0) {
            throw new IllegalArgumentException("saved state is of another model or stepper (saved vs this): " + diff.substring(2));
        }
        Tensor[] ts = new Tensor[s];
        for (int k = 0; k < s; k++) {
            double[] v = new double[b * h];
            for (int i = 0; i < v.length; i++) {
                v[i] = dt == DType.FLOAT32 ? buf.getFloat() : buf.getDouble();
            }
            ts[k] = model.backend().fromArray(dt, b, h, v);
        }
        reset(State.of(ts));
    }
}
