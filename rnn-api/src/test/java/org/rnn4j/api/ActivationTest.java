package org.rnn4j.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class ActivationTest {

    @ParameterizedTest
    @EnumSource(Activation.class)
    void derivativeFromOutputMatchesCentralDifference(Activation f) {
        // Points away from ReLU's kink at 0, where the derivative is not defined.
        for (double a : new double[] {-3.1, -0.7, -0.05, 0.05, 0.4, 2.5}) {
            double eps = 1e-6;
            double numeric = (f.apply(a + eps) - f.apply(a - eps)) / (2 * eps);
            double analytic = f.derivativeFromOutput(f.apply(a));
            assertEquals(numeric, analytic, 1e-8, f + " at a=" + a);
        }
    }

    @ParameterizedTest
    @ValueSource(doubles = {-1000, -40, 40, 1000})
    void sigmoidNeverOverflowsToNaN(double a) {
        double s = Activation.SIGMOID.apply(a);
        assertTrue(s >= 0 && s <= 1, "sigmoid(" + a + ") = " + s);
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void knownValues(Activation f) {
        double expected;
        switch (f) {
            case TANH:
                expected = StrictMath.tanh(0.5);
                break;
            case SIGMOID:
                expected = 1 / (1 + Math.exp(-0.5));
                break;
            default:
                expected = 0.5;
        }
        assertEquals(expected, f.apply(0.5), 1e-15);
        assertEquals(f == Activation.RELU ? 0.0 : -f.apply(0.5) + (f == Activation.SIGMOID ? 1.0 : 0.0), f.apply(-0.5), 1e-15, f.toString());
    }

    @org.junit.jupiter.api.Test
    void tanhMatchesStrictMathToRoundingOverTheWholeRange() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(3);
        double worst = 0;
        for (int i = 0; i < 200_000; i++) {
            // Log-uniform magnitudes from 1e-12 to 40, both signs: every branch and both edges.
            double a = Math.copySign(Math.pow(10, r.nextDouble(-12, Math.log10(40))), r.nextBoolean() ? 1 : -1);
            double expected = StrictMath.tanh(a);
            worst = Math.max(worst, Math.abs(Activation.tanh(a) - expected) / Math.abs(expected));
        }
        for (double edge : new double[] {0.05, Math.nextDown(0.05), 20, Math.nextUp(20.0), 1e-300, Double.MIN_VALUE}) {
            worst = Math.max(worst, Math.abs(Activation.tanh(edge) - StrictMath.tanh(edge)) / StrictMath.tanh(edge));
        }
        assertTrue(worst < 1e-14, "worst relative error " + worst);
        assertEquals(0.0, Activation.tanh(0.0));
        assertEquals(-0.0, Activation.tanh(-0.0));
        assertEquals(1.0, Activation.tanh(Double.POSITIVE_INFINITY));
        assertTrue(Double.isNaN(Activation.tanh(Double.NaN)));
    }

    /** Distance in float ulps between a float result and the exact value (StrictMath in double). */
    private static double ulpsFromExact(float got, double exact) {
        return Math.abs(got - exact) / Math.ulp((float) exact);
    }

    /**
     * The largest error of a float function over every step-th float from 0 up to a limit, both signs.
     *
     * @param error the error of the function at a point (it may also assert there)
     * @return {worst error, the point where it occurred}
     */
    private static double[] worstOver(float limit, int step, java.util.function.ToDoubleFunction<Float> error) {
        double[] worst = {0, 0};
        for (int bits = 0; bits <= Float.floatToIntBits(limit); bits += step) {
            float a = Float.intBitsToFloat(bits);
            for (float x : new float[] {a, -a}) {
                double e = error.applyAsDouble(x);
                if (e > worst[0]) {
                    worst[0] = e;
                    worst[1] = x;
                }
            }
        }
        return worst;
    }

    @org.junit.jupiter.api.Test
    void floatTanhIsWithinFiveUlpOverTheWholeRange() {
        // Every 97th float from 0 up to 12 (past the clamp at 10), both signs: about 11 million points.
        double[] w = worstOver(12f, 97, x -> ulpsFromExact(Activation.tanh(x), StrictMath.tanh(x)));
        double worst = w[0];
        double worstAt = w[1];
        assertTrue(worst <= 5, "worst error " + worst + " ulp at " + worstAt);
        // Clamp edge, subnormals, signed zeros, infinities and NaN.
        for (float a : new float[] {10f, Math.nextDown(10f), Math.nextUp(10f), Float.MIN_VALUE, Float.MIN_NORMAL, 3e-44f}) {
            assertTrue(ulpsFromExact(Activation.tanh(a), StrictMath.tanh(a)) <= 5, "tanh(" + a + ") = " + Activation.tanh(a));
        }
        assertEquals(0f, Activation.tanh(0f));
        assertEquals(-0f, Activation.tanh(-0f));
        assertEquals(1f, Activation.tanh(Float.POSITIVE_INFINITY));
        assertEquals(-1f, Activation.tanh(-1e30f));
        assertTrue(Float.isNaN(Activation.tanh(Float.NaN)));
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void reluDerivativeAtTheKinkIsZeroOthersAreDefined(Activation f) {
        double d = f.derivativeFromOutput(f.apply(0.0));
        double expected = f == Activation.RELU ? 0.0 : f == Activation.SIGMOID ? 0.25 : 1.0;
        assertEquals(expected, d, 0.0);
    }

    @org.junit.jupiter.api.Test
    void floatSigmoidIsWithinAnAbsoluteBoundAndStaysInTheUnitInterval() {
        // Every 3001st float from 0 up to 40 (past the tanh clamp at a/2 = 10), both signs: about 740,000 points.
        double[] w = worstOver(40f, 3001, a -> {
            float s = Activation.sigmoid(a);
            assertTrue(s >= 0f && s <= 1f, "sigmoid(" + a + ") = " + s);
            return Math.abs(s - 1 / (1 + StrictMath.exp(-(double) a)));
        });
        double worst = w[0];
        double worstAt = w[1];
        assertTrue(worst <= 1.5e-7, "worst absolute error " + worst + " at " + worstAt);
        assertEquals(0.5f, Activation.sigmoid(0f));
        assertEquals(1f, Activation.sigmoid(Float.POSITIVE_INFINITY));
        assertEquals(0f, Activation.sigmoid(-1e30f));
        assertTrue(Float.isNaN(Activation.sigmoid(Float.NaN)));
    }
}
