package org.rnn4j.core.forecast;

import java.util.ArrayList;
import java.util.List;
import org.rnn4j.core.Loss;
import org.rnn4j.core.SequenceDataset;

/**
 * Sliding windows over one or many series, as training sets for a forecaster. Each step's input row
 * is {@code [y_t, cov_t,1 … cov_t,C]}, scaled column by column by a fitted {@link Scaler}; windows of
 * {@code lookback} steps start every {@code stride} steps of every series.
 *
 * <ul>
 *   <li>{@link #recursive}: one-step-ahead at every step (many-to-many): the window [s, s+L) is
 *       the input and [s+1, s+L] its targets, so the network learns to predict the next value from
 *       whatever it has seen; a recursive forecast then feeds its own predictions back through a
 *       {@link org.rnn4j.core.Stepper}. A series of T steps gives ⌊(T − L − 1) / stride⌋ + 1 windows.</li>
 *   <li>{@link #direct}: the window [s, s+L) is the input and the next H values [s+L, s+L+H) are
 *       the H outputs of its last step (many-to-one, multi-output). A series gives
 *       ⌊(T − L − H) / stride⌋ + 1 windows.</li>
 * </ul>
 * A series too short for one window contributes none; a list that yields no window at all is an error.
 */
public final class Windows {
    private final int lookback;
    private final int horizon;
    private final boolean direct;
    private final int stride;

    private Windows(int lookback, int horizon, boolean direct, int stride) {
        if (lookback < 1) {
            throw new IllegalArgumentException("lookback must be at least 1 step, got " + lookback);
        }
        if (horizon < 1) {
            throw new IllegalArgumentException("horizon must be at least 1 step, got " + horizon);
        }
        if (stride < 1) {
            throw new IllegalArgumentException("stride must be at least 1 step, got " + stride);
        }
        this.lookback = lookback;
        this.horizon = horizon;
        this.direct = direct;
        this.stride = stride;
    }

    /**
     * Windows for a recursive (one-step-ahead, every step) forecaster.
     *
     * @param lookback L, steps per window (≥ 1)
     * @return the windows, stride 1
     * @throws IllegalArgumentException if lookback &lt; 1
     */
    public static Windows recursive(int lookback) {
        return new Windows(lookback, 1, false, 1);
    }

    /**
     * Windows for a direct multi-output forecaster.
     *
     * @param lookback L, steps per window (≥ 1)
     * @param horizon H, values forecast at once (≥ 1)
     * @return the windows, stride 1
     * @throws IllegalArgumentException if lookback or horizon &lt; 1
     */
    public static Windows direct(int lookback, int horizon) {
        return new Windows(lookback, horizon, true, 1);
    }

    /**
     * The same windows with another stride.
     *
     * @param n steps between the starts of consecutive windows (≥ 1)
     * @return new windows
     * @throws IllegalArgumentException if n &lt; 1
     */
    public Windows stride(int n) {
        return new Windows(lookback, horizon, direct, n);
    }

    /** {@return L, steps per window} */
    public int lookback() {
        return lookback;
    }

    /** {@return H, the outputs per window (1 for recursive windows)} */
    public int horizon() {
        return horizon;
    }

    /** {@return whether these are direct (multi-output) windows} */
    public boolean isDirect() {
        return direct;
    }

    /** {@return the steps between window starts} */
    public int stride() {
        return stride;
    }

    /**
     * Counts the windows one series gives.
     *
     * @param length T, the series' length
     * @return the number of windows (0 if the series is too short)
     */
    public int count(int length) {
        int span = lookback + (direct ? horizon : 1);
        return length < span ? 0 : (length - span) / stride + 1;
    }

    /**
     * Builds the MSE training set of these windows.
     *
     * @param series the training ranges of one or more series, all with the same number of covariates
     * @param scaler a scaler fitted on the same columns (1 + covariates)
     * @return the data set: N windows of L steps and 1 + C features; targets as described above, scaled
     * @throws IllegalArgumentException if series is null, empty or holds null, covariate counts differ, the
     *         scaler's columns differ, or no series is long enough for one window (naming the lengths needed)
     * @throws IllegalStateException if the scaler is not fitted
     */
    public SequenceDataset dataset(List<Series> series, Scaler scaler) {
        Arrays a = arrays(series, scaler);
        if (direct) {
            return SequenceDataset.lastStep(Loss.MSE, a.inputs, a.lastStep);
        }
        return SequenceDataset.everyStep(Loss.MSE, a.inputs, a.everyStep, null);
    }

    /** The windows' scaled inputs and targets ({@code lastStep} for direct windows, {@code everyStep} for recursive ones). */
    static final class Arrays {
        final double[][][] inputs;
        final double[][] lastStep;
        final double[][][] everyStep;

        Arrays(double[][][] inputs, double[][] lastStep, double[][][] everyStep) {
            this.inputs = inputs;
            this.lastStep = lastStep;
            this.everyStep = everyStep;
        }
    }

    /** What {@link #dataset} wraps. */
    Arrays arrays(List<Series> series, Scaler scaler) {
        int columns = requireSeries("series", series);
        requireScaler(scaler, columns);
        List<double[][]> inputs = new ArrayList<>();
        List<double[]> lastStep = new ArrayList<>();
        List<double[][]> everyStep = new ArrayList<>();
        int longest = 0;
        for (Series s : series) {
            longest = Math.max(longest, s.length());
            for (int w = 0; w < count(s.length()); w++) {
                int start = w * stride;
                inputs.add(inputs(s, start, start + lookback, scaler));
                if (direct) {
                    double[] y = new double[horizon];
                    for (int h = 0; h < horizon; h++) {
                        y[h] = scaler.transform(s.value(start + lookback + h), 0);
                    }
                    lastStep.add(y);
                } else {
                    double[][] y = new double[lookback][1];
                    for (int t = 0; t < lookback; t++) {
                        y[t][0] = scaler.transform(s.value(start + t + 1), 0);
                    }
                    everyStep.add(y);
                }
            }
        }
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("no series is long enough for one window: the longest has " + longest + " steps; "
                    + (direct ? "direct windows of lookback " + lookback + " and horizon " + horizon + " need " + (lookback + horizon)
                            : "recursive windows of lookback " + lookback + " need " + (lookback + 1)));
        }
        return new Arrays(inputs.toArray(new double[0][][]), direct ? lastStep.toArray(new double[0][]) : null,
                direct ? null : everyStep.toArray(new double[0][][]));
    }

    /** The scaled input rows of steps [from, to) of a series: [to − from][1 + C]. */
    static double[][] inputs(Series s, int from, int to, Scaler scaler) {
        int columns = 1 + s.covariateCount();
        double[][] x = new double[to - from][columns];
        for (int t = from; t < to; t++) {
            for (int c = 0; c < columns; c++) {
                x[t - from][c] = scaler.transform(column(s, t, c), c);
            }
        }
        return x;
    }

    /** Column c of step t: the value for c = 0, else covariate c − 1. */
    static double column(Series s, int t, int c) {
        return c == 0 ? s.value(t) : s.covariate(t, c - 1);
    }

    /** Checks a non-empty list of series with one covariate count; returns 1 + that count. */
    static int requireSeries(String what, List<Series> series) {
        if (series == null || series.isEmpty()) {
            throw new IllegalArgumentException(what + " is " + (series == null ? "null" : "empty") + ": give at least one series");
        }
        int c = -1;
        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            if (s == null) {
                throw new IllegalArgumentException(what + "[" + i + "] is null");
            }
            if (c >= 0 && s.covariateCount() != c) {
                throw new IllegalArgumentException(what + "[" + i + "] has " + s.covariateCount() + " covariate(s) but " + what
                        + "[0] has " + c);
            }
            c = s.covariateCount();
        }
        return 1 + c;
    }

    static void requireScaler(Scaler scaler, int columns) {
        if (scaler == null) {
            throw new IllegalArgumentException("scaler is null");
        }
        if (scaler.columns() != columns) {
            throw new IllegalArgumentException("the scaler was fitted on " + scaler.columns() + " column(s); these series have "
                    + columns + " (the target and " + (columns - 1) + " covariate(s))");
        }
    }

    @Override
    public String toString() {
        return (direct ? "direct windows, lookback " + lookback + ", horizon " + horizon : "recursive windows, lookback " + lookback)
                + ", stride " + stride;
    }
}
