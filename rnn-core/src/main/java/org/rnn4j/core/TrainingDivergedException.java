package org.rnn4j.core;

/**
 * Thrown when training meets the first non-finite value, naming where: the epoch, the update within
 * it, and whether it was the loss, a gradient element or an updated parameter value. Nothing of the
 * failed update is written, and when the loss was the non-finite value, the update before it (whose
 * values overflowed the loss) is taken back: the model and the optimizer are left at the state in
 * which step {@link #finiteStep()} of epoch {@link #finiteEpoch()} computed its finite loss, or, with
 * early stopping, the parameters at the best epoch's ({@link #restoredBestEpoch()}).
 */
public class TrainingDivergedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    /** The epoch, from 1. */
    private final int epoch;
    /** The update within the epoch, from 1. */
    private final int step;
    /** What went non-finite: the loss, a gradient element or an updated value. */
    private final String what;
    /** The first non-finite value met. */
    private final double value;
    /** Whether the parameters were restored to the best early-stopping epoch. */
    private final boolean restoredBestEpoch;
    /** The epoch of the last step whose loss was finite, in whose state the model was left. */
    private final int finiteEpoch;
    /** That step, within its epoch. */
    private final int finiteStep;

    TrainingDivergedException(int epoch, int step, String what, double value, String left, boolean restoredBestEpoch, int finiteEpoch,
            int finiteStep) {
        super("training diverged at epoch " + epoch + ", step " + step + ": " + what + " is " + value + "; " + left
                + " (try a smaller learning rate, gradient clipping, or check the data)");
        this.epoch = epoch;
        this.step = step;
        this.what = what;
        this.value = value;
        this.restoredBestEpoch = restoredBestEpoch;
        this.finiteEpoch = finiteEpoch;
        this.finiteStep = finiteStep;
    }

    /**
     * Returns the epoch of the step whose state the model and the optimizer were left at (see {@link #finiteStep()}).
     *
     * @return the epoch, from 1
     */
    public int finiteEpoch() {
        return finiteEpoch;
    }

    /**
     * Returns the step, within {@link #finiteEpoch()}, in whose state the model and the optimizer were
     * left: its loss was computed with these parameters and was finite, or, when it is this
     * exception's own {@link #step()} and {@link #what()} is the loss, training had taken no step
     * before it and the model is as it was before training. Without early stopping a prediction now
     * equals one made just before that step's update.
     *
     * @return the step, from 1
     */
    public int finiteStep() {
        return finiteStep;
    }

    /** {@return the first non-finite value met} */
    public double value() {
        return value;
    }

    /**
     * Tells what the model was left at.
     *
     * @return true if its parameters were restored to the best early-stopping epoch; false if the
     *     model and the optimizer are at their last finite state, before the failed step
     */
    public boolean restoredBestEpoch() {
        return restoredBestEpoch;
    }

    /** {@return the epoch, from 1} */
    public int epoch() {
        return epoch;
    }

    /** {@return the update within the epoch, from 1} */
    public int step() {
        return step;
    }

    /** {@return "the loss", "the gradient of NAME[r,c]" or "the updated value of NAME[r,c]"} */
    public String what() {
        return what;
    }
}
