package org.rnn4j.core;

/**
 * N sequences of T steps of I features with their targets, held on the host in double, for
 * {@link Trainer}. Inputs are {@code [n][t][i]}; targets are {@code [n][o]} (one per sequence,
 * {@link OutputMode#LAST_STEP}) or {@code [n][t][o]} (one per step, {@link OutputMode#EVERY_STEP}).
 * Sequences of different lengths are padded to T and given {@code lengths}, which become a {@link Mask}.
 * Everything is validated and copied at construction: a null argument (or a null row inside one),
 * an empty data set, ragged rows, non-finite values and sizes whose product does not fit in one Java
 * array are each rejected with an {@link IllegalArgumentException} that names the argument.
 */
public final class SequenceDataset {
    final Loss loss;
    final OutputMode mode;
    final int size;
    final int steps;
    final int features;
    final int outputs;
    final double[] x;      // [n][t][i]
    final double[] y;      // [n][o] or [n][t][o]
    final int[] lengths;   // null: all T

    private SequenceDataset(Loss loss, OutputMode mode, double[][][] inputs, double[] y, int outputs, int[] lengths) {
        this.loss = loss;
        this.mode = mode;
        this.size = inputs.length;
        this.steps = inputs[0].length;
        this.features = steps == 0 ? 0 : requireRow(inputs[0][0], "sequence 0, step 0 (inputs[0][0])").length;
        Checks.requirePositive("steps of sequence 0", steps);
        Checks.requirePositive("features of sequence 0, step 0", features);
        this.outputs = outputs;
        this.x = new double[arrayLength("inputs", size, steps, features, "features")];
        for (int n = 0; n < size; n++) {
            if (requireRow(inputs[n], "sequence " + n + " (inputs[" + n + "])").length != steps) {
                throw new IllegalArgumentException("sequence " + n + " has " + inputs[n].length + " steps but sequence 0 has " + steps
                        + "; pad it and pass lengths");
            }
            for (int t = 0; t < steps; t++) {
                if (requireRow(inputs[n][t], "sequence " + n + ", step " + t + " (inputs[" + n + "][" + t + "])").length != features) {
                    throw new IllegalArgumentException("sequence " + n + ", step " + t + " has " + inputs[n][t].length
                            + " features but sequence 0, step 0 has " + features);
                }
                for (int i = 0; i < features; i++) {
                    double v = inputs[n][t][i];
                    if (!Double.isFinite(v)) {
                        throw new IllegalArgumentException("input of sequence " + n + ", step " + t + ", feature " + i + " is " + v);
                    }
                    x[(n * steps + t) * features + i] = v;
                }
            }
        }
        this.y = y;
        if (lengths != null) {
            if (lengths.length != size) {
                throw new IllegalArgumentException(lengths.length + " lengths for " + size + " sequences");
            }
            for (int n = 0; n < size; n++) {
                if (lengths[n] < 1 || lengths[n] > steps) {
                    throw new IllegalArgumentException("sequence " + n + " has length " + lengths[n] + " but must be in [1, " + steps + "]");
                }
            }
            this.lengths = lengths.clone();
        } else {
            this.lengths = null;
        }
        // Validate the targets by building them once, with the same rules as at training time.
        if (mode == OutputMode.LAST_STEP) {
            Targets.lastStep(loss, size, outputs, y);
        } else {
            Targets.everyStep(loss, steps, size, outputs, y);
        }
    }

    /**
     * Rejects a null argument, the empty data set, and inputs too large for one array (their size is
     * that of sequence 0, which the constructor then requires of every sequence) before anything is
     * allocated.
     */
    private static void requireArguments(Loss loss, double[][][] inputs, Object targets) {
        if (loss == null) {
            throw new IllegalArgumentException("loss is null");
        }
        if (inputs == null) {
            throw new IllegalArgumentException("inputs is null");
        }
        if (targets == null) {
            throw new IllegalArgumentException("targets is null");
        }
        if (inputs.length == 0) {
            throw new IllegalArgumentException("the data set is empty: inputs holds no sequence; a data set needs at least one");
        }
        int steps = requireRow(inputs[0], "sequence 0 (inputs[0])").length;
        if (steps > 0) {
            arrayLength("inputs", inputs.length, steps, requireRow(inputs[0][0], "sequence 0, step 0 (inputs[0][0])").length, "features");
        }
    }

    private static <T> T requireRow(T row, String name) {
        if (row == null) {
            throw new IllegalArgumentException(name + " is null");
        }
        return row;
    }

    /** n·t·w as an array length, or a message naming the sizes when the product does not fit in one Java array. */
    private static int arrayLength(String name, int n, int t, int w, String wName) {
        long length = (long) n * t * w;
        if (length > Checks.MAX_ARRAY_LENGTH) {
            throw new IllegalArgumentException(name + ": " + n + " sequences × " + t + " steps × " + w + " " + wName + " = " + length
                    + " values, more than one Java array holds (" + Checks.MAX_ARRAY_LENGTH + "); split the data set");
        }
        return (int) length;
    }

    /**
     * One target per sequence (many-to-one).
     *
     * @param loss the loss
     * @param inputs {@code [n][t][i]}
     * @param targets {@code [n][o]}
     * @return the data set
     * @throws IllegalArgumentException if an argument or a row inside one is null (naming it), the data set
     *         is empty, rows are ragged, a value is not finite, or N·T·I values do not fit in one array
     */
    public static SequenceDataset lastStep(Loss loss, double[][][] inputs, double[][] targets) {
        requireArguments(loss, inputs, targets);
        if (targets.length != inputs.length) {
            throw new IllegalArgumentException(targets.length + " targets for " + inputs.length + " sequences");
        }
        int o = requireRow(targets[0], "targets[0]").length;
        Checks.requirePositive("outputs of target 0", o);
        double[] y = new double[arrayLength("targets", targets.length, 1, o, "outputs")];
        for (int n = 0; n < targets.length; n++) {
            if (requireRow(targets[n], "the target of sequence " + n + " (targets[" + n + "])").length != o) {
                throw new IllegalArgumentException("target " + n + " has " + targets[n].length + " values but target 0 has " + o);
            }
            System.arraycopy(targets[n], 0, y, n * o, o);
        }
        return new SequenceDataset(loss, OutputMode.LAST_STEP, inputs, y, o, null);
    }

    /**
     * One target per step (many-to-many), optionally with per-sequence lengths.
     *
     * @param loss the loss
     * @param inputs {@code [n][t][i]}
     * @param targets {@code [n][t][o]}
     * @param lengths real length of each sequence, or null if all are T long
     * @return the data set
     * @throws IllegalArgumentException if loss, inputs, targets or a row inside them is null (naming it), the
     *         data set is empty, rows are ragged, a value is not finite, a length is outside [1, T], or
     *         N·T·I or N·T·O values do not fit in one array
     */
    public static SequenceDataset everyStep(Loss loss, double[][][] inputs, double[][][] targets, int[] lengths) {
        requireArguments(loss, inputs, targets);
        if (targets.length != inputs.length) {
            throw new IllegalArgumentException(targets.length + " target sequences for " + inputs.length + " input sequences");
        }
        int steps = inputs[0].length;
        Checks.requirePositive("steps of sequence 0", steps);
        int o = requireRow(targets[0], "targets[0]").length == 0 ? 0 : requireRow(targets[0][0], "targets[0][0]").length;
        Checks.requirePositive("outputs of target 0, step 0", o);
        double[] y = new double[arrayLength("targets", targets.length, steps, o, "outputs")];
        for (int n = 0; n < targets.length; n++) {
            if (requireRow(targets[n], "the targets of sequence " + n + " (targets[" + n + "])").length != steps) {
                throw new IllegalArgumentException("targets of sequence " + n + " have " + targets[n].length + " steps, not " + steps);
            }
            for (int t = 0; t < steps; t++) {
                if (requireRow(targets[n][t], "the target of sequence " + n + ", step " + t + " (targets[" + n + "][" + t + "])").length != o) {
                    throw new IllegalArgumentException("target of sequence " + n + ", step " + t + " has " + targets[n][t].length
                            + " values, not " + o);
                }
                System.arraycopy(targets[n][t], 0, y, (n * steps + t) * o, o);
            }
        }
        return new SequenceDataset(loss, OutputMode.EVERY_STEP, inputs, y, o, lengths);
    }

    /** {@return N, the number of sequences} */
    public int size() {
        return size;
    }

    /** {@return T} */
    public int steps() {
        return steps;
    }

    /** {@return I} */
    public int features() {
        return features;
    }

    /** {@return O} */
    public int outputs() {
        return outputs;
    }

    /** {@return the loss} */
    public Loss loss() {
        return loss;
    }

    /** {@return where the targets are} */
    public OutputMode mode() {
        return mode;
    }
}
