package org.rnn4j.core;

import java.util.List;
import org.rnn4j.api.Tensor;

/**
 * The recurrent state of a network: every state tensor of every layer, B×H each, in a fixed order:
 * layer by layer from the bottom, and within a layer in the cell's order (h, then c for an LSTM),
 * as {@link Rnn#stateNames()} lists them. PyTorch's {@code h_0[k]} is layer k's h and {@code c_0[k]}
 * its c.
 *
 * <p>A state returned by the library (final states, state gradients) is a view of live buffers
 * that the next call of the same kind overwrites; copy it ({@link #copy()}) to keep it.
 */
public final class State {
    private final Tensor[] tensors;

    private State(Tensor[] tensors) {
        this.tensors = tensors;
    }

    /**
     * Wraps state tensors (kept, not copied).
     *
     * @param tensors B×H each, in {@link Rnn#stateNames()} order
     * @return the state
     * @throws IllegalArgumentException if there are none or one is null
     */
    public static State of(Tensor... tensors) {
        if (tensors == null || tensors.length == 0) {
            throw new IllegalArgumentException("a state needs at least one tensor");
        }
        for (int i = 0; i < tensors.length; i++) {
            if (tensors[i] == null) {
                throw new IllegalArgumentException("state tensor " + i + " is null");
            }
        }
        return new State(tensors.clone());
    }

    static State wrap(Tensor[] live) {
        return new State(live);
    }

    /** {@return the number of tensors} */
    public int size() {
        return tensors.length;
    }

    /**
     * Returns one tensor.
     *
     * @param i its index in {@link Rnn#stateNames()} order
     * @return the tensor (live, not a copy)
     */
    public Tensor get(int i) {
        if (i < 0 || i >= tensors.length) {
            throw new IllegalArgumentException("state index " + i + " is outside [0, " + tensors.length + ")");
        }
        return tensors[i];
    }

    /** {@return the tensors in order (live)} */
    public List<Tensor> tensors() {
        return List.of(tensors);
    }

    /** {@return the first tensor: h of the bottom layer (the only state of a one-layer Elman or GRU network)} */
    public Tensor h() {
        return tensors[0];
    }

    /** {@return a deep copy, on the same backend} */
    public State copy() {
        Tensor[] c = new Tensor[tensors.length];
        for (int i = 0; i < c.length; i++) {
            Tensor t = tensors[i];
            c[i] = t.backend().zeros(t.dtype(), t.rows(), t.cols());
            t.backend().copyInto(t, c[i]);
        }
        return new State(c);
    }

    Tensor[] array() {
        return tensors;
    }
}
