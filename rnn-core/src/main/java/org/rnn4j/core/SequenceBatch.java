package org.rnn4j.core;

import org.rnn4j.api.Tensor;

/**
 * A batch of sequences in the model's layout, carrying its own batch size and length so that the
 * two cannot be mixed up: B sequences of up to T steps of I features, as one time-major (T·B)×I
 * tensor (row t·B + b is step t of sequence b), with a mask when the sequences differ in length
 * (each is padded at its end).
 */
public final class SequenceBatch {
    private final Tensor inputs;
    private final int batch;
    private final int steps;
    private final int[] lengths;
    private final Mask mask;

    private SequenceBatch(Tensor inputs, int batch, int steps, int[] lengths, Mask mask) {
        this.inputs = inputs;
        this.batch = batch;
        this.steps = steps;
        this.lengths = lengths;
        this.mask = mask;
    }

    /**
     * Packs sequences for a model, in its backend and dtype.
     *
     * @param model the model the batch is for (its input size is checked)
     * @param sequences {@code [sequence][step][feature]}; sequences may differ in length (at least 1 step each)
     * @return the batch
     * @throws IllegalArgumentException naming the sequence and step whose width or values do not fit
     */
    public static SequenceBatch of(Rnn model, double[][][] sequences) {
        Checks.requireNonNull("model", model);
        Checks.requireNonNull("sequences", sequences);
        int batch = sequences.length;
        if (batch == 0) {
            throw new IllegalArgumentException("sequences is empty");
        }
        int in = model.inputSize();
        int steps = 0;
        int[] lengths = new int[batch];
        boolean ragged = false;
        for (int b = 0; b < batch; b++) {
            double[][] s = Checks.requireNonNull("sequence " + b + " (sequences[" + b + "])", sequences[b]);
            if (s.length == 0) {
                throw new IllegalArgumentException("sequence " + b + " has no steps");
            }
            lengths[b] = s.length;
            ragged |= b > 0 && s.length != lengths[0];
            steps = Math.max(steps, s.length);
            for (int t = 0; t < s.length; t++) {
                double[] x = Checks.requireNonNull("sequence " + b + ", step " + t + " (sequences[" + b + "][" + t + "])", s[t]);
                if (x.length != in) {
                    throw new IllegalArgumentException("sequence " + b + ", step " + t + " has " + x.length + " features, U expects " + in);
                }
            }
        }
        long size = (long) steps * batch * in;
        if (size > Checks.MAX_ARRAY_LENGTH) {
            throw new IllegalArgumentException(batch + " sequences × " + steps + " steps × " + in + " features = " + size
                    + " values, more than one array holds");
        }
        double[] flat = new double[(int) size];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < lengths[b]; t++) {
                System.arraycopy(sequences[b][t], 0, flat, (t * batch + b) * in, in);
            }
        }
        Tensor xs = model.backend().fromArray(model.dtype(), steps * batch, in, flat);
        Checks.requireFinite("sequences", xs, batch);
        return new SequenceBatch(xs, batch, steps, lengths, ragged ? Mask.fromLengths(steps, lengths) : null);
    }

    /** {@return the (T·B)×I inputs, time-major (live)} */
    public Tensor inputs() {
        return inputs;
    }

    /** {@return B, the number of sequences} */
    public int batch() {
        return batch;
    }

    /** {@return T, the longest sequence's length} */
    public int steps() {
        return steps;
    }

    /**
     * Returns a sequence's length.
     *
     * @param b the sequence
     * @return its number of real steps
     */
    public int length(int b) {
        return lengths[b];
    }

    /** {@return the padding mask, or null when every sequence has T steps} */
    public Mask mask() {
        return mask;
    }
}
