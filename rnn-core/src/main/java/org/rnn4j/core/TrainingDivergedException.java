package org.rnn4j.core;

/**
 * Thrown when training meets the first non-finite value, naming where: the epoch, the update within
 * it, and whether it was the loss, a gradient element or an updated parameter value. Nothing of the
 * failed update is written: the model and the optimizer are left at their last finite state, or,
 * with early stopping, the parameters at the best epoch's ({@link #restoredBestEpoch()}).
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

    TrainingDivergedException(int epoch, int step, String what, double value, String left, boolean restoredBestEpoch) {
        super("training diverged at epoch " + epoch + ", step " + step + ": " + what + " is " + value + "; " + left
                + " (try a smaller learning rate, gradient clipping, or check the data)");
        this.epoch = epoch;
        this.step = step;
        this.what = what;
        this.value = value;
        this.restoredBestEpoch = restoredBestEpoch;
    }

    /** @return the first non-finite value met */
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

    /** @return the epoch, from 1 */
    public int epoch() {
        return epoch;
    }

    /** @return the update within the epoch, from 1 */
    public int step() {
        return step;
    }

    /** @return "the loss", "the gradient of NAME[r,c]" or "the updated value of NAME[r,c]" */
    public String what() {
        return what;
    }
}
