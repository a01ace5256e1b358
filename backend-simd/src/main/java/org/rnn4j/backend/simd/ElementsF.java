package org.rnn4j.backend.simd;

/**
 * FLOAT32 element-wise kernels of {@link SimdBackend} over whole {@code float[]} arrays from index 0:
 * plain counted loops that C2 compiles to SIMD (with an input and the output at the same index C2
 * proves the loop safe even when they are the same array). Operands are checked by the caller.
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
     * @param n number of elements
     */
    static void multiply(float[] x, float[] y, float[] out, int n) {
        for (int i = 0; i < n; i++) {
            out[i] = x[i] * y[i];
        }
    }

    /**
     * {@code y[i] = α·x[i] + y[i]}.
     *
     * @param alpha α
     * @param x input
     * @param y input and output
     * @param n number of elements
     */
    static void axpy(float alpha, float[] x, float[] y, int n) {
        for (int i = 0; i < n; i++) {
            y[i] = alpha * x[i] + y[i];
        }
    }

    /**
     * {@code out[i] = α·a[i]}.
     *
     * @param alpha α
     * @param a input
     * @param out output (may be a)
     * @param n number of elements
     */
    static void scale(float alpha, float[] a, float[] out, int n) {
        for (int i = 0; i < n; i++) {
            out[i] = alpha * a[i];
        }
    }

    /**
     * {@code out[r][j] = a[r][j] + v[j]} over whole rows.
     *
     * @param a input, rows×cols
     * @param v input, cols values
     * @param out output, rows×cols (may be a)
     * @param rows rows
     * @param cols columns
     */
    static void addRowVector(float[] a, float[] v, float[] out, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            int row = r * cols;
            for (int j = 0; j < cols; j++) {
                out[row + j] = a[row + j] + v[j];
            }
        }
    }

    /**
     * {@code out[i] = up[i]·(1 − h[i]²)}: the error through tanh, read from its outputs h.
     *
     * @param h input, tanh's outputs
     * @param up input, the upstream error
     * @param out output (may be h or up)
     * @param n number of elements
     */
    static void tanhDerivative(float[] h, float[] up, float[] out, int n) {
        for (int i = 0; i < n; i++) {
            float y = h[i];
            out[i] = up[i] * (1 - y * y);
        }
    }
}
