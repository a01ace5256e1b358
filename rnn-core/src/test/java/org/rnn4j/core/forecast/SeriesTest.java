package org.rnn4j.core.forecast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** What a series accepts and refuses. */
class SeriesTest {
    @Test
    void anEmptySeriesIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Series.of(new double[0]));
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
    }

    @Test
    void aNanIsRefusedNamingItsStep() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Series.of(new double[] {1, Double.NaN}));
        assertTrue(e.getMessage().contains("values[1] is NaN"), e.getMessage());
    }

    @Test
    void covariatesMustHaveOneRowPerStep() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Series.of(new double[] {1, 2}, new double[][] {{1}}));
        assertTrue(e.getMessage().contains("1 rows; expected 2"), e.getMessage());
    }

    @Test
    void raggedCovariatesAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Series.of(new double[] {1, 2}, new double[][] {{1}, {1, 2}}));
        assertTrue(e.getMessage().contains("covariates[1] has 2 values"), e.getMessage());
    }

    @Test
    void aNanCovariateIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Series.of(new double[] {1, 2}, new double[][] {{1}, {Double.NaN}}));
        assertTrue(e.getMessage().contains("covariates[1][0] is NaN"), e.getMessage());
    }

    @Test
    void theArraysAreCopiedIn() {
        double[] v = {1, 2, 3};
        Series s = Series.of(v);
        v[0] = 99;
        assertEquals(1, s.value(0));
    }

    @Test
    void sliceKeepsValuesAndCovariates() {
        Series s = Series.of(new double[] {1, 2, 3, 4}, new double[][] {{10}, {20}, {30}, {40}}).slice(1, 3);
        assertArrayEquals(new double[] {2, 3}, s.values());
        assertEquals(30, s.covariate(1, 0));
        assertThrows(IllegalArgumentException.class, () -> s.slice(1, 1));
        assertThrows(IllegalArgumentException.class, () -> s.slice(0, 3));
    }

    @Test
    void aStepOutsideIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Series.of(new double[] {1}).value(1));
        assertTrue(e.getMessage().contains("step 1 is outside"), e.getMessage());
    }
}
