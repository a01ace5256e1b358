package org.rnn4j.core;

/**
 * Thrown when training meets the first non-finite loss or gradient, naming where: the epoch,
 * the update within it, and the loss or the parameter whose gradient went bad.
 */
public class TrainingDivergedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int epoch;
    private final int step;
    private final String what;

    TrainingDivergedException(int epoch, int step, String what, double value) {
        super("training diverged at epoch " + epoch + ", step " + step + ": " + what + " is " + value
                + " (try a smaller learning rate, gradient clipping, or check the data)");
        this.epoch = epoch;
        this.step = step;
        this.what = what;
    }

    /** @return the epoch, from 1 */
    public int epoch() {
        return epoch;
    }

    /** @return the update within the epoch, from 1 */
    public int step() {
        return step;
    }

    /** @return "loss" or "gradient of NAME" */
    public String what() {
        return what;
    }
}
