package org.rnn4j.core.forecast;

/**
 * Forecast accuracy over n pairs of actual values a and forecasts f:
 * <pre>
 * MAE   = (1/n) Σ |a_i − f_i|
 * RMSE  = sqrt((1/n) Σ (a_i − f_i)²)
 * sMAPE = (100/n) Σ 2·|a_i − f_i| / (|a_i| + |f_i|)      in [0, 200]; a term with a_i = f_i = 0 counts 0
 * MASE  = MAE / ((1/(T−m)) Σ_{t=m}^{T−1} |y_t − y_{t−m}|)  y the in-sample (training) series, m the season
 * </pre>
 * MASE scales the error by the in-sample MAE of the seasonal-naive one-step forecast (m = 1: the naive
 * forecast), so a value below 1 beats that baseline (Hyndman and Koehler, 2006).
 */
public final class Metrics {
    private Metrics() {
    }

    /**
     * Mean absolute error.
     *
     * @param actual the actual values
     * @param forecast the forecasts, as many as actual
     * @return the MAE
     * @throws IllegalArgumentException if an array is null or empty, their lengths differ, or a value is not finite
     */
    public static double mae(double[] actual, double[] forecast) {
        requirePairs(actual, forecast);
        double sum = 0;
        for (int i = 0; i < actual.length; i++) {
            sum += Math.abs(actual[i] - forecast[i]);
        }
        return sum / actual.length;
    }

    /**
     * Root mean squared error.
     *
     * @param actual the actual values
     * @param forecast the forecasts, as many as actual
     * @return the RMSE
     * @throws IllegalArgumentException if an array is null or empty, their lengths differ, or a value is not finite
     */
    public static double rmse(double[] actual, double[] forecast) {
        requirePairs(actual, forecast);
        double sum = 0;
        for (int i = 0; i < actual.length; i++) {
            double d = actual[i] - forecast[i];
            sum += d * d;
        }
        return Math.sqrt(sum / actual.length);
    }

    /**
     * Symmetric mean absolute percentage error, in percent.
     *
     * @param actual the actual values
     * @param forecast the forecasts, as many as actual
     * @return the sMAPE in [0, 200]
     * @throws IllegalArgumentException if an array is null or empty, their lengths differ, or a value is not finite
     */
    public static double smape(double[] actual, double[] forecast) {
        requirePairs(actual, forecast);
        double sum = 0;
        for (int i = 0; i < actual.length; i++) {
            double denominator = Math.abs(actual[i]) + Math.abs(forecast[i]);
            if (denominator > 0) {
                sum += 2 * Math.abs(actual[i] - forecast[i]) / denominator;
            }
        }
        return 100 * sum / actual.length;
    }

    /**
     * Mean absolute scaled error.
     *
     * @param actual the actual values
     * @param forecast the forecasts, as many as actual
     * @param inSample the training series the scale comes from, more than {@code season} values
     * @param season m ≥ 1 (1: scale by the naive forecast's in-sample error)
     * @return the MASE
     * @throws IllegalArgumentException if the pairs are invalid (see {@link #mae}), season &lt; 1, the in-sample
     *         series has no more than {@code season} values or a value that is not finite, or it is periodic with
     *         period m (its seasonal differences are all 0, so the scale is 0)
     */
    public static double mase(double[] actual, double[] forecast, double[] inSample, int season) {
        return mae(actual, forecast) / scale(inSample, season);
    }

    /**
     * The MASE denominator: the in-sample MAE of the seasonal-naive one-step forecast.
     *
     * @param inSample the training series, more than {@code season} values
     * @param season m ≥ 1
     * @return (1/(T−m)) Σ_{t=m}^{T−1} |y_t − y_{t−m}|, positive
     * @throws IllegalArgumentException as {@link #mase} for these arguments
     */
    public static double scale(double[] inSample, int season) {
        if (season < 1) {
            throw new IllegalArgumentException("season must be at least 1, got " + season);
        }
        requireValues("inSample", inSample);
        if (inSample.length <= season) {
            throw new IllegalArgumentException("the in-sample series has " + inSample.length + " values; MASE with season " + season
                    + " needs more than " + season);
        }
        double sum = 0;
        for (int t = season; t < inSample.length; t++) {
            sum += Math.abs(inSample[t] - inSample[t - season]);
        }
        if (sum == 0) {
            throw new IllegalArgumentException("the in-sample series repeats itself with period " + season
                    + " (every seasonal difference is 0), so MASE's scale is 0 and MASE undefined");
        }
        return sum / (inSample.length - season);
    }

    private static void requirePairs(double[] actual, double[] forecast) {
        requireValues("actual", actual);
        requireValues("forecast", forecast);
        if (actual.length != forecast.length) {
            throw new IllegalArgumentException(actual.length + " actual values but " + forecast.length + " forecasts");
        }
    }

    static void requireValues(String what, double[] v) {
        if (v == null) {
            throw new IllegalArgumentException(what + " is null");
        }
        if (v.length == 0) {
            throw new IllegalArgumentException(what + " is empty");
        }
        Series.requireFinite(what, v);
    }
}
