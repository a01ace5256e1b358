package org.rnn4j.spark;

import java.io.Serializable;
import org.rnn4j.core.OutputMode;

/**
 * One training example as {@link SparkTrainer#fit(org.apache.spark.api.java.JavaRDD)} reads it: a
 * sequence of T steps of I features with its target, one row of O values after the last step
 * ({@link OutputMode#LAST_STEP}) or one per step ({@link OutputMode#EVERY_STEP}). Sequences of one
 * data set may differ in length; the trainer pads them within each batch and masks the padding.
 *
 * <p>Immutable and {@link Serializable}, so that Spark can ship it to executors. The factories check
 * what they can alone (nulls, ragged rows, non-finite values); the trainer checks widths against the
 * model and names the row's index in the data set.
 */
public final class LabeledSequence implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The T steps, I features each. */
    private final double[][] inputs;
    /** One row of O targets, or T rows in {@link OutputMode#EVERY_STEP}. */
    private final double[][] targets;
    /** Whether the targets are for the last step or for every step. */
    private final OutputMode mode;

    private LabeledSequence(double[][] inputs, double[][] targets, OutputMode mode) {
        this.inputs = inputs;
        this.targets = targets;
        this.mode = mode;
    }

    /**
     * A many-to-one example.
     *
     * @param inputs {@code [step][feature]}, at least one step (copied)
     * @param target the O values the output after the last step should take (copied)
     * @return the example
     * @throws IllegalArgumentException naming a null, ragged or non-finite entry
     */
    public static LabeledSequence lastStep(double[][] inputs, double[] target) {
        double[][] x = copy("inputs", inputs);
        double[][] y = copy("target", new double[][] {requireNonNull("target", target)});
        return new LabeledSequence(x, y, OutputMode.LAST_STEP);
    }

    /**
     * A many-to-many example: a target row for every step.
     *
     * @param inputs {@code [step][feature]}, at least one step (copied)
     * @param targets {@code [step][output]}, as many steps as the inputs (copied)
     * @return the example
     * @throws IllegalArgumentException naming a null, ragged or non-finite entry, or a step count that differs
     */
    public static LabeledSequence everyStep(double[][] inputs, double[][] targets) {
        double[][] x = copy("inputs", inputs);
        double[][] y = copy("targets", targets);
        if (y.length != x.length) {
            throw new IllegalArgumentException("targets has " + y.length + " steps but inputs has " + x.length);
        }
        return new LabeledSequence(x, y, OutputMode.EVERY_STEP);
    }

    private static <T> T requireNonNull(String name, T value) {
        if (value == null) {
            throw new IllegalArgumentException(name + " is null");
        }
        return value;
    }

    private static double[][] copy(String name, double[][] rows) {
        requireNonNull(name, rows);
        if (rows.length == 0) {
            throw new IllegalArgumentException(name + " has no steps");
        }
        double[][] out = new double[rows.length][];
        for (int t = 0; t < rows.length; t++) {
            out[t] = requireNonNull(name + "[" + t + "]", rows[t]).clone();
            if (out[t].length != out[0].length || out[t].length == 0) {
                throw new IllegalArgumentException(name + "[" + t + "] has " + out[t].length + " values but " + name
                        + "[0] has " + out[0].length + (out[t].length == 0 ? " (a row needs at least one)" : ""));
            }
            for (int i = 0; i < out[t].length; i++) {
                if (!Double.isFinite(out[t][i])) {
                    throw new IllegalArgumentException(name + "[" + t + "][" + i + "] is " + out[t][i]);
                }
            }
        }
        return out;
    }

    /** {@return T, the number of steps} */
    public int length() {
        return inputs.length;
    }

    /** {@return I, the number of features per step} */
    public int features() {
        return inputs[0].length;
    }

    /** {@return O, the number of target values per row} */
    public int outputs() {
        return targets[0].length;
    }

    /** {@return whether the target is one row after the last step or one row per step} */
    public OutputMode mode() {
        return mode;
    }

    /**
     * Returns one input value.
     *
     * @param step t in [0, T)
     * @param feature i in [0, I)
     * @return x_t[i]
     */
    public double input(int step, int feature) {
        return inputs[step][feature];
    }

    /**
     * Copies step t's inputs into a packed array.
     *
     * @param step t
     * @param dst (output) receives I values from {@code offset}
     * @param offset where to write
     */
    void copyInputs(int step, double[] dst, int offset) {
        System.arraycopy(inputs[step], 0, dst, offset, inputs[step].length);
    }

    /**
     * Copies a target row into a packed array: the only row for {@link OutputMode#LAST_STEP}, step t's otherwise.
     *
     * @param step t (ignored for a last-step target)
     * @param dst (output) receives O values from {@code offset}
     * @param offset where to write
     */
    void copyTarget(int step, double[] dst, int offset) {
        double[] row = targets[mode == OutputMode.LAST_STEP ? 0 : step];
        System.arraycopy(row, 0, dst, offset, row.length);
    }

    @Override
    public String toString() {
        return "LabeledSequence[" + length() + " steps × " + features() + " features, " + mode + " target of " + outputs() + "]";
    }
}
