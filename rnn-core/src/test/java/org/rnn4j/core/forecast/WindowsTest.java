package org.rnn4j.core.forecast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.rnn4j.core.OutputMode;
import org.rnn4j.core.SequenceDataset;

/** Windows over the series 0, 1, …, 5 (min-max scaled by 0 … 10, so step t's value is t / 10), written out. */
class WindowsTest {
    private static final Series SIX = Series.of(new double[] {0, 1, 2, 3, 4, 5});
    private static final Scaler TENTHS = Scaler.fitted(Scaler.Kind.MIN_MAX, new double[] {0}, new double[] {10});

    @Test
    void recursiveWindowsTargetTheNextValueAtEveryStep() {
        Windows.Arrays a = Windows.recursive(3).arrays(List.of(SIX), TENTHS);
        assertEquals(3, a.inputs.length); // starts 0, 1, 2
        assertArrayEquals(new double[][] {{0.1}, {0.2}, {0.3}}, a.inputs[1]);
        assertArrayEquals(new double[][] {{0.2}, {0.3}, {0.4}}, a.everyStep[1]);
        assertArrayEquals(new double[][] {{0.3}, {0.4}, {0.5}}, a.everyStep[2]);
    }

    @Test
    void directWindowsTargetTheNextHValues() {
        Windows.Arrays a = Windows.direct(2, 3).arrays(List.of(SIX), TENTHS);
        assertEquals(2, a.inputs.length); // starts 0, 1: 6 − 2 − 3 + 1
        assertArrayEquals(new double[][] {{0.1}, {0.2}}, a.inputs[1]);
        assertArrayEquals(new double[] {0.3, 0.4, 0.5}, a.lastStep[1], 1e-15);
    }

    @Test
    void strideSkipsStarts() {
        Windows w = Windows.recursive(2).stride(2);
        assertEquals(2, w.count(6)); // starts 0, 2 (a start at 4 would need step 6)
        Windows.Arrays a = w.arrays(List.of(SIX), TENTHS);
        assertArrayEquals(new double[][] {{0.2}, {0.3}}, a.inputs[1]);
    }

    @Test
    void covariatesJoinTheInputRowsScaledByTheirColumns() {
        Series s = Series.of(new double[] {0, 1, 2}, new double[][] {{100}, {200}, {300}});
        Scaler scaler = Scaler.fitted(Scaler.Kind.MIN_MAX, new double[] {0, 100}, new double[] {10, 200});
        Windows.Arrays a = Windows.recursive(2).arrays(List.of(s), scaler);
        assertEquals(1, a.inputs.length);
        assertArrayEquals(new double[][] {{0, 0}, {0.1, 0.5}}, a.inputs[0]);
    }

    @Test
    void manySeriesPoolTheirWindowsAndShortOnesGiveNone() {
        Series three = Series.of(new double[] {7, 8, 9});
        Windows.Arrays a = Windows.recursive(3).arrays(List.of(SIX, three), TENTHS);
        assertEquals(3, a.inputs.length); // the 3-step series is too short for lookback 3 + 1 target
        Windows.Arrays b = Windows.recursive(2).arrays(List.of(SIX, three), TENTHS);
        assertEquals(4 + 1, b.inputs.length);
        assertArrayEquals(new double[][] {{0.7}, {0.8}}, b.inputs[4]);
    }

    @Test
    void theDatasetHasTheWindowsShape() {
        SequenceDataset d = Windows.direct(2, 3).dataset(List.of(SIX), TENTHS);
        assertEquals(2, d.size());
        assertEquals(2, d.steps());
        assertEquals(1, d.features());
        assertEquals(3, d.outputs());
        assertEquals(OutputMode.LAST_STEP, d.mode());
        assertEquals(OutputMode.EVERY_STEP, Windows.recursive(2).dataset(List.of(SIX), TENTHS).mode());
    }

    @Test
    void aHorizonLargerThanTheSeriesIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Windows.direct(2, 5).dataset(List.of(SIX), TENTHS));
        assertTrue(e.getMessage().contains("longest has 6 steps") && e.getMessage().contains("need 7"), e.getMessage());
    }

    @Test
    void anUnfittedScalerIsRefused() {
        assertThrows(IllegalStateException.class, () -> Windows.recursive(2).dataset(List.of(SIX), Scaler.standard()));
    }

    @Test
    void aScalerOfOtherColumnsIsRefused() {
        Scaler two = Scaler.fitted(Scaler.Kind.MIN_MAX, new double[] {0, 0}, new double[] {1, 1});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Windows.recursive(2).dataset(List.of(SIX), two));
        assertTrue(e.getMessage().contains("fitted on 2 column(s); these series have 1"), e.getMessage());
    }

    @Test
    void mixedCovariateCountsAreRefused() {
        Series c = Series.of(new double[] {1, 2, 3}, new double[][] {{1}, {2}, {3}});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Windows.recursive(2).dataset(List.of(SIX, c), TENTHS));
        assertTrue(e.getMessage().contains("series[1] has 1 covariate(s) but series[0] has 0"), e.getMessage());
    }

    @Test
    void badSizesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Windows.recursive(0));
        assertThrows(IllegalArgumentException.class, () -> Windows.direct(2, 0));
        assertThrows(IllegalArgumentException.class, () -> Windows.recursive(2).stride(0));
        assertThrows(IllegalArgumentException.class, () -> Windows.recursive(2).dataset(List.of(), TENTHS));
    }
}
