package org.rnn4j.core.forecast;

import java.util.Arrays;

/**
 * One time series: T values of the target and, optionally, C covariates per step (known inputs such
 * as a calendar or a price, T×C). Immutable: the arrays are copied in and out.
 */
public final class Series {
    private final double[] values;
    private final double[][] covariates;

    private Series(double[] values, double[][] covariates) {
        this.values = values;
        this.covariates = covariates;
    }

    /**
     * A series without covariates.
     *
     * @param values (input, copied) the target's values, oldest first
     * @return the series
     * @throws IllegalArgumentException if values is null or empty, or a value is NaN or infinite (naming its index)
     */
    public static Series of(double[] values) {
        return of(values, null);
    }

    /**
     * A series with covariates.
     *
     * @param values (input, copied) the target's values, oldest first
     * @param covariates (input, copied) T×C covariates, row t beside value t; null or C = 0 for none
     * @return the series
     * @throws IllegalArgumentException if values is empty, covariates has another number of rows than values,
     *         rows are ragged, or a value is NaN or infinite (naming its index)
     */
    public static Series of(double[] values, double[][] covariates) {
        if (values == null) {
            throw new IllegalArgumentException("values is null");
        }
        if (values.length == 0) {
            throw new IllegalArgumentException("the series is empty: a series needs at least one value");
        }
        requireFinite("values", values);
        double[][] cov = copyCovariates("covariates", covariates, values.length);
        return new Series(values.clone(), cov);
    }

    static double[][] copyCovariates(String what, double[][] covariates, int rows) {
        if (covariates == null) {
            return new double[rows][0];
        }
        if (covariates.length != rows) {
            throw new IllegalArgumentException(what + " has " + covariates.length + " rows; expected " + rows + " (one per step)");
        }
        int c = rows == 0 ? 0 : requireRow(what, covariates, 0).length;
        double[][] copy = new double[rows][];
        for (int t = 0; t < rows; t++) {
            double[] row = requireRow(what, covariates, t);
            if (row.length != c) {
                throw new IllegalArgumentException(what + "[" + t + "] has " + row.length + " values but " + what + "[0] has " + c);
            }
            requireFinite(what + "[" + t + "]", row);
            copy[t] = row.clone();
        }
        return copy;
    }

    private static double[] requireRow(String what, double[][] rows, int t) {
        if (rows[t] == null) {
            throw new IllegalArgumentException(what + "[" + t + "] is null");
        }
        return rows[t];
    }

    static void requireFinite(String what, double[] v) {
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                throw new IllegalArgumentException(what + "[" + i + "] is " + v[i] + "; a series holds finite values only");
            }
        }
    }

    /** {@return T, the number of steps} */
    public int length() {
        return values.length;
    }

    /** {@return C, the number of covariates per step (0 for none)} */
    public int covariateCount() {
        return covariates[0].length;
    }

    /** {@return a copy of the target's values} */
    public double[] values() {
        return values.clone();
    }

    /**
     * Returns one value without copying the series.
     *
     * @param t the step, in [0, T)
     * @return the target's value at step t
     * @throws IllegalArgumentException if t is outside [0, T)
     */
    public double value(int t) {
        requireStep(t);
        return values[t];
    }

    /**
     * Returns one covariate without copying the series.
     *
     * @param t the step, in [0, T)
     * @param c the covariate, in [0, C)
     * @return covariate c at step t
     * @throws IllegalArgumentException if t or c is out of range
     */
    public double covariate(int t, int c) {
        requireStep(t);
        if (c < 0 || c >= covariateCount()) {
            throw new IllegalArgumentException("covariate " + c + " is outside [0, " + covariateCount() + ")");
        }
        return covariates[t][c];
    }

    /** {@return a copy of the T×C covariates (T empty rows if there are none)} */
    public double[][] covariates() {
        double[][] copy = new double[covariates.length][];
        for (int t = 0; t < copy.length; t++) {
            copy[t] = covariates[t].clone();
        }
        return copy;
    }

    /**
     * Returns the steps [from, to) as a series of their own.
     *
     * @param from first step, inclusive
     * @param to last step, exclusive
     * @return the slice
     * @throws IllegalArgumentException unless 0 ≤ from &lt; to ≤ T
     */
    public Series slice(int from, int to) {
        if (from < 0 || to > values.length || from >= to) {
            throw new IllegalArgumentException("slice [" + from + ", " + to + ") of a series of " + values.length
                    + " steps: need 0 ≤ from < to ≤ " + values.length);
        }
        return new Series(Arrays.copyOfRange(values, from, to), Arrays.copyOfRange(covariates, from, to));
    }

    private void requireStep(int t) {
        if (t < 0 || t >= values.length) {
            throw new IllegalArgumentException("step " + t + " is outside the series' [0, " + values.length + ")");
        }
    }

    @Override
    public String toString() {
        return "Series[" + values.length + " steps, " + covariateCount() + " covariate(s)]";
    }
}
