package org.rnn4j.testkit;

import org.rnn4j.api.Activation;

/**
 * A plain-Java reference for every backend operation, on row-major {@code double[]} with explicit
 * shapes: slow, obvious, and independent of any backend. Accumulation is in double.
 */
public final class Reference {
    private Reference() {
    }

    /**
     * {@code C = α·op(A)·op(B) + β·C} by the definition, with C not read when β = 0.
     *
     * @param alpha α
     * @param a A, row-major, aRows×aCols
     * @param aRows rows of A
     * @param aCols columns of A
     * @param ta whether op(A) = Aᵀ
     * @param b B, row-major, bRows×bCols
     * @param bRows rows of B
     * @param bCols columns of B
     * @param tb whether op(B) = Bᵀ
     * @param beta β
     * @param c C, row-major, m×n (updated)
     */
    public static void gemm(double alpha, double[] a, int aRows, int aCols, boolean ta,
                            double[] b, int bRows, int bCols, boolean tb, double beta, double[] c) {
        int m = ta ? aCols : aRows;
        int k = ta ? aRows : aCols;
        int n = tb ? bRows : bCols;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int p = 0; p < k; p++) {
                    double x = ta ? a[p * aCols + i] : a[i * aCols + p];
                    double y = tb ? b[j * bCols + p] : b[p * bCols + j];
                    sum += x * y;
                }
                c[i * n + j] = alpha * sum + (beta == 0 ? 0 : beta * c[i * n + j]);
            }
        }
    }

    /**
     * {@code out[r][j] = a[r][j] + v[j]}.
     *
     * @param a m×n row-major
     * @param cols n
     * @param v length n
     * @return a new array
     */
    public static double[] addRowVector(double[] a, int cols, double[] v) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] + v[i % cols];
        }
        return out;
    }

    /**
     * {@code f(a)} element-wise.
     *
     * @param f activation
     * @param a values
     * @return a new array
     */
    public static double[] activate(Activation f, double[] a) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = f.apply(a[i]);
        }
        return out;
    }

    /**
     * {@code upstream ⊙ f'(a)} with the derivative taken from {@code h = f(a)}.
     *
     * @param f activation
     * @param h outputs of f
     * @param upstream errors with respect to h
     * @return a new array
     */
    public static double[] activationDerivative(Activation f, double[] h, double[] upstream) {
        double[] out = new double[h.length];
        for (int i = 0; i < h.length; i++) {
            out[i] = upstream[i] * f.derivativeFromOutput(h[i]);
        }
        return out;
    }

    /**
     * Column sums plus β times the old sums.
     *
     * @param a m×n row-major
     * @param cols n
     * @param beta β
     * @param old the previous 1×n sums (read only if β ≠ 0)
     * @return a new array of n sums
     */
    public static double[] columnSums(double[] a, int cols, double beta, double[] old) {
        double[] out = new double[cols];
        for (int i = 0; i < a.length; i++) {
            out[i % cols] += a[i];
        }
        for (int j = 0; j < cols; j++) {
            out[j] += beta == 0 ? 0 : beta * old[j];
        }
        return out;
    }
}
