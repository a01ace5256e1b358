package org.rnn4j.core.forecast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Every metric against values worked by hand. actual [1, 2, 3, 4], forecast [2, 2, 2, 6]: errors
 * 1, 0, 1, 2; in-sample [1, 3, 2, 6]: first differences 2, 1, 4 (mean 7/3), lag-2 differences 1, 3 (mean 2).
 */
class MetricsTest {
    private static final double[] A = {1, 2, 3, 4};
    private static final double[] F = {2, 2, 2, 6};
    private static final double[] IN_SAMPLE = {1, 3, 2, 6};

    @Test
    void maeIsTheMeanAbsoluteError() {
        assertEquals(1.0, Metrics.mae(A, F), 1e-15); // (1 + 0 + 1 + 2) / 4
    }

    @Test
    void rmseIsTheRootOfTheMeanSquaredError() {
        assertEquals(Math.sqrt(1.5), Metrics.rmse(A, F), 1e-15); // sqrt((1 + 0 + 1 + 4) / 4)
    }

    @Test
    void smapeIsTheSymmetricPercentageError() {
        // 100/4 · (2·1/3 + 0 + 2·1/5 + 2·2/10)
        assertEquals(100.0 / 4 * (2.0 / 3 + 0.4 + 0.4), Metrics.smape(A, F), 1e-12);
    }

    @Test
    void smapeCountsZeroOverZeroAsZero() {
        assertEquals(100.0, Metrics.smape(new double[] {0, 0}, new double[] {0, 1}), 1e-15); // (0 + 2·1/1) · 100 / 2
    }

    @Test
    void smapeIsAtMostTwoHundred() {
        assertEquals(200.0, Metrics.smape(new double[] {1, -1}, new double[] {-1, 1}), 1e-12);
    }

    @Test
    void maseWithSeasonOneScalesByTheNaiveInSampleError() {
        assertEquals(7.0 / 3, Metrics.scale(IN_SAMPLE, 1), 1e-15);
        assertEquals(3.0 / 7, Metrics.mase(A, F, IN_SAMPLE, 1), 1e-15);
    }

    @Test
    void maseWithSeasonTwoScalesByTheSeasonalDifferences() {
        assertEquals(2.0, Metrics.scale(IN_SAMPLE, 2), 1e-15);
        assertEquals(0.5, Metrics.mase(A, F, IN_SAMPLE, 2), 1e-15);
    }

    @Test
    void perfectForecastsScoreZero() {
        assertEquals(0, Metrics.mae(A, A));
        assertEquals(0, Metrics.rmse(A, A));
        assertEquals(0, Metrics.smape(A, A));
        assertEquals(0, Metrics.mase(A, A, IN_SAMPLE, 1));
    }

    @Test
    void emptyArraysAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Metrics.mae(new double[0], new double[0]));
        assertTrue(e.getMessage().contains("actual is empty"), e.getMessage());
    }

    @Test
    void differentLengthsAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Metrics.rmse(A, new double[] {1, 2}));
        assertTrue(e.getMessage().contains("4 actual values but 2 forecasts"), e.getMessage());
    }

    @Test
    void nanIsRefusedNamingItsIndex() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Metrics.smape(A, new double[] {1, Double.NaN, 1, 1}));
        assertTrue(e.getMessage().contains("forecast[1] is NaN"), e.getMessage());
    }

    @Test
    void nullIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Metrics.mae(null, F));
        assertTrue(e.getMessage().contains("actual is null"), e.getMessage());
    }

    @Test
    void maseOfAPeriodicInSampleSeriesIsUndefined() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Metrics.mase(A, F, new double[] {1, 2, 1, 2}, 2));
        assertTrue(e.getMessage().contains("period 2"), e.getMessage());
    }

    @Test
    void maseNeedsMoreInSampleValuesThanTheSeason() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Metrics.mase(A, F, IN_SAMPLE, 4));
        assertTrue(e.getMessage().contains("needs more than 4"), e.getMessage());
    }

    @Test
    void seasonBelowOneIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Metrics.scale(IN_SAMPLE, 0));
    }
}
