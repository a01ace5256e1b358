package org.rnn4j.core.forecast;

import java.util.List;

/**
 * Scales a series' columns (column 0 the target, columns 1…C its covariates) as
 * {@code z = (x − offset) / scale}, one offset and scale per column, fitted on the training range
 * only so that nothing of the validation or test range leaks into training.
 *
 * <ul>
 *   <li>{@link Kind#STANDARD}: offset = mean, scale = population standard deviation.</li>
 *   <li>{@link Kind#MIN_MAX}: offset = min, scale = max − min (the training range maps onto [0, 1]).</li>
 * </ul>
 * A column that is constant over the training range gets scale 1 (its values shift to 0 and keep their
 * unit), so scaling never divides by zero. A scaler is fitted once; using it before {@link #fit} throws
 * {@link IllegalStateException}. {@link Forecaster#save} stores the fitted offsets and scales beside
 * the model's checkpoint.
 */
public final class Scaler {
    /** How a scaler computes its offsets and scales. */
    public enum Kind {
        /** Offset the mean, scale the population standard deviation. */
        STANDARD,
        /** Offset the minimum, scale the range (max − min). */
        MIN_MAX
    }

    private final Kind kind;
    private double[] offsets;
    private double[] scales;

    private Scaler(Kind kind) {
        this.kind = kind;
    }

    /** {@return an unfitted standard scaler (mean 0, standard deviation 1 over the training range)} */
    public static Scaler standard() {
        return new Scaler(Kind.STANDARD);
    }

    /** {@return an unfitted min-max scaler (the training range onto [0, 1])} */
    public static Scaler minMax() {
        return new Scaler(Kind.MIN_MAX);
    }

    /**
     * A fitted scaler from stored figures (what {@link Forecaster#load} uses).
     *
     * @param kind the kind
     * @param offsets (input, copied) one offset per column
     * @param scales (input, copied) one positive scale per column
     * @return the fitted scaler
     * @throws IllegalArgumentException if an argument is null, the arrays are empty or of different lengths,
     *         an offset is not finite or a scale is not finite and positive
     */
    public static Scaler fitted(Kind kind, double[] offsets, double[] scales) {
        if (kind == null || offsets == null || scales == null) {
            throw new IllegalArgumentException("kind, offsets and scales must not be null");
        }
        if (offsets.length == 0 || offsets.length != scales.length) {
            throw new IllegalArgumentException(offsets.length + " offsets and " + scales.length
                    + " scales: a scaler needs the same positive number of each");
        }
        for (int c = 0; c < offsets.length; c++) {
            if (!Double.isFinite(offsets[c]) || !Double.isFinite(scales[c]) || scales[c] <= 0) {
                throw new IllegalArgumentException("column " + c + " has offset " + offsets[c] + " and scale " + scales[c]
                        + "; offsets must be finite and scales finite and positive");
            }
        }
        Scaler s = new Scaler(kind);
        s.offsets = offsets.clone();
        s.scales = scales.clone();
        return s;
    }

    /**
     * Fits on the first {@code trainEnd} steps of one series.
     *
     * @param series the series
     * @param trainEnd the end of the training range, exclusive, in [1, T]
     * @return this scaler
     * @throws IllegalArgumentException if series is null or trainEnd is outside [1, T]
     * @throws IllegalStateException if the scaler was already fitted
     */
    public Scaler fit(Series series, int trainEnd) {
        if (series == null) {
            throw new IllegalArgumentException("series is null");
        }
        if (trainEnd < 1 || trainEnd > series.length()) {
            throw new IllegalArgumentException("trainEnd " + trainEnd + " is outside [1, " + series.length() + "] for a series of "
                    + series.length() + " steps");
        }
        return fit(List.of(series.slice(0, trainEnd)));
    }

    /**
     * Fits on every step of the given training series, pooled (one offset and scale per column for all of them).
     *
     * @param training the training ranges of one or more series, all with the same number of covariates
     * @return this scaler
     * @throws IllegalArgumentException if training is null or empty, holds null, or the series' covariate counts differ
     * @throws IllegalStateException if the scaler was already fitted
     */
    public Scaler fit(List<Series> training) {
        if (offsets != null) {
            throw new IllegalStateException("this " + kind + " scaler is already fitted; make a new one to fit other data");
        }
        int columns = Windows.requireSeries("training", training);
        double[] lo = new double[columns];
        double[] hi = new double[columns];
        double[] sum = new double[columns];
        long n = 0;
        java.util.Arrays.fill(lo, Double.POSITIVE_INFINITY);
        java.util.Arrays.fill(hi, Double.NEGATIVE_INFINITY);
        for (Series s : training) {
            for (int t = 0; t < s.length(); t++) {
                for (int c = 0; c < columns; c++) {
                    double x = Windows.column(s, t, c);
                    lo[c] = Math.min(lo[c], x);
                    hi[c] = Math.max(hi[c], x);
                    sum[c] += x;
                }
            }
            n += s.length();
        }
        double[] off = new double[columns];
        double[] sc = new double[columns];
        for (int c = 0; c < columns; c++) {
            if (kind == Kind.MIN_MAX) {
                off[c] = lo[c];
                sc[c] = hi[c] - lo[c];
            } else {
                double mean = sum[c] / n;
                double ss = 0;
                for (Series s : training) {
                    for (int t = 0; t < s.length(); t++) {
                        double d = Windows.column(s, t, c) - mean;
                        ss += d * d;
                    }
                }
                off[c] = mean;
                sc[c] = Math.sqrt(ss / n);
            }
            if (!(sc[c] > 0) || !Double.isFinite(sc[c])) {
                sc[c] = 1;
            }
        }
        offsets = off;
        scales = sc;
        return this;
    }

    /** {@return whether {@link #fit} has run (or the scaler was made {@link #fitted})} */
    public boolean isFitted() {
        return offsets != null;
    }

    /** {@return the kind} */
    public Kind kind() {
        return kind;
    }

    /** {@return the number of columns it was fitted on (1 + covariates)} */
    public int columns() {
        requireFitted();
        return offsets.length;
    }

    /** {@return a copy of the offsets, one per column} */
    public double[] offsets() {
        requireFitted();
        return offsets.clone();
    }

    /** {@return a copy of the scales, one per column} */
    public double[] scales() {
        requireFitted();
        return scales.clone();
    }

    /**
     * Scales one value.
     *
     * @param x the value
     * @param column its column (0 the target)
     * @return (x − offset) / scale
     * @throws IllegalStateException if the scaler is not fitted
     * @throws IllegalArgumentException if column is out of range
     */
    public double transform(double x, int column) {
        requireColumn(column);
        return (x - offsets[column]) / scales[column];
    }

    /**
     * Undoes {@link #transform}.
     *
     * @param z a scaled value
     * @param column its column (0 the target)
     * @return z · scale + offset
     * @throws IllegalStateException if the scaler is not fitted
     * @throws IllegalArgumentException if column is out of range
     */
    public double inverse(double z, int column) {
        requireColumn(column);
        return z * scales[column] + offsets[column];
    }

    private void requireColumn(int column) {
        requireFitted();
        if (column < 0 || column >= offsets.length) {
            throw new IllegalArgumentException("column " + column + " is outside [0, " + offsets.length + ") of this scaler");
        }
    }

    private void requireFitted() {
        if (offsets == null) {
            throw new IllegalStateException("this " + kind + " scaler is not fitted: call fit(...) on the training range first");
        }
    }

    @Override
    public String toString() {
        return offsets == null ? kind + " scaler (not fitted)"
                : kind + " scaler, offsets " + java.util.Arrays.toString(offsets) + ", scales " + java.util.Arrays.toString(scales);
    }
}
