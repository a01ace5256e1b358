package org.rnn4j.core.forecast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Walk-forward over 1, 2, …, 10 from origin 6 with horizon 2: origins 6 and 8; the naive method
 * forecasts 6, 6 (actual 7, 8) and 8, 8 (actual 9, 10): errors 1, 2, 1, 2; the training range
 * 1 … 6 has naive in-sample error 1.
 */
class BacktestTest {
    private static final Series TEN = Series.of(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10});

    @Test
    void originsMoveByTheHorizon() {
        assertArrayEquals(new int[] {6, 8}, Backtest.of(TEN, 6, 2).origins());
        assertArrayEquals(new int[] {6, 7, 8}, Backtest.of(TEN, 6, 2).step(1).origins());
    }

    @Test
    void naiveMetricsMatchTheHandWorkedValues() {
        Backtest.Result r = Backtest.of(TEN, 6, 2).run(Backtest.naive());
        assertArrayEquals(new double[] {6, 6}, r.forecasts(0));
        assertArrayEquals(new double[] {9, 10}, r.actuals(1));
        assertEquals(1.5, r.mae(), 1e-15);
        assertEquals(Math.sqrt(2.5), r.rmse(), 1e-15);
        assertEquals(1.5, r.mase(), 1e-15);
        double smape = 100.0 / 4 * (2.0 / 13 + 4.0 / 14 + 2.0 / 17 + 4.0 / 18);
        assertEquals(smape, r.smape(), 1e-12);
    }

    @Test
    void theMethodSeesOnlyTheHistoryBeforeEachOrigin() {
        int[] seen = new int[3];
        int[] i = {0};
        Backtest.of(TEN, 6, 2).step(1).run((history, future, h) -> {
            seen[i[0]++] = history.length();
            return new double[h];
        });
        assertArrayEquals(new int[] {6, 7, 8}, seen);
    }

    @Test
    void seasonalMaseScalesByTheSeasonalDifferences() {
        // Training 1 … 6 with season 2: every lag-2 difference is 2, so MASE = MAE / 2.
        Backtest.Result r = Backtest.of(TEN, 6, 2).season(2).run(Backtest.seasonalNaive(2));
        // forecasts 5, 6 (actual 7, 8) and 7, 8 (actual 9, 10): every error 2
        assertEquals(2, r.mae(), 1e-15);
        assertEquals(1, r.mase(), 1e-15);
    }

    @Test
    void theFutureCovariatesReachTheMethod() {
        Series s = Series.of(new double[] {1, 2, 3, 4, 5}, new double[][] {{10}, {20}, {30}, {40}, {50}});
        Backtest.of(s, 3, 2).run((history, future, h) -> {
            assertArrayEquals(new double[][] {{40}, {50}}, future);
            return new double[h];
        });
    }

    @Test
    void aHorizonLargerThanTheSeriesIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Backtest.of(TEN, 6, 12));
        assertTrue(e.getMessage().contains("horizon 12 is larger"), e.getMessage());
    }

    @Test
    void anOriginLeavingNoRoomForTheHorizonIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Backtest.of(TEN, 9, 2));
        assertTrue(e.getMessage().contains("firstOrigin 9 is outside [2, 8]"), e.getMessage());
    }

    @Test
    void aMethodReturningTheWrongCountIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Backtest.of(TEN, 6, 2).run((history, future, h) -> new double[1]));
        assertTrue(e.getMessage().contains("1 forecasts at origin 6; expected 2"), e.getMessage());
    }

    @Test
    void aMethodReturningNanIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Backtest.of(TEN, 6, 2).run((history, future, h) -> new double[] {1, Double.NaN}));
        assertTrue(e.getMessage().contains("origin 6[1] is NaN"), e.getMessage());
    }

    @Test
    void aSeasonTheTrainingRangeCannotScaleIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Backtest.of(TEN, 6, 2).season(6));
        assertThrows(IllegalArgumentException.class, () -> Backtest.of(TEN, 6, 2).step(0));
    }
}
