package org.rnn4j.core;

import java.util.SplittableRandom;

/**
 * Fills a rows×cols weight matrix (row-major) with initial values from a seeded generator.
 * Every initializer is deterministic for a given seed.
 */
@FunctionalInterface
public interface Initializer {

    /**
     * Fills the values.
     *
     * @param values (output, overwritten) rows·cols values, row-major
     * @param rows rows of the matrix (fan-out)
     * @param cols columns of the matrix (fan-in)
     * @param random the seeded source of randomness
     */
    void fill(double[] values, int rows, int cols, SplittableRandom random);

    /**
     * Uniform values in [lo, hi).
     *
     * @param lo lower bound
     * @param hi upper bound, greater than lo
     * @return the initializer
     */
    static Initializer uniform(double lo, double hi) {
        if (!(lo < hi) || !Double.isFinite(lo) || !Double.isFinite(hi)) {
            throw new IllegalArgumentException("uniform(" + lo + ", " + hi + "): need finite lo < hi");
        }
        return (v, rows, cols, r) -> {
            for (int i = 0; i < v.length; i++) {
                v[i] = r.nextDouble(lo, hi);
            }
        };
    }

    /**
     * Xavier/Glorot uniform: U(−s, s) with s = √(6 / (fanIn + fanOut)) (Glorot and Bengio, 2010,
     * "Understanding the difficulty of training deep feedforward neural networks").
     *
     * @return the initializer
     */
    static Initializer xavierUniform() {
        return (v, rows, cols, r) -> {
            double s = Math.sqrt(6.0 / (rows + cols));
            for (int i = 0; i < v.length; i++) {
                v[i] = r.nextDouble(-s, s);
            }
        };
    }

    /**
     * A random orthogonal matrix times a gain (Saxe, McClelland and Ganguli, 2014): Gram–Schmidt
     * on a Gaussian matrix. For W, it keeps the recurrence's singular values at 1 at the start, so
     * signals neither explode nor vanish over the first steps. Non-square matrices get orthonormal
     * rows or columns, whichever are fewer.
     *
     * @param gain the scale, positive (1 is the usual choice)
     * @return the initializer
     */
    static Initializer orthogonal(double gain) {
        if (!(gain > 0) || !Double.isFinite(gain)) {
            throw new IllegalArgumentException("orthogonal gain must be positive and finite, got " + gain);
        }
        return (v, rows, cols, r) -> {
            // Orthonormalise the shorter side: vectors of length n, k of them (k ≤ n).
            boolean byRows = rows <= cols;
            int k = byRows ? rows : cols;
            int n = byRows ? cols : rows;
            double[][] q = new double[k][n];
            for (int i = 0; i < k; i++) {
                double norm;
                do {
                    for (int j = 0; j < n; j++) {
                        q[i][j] = gaussian(r);
                    }
                    for (int p = 0; p < i; p++) {
                        double dot = 0;
                        for (int j = 0; j < n; j++) {
                            dot += q[i][j] * q[p][j];
                        }
                        for (int j = 0; j < n; j++) {
                            q[i][j] -= dot * q[p][j];
                        }
                    }
                    norm = 0;
                    for (int j = 0; j < n; j++) {
                        norm += q[i][j] * q[i][j];
                    }
                    norm = Math.sqrt(norm);
                } while (norm < 1e-8);
                for (int j = 0; j < n; j++) {
                    q[i][j] /= norm;
                }
            }
            for (int row = 0; row < rows; row++) {
                for (int col = 0; col < cols; col++) {
                    v[row * cols + col] = gain * (byRows ? q[row][col] : q[col][row]);
                }
            }
        };
    }

    /**
     * All zeros (the default for the biases b and c).
     *
     * @return the initializer
     */
    static Initializer zeros() {
        return (v, rows, cols, r) -> java.util.Arrays.fill(v, 0.0);
    }

    private static double gaussian(SplittableRandom r) {
        // Box–Muller; SplittableRandom has no nextGaussian on JDK 17.
        double u = r.nextDouble();
        double w = r.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * w);
    }
}
