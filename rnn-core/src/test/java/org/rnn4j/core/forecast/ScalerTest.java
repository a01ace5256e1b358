package org.rnn4j.core.forecast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Scalers against offsets and scales worked by hand, fitted on the training range only. */
class ScalerTest {
    @Test
    void standardUsesTheMeanAndPopulationDeviation() {
        Scaler s = Scaler.standard().fit(Series.of(new double[] {1, 2, 3, 4}), 4);
        // mean 2.5; deviations ±1.5, ±0.5; variance (2.25 + 0.25 + 0.25 + 2.25) / 4 = 1.25
        assertArrayEquals(new double[] {2.5}, s.offsets());
        assertEquals(Math.sqrt(1.25), s.scales()[0], 1e-15);
        assertEquals(1.5 / Math.sqrt(1.25), s.transform(4, 0), 1e-15);
    }

    @Test
    void minMaxMapsTheTrainingRangeOntoZeroOne() {
        Scaler s = Scaler.minMax().fit(Series.of(new double[] {2, 6, 4}), 3);
        assertEquals(0, s.transform(2, 0));
        assertEquals(1, s.transform(6, 0));
        assertEquals(0.5, s.transform(4, 0));
        assertEquals(2, s.transform(10, 0)); // beyond the training range: no clipping
    }

    @Test
    void fitSeesTheTrainingRangeOnly() {
        Scaler s = Scaler.standard().fit(Series.of(new double[] {1, 2, 3, 1000}), 3);
        assertEquals(2, s.offsets()[0], 1e-15); // the test value 1000 does not leak in
    }

    @Test
    void inverseUndoesTransform() {
        Scaler s = Scaler.standard().fit(Series.of(new double[] {3, -1, 8, 2.5}), 4);
        for (double x : new double[] {-7, 0, 3.25, 1e4}) {
            assertEquals(x, s.inverse(s.transform(x, 0), 0), 1e-12 * Math.max(1, Math.abs(x)));
        }
    }

    @Test
    void covariatesGetColumnsOfTheirOwn() {
        Series a = Series.of(new double[] {1, 3}, new double[][] {{10, 0}, {30, 0}});
        Series b = Series.of(new double[] {5}, new double[][] {{50, 0}});
        Scaler s = Scaler.minMax().fit(List.of(a, b));
        assertArrayEquals(new double[] {1, 10, 0}, s.offsets()); // pooled over both series
        assertArrayEquals(new double[] {4, 40, 1}, s.scales()); // the constant column gets scale 1
    }

    @Test
    void aConstantColumnGetsScaleOneInStandardScaling() {
        Scaler s = Scaler.standard().fit(Series.of(new double[] {7, 7, 7}), 3);
        assertArrayEquals(new double[] {1}, s.scales());
        assertEquals(0, s.transform(7, 0));
    }

    @Test
    void useBeforeFitIsRefused() {
        Scaler s = Scaler.standard();
        assertFalse(s.isFitted());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.transform(1, 0));
        assertTrue(e.getMessage().contains("not fitted"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> s.inverse(1, 0));
        assertThrows(IllegalStateException.class, s::offsets);
    }

    @Test
    void fittingTwiceIsRefused() {
        Scaler s = Scaler.minMax().fit(Series.of(new double[] {1, 2}), 2);
        assertThrows(IllegalStateException.class, () -> s.fit(Series.of(new double[] {1, 2}), 2));
    }

    @Test
    void aTrainingEndOutsideTheSeriesIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Scaler.standard().fit(Series.of(new double[] {1, 2}), 3));
        assertTrue(e.getMessage().contains("trainEnd 3 is outside [1, 2]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Scaler.standard().fit(Series.of(new double[] {1, 2}), 0));
    }

    @Test
    void anEmptyListIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Scaler.standard().fit(List.of()));
    }

    @Test
    void aColumnOutOfRangeIsRefused() {
        Scaler s = Scaler.standard().fit(Series.of(new double[] {1, 2}), 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.transform(1, 1));
        assertTrue(e.getMessage().contains("column 1 is outside [0, 1)"), e.getMessage());
    }

    @Test
    void storedFiguresAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> Scaler.fitted(Scaler.Kind.STANDARD, new double[] {0}, new double[] {0}));
        assertThrows(IllegalArgumentException.class, () -> Scaler.fitted(Scaler.Kind.STANDARD, new double[] {0, 1}, new double[] {1}));
        assertThrows(IllegalArgumentException.class, () -> Scaler.fitted(Scaler.Kind.STANDARD, new double[] {Double.NaN}, new double[] {1}));
        assertEquals(3, Scaler.fitted(Scaler.Kind.MIN_MAX, new double[] {1}, new double[] {2}).inverse(1, 0));
    }
}
