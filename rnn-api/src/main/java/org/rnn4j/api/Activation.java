package org.rnn4j.api;

/**
 * The element-wise non-linearity {@code f} of a recurrent step, {@code h = f(a)}.
 *
 * <p>Every derivative is expressed through the output {@code h = f(a)}, not the input {@code a}:
 * that is all backpropagation keeps, and it is exact for these four functions.
 * <table>
 *   <caption>Functions and derivatives</caption>
 *   <tr><th>constant</th><th>f(a)</th><th>f'(a) written with h = f(a)</th></tr>
 *   <tr><td>TANH</td><td>tanh(a)</td><td>1 − h²</td></tr>
 *   <tr><td>SIGMOID</td><td>1 / (1 + e<sup>−a</sup>)</td><td>h·(1 − h)</td></tr>
 *   <tr><td>RELU</td><td>max(0, a)</td><td>1 if h &gt; 0, else 0 (0 at a = 0)</td></tr>
 *   <tr><td>IDENTITY</td><td>a</td><td>1</td></tr>
 * </table>
 *
 * <p>TANH is computed by {@link #tanh(double)}, not {@link Math#tanh}: on JDK 17 the latter is a
 * native call per element ({@code StrictMath.tanh}), which dominated training time. The replacement
 * is within 1e-14 relative error, a few ulp (tested against {@code StrictMath.tanh}) and gives the same
 * bits on every JDK, so results do not change with the JVM.
 */
public enum Activation {
    /** Hyperbolic tangent, output in (−1, 1). */
    TANH,
    /** Logistic sigmoid, output in (0, 1). */
    SIGMOID,
    /** Rectified linear unit, output in [0, ∞). */
    RELU,
    /** No non-linearity: a linear recurrence. */
    IDENTITY;

    /**
     * Computes {@code f(a)}.
     *
     * @param a the pre-activation
     * @return {@code f(a)}
     */
    public double apply(double a) {
        switch (this) {
            case TANH:
                return tanh(a);
            case SIGMOID:
                // Written so that neither branch overflows: exp of a non-positive number only.
                if (a >= 0) {
                    return 1.0 / (1.0 + Math.exp(-a));
                } else {
                    double e = Math.exp(a);
                    return e / (1.0 + e);
                }
            case RELU:
                return a > 0 ? a : 0.0;
            case IDENTITY:
                return a;
            default:
                throw new AssertionError(this);
        }
    }

    /** Below this |a|, the Taylor series of tanh is used (its 8 terms are exact to rounding there). */
    private static final double TANH_SERIES_LIMIT = 0.05;

    /**
     * tanh(a) from {@link Math#exp} (a JIT intrinsic): {@code 1 − 2/(e^{2|a|} + 1)} with a's sign, and
     * its Taylor series near 0, where that form would lose relative accuracy. Relative error below
     * 1e-14 (a few ulp; largest just above |a| = 0.05, where exp's rounding meets the subtraction).
     *
     * @param a the argument
     * @return tanh(a); ±1 beyond |a| = 20, where tanh rounds to ±1 in double
     */
    public static double tanh(double a) {
        double x = Math.abs(a);
        double r;
        if (x < TANH_SERIES_LIMIT) {
            double z = a * a;
            // x − x³/3 + 2x⁵/15 − 17x⁷/315 + 62x⁹/2835 − 1382x¹¹/155925 + 21844x¹³/6081075 − 929569x¹⁵/638512875
            return a * (1 + z * (-1.0 / 3 + z * (2.0 / 15 + z * (-17.0 / 315 + z * (62.0 / 2835 + z * (-1382.0 / 155925
                    + z * (21844.0 / 6081075 + z * (-929569.0 / 638512875))))))));
        } else if (x > 20) {
            r = 1.0;
        } else {
            r = 1 - 2 / (Math.exp(2 * x) + 1);
        }
        return Math.copySign(r, a);
    }

    /** |a| beyond which float tanh(a) rounds to ±1 (tanh(10) = 1 − 4e−9); the argument is clamped there. */
    private static final float TANH_FLOAT_CLAMP = 10f;

    /**
     * tanh(a) in float arithmetic, without branches or library calls, so that a loop over an array
     * of these compiles to SIMD instructions (the FLOAT32 kernels use it). With y = a/4, a clamped to
     * ±10: tanh(y) = y·P(y²)/Q(y²), Lambert's continued fraction for tanh cut after four terms
     * (P = 945 + 105y² + y⁴, Q = 945 + 420y² + 15y⁴; error below 1e-9 for |y| ≤ 2.5), evaluated as
     * a·P / 4Q so that no bit of a tiny argument is lost; then the double-angle identity
     * tanh(2y) = 2t/(1 + t²) twice, applied to numerator and denominator so that the whole function
     * takes one division. Every term is positive, so nothing cancels: within 5 float ulp of the
     * exact value (4.3 at worst over [−12, 12], subnormals included; a test checks it); NaN gives NaN.
     *
     * @param a the argument
     * @return tanh(a), rounded to float
     */
    public static float tanh(float a) {
        float x = Math.min(Math.max(a, -TANH_FLOAT_CLAMP), TANH_FLOAT_CLAMP);
        float y = x * 0.25f;
        float z = y * y;
        float n = x * (945f + z * (105f + z));
        float d = 3780f + z * (1680f + z * 60f);
        // tanh(2y) = 2t/(1 + t²) with t = n/d: numerator 2nd, denominator d² + n²; twice.
        float n2 = 2f * n * d;
        float d2 = d * d + n * n;
        float n4 = 2f * n2 * d2;
        float d4 = d2 * d2 + n2 * n2;
        return n4 / d4;
    }

    /**
     * The logistic sigmoid in float arithmetic, without branches or library calls, so that a loop
     * over an array of these compiles to SIMD instructions (the LSTM and GRU cells' FLOAT32 gates use
     * it): {@code σ(a) = ½ + ½·tanh(a/2)} with {@link #tanh(float)}. Its error is absolute, not
     * relative: within 1.5e-7 of the exact value everywhere (about 2 float ulp at ½; a test checks
     * it), so a gate that is 1e-4 keeps about three digits. A gate's value multiplies terms of order
     * one, where that absolute error is below a float's own rounding. The result lies in [0, 1];
     * NaN gives NaN.
     *
     * @param a the argument
     * @return σ(a), rounded to float
     */
    public static float sigmoid(float a) {
        // tanh(float) may pass ±1 by an ulp; the clamp keeps σ a probability.
        return Math.min(Math.max(0.5f + 0.5f * tanh(0.5f * a), 0f), 1f);
    }

    /**
     * Computes {@code f'(a)} from the output {@code h = f(a)}.
     *
     * @param h the output of {@link #apply(double)}
     * @return the derivative of {@code f} at the pre-activation that produced {@code h}
     */
    public double derivativeFromOutput(double h) {
        switch (this) {
            case TANH:
                return 1.0 - h * h;
            case SIGMOID:
                return h * (1.0 - h);
            case RELU:
                return h > 0 ? 1.0 : 0.0;
            case IDENTITY:
                return 1.0;
            default:
                throw new AssertionError(this);
        }
    }
}
