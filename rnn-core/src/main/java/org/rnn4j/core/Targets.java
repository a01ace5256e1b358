package org.rnn4j.core;

import java.util.Arrays;

/**
 * What the outputs should be, with the loss that compares them. Values are kept on the host in
 * double: the loss is computed there from the outputs of the counted steps.
 *
 * <p>Layout: {@link OutputMode#LAST_STEP} holds B×O values, index {@code b·O + o};
 * {@link OutputMode#EVERY_STEP} holds T·B×O, index {@code (t·B + b)·O + o} (time-major, like the inputs).
 *
 * <p>Every factory rejects bad arguments, a null one included, with an {@link IllegalArgumentException}
 * whose message names the argument.
 */
public final class Targets {
    private final Loss loss;
    private final OutputMode mode;
    private final int steps;
    private final int batch;
    private final int outputs;
    final double[] values;

    private Targets(Loss loss, OutputMode mode, int steps, int batch, int outputs, double[] values) {
        Checks.requireNonNull("loss", loss);
        Checks.requireNonNull("mode", mode);
        Checks.requireNonNull("the targets' value array", values);
        Checks.requirePositive("batch", batch);
        Checks.requirePositive("outputs", outputs);
        Checks.requirePositive("steps", steps);
        long needed = (long) (mode == OutputMode.LAST_STEP ? 1 : steps) * batch * outputs;
        if (values.length != needed) {
            throw new IllegalArgumentException("targets have " + values.length + " values but "
                    + (mode == OutputMode.LAST_STEP ? "" : steps + " steps × ") + batch + " sequences × " + outputs
                    + " outputs = " + needed + " are needed");
        }
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException("target " + i + " is " + values[i] + "; targets must be finite");
            }
        }
        if (loss == Loss.SOFTMAX_CROSS_ENTROPY) {
            for (int row = 0; row < values.length / outputs; row++) {
                double sum = 0;
                for (int o = 0; o < outputs; o++) {
                    double t = values[row * outputs + o];
                    if (t < 0) {
                        throw new IllegalArgumentException("cross-entropy target row " + row + " has negative probability " + t);
                    }
                    sum += t;
                }
                if (Math.abs(sum - 1) > 1e-6) {
                    throw new IllegalArgumentException("cross-entropy target row " + row + " sums to " + sum + ", not 1");
                }
            }
        }
        this.loss = loss;
        this.mode = mode;
        this.steps = steps;
        this.batch = batch;
        this.outputs = outputs;
        this.values = values.clone();
    }

    /** Wraps a caller-owned array without copying or validating: for {@link Trainer}, which refills it per batch from a validated data set. */
    private Targets(OutputMode mode, Loss loss, int steps, int batch, int outputs, double[] values) {
        this.loss = loss;
        this.mode = mode;
        this.steps = steps;
        this.batch = batch;
        this.outputs = outputs;
        this.values = values;
    }

    static Targets view(Loss loss, OutputMode mode, int steps, int batch, int outputs, double[] values) {
        return new Targets(mode, loss, steps, batch, outputs, values);
    }

    /**
     * One target row per sequence, for the output of the last step (many-to-one).
     *
     * @param loss the loss
     * @param batch B
     * @param outputs O
     * @param values B·O values, index {@code b·O + o} (copied)
     * @return the targets
     * @throws IllegalArgumentException if loss or values is null, a size is below 1, the length is not B·O,
     *         a value is not finite, or a cross-entropy row is not a probability distribution
     */
    public static Targets lastStep(Loss loss, int batch, int outputs, double[] values) {
        return new Targets(loss, OutputMode.LAST_STEP, 1, batch, outputs, values);
    }

    /**
     * One target row per step and sequence (many-to-many).
     *
     * @param loss the loss
     * @param steps T
     * @param batch B
     * @param outputs O
     * @param values T·B·O values, index {@code (t·B + b)·O + o} (copied)
     * @return the targets
     * @throws IllegalArgumentException if loss or values is null, a size is below 1, the length is not T·B·O,
     *         a value is not finite, or a cross-entropy row is not a probability distribution
     */
    public static Targets everyStep(Loss loss, int steps, int batch, int outputs, double[] values) {
        return new Targets(loss, OutputMode.EVERY_STEP, steps, batch, outputs, values);
    }

    /**
     * Class indices for softmax cross-entropy at every step, as one-hot rows.
     *
     * @param steps T
     * @param batch B
     * @param classes O, the number of classes
     * @param labels T·B labels in [0, classes), index {@code t·B + b}
     * @return the targets
     * @throws IllegalArgumentException if labels is null, a size is below 1, there are not T·B labels,
     *         a label is outside [0, classes), or the one-hot rows would not fit in one array
     */
    public static Targets everyStepClasses(int steps, int batch, int classes, int[] labels) {
        Checks.requirePositive("steps", steps);
        Checks.requirePositive("batch", batch);
        requireLabelCount(labels, (long) steps * batch, steps + " steps × " + batch + " sequences");
        return new Targets(Loss.SOFTMAX_CROSS_ENTROPY, OutputMode.EVERY_STEP, steps, batch, classes, oneHot(labels, classes));
    }

    /**
     * Class indices for softmax cross-entropy at the last step, as one-hot rows.
     *
     * @param batch B
     * @param classes O, the number of classes
     * @param labels B labels in [0, classes)
     * @return the targets
     * @throws IllegalArgumentException if labels is null, a size is below 1, there are not B labels,
     *         a label is outside [0, classes), or the one-hot rows would not fit in one array
     */
    public static Targets lastStepClasses(int batch, int classes, int[] labels) {
        Checks.requirePositive("batch", batch);
        requireLabelCount(labels, batch, batch + " sequences");
        return new Targets(Loss.SOFTMAX_CROSS_ENTROPY, OutputMode.LAST_STEP, 1, batch, classes, oneHot(labels, classes));
    }

    /** Counts labels, not the one-hot values they become, so the message matches what the caller passed. */
    private static void requireLabelCount(int[] labels, long needed, String sizes) {
        Checks.requireNonNull("labels", labels);
        if (labels.length != needed) {
            throw new IllegalArgumentException("labels has " + labels.length + " values but " + sizes + " = " + needed
                    + " labels are needed");
        }
    }

    private static double[] oneHot(int[] labels, int classes) {
        Checks.requirePositive("classes", classes);
        long size = (long) labels.length * classes;
        if (size > Checks.MAX_ARRAY_LENGTH) {
            throw new IllegalArgumentException(labels.length + " labels × " + classes + " classes = " + size
                    + " one-hot values; more than one array holds (" + Checks.MAX_ARRAY_LENGTH + ")");
        }
        double[] v = new double[(int) size];
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException("label " + i + " is " + labels[i] + " but must be in [0, " + classes + ")");
            }
            v[i * classes + labels[i]] = 1;
        }
        return v;
    }

    /** {@return the loss} */
    public Loss loss() {
        return loss;
    }

    /** {@return where the outputs are read} */
    public OutputMode mode() {
        return mode;
    }

    /** {@return T for EVERY_STEP targets, 1 for LAST_STEP} */
    public int steps() {
        return steps;
    }

    /** {@return B} */
    public int batch() {
        return batch;
    }

    /** {@return O} */
    public int outputs() {
        return outputs;
    }

    /** {@return a copy of the values} */
    public double[] values() {
        return values.clone();
    }

    @Override
    public String toString() {
        return "Targets[" + loss + ", " + mode + ", steps=" + steps + ", batch=" + batch + ", outputs=" + outputs + ", "
                + Arrays.toString(Arrays.copyOf(values, Math.min(values.length, 6))) + (values.length > 6 ? "…]" : "]");
    }
}
