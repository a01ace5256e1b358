package org.rnn4j.spi.kit;

import org.rnn4j.api.Activation;
import org.rnn4j.spi.Backend;
import org.rnn4j.spi.TensorChecks;

/**
 * The FLOAT32 kernels of the operations a training step repeats most, over heap {@code float[]}
 * arrays: an EJML matrix's own array, or a chunk of a native tensor that a backend has copied to
 * the heap. They are written as plain counted loops without branches in the body,
 * which HotSpot's C2 compiles to SIMD instructions (the point of this class: a loop over
 * {@link ElementLoops.Elements} cannot be vectorised). Formulas are those of the matching
 * {@link Backend} operations; arithmetic is in float. Every array is read and written at the same
 * index (from 0, or over one range [from, to) in all of them): with an
 * input and an output read and written at the same index, C2 can prove the loop safe to vectorise
 * even when they are the same array (in place); with offsets it cannot, and the loop stays scalar
 * (8 ns instead of 0.9 ns per tanh on JDK 17). Operands are not checked: callers pass arrays
 * {@link TensorChecks} has validated.
 *
 * <p>FLOAT64 has no counterpart: its element work stays on {@link ElementLoops}, in double.
 */
public final class FloatKernels {
    private FloatKernels() {
    }

    /**
     * {@code out = f(a)}; TANH is {@link Activation#tanh(float)}, SIGMOID {@link Activation#apply} rounded.
     *
     * @param f the activation
     * @param a input
     * @param out output (may be a)
     * @param n number of elements
     */
    public static void activate(Activation f, float[] a, float[] out, int n) {
        activate(f, a, out, 0, n);
    }

    /**
     * {@link #activate(Activation, float[], float[], int)} on elements [from, to) only (one thread's part
     * of an array): the same index in both arrays, so the loop compiles to SIMD as the whole one does.
     *
     * @param f the activation
     * @param a input
     * @param out output (may be a)
     * @param from first element
     * @param to end element (exclusive)
     */
    public static void activate(Activation f, float[] a, float[] out, int from, int to) {
        switch (f) {
            case TANH:
                for (int i = from; i < to; i++) {
                    out[i] = Activation.tanh(a[i]);
                }
                break;
            case SIGMOID:
                for (int i = from; i < to; i++) {
                    out[i] = (float) f.apply(a[i]);
                }
                break;
            case RELU:
                for (int i = from; i < to; i++) {
                    float x = a[i];
                    out[i] = x > 0 ? x : 0f;
                }
                break;
            case IDENTITY:
                System.arraycopy(a, from, out, from, to - from);
                break;
            default:
                throw new AssertionError(f);
        }
    }

    /**
     * {@code out = upstream ⊙ f'(a)}, with f' read from {@code h = f(a)} as {@link Activation#derivativeFromOutput} does.
     *
     * @param f the activation
     * @param h input, the activation's outputs
     * @param up input, the upstream error
     * @param out output (may be h or up)
     * @param n number of elements
     */
    public static void activationDerivative(Activation f, float[] h, float[] up, float[] out, int n) {
        activationDerivative(f, h, up, out, 0, n);
    }

    /**
     * {@link #activationDerivative(Activation, float[], float[], float[], int)} on elements [from, to) only.
     *
     * @param f the activation
     * @param h input, the activation's outputs
     * @param up input, the upstream error
     * @param out output (may be h or up)
     * @param from first element
     * @param to end element (exclusive)
     */
    public static void activationDerivative(Activation f, float[] h, float[] up, float[] out, int from, int to) {
        switch (f) {
            case TANH:
                for (int i = from; i < to; i++) {
                    float y = h[i];
                    out[i] = up[i] * (1f - y * y);
                }
                break;
            case SIGMOID:
                for (int i = from; i < to; i++) {
                    float y = h[i];
                    out[i] = up[i] * (y * (1f - y));
                }
                break;
            case RELU:
                for (int i = from; i < to; i++) {
                    // As a product, so that a NaN upstream stays NaN where the unit is off.
                    out[i] = up[i] * (h[i] > 0 ? 1f : 0f);
                }
                break;
            case IDENTITY:
                System.arraycopy(up, from, out, from, to - from);
                break;
            default:
                throw new AssertionError(f);
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
    public static void addRowVector(float[] a, float[] v, float[] out, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            int row = r * cols;
            for (int j = 0; j < cols; j++) {
                out[row + j] = a[row + j] + v[j];
            }
        }
    }

    /**
     * Column sums, {@code out[j] = Σ_r a[r][j] + β·out[j]}, summed in float row by row; out is not read when β = 0.
     *
     * @param a input, rows×cols, rows at least 1
     * @param rows rows
     * @param cols columns
     * @param beta β
     * @param out input and output, cols values (not overlapping a)
     */
    public static void columnSums(float[] a, int rows, int cols, float beta, float[] out) {
        if (beta == 0) {
            System.arraycopy(a, 0, out, 0, cols);
        } else {
            for (int j = 0; j < cols; j++) {
                out[j] = a[j] + beta * out[j];
            }
        }
        for (int r = 1; r < rows; r++) {
            int ar = r * cols;
            for (int j = 0; j < cols; j++) {
                out[j] += a[ar + j];
            }
        }
    }

    /**
     * {@code Σ a[i]²} for i in [0, n), each square and the sum in double (as
     * {@link Backend#squaredNorm} requires), over four running sums so that the additions overlap.
     *
     * @param a input
     * @param n number of elements
     * @return the sum of squares
     */
    public static double sumOfSquares(float[] a, int n) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            double x0 = a[i];
            double x1 = a[i + 1];
            double x2 = a[i + 2];
            double x3 = a[i + 3];
            s0 += x0 * x0;
            s1 += x1 * x1;
            s2 += x2 * x2;
            s3 += x3 * x3;
        }
        for (; i < n; i++) {
            double x = a[i];
            s0 += x * x;
        }
        return (s0 + s1) + (s2 + s3);
    }
}
