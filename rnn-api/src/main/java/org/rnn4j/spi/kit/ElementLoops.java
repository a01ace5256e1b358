package org.rnn4j.spi.kit;

import org.rnn4j.api.Activation;
import org.rnn4j.spi.Backend;
import org.rnn4j.spi.TensorChecks;

/**
 * Element-wise kernels written once for every backend and both dtypes, over {@link Elements}: flat,
 * dtype-neutral access to a tensor's row-major storage (a {@code double[]} or {@code float[]} through
 * {@link Elements#of}, or a backend's own subclass over native memory). A backend makes one
 * {@code Elements} per tensor at creation, checks operands with {@link TensorChecks}, then calls
 * these loops; they allocate nothing. Formulas are those of the matching {@link Backend} operations.
 */
public final class ElementLoops {
    private ElementLoops() {
    }

    /** Flat access to n row-major values: index {@code r·cols + c}. FLOAT32 storage rounds on {@link #set}. */
    public abstract static class Elements {
        /** For subclasses. */
        protected Elements() {
        }

        /**
         * Reads one value.
         *
         * @param i flat index
         * @return the value, widened to double
         */
        public abstract double get(int i);

        /**
         * Writes one value.
         *
         * @param i flat index
         * @param v the value (rounded for float storage)
         */
        public abstract void set(int i, double v);

        /**
         * Wraps a double array (not copied).
         *
         * @param data the storage
         * @return the view
         */
        public static Elements of(double[] data) {
            return new Elements() {
                @Override
                public double get(int i) {
                    return data[i];
                }

                @Override
                public void set(int i, double v) {
                    data[i] = v;
                }
            };
        }

        /**
         * Wraps a float array (not copied).
         *
         * @param data the storage
         * @return the view
         */
        public static Elements of(float[] data) {
            return new Elements() {
                @Override
                public double get(int i) {
                    return data[i];
                }

                @Override
                public void set(int i, double v) {
                    data[i] = (float) v;
                }
            };
        }
    }

    /**
     * {@code out[r][j] = a[r][j] + v[j]}.
     *
     * @param a input, rows×cols
     * @param v input, 1×cols
     * @param out output, rows×cols (may be a)
     * @param rows rows
     * @param cols columns
     */
    public static void addRowVector(Elements a, Elements v, Elements out, int rows, int cols) {
        for (int r = 0, i = 0; r < rows; r++) {
            for (int j = 0; j < cols; j++, i++) {
                out.set(i, a.get(i) + v.get(j));
            }
        }
    }

    /**
     * {@code out = f(a)}.
     *
     * @param f the activation
     * @param a input
     * @param out output (may be a)
     * @param n number of elements
     */
    public static void activate(Activation f, Elements a, Elements out, int n) {
        for (int i = 0; i < n; i++) {
            out.set(i, f.apply(a.get(i)));
        }
    }

    /**
     * {@code out = upstream ⊙ f'(a)}, f' read from {@code h = f(a)}.
     *
     * @param f the activation
     * @param h input, the activation's outputs
     * @param upstream input
     * @param out output (may be either input)
     * @param n number of elements
     */
    public static void activationDerivative(Activation f, Elements h, Elements upstream, Elements out, int n) {
        for (int i = 0; i < n; i++) {
            out.set(i, upstream.get(i) * f.derivativeFromOutput(h.get(i)));
        }
    }

    /**
     * {@code out = a ⊙ b}.
     *
     * @param a input
     * @param b input
     * @param out output (may be a or b)
     * @param n number of elements
     */
    public static void multiply(Elements a, Elements b, Elements out, int n) {
        for (int i = 0; i < n; i++) {
            out.set(i, a.get(i) * b.get(i));
        }
    }

    /**
     * {@code y = α·x + y}.
     *
     * @param alpha α
     * @param x input
     * @param y input and output
     * @param n number of elements
     */
    public static void axpy(double alpha, Elements x, Elements y, int n) {
        for (int i = 0; i < n; i++) {
            y.set(i, alpha * x.get(i) + y.get(i));
        }
    }

    /**
     * {@code out = α·a}.
     *
     * @param alpha α
     * @param a input
     * @param out output (may be a)
     * @param n number of elements
     */
    public static void scale(double alpha, Elements a, Elements out, int n) {
        for (int i = 0; i < n; i++) {
            out.set(i, alpha * a.get(i));
        }
    }

    /**
     * {@code out[j] = Σ_r a[r][j] + β·out[j]}, out not read when β = 0; sums in double.
     *
     * @param a input, rows×cols
     * @param beta β
     * @param out input and output, 1×cols (not a)
     * @param rows rows
     * @param cols columns
     */
    public static void columnSums(Elements a, double beta, Elements out, int rows, int cols) {
        for (int j = 0; j < cols; j++) {
            double sum = 0;
            for (int r = 0; r < rows; r++) {
                sum += a.get(r * cols + j);
            }
            out.set(j, beta == 0 ? sum : sum + beta * out.get(j));
        }
    }

    /**
     * {@code out = value}.
     *
     * @param value the value
     * @param out output
     * @param n number of elements
     */
    public static void fill(double value, Elements out, int n) {
        for (int i = 0; i < n; i++) {
            out.set(i, value);
        }
    }

    /**
     * {@code out[outOffset + i] = a[aOffset + i]} for i in [0, n): whole rows are contiguous. Within one
     * tensor the two ranges must not overlap ({@link TensorChecks#requireCopyRows} ensures it).
     *
     * @param a input
     * @param aOffset first source index
     * @param out output
     * @param outOffset first destination index
     * @param n number of elements
     */
    public static void copy(Elements a, int aOffset, Elements out, int outOffset, int n) {
        for (int i = 0; i < n; i++) {
            out.set(outOffset + i, a.get(aOffset + i));
        }
    }

    /**
     * {@code out = min(max(a, lo), hi)}; NaN passes through.
     *
     * @param lo lower bound
     * @param hi upper bound
     * @param a input
     * @param out output (may be a)
     * @param n number of elements
     */
    public static void clip(double lo, double hi, Elements a, Elements out, int n) {
        for (int i = 0; i < n; i++) {
            double v = a.get(i);
            out.set(i, v < lo ? lo : v > hi ? hi : v);
        }
    }

    /**
     * {@code Σ a²}, in double.
     *
     * @param a input
     * @param n number of elements
     * @return the sum of squares
     */
    public static double squaredNorm(Elements a, int n) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double v = a.get(i);
            sum += v * v;
        }
        return sum;
    }
}
