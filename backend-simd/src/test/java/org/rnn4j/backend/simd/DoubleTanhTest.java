package org.rnn4j.backend.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The FLOAT64 tanh against StrictMath.tanh: a sweep with a count, the branch edges and the special values. */
class DoubleTanhTest {

    private static double relativeError(double x) {
        double e = StrictMath.tanh(x);
        double g = DoubleTanh.tanh(x);
        return e == g ? 0 : Math.abs(e - g) / Math.abs(e);
    }

    @Test
    void withinOneInAQuadrillionOverASweepOfMinus25To25() {
        int checked = 0;
        double worst = 0;
        for (double x = -25; x <= 25; x += 1.0 / 4097) {
            worst = Math.max(worst, relativeError(x));
            checked++;
        }
        assertEquals(204_851, checked, "points checked");
        assertTrue(worst <= 1e-15, "worst relative error " + worst);
    }

    @Test
    void edgesOfEachBranchAndTinyArguments() {
        double[] xs = {0x1p-28, Math.nextUp(0x1p-28), 0x1p-20, 1e-6, 1e-3, 0.1, Math.nextDown(0.5), 0.5, 1, 5, Math.nextDown(22.0), 22, 40,
            Double.MIN_VALUE, Double.MIN_NORMAL, 1e-300};
        for (double x : xs) {
            assertTrue(relativeError(x) <= 1e-15, "x = " + x + ": " + DoubleTanh.tanh(x) + " vs " + StrictMath.tanh(x));
            assertTrue(relativeError(-x) <= 1e-15, "x = " + -x);
        }
    }

    @Test
    void specialValues() {
        assertEquals(1.0, DoubleTanh.tanh(Double.POSITIVE_INFINITY));
        assertEquals(-1.0, DoubleTanh.tanh(Double.NEGATIVE_INFINITY));
        assertTrue(Double.isNaN(DoubleTanh.tanh(Double.NaN)));
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(DoubleTanh.tanh(-0.0)));
        assertEquals(Double.doubleToRawLongBits(0.0), Double.doubleToRawLongBits(DoubleTanh.tanh(0.0)));
    }

    /** Control: the sweep's bound catches a tanh off by 2e-15. */
    @Test
    void theBoundCatchesASmallError() {
        double x = 0.3;
        double off = DoubleTanh.tanh(x) * (1 + 2e-15);
        assertTrue(Math.abs(off - StrictMath.tanh(x)) / StrictMath.tanh(x) > 1e-15);
    }
}
