package org.rnn4j.backend.simd;

/**
 * tanh in double from the JVM's intrinsic {@link Math#exp} and {@link Math#log}: within a few ulp of
 * {@link StrictMath#tanh} (the test pins 1e-15 relative) at a fraction of its cost on JDK 17, where
 * {@link Math#tanh} is not an intrinsic. FLOAT64 training uses it; its parity with EJML (1e-10) holds.
 */
final class DoubleTanh {
    private DoubleTanh() {
    }

    /**
     * tanh(x). For |x| ≥ 0.5, {@code 1 − 2/(e^{2|x|} + 1)} (no cancellation: the result is at least
     * 0.46); below, {@code u/(u + 2)} with {@code u = e^{2x} − 1} computed as Kahan's
     * {@code (e^y − 1)·y/log(e^y)}, which cancels the rounding of {@code e^y}. NaN stays NaN, ±0 keeps
     * its sign, and from |x| = 22 the result is ±1 (tanh(22) rounds to 1).
     *
     * @param x the argument
     * @return tanh(x)
     */
    static double tanh(double x) {
        double ax = Math.abs(x);
        if (ax >= 0.5) {
            if (ax >= 22) {
                return Math.copySign(1.0, x);
            }
            return Math.copySign(1 - 2 / (Math.exp(2 * ax) + 1), x);
        }
        if (!(ax > 0x1p-28)) {
            // tanh(x) = x to double precision below 2^-28 (x³/3 is under half an ulp); keeps ±0 and NaN.
            return x;
        }
        double y = 2 * x;
        double e = Math.exp(y);
        double u = (e - 1) * y / Math.log(e);
        return u / (u + 2);
    }

    /**
     * {@code out[i] = tanh(a[i])} for i in [from, to).
     *
     * @param a input
     * @param out output (may be a)
     * @param from first element
     * @param to end element (exclusive)
     */
    static void apply(double[] a, double[] out, int from, int to) {
        for (int i = from; i < to; i++) {
            out[i] = tanh(a[i]);
        }
    }
}
