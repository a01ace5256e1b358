package org.rnn4j.core;

/**
 * The training objective on the outputs y (raw, before any softmax), averaged over the counted
 * (step, sequence) pairs N: every sequence at the last step for {@link OutputMode#LAST_STEP}, every
 * unmasked pair for {@link OutputMode#EVERY_STEP}.
 */
public enum Loss {
    /**
     * Mean squared error over every counted output element:
     * {@code L = Σ (y − target)² / (N·O)}, gradient {@code dL/dy = 2(y − target) / (N·O)}. For
     * regression, such as the sine task.
     */
    MSE,
    /**
     * Softmax cross-entropy: {@code L = −Σ_n Σ_o target_o · log softmax(y)_o / N}, with the
     * log-softmax computed stably (the row maximum is subtracted first), gradient
     * {@code (softmax(y) − target) / N}. Targets are probability rows (non-negative, summing to 1;
     * one-hot for classes).
     */
    SOFTMAX_CROSS_ENTROPY;

    /**
     * Adds one row's loss (un-normalised) and writes its gradient scaled by {@code scale}.
     *
     * @param y outputs, O values from {@code yOff}
     * @param yOff offset of the row in y
     * @param target targets, O values from {@code tOff}
     * @param tOff offset of the row in target
     * @param outputs O
     * @param scale the normalisation 1/N or 1/(N·O) applied to the gradient
     * @param dy (output) gradient, O values from {@code yOff}
     * @return the row's loss before normalisation
     */
    double row(double[] y, int yOff, double[] target, int tOff, int outputs, double scale, double[] dy) {
        double loss = 0;
        if (this == MSE) {
            for (int o = 0; o < outputs; o++) {
                double d = y[yOff + o] - target[tOff + o];
                loss += d * d;
                dy[yOff + o] = 2 * d * scale;
            }
            return loss;
        }
        double max = Double.NEGATIVE_INFINITY;
        for (int o = 0; o < outputs; o++) {
            max = Math.max(max, y[yOff + o]);
        }
        double sum = 0;
        for (int o = 0; o < outputs; o++) {
            sum += Math.exp(y[yOff + o] - max);
        }
        double logSum = Math.log(sum) + max;
        for (int o = 0; o < outputs; o++) {
            double logP = y[yOff + o] - logSum;
            double t = target[tOff + o];
            if (t != 0) {
                loss -= t * logP;
            }
            dy[yOff + o] = (Math.exp(logP) - t) * scale;
        }
        return loss;
    }

    /**
     * The gradient scale for N counted rows of O outputs.
     *
     * @param counted N
     * @param outputs O
     * @return 1/(N·O) for MSE, 1/N for cross-entropy; 0 when nothing is counted
     */
    double scale(int counted, int outputs) {
        if (counted == 0) {
            return 0;
        }
        return this == MSE ? 1.0 / ((double) counted * outputs) : 1.0 / counted;
    }
}
