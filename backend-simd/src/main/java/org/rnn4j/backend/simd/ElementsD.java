package org.rnn4j.backend.simd;

import jdk.incubator.vector.DoubleVector;

/**
 * FLOAT64 element-wise kernels of {@link SimdBackend} over a range [from, to) of {@code double[]} arrays
 * (the whole array, or one thread's part of it): plain counted loops that C2 compiles to SIMD (with an input and the output at the same index C2
 * proves the loop safe even when they are the same array). Where an input is read at another index
 * than the output is written (a row vector, sums over rows), C2 cannot prove that and leaves the loop
 * scalar: those loops are written on {@link DoubleVector}s of {@link GemmD#S}, with each element's
 * operations in the same order as the scalar loop. Operands are checked by the caller.
 *
 * <p>This file is the source of its FLOAT32 twin: {@code Float32Generator} (backend-simd's tests)
 * writes ElementsF.java from it, and a test fails when the committed twin differs from what the
 * generator makes. Edit this file, then regenerate.
 */
final class ElementsD {
    private ElementsD() {
    }

    /**
     * {@code out[i] = x[i]·y[i]}.
     *
     * @param x input
     * @param y input
     * @param out output (may be x or y)
     * @param from first element
     * @param to end element (exclusive)
     */
    static void multiply(double[] x, double[] y, double[] out, int from, int to) {
        for (int i = from; i < to; i++) {
            out[i] = x[i] * y[i];
        }
    }

    /**
     * {@code y[i] = α·x[i] + y[i]}.
     *
     * @param alpha α
     * @param x input
     * @param y input and output
     * @param from first element
     * @param to end element (exclusive)
     */
    static void axpy(double alpha, double[] x, double[] y, int from, int to) {
        for (int i = from; i < to; i++) {
            y[i] = alpha * x[i] + y[i];
        }
    }

    /**
     * {@code out[i] = α·a[i]}.
     *
     * @param alpha α
     * @param a input
     * @param out output (may be a)
     * @param from first element
     * @param to end element (exclusive)
     */
    static void scale(double alpha, double[] a, double[] out, int from, int to) {
        for (int i = from; i < to; i++) {
            out[i] = alpha * a[i];
        }
    }

    /**
     * {@code out[r][j] = a[r][j] + v[j]} over whole rows.
     *
     * @param a input, rows×cols
     * @param v input, cols values
     * @param out output, rows×cols (may be a)
     * @param rowFrom first row
     * @param rowTo end row (exclusive)
     * @param cols columns
     */
    static void addRowVector(double[] a, double[] v, double[] out, int rowFrom, int rowTo, int cols) {
        int cv = cols - cols % GemmD.V;
        for (int r = rowFrom; r < rowTo; r++) {
            int row = r * cols;
            for (int j = 0; j < cv; j += GemmD.V) {
                DoubleVector.fromArray(GemmD.S, a, row + j).add(DoubleVector.fromArray(GemmD.S, v, j)).intoArray(out, row + j);
            }
            for (int j = cv; j < cols; j++) {
                out[row + j] = a[row + j] + v[j];
            }
        }
    }

    /**
     * {@code out[j] = a[0][j] + β·out[j] + a[1][j] + … + a[rows−1][j]}, added in that order (out is not
     * read when β = 0), as the kit's {@code FloatKernels.columnSums}: four rows a pass over out.
     *
     * @param a input, rows×cols, at least one row
     * @param rows rows
     * @param cols columns
     * @param beta β
     * @param out output, cols values (not a)
     */
    static void columnSums(double[] a, int rows, int cols, double beta, double[] out) {
        int cv = cols - cols % GemmD.V;
        for (int j = 0; j < cv; j += GemmD.V) {
            DoubleVector first = DoubleVector.fromArray(GemmD.S, a, j);
            if (beta != 0) {
                first = first.add(DoubleVector.fromArray(GemmD.S, out, j).mul(beta));
            }
            first.intoArray(out, j);
        }
        for (int j = cv; j < cols; j++) {
            out[j] = beta == 0 ? a[j] : a[j] + beta * out[j];
        }
        int r = 1;
        for (; r + 3 < rows; r += 4) {
            int r0 = r * cols;
            int r1 = r0 + cols;
            int r2 = r1 + cols;
            int r3 = r2 + cols;
            for (int j = 0; j < cv; j += GemmD.V) {
                DoubleVector.fromArray(GemmD.S, out, j).add(DoubleVector.fromArray(GemmD.S, a, r0 + j)).add(DoubleVector.fromArray(GemmD.S, a, r1 + j))
                        .add(DoubleVector.fromArray(GemmD.S, a, r2 + j)).add(DoubleVector.fromArray(GemmD.S, a, r3 + j)).intoArray(out, j);
            }
            for (int j = cv; j < cols; j++) {
                out[j] = out[j] + a[r0 + j] + a[r1 + j] + a[r2 + j] + a[r3 + j];
            }
        }
        for (; r < rows; r++) {
            int r0 = r * cols;
            for (int j = 0; j < cv; j += GemmD.V) {
                DoubleVector.fromArray(GemmD.S, out, j).add(DoubleVector.fromArray(GemmD.S, a, r0 + j)).intoArray(out, j);
            }
            for (int j = cv; j < cols; j++) {
                out[j] += a[r0 + j];
            }
        }
    }

    /**
     * {@code out[i] = up[i]·(1 − h[i]²)}: the error through tanh, read from its outputs h.
     *
     * @param h input, tanh's outputs
     * @param up input, the upstream error
     * @param out output (may be h or up)
     * @param from first element
     * @param to end element (exclusive)
     */
    static void tanhDerivative(double[] h, double[] up, double[] out, int from, int to) {
        for (int i = from; i < to; i++) {
            double y = h[i];
            out[i] = up[i] * (1 - y * y);
        }
    }
}
