package org.rnn4j.core;

import org.rnn4j.core.layer.StepMask;

/**
 * Which (step, sequence) pairs are real, so that sequences of different lengths share a batch.
 *
 * <p>Semantics: at a masked step (value 0) a sequence's state is carried unchanged,
 * {@code h_t = h_{t-1}}, and its output is not counted in a many-to-many loss. So padding after a
 * sequence's end leaves its final state, and its many-to-one output, exactly as at its last real
 * step; backpropagation passes the error through a masked step untouched.
 *
 * <p>Values are 0 or 1, T·B of them, time-major: index {@code t·B + b}.
 */
public final class Mask implements StepMask {
    private final int steps;
    private final int batch;
    final double[] values;

    private Mask(int steps, int batch, double[] values) {
        Checks.requirePositive("mask steps", steps);
        Checks.requirePositive("mask batch", batch);
        if (values.length != (long) steps * batch) {
            throw new IllegalArgumentException("mask has " + values.length + " values but " + steps + " steps × " + batch
                    + " sequences = " + (long) steps * batch + " are needed");
        }
        for (int i = 0; i < values.length; i++) {
            if (values[i] != 0 && values[i] != 1) {
                throw new IllegalArgumentException("mask value at step " + i / batch + ", sequence " + i % batch + " is "
                        + values[i] + "; it must be 0 or 1");
            }
        }
        this.steps = steps;
        this.batch = batch;
        this.values = values.clone();
    }

    /** Wraps a caller-owned array without copying or validating: for {@link Trainer}, which refills it per batch. */
    private Mask(double[] values, int steps, int batch) {
        this.steps = steps;
        this.batch = batch;
        this.values = values;
    }

    static Mask view(int steps, int batch, double[] values) {
        return new Mask(values, steps, batch);
    }

    /**
     * A mask from explicit 0/1 values.
     *
     * @param steps T
     * @param batch B
     * @param values T·B values, index {@code t·B + b} (copied)
     * @return the mask
     */
    public static Mask of(int steps, int batch, double[] values) {
        Checks.requireNonNull("the mask's value array", values);
        return new Mask(steps, batch, values);
    }

    /**
     * A mask where sequence b is real for its first {@code lengths[b]} steps.
     *
     * @param steps T
     * @param lengths one length per sequence, each in [1, T]
     * @return the mask
     */
    public static Mask fromLengths(int steps, int[] lengths) {
        Checks.requireNonNull("the mask's length array", lengths);
        Checks.requirePositive("steps", steps);
        double[] v = new double[steps * lengths.length];
        for (int b = 0; b < lengths.length; b++) {
            if (lengths[b] < 1 || lengths[b] > steps) {
                throw new IllegalArgumentException("sequence " + b + " has length " + lengths[b] + " but must be in [1, " + steps + "]");
            }
            for (int t = 0; t < lengths[b]; t++) {
                v[t * lengths.length + b] = 1;
            }
        }
        return new Mask(steps, lengths.length, v);
    }

    /** {@return T} */
    public int steps() {
        return steps;
    }

    /** {@return B} */
    public int batch() {
        return batch;
    }

    @Override
    public boolean masked(int step, int b) {
        return values[step * batch + b] == 0;
    }
}
