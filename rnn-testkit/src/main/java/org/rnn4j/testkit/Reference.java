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
    // ---------------------------------------------------------------- gate operations
    //
    // In float (f32) every sum and product is rounded to float: double has more than twice float's
    // precision, so each rounded double operation gives exactly the float operation's result, and
    // these references give a FLOAT32 backend's bits. σ and tanh are then Activation's float
    // functions, which the Backend contract names; in double they are Math's.

    private static double q(boolean f32, double x) {
        return f32 ? (float) x : x;
    }

    private static double sigmoid(boolean f32, double a) {
        return f32 ? Activation.sigmoid((float) a) : 1 / (1 + Math.exp(-a));
    }

    private static double tanh(boolean f32, double a) {
        return f32 ? Activation.tanh((float) a) : Math.tanh(a);
    }

    /**
     * The LSTM forward of {@code Backend.lstmForwardInto}.
     *
     * @param gates B×4H
     * @param cPrev B×H
     * @param hidden H
     * @param f32 whether to compute as float does
     * @return {h, c, cache}: B×H, B×H, B×6H
     */
    public static double[][] lstmForward(double[] gates, double[] cPrev, int hidden, boolean f32) {
        int batch = cPrev.length / hidden;
        double[] h = new double[batch * hidden];
        double[] c = new double[batch * hidden];
        double[] k = new double[batch * 6 * hidden];
        for (int r = 0; r < batch; r++) {
            for (int j = 0; j < hidden; j++) {
                int g0 = r * 4 * hidden + j;
                int x = r * hidden + j;
                double i = sigmoid(f32, gates[g0]);
                double f = sigmoid(f32, gates[g0 + hidden]);
                double g = tanh(f32, gates[g0 + 2 * hidden]);
                double o = sigmoid(f32, gates[g0 + 3 * hidden]);
                c[x] = q(f32, q(f32, f * cPrev[x]) + q(f32, i * g));
                double tc = tanh(f32, c[x]);
                h[x] = q(f32, o * tc);
                double[] cached = {i, f, g, o, cPrev[x], tc};
                for (int b = 0; b < 6; b++) {
                    k[r * 6 * hidden + b * hidden + j] = cached[b];
                }
            }
        }
        return new double[][] {h, c, k};
    }

    /**
     * The LSTM backward of {@code Backend.lstmBackwardInto}.
     *
     * @param cache B×6H
     * @param dh B×H
     * @param dc B×H
     * @param hidden H
     * @param f32 whether to compute as float does
     * @return {dGates, dcPrev}: B×4H, B×H
     */
    public static double[][] lstmBackward(double[] cache, double[] dh, double[] dc, int hidden, boolean f32) {
        int batch = dh.length / hidden;
        double[] da = new double[batch * 4 * hidden];
        double[] dcPrev = new double[batch * hidden];
        for (int r = 0; r < batch; r++) {
            for (int j = 0; j < hidden; j++) {
                int k0 = r * 6 * hidden + j;
                int g0 = r * 4 * hidden + j;
                int x = r * hidden + j;
                double i = cache[k0];
                double f = cache[k0 + hidden];
                double g = cache[k0 + 2 * hidden];
                double o = cache[k0 + 3 * hidden];
                double cp = cache[k0 + 4 * hidden];
                double tc = cache[k0 + 5 * hidden];
                double d = q(f32, dc[x] + q(f32, q(f32, dh[x] * o) * q(f32, 1 - q(f32, tc * tc))));
                da[g0] = q(f32, q(f32, q(f32, d * g) * i) * q(f32, 1 - i));
                da[g0 + hidden] = q(f32, q(f32, q(f32, d * cp) * f) * q(f32, 1 - f));
                da[g0 + 2 * hidden] = q(f32, q(f32, d * i) * q(f32, 1 - q(f32, g * g)));
                da[g0 + 3 * hidden] = q(f32, q(f32, q(f32, dh[x] * tc) * o) * q(f32, 1 - o));
                dcPrev[x] = q(f32, d * f);
            }
        }
        return new double[][] {da, dcPrev};
    }

    /**
     * The GRU forward of {@code Backend.gruForwardInto}.
     *
     * @param gx B×3H
     * @param gh B×3H
     * @param hPrev B×H
     * @param hidden H
     * @param f32 whether to compute as float does
     * @return {h, cache}: B×H, B×5H
     */
    public static double[][] gruForward(double[] gx, double[] gh, double[] hPrev, int hidden, boolean f32) {
        int batch = hPrev.length / hidden;
        double[] h = new double[batch * hidden];
        double[] k = new double[batch * 5 * hidden];
        for (int r = 0; r < batch; r++) {
            for (int j = 0; j < hidden; j++) {
                int g0 = r * 3 * hidden + j;
                int x = r * hidden + j;
                double rg = sigmoid(f32, q(f32, gx[g0] + gh[g0]));
                double z = sigmoid(f32, q(f32, gx[g0 + hidden] + gh[g0 + hidden]));
                double n = tanh(f32, q(f32, gx[g0 + 2 * hidden] + q(f32, rg * gh[g0 + 2 * hidden])));
                h[x] = q(f32, q(f32, q(f32, 1 - z) * n) + q(f32, z * hPrev[x]));
                double[] cached = {rg, z, n, gh[g0 + 2 * hidden], hPrev[x]};
                for (int b = 0; b < 5; b++) {
                    k[r * 5 * hidden + b * hidden + j] = cached[b];
                }
            }
        }
        return new double[][] {h, k};
    }

    /**
     * The GRU backward of {@code Backend.gruBackwardInto}.
     *
     * @param cache B×5H
     * @param dh B×H
     * @param hidden H
     * @param f32 whether to compute as float does
     * @return {dGx, dGh, dhPrev}: B×3H, B×3H, B×H
     */
    public static double[][] gruBackward(double[] cache, double[] dh, int hidden, boolean f32) {
        int batch = dh.length / hidden;
        double[] dx = new double[batch * 3 * hidden];
        double[] dhh = new double[batch * 3 * hidden];
        double[] dhPrev = new double[batch * hidden];
        for (int r = 0; r < batch; r++) {
            for (int j = 0; j < hidden; j++) {
                int k0 = r * 5 * hidden + j;
                int g0 = r * 3 * hidden + j;
                int x = r * hidden + j;
                double rg = cache[k0];
                double z = cache[k0 + hidden];
                double n = cache[k0 + 2 * hidden];
                double ghn = cache[k0 + 3 * hidden];
                double hp = cache[k0 + 4 * hidden];
                double d = dh[x];
                double dan = q(f32, q(f32, d * q(f32, 1 - z)) * q(f32, 1 - q(f32, n * n)));
                double dar = q(f32, q(f32, q(f32, dan * ghn) * rg) * q(f32, 1 - rg));
                double daz = q(f32, q(f32, q(f32, d * q(f32, hp - n)) * z) * q(f32, 1 - z));
                dx[g0] = dar;
                dx[g0 + hidden] = daz;
                dx[g0 + 2 * hidden] = dan;
                dhh[g0] = dar;
                dhh[g0 + hidden] = daz;
                dhh[g0 + 2 * hidden] = q(f32, dan * rg);
                dhPrev[x] = q(f32, d * z);
            }
        }
        return new double[][] {dx, dhh, dhPrev};
    }
}
