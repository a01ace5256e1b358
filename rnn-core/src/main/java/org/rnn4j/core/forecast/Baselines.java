package org.rnn4j.core.forecast;

/**
 * The forecasts every model must beat. For a history y_0 … y_{T−1} and steps h = 1 … H:
 * <pre>
 * naive           ŷ_{T−1+h} = y_{T−1}
 * seasonal naive  ŷ_{T−1+h} = y_{T−1+h−m·k},  k = ⌊(h−1)/m⌋ + 1   (the value one season back, repeated)
 * </pre>
 */
public final class Baselines {
    private Baselines() {
    }

    /**
     * The naive forecast: the last value, H times.
     *
     * @param history the values up to the forecast origin, at least one
     * @param horizon H ≥ 1
     * @return H forecasts
     * @throws IllegalArgumentException if history is null, empty or holds a value that is not finite, or horizon &lt; 1
     */
    public static double[] naive(double[] history, int horizon) {
        return seasonalNaive(history, 1, horizon);
    }

    /**
     * The seasonal-naive forecast: the last full season, repeated.
     *
     * @param history the values up to the forecast origin, at least {@code season} of them
     * @param season m ≥ 1 (1 gives the naive forecast)
     * @param horizon H ≥ 1
     * @return H forecasts
     * @throws IllegalArgumentException if history is null, holds a value that is not finite or fewer than m values,
     *         or season or horizon &lt; 1
     */
    public static double[] seasonalNaive(double[] history, int season, int horizon) {
        Metrics.requireValues("history", history);
        if (season < 1) {
            throw new IllegalArgumentException("season must be at least 1, got " + season);
        }
        if (horizon < 1) {
            throw new IllegalArgumentException("horizon must be at least 1, got " + horizon);
        }
        if (history.length < season) {
            throw new IllegalArgumentException("the history has " + history.length + " values; a seasonal-naive forecast with season "
                    + season + " needs at least " + season);
        }
        int last = history.length - 1;
        double[] f = new double[horizon];
        for (int h = 1; h <= horizon; h++) {
            f[h - 1] = history[last + h - season * ((h - 1) / season + 1)];
        }
        return f;
    }
}
