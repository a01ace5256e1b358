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
                return Math.tanh(a);
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
