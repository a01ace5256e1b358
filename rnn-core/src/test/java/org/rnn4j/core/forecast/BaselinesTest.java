package org.rnn4j.core.forecast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The baselines against forecasts written out by hand. */
class BaselinesTest {
    private static final double[] HISTORY = {1, 2, 3, 4, 5, 6, 7};

    @Test
    void naiveRepeatsTheLastValue() {
        assertArrayEquals(new double[] {7, 7, 7}, Baselines.naive(HISTORY, 3));
    }

    @Test
    void seasonalNaiveRepeatsTheLastSeason() {
        // The last season of 3 is 5, 6, 7; five steps repeat it: 5, 6, 7, 5, 6.
        assertArrayEquals(new double[] {5, 6, 7, 5, 6}, Baselines.seasonalNaive(HISTORY, 3, 5));
    }

    @Test
    void seasonalNaiveOfAWholeHistoryAsSeason() {
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6, 7, 1}, Baselines.seasonalNaive(HISTORY, 7, 8));
    }

    @Test
    void seasonOneIsNaive() {
        assertArrayEquals(Baselines.naive(HISTORY, 4), Baselines.seasonalNaive(HISTORY, 1, 4));
    }

    @Test
    void aHistoryShorterThanTheSeasonIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Baselines.seasonalNaive(HISTORY, 12, 3));
        assertTrue(e.getMessage().contains("has 7 values") && e.getMessage().contains("at least 12"), e.getMessage());
    }

    @Test
    void anEmptyHistoryIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Baselines.naive(new double[0], 3));
        assertTrue(e.getMessage().contains("history is empty"), e.getMessage());
    }

    @Test
    void aNanInTheHistoryIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Baselines.naive(new double[] {1, Double.POSITIVE_INFINITY}, 3));
        assertTrue(e.getMessage().contains("history[1] is Infinity"), e.getMessage());
    }

    @Test
    void aHorizonBelowOneIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Baselines.naive(HISTORY, 0));
        assertThrows(IllegalArgumentException.class, () -> Baselines.seasonalNaive(HISTORY, 0, 2));
    }
}
