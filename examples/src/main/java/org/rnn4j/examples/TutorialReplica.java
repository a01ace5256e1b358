package org.rnn4j.examples;

import java.util.SplittableRandom;

/**
 * The from-scratch sine-wave RNN of the Analytics Vidhya tutorial (January 2019), replayed as
 * printed, with its mistakes, so its results can be set beside a correct RNN.
 *
 * <p>What is wrong with it, and reproduced on purpose:
 * <ul>
 *   <li>U is H×T, not H×I: step t feeds a T-long vector that is zero except position t, so step t
 *       only ever sees column t of U. U is not shared across time; that is the question that
 *       started rnn4j.</li>
 *   <li>The "backward pass" computes no gradient: dU and dW sum forward quantities ({@code U·input_t},
 *       {@code W·s_{t-1}}) that are never multiplied by the error; the sigmoid derivative is
 *       evaluated at the pre-activation of the last step ({@code add·(1−add)}) instead of
 *       {@code s·(1−s)}; running sums are never reset and an H×1 column is added to every column.</li>
 *   <li>Its prediction step feeds the whole window, {@code U·x}, at every step, unlike training.</li>
 * </ul>
 * Plain Java on double arrays: this is the lesson, not the library.
 */
final class TutorialReplica {
    static final double LEARNING_RATE = 1e-4;
    static final int BPTT_TRUNCATE = 5;
    static final double CLIP = 10;

    final int steps;
    final int hidden;
    final double[][] u; // H×T
    final double[][] w; // H×H
    final double[] v;   // 1×H

    TutorialReplica(int steps, int hidden, long seed) {
        this.steps = steps;
        this.hidden = hidden;
        SplittableRandom r = new SplittableRandom(seed);
        u = uniform(hidden, steps, r);
        w = uniform(hidden, hidden, r);
        v = uniform(1, hidden, r)[0];
    }

    TutorialReplica(double[][] u, double[][] w, double[] v) {
        this.steps = u[0].length;
        this.hidden = u.length;
        this.u = u;
        this.w = w;
        this.v = v;
    }

    private static double[][] uniform(int rows, int cols, SplittableRandom r) {
        double[][] m = new double[rows][cols];
        for (double[] row : m) {
            for (int j = 0; j < cols; j++) {
                row[j] = r.nextDouble();
            }
        }
        return m;
    }

    /** {@return H·T + H·H + H} */
    int parameterCount() {
        return hidden * steps + hidden * hidden + hidden;
    }

    static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    /** What a forward pass leaves behind: every step's state and previous state, and the last step's add and output. */
    static final class Pass {
        final double[][] s;
        final double[][] prevS;
        double[] add;
        double mulv;

        Pass(int steps, int hidden) {
            s = new double[steps][];
            prevS = new double[steps][];
        }
    }

    /** The training-time forward pass: step t sees x[t]·U[:,t] only. */
    Pass forward(double[] x) {
        Pass p = new Pass(steps, hidden);
        double[] prev = new double[hidden];
        for (int t = 0; t < steps; t++) {
            double[] add = new double[hidden];
            for (int j = 0; j < hidden; j++) {
                double mulw = 0;
                for (int k = 0; k < hidden; k++) {
                    mulw += w[j][k] * prev[k];
                }
                add[j] = mulw + u[j][t] * x[t]; // mulu = U·new_input = x[t]·U[:,t]
            }
            double[] s = new double[hidden];
            double mulv = 0;
            for (int j = 0; j < hidden; j++) {
                s[j] = sigmoid(add[j]);
                mulv += v[j] * s[j];
            }
            p.s[t] = s;
            p.prevS[t] = prev;
            p.add = add;
            p.mulv = mulv;
            prev = s;
        }
        return p;
    }

    /** The tutorial's loss for one window, (y − prediction)² / 2. */
    double loss(double[] x, double y) {
        double d = y - forward(x).mulv;
        return d * d / 2;
    }

    /**
     * One training step on one window, exactly as printed (its dead computations left out: they
     * change nothing). dU, dW and their running sums dU_t, dW_t only ever receive an H×1 column
     * broadcast into every column, and clipping is element-wise, so every row of them holds one
     * value: they are kept as one number per row, added in the printed order, which gives the same
     * floating-point results as the full matrices.
     *
     * @return the window's loss (y − prediction)²/2 before the update
     */
    double train(double[] x, double y) {
        Pass p = forward(x);
        double dmulv = p.mulv - y;
        double loss = dmulv * dmulv / 2;
        double[] dU = new double[hidden];  // row j of dU (H×T): every column equals dU[j]
        double[] dW = new double[hidden];  // row j of dW (H×H)
        double[] dV = new double[hidden];
        double[] dUt = new double[hidden];
        double[] dWt = new double[hidden];
        for (int t = 0; t < steps; t++) {
            // The inner loop runs for i = t−1 down to max(0, t−5): min(t, 5) times. Its dU_i = U·input_t
            // and dW_i = W·prev_s_t do not depend on i.
            int repeats = t - Math.max(0, t - BPTT_TRUNCATE);
            for (int j = 0; j < hidden; j++) {
                double dUi = u[j][t] * x[t];
                double dWi = 0;
                for (int k = 0; k < hidden; k++) {
                    dWi += w[j][k] * p.prevS[t][k];
                }
                for (int i = 0; i < repeats; i++) {
                    dUt[j] += dUi;
                    dWt[j] += dWi;
                }
                // dV_t = dmulv · s_tᵀ (assigned each t, then added to dV)
                dV[j] = clip(dV[j] + dmulv * p.s[t][j]);
                dU[j] = clip(dU[j] + dUt[j]);
                dW[j] = clip(dW[j] + dWt[j]);
            }
        }
        for (int j = 0; j < hidden; j++) {
            for (int c = 0; c < steps; c++) {
                u[j][c] -= LEARNING_RATE * dU[j];
            }
            for (int c = 0; c < hidden; c++) {
                w[j][c] -= LEARNING_RATE * dW[j];
            }
            v[j] -= LEARNING_RATE * dV[j];
        }
        return loss;
    }

    private static double clip(double d) {
        return Math.max(-CLIP, Math.min(CLIP, d));
    }

    /** The tutorial's "Step 3" prediction: the whole window, U·x, fed again at every step. */
    double predictAsPrinted(double[] x) {
        double[] mulu = new double[hidden];
        for (int j = 0; j < hidden; j++) {
            for (int t = 0; t < steps; t++) {
                mulu[j] += u[j][t] * x[t];
            }
        }
        double[] s = new double[hidden];
        double mulv = 0;
        for (int t = 0; t < steps; t++) {
            double[] next = new double[hidden];
            mulv = 0;
            for (int j = 0; j < hidden; j++) {
                double mulw = 0;
                for (int k = 0; k < hidden; k++) {
                    mulw += w[j][k] * s[k];
                }
                next[j] = sigmoid(mulu[j] + mulw);
                mulv += v[j] * next[j];
            }
            s = next;
        }
        return mulv;
    }

    /** The prediction with the encoding used in training (the one its loss was computed with). */
    double predictAsTrained(double[] x) {
        return forward(x).mulv;
    }
}
