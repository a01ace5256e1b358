package org.rnn4j.core.forecast;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Walk-forward backtesting: the forecast origin moves through the test range; at each origin o the
 * method sees the series before o (and the covariates of o … o+H−1) and forecasts the H steps from o,
 * which are compared with what happened. Origins are {@code first, first + step, …} while
 * {@code o + H ≤ T}. The method is not refitted between origins (a model is trained once, on the range
 * before the first origin); metrics are pooled over every forecast point of every origin, and MASE is
 * scaled by the range before the first origin (the training range).
 */
public final class Backtest {
    /** A forecasting method under test: {@link Forecaster#forecast(Series, double[][], int)} fits. */
    @FunctionalInterface
    public interface Method {
        /**
         * Forecasts from the end of a history.
         *
         * @param history the series before the origin
         * @param future the covariates of the H forecast steps (H × C)
         * @param horizon H
         * @return H forecasts
         */
        double[] forecast(Series history, double[][] future, int horizon);
    }

    private final Series series;
    private final int first;
    private final int horizon;
    private final int step;
    private final int season;

    private Backtest(Series series, int first, int horizon, int step, int season) {
        this.series = series;
        this.first = first;
        this.horizon = horizon;
        this.step = step;
        this.season = season;
    }

    /**
     * A backtest whose origins are {@code horizon} steps apart (non-overlapping forecasts) and whose MASE is scaled
     * by the naive forecast (season 1).
     *
     * @param series the whole series
     * @param firstOrigin the first forecast origin = the end of the training range, exclusive
     * @param horizon H ≥ 1
     * @return the backtest
     * @throws IllegalArgumentException if series is null, horizon &lt; 1, or firstOrigin is outside [2, T − H]
     *         (the horizon is then larger than what the series leaves after the training range)
     */
    public static Backtest of(Series series, int firstOrigin, int horizon) {
        if (series == null) {
            throw new IllegalArgumentException("series is null");
        }
        if (horizon < 1) {
            throw new IllegalArgumentException("horizon must be at least 1, got " + horizon);
        }
        if (horizon > series.length() - 2) {
            throw new IllegalArgumentException("horizon " + horizon + " is larger than a series of " + series.length()
                    + " steps allows (it needs at least 2 steps of history)");
        }
        if (firstOrigin < 2 || firstOrigin > series.length() - horizon) {
            throw new IllegalArgumentException("firstOrigin " + firstOrigin + " is outside [2, " + (series.length() - horizon)
                    + "]: a series of " + series.length() + " steps with horizon " + horizon);
        }
        return new Backtest(series, firstOrigin, horizon, horizon, 1);
    }

    /**
     * The same backtest with origins n steps apart.
     *
     * @param n steps between origins (≥ 1; below H the forecasts overlap)
     * @return a new backtest
     * @throws IllegalArgumentException if n &lt; 1
     */
    public Backtest step(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("step must be at least 1, got " + n);
        }
        return new Backtest(series, first, horizon, n, season);
    }

    /**
     * The same backtest with MASE scaled by the seasonal-naive forecast of season m.
     *
     * @param m the season (≥ 1), e.g. 12 for monthly data
     * @return a new backtest
     * @throws IllegalArgumentException if m &lt; 1 or the training range has no more than m steps
     */
    public Backtest season(int m) {
        if (m < 1) {
            throw new IllegalArgumentException("season must be at least 1, got " + m);
        }
        if (first <= m) {
            throw new IllegalArgumentException("the training range has " + first + " steps; MASE with season " + m + " needs more");
        }
        return new Backtest(series, first, horizon, step, m);
    }

    /** {@return the forecast origins, in order} */
    public int[] origins() {
        int n = (series.length() - horizon - first) / step + 1;
        int[] o = new int[n];
        for (int i = 0; i < n; i++) {
            o[i] = first + i * step;
        }
        return o;
    }

    /**
     * The naive forecast as a method.
     *
     * @return a method forecasting the last value
     */
    public static Method naive() {
        return (history, future, h) -> Baselines.naive(history.values(), h);
    }

    /**
     * The seasonal-naive forecast as a method.
     *
     * @param m the season (≥ 1)
     * @return a method repeating the last season
     */
    public static Method seasonalNaive(int m) {
        return (history, future, h) -> Baselines.seasonalNaive(history.values(), m, h);
    }

    /**
     * Runs a method at every origin.
     *
     * @param method the method
     * @return the forecasts, actual values and pooled metrics
     * @throws IllegalArgumentException if method is null, or returns null, another number of forecasts than H, or a
     *         value that is not finite (naming the origin)
     */
    public Result run(Method method) {
        if (method == null) {
            throw new IllegalArgumentException("method is null");
        }
        int[] origins = origins();
        double[][] forecasts = new double[origins.length][];
        double[][] actuals = new double[origins.length][];
        for (int i = 0; i < origins.length; i++) {
            int o = origins[i];
            Series end = series.slice(o, o + horizon);
            double[] f = method.forecast(series.slice(0, o), end.covariateCount() == 0 ? null : end.covariates(), horizon);
            if (f == null || f.length != horizon) {
                throw new IllegalArgumentException("the method returned " + (f == null ? "null" : f.length + " forecasts") + " at origin "
                        + o + "; expected " + horizon);
            }
            Series.requireFinite("forecast at origin " + o, f);
            forecasts[i] = f.clone();
            actuals[i] = end.values();
        }
        double scale = Metrics.scale(series.slice(0, first).values(), season);
        return new Result(origins, forecasts, actuals, scale);
    }

    /** The forecasts of a backtest and their pooled metrics. */
    public static final class Result {
        private final int[] origins;
        private final double[][] forecasts;
        private final double[][] actuals;
        private final double[] flatForecasts;
        private final double[] flatActuals;
        private final double scale;

        Result(int[] origins, double[][] forecasts, double[][] actuals, double scale) {
            this.origins = origins;
            this.forecasts = forecasts;
            this.actuals = actuals;
            this.scale = scale;
            this.flatForecasts = flatten(forecasts);
            this.flatActuals = flatten(actuals);
        }

        private static double[] flatten(double[][] rows) {
            List<Double> all = new ArrayList<>();
            for (double[] r : rows) {
                for (double v : r) {
                    all.add(v);
                }
            }
            return all.stream().mapToDouble(Double::doubleValue).toArray();
        }

        /** {@return the origins, in order} */
        public int[] origins() {
            return origins.clone();
        }

        /**
         * The forecasts made at one origin.
         *
         * @param i the origin's index in {@link #origins()}
         * @return a copy of its H forecasts
         */
        public double[] forecasts(int i) {
            return forecasts[i].clone();
        }

        /**
         * What happened after one origin.
         *
         * @param i the origin's index in {@link #origins()}
         * @return a copy of the H actual values
         */
        public double[] actuals(int i) {
            return actuals[i].clone();
        }

        /** {@return every forecast, origin by origin, as one array} */
        public double[] allForecasts() {
            return flatForecasts.clone();
        }

        /** {@return every actual value, origin by origin, as one array} */
        public double[] allActuals() {
            return flatActuals.clone();
        }

        /** {@return the pooled {@link Metrics#mae}} */
        public double mae() {
            return Metrics.mae(flatActuals, flatForecasts);
        }

        /** {@return the pooled {@link Metrics#rmse}} */
        public double rmse() {
            return Metrics.rmse(flatActuals, flatForecasts);
        }

        /** {@return the pooled {@link Metrics#smape}, in percent} */
        public double smape() {
            return Metrics.smape(flatActuals, flatForecasts);
        }

        /** {@return the pooled {@link Metrics#mase}, scaled by the training range} */
        public double mase() {
            return mae() / scale;
        }

        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT, "%d origins: MAE %.4g, RMSE %.4g, sMAPE %.3g%%, MASE %.3g", origins.length, mae(),
                    rmse(), smape(), mase()) + " " + Arrays.toString(origins);
        }
    }
}
