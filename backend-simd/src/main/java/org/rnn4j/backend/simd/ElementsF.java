package org.rnn4j.backend.simd;

import jdk.incubator.vector.FloatVector;

/**
 * FLOAT32 element-wise kernels of {@link SimdBackend} over a range [from, to) of {@code float[]} arrays
 * (the whole array, or one thread's part of it): plain counted loops that C2 compiles to SIMD (with an input and the output at the same index C2
 * proves the loop safe even when they are the same array). Where an input is read at another index
 * than the output is written (a row vector, sums over rows), C2 cannot prove that and leaves the loop
 * scalar: those loops are written on {@link FloatVector}s of {@link GemmF#S}, with each element's
 * operations in the same order as the scalar loop. Operands are checked by the caller.
 *
 * <p>Generated from ElementsD.java by Float32Generator (backend-simd's tests):
 * edit ElementsD.java, not this file, and regenerate.
 */
final class ElementsF {
    private ElementsF() {
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
    static void multiply(float[] x, float[] y, float[] out, int from, int to) {
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
    static void axpy(float alpha, float[] x, float[] y, int from, int to) {
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
    static void scale(float alpha, float[] a, float[] out, int from, int to) {
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
    static void addRowVector(float[] a, float[] v, float[] out, int rowFrom, int rowTo, int cols) {
        int cv = cols - cols % GemmF.V;
        for (int r = rowFrom; r < rowTo; r++) {
            int row = r * cols;
            for (int j = 0; j < cv; j += GemmF.V) {
                FloatVector.fromArray(GemmF.S, a, row + j).add(FloatVector.fromArray(GemmF.S, v, j)).intoArray(out, row + j);
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
    static void columnSums(float[] a, int rows, int cols, float beta, float[] out) {
        int cv = cols - cols % GemmF.V;
        for (int j = 0; j < cv; j += GemmF.V) {
            FloatVector first = FloatVector.fromArray(GemmF.S, a, j);
            if (beta != 0) {
                first = first.add(FloatVector.fromArray(GemmF.S, out, j).mul(beta));
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
            for (int j = 0; j < cv; j += GemmF.V) {
                FloatVector.fromArray(GemmF.S, out, j).add(FloatVector.fromArray(GemmF.S, a, r0 + j)).add(FloatVector.fromArray(GemmF.S, a, r1 + j))
                        .add(FloatVector.fromArray(GemmF.S, a, r2 + j)).add(FloatVector.fromArray(GemmF.S, a, r3 + j)).intoArray(out, j);
            }
            for (int j = cv; j < cols; j++) {
                out[j] = out[j] + a[r0 + j] + a[r1 + j] + a[r2 + j] + a[r3 + j];
            }
        }
        for (; r < rows; r++) {
            int r0 = r * cols;
            for (int j = 0; j < cv; j += GemmF.V) {
                FloatVector.fromArray(GemmF.S, out, j).add(FloatVector.fromArray(GemmF.S, a, r0 + j)).intoArray(out, j);
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
    static void tanhDerivative(float[] h, float[] up, float[] out, int from, int to) {
        for (int i = from; i < to; i++) {
            float y = h[i];
            out[i] = up[i] * (1 - y * y);
        }
    }
}
