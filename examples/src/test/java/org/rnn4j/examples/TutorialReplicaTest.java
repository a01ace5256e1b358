package org.rnn4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The replica against a hand computation of the tutorial's rules (TUTORIAL.md) on a tiny case:
 * T = 3 steps, H = 2 hidden units. Written out step by step, independently of the replica's loops.
 */
class TutorialReplicaTest {
    private static final double LR = 1e-4;

    private static double sig(double a) {
        return 1 / (1 + Math.exp(-a));
    }

    private static TutorialReplica tiny() {
        double[][] u = {{0.1, 0.2, 0.3}, {0.4, 0.5, 0.6}};
        double[][] w = {{0.7, 0.8}, {0.9, 0.15}};
        double[] v = {0.25, 0.35};
        return new TutorialReplica(u, w, v);
    }

    @Test
    void forwardAndUpdateMatchTheHandComputation() {
        double[] x = {0.5, -1.0, 2.0};
        double y = 0.3;
        // Forward: step t sees x[t]·U[:,t]; W carries s.
        double s0a = sig(0.1 * 0.5);
        double s0b = sig(0.4 * 0.5);
        double s1a = sig(0.7 * s0a + 0.8 * s0b + 0.2 * -1.0);
        double s1b = sig(0.9 * s0a + 0.15 * s0b + 0.5 * -1.0);
        double s2a = sig(0.7 * s1a + 0.8 * s1b + 0.3 * 2.0);
        double s2b = sig(0.9 * s1a + 0.15 * s1b + 0.6 * 2.0);
        double out = 0.25 * s2a + 0.35 * s2b;
        TutorialReplica r = tiny();
        assertEquals(out, r.predictAsTrained(x), 1e-15);
        assertEquals((y - out) * (y - out) / 2, r.loss(x, y), 1e-15);

        // Update. dmulv = out − y. t = 0: no inner iterations. t = 1: one; t = 2: two. dU_t, dW_t are
        // never reset, so dU = (dU_t after t=1) + (dU_t after t=2) = a1 + (a1 + 2·a2), per row, in every column.
        double dmulv = out - y;
        double dVa = dmulv * (s0a + s1a + s2a);
        double dVb = dmulv * (s0b + s1b + s2b);
        double a1a = 0.2 * -1.0;
        double a1b = 0.5 * -1.0;
        double a2a = 0.3 * 2.0;
        double a2b = 0.6 * 2.0;
        double dUa = a1a + (a1a + a2a + a2a);
        double dUb = a1b + (a1b + a2b + a2b);
        double w1a = 0.7 * s0a + 0.8 * s0b;   // W·prev_s of step 1 (prev_s = s0)
        double w1b = 0.9 * s0a + 0.15 * s0b;
        double w2a = 0.7 * s1a + 0.8 * s1b;   // W·prev_s of step 2
        double w2b = 0.9 * s1a + 0.15 * s1b;
        double dWa = w1a + (w1a + w2a + w2a);
        double dWb = w1b + (w1b + w2b + w2b);

        double loss = r.train(x, y);
        assertEquals((y - out) * (y - out) / 2, loss, 1e-15);
        double[][] u0 = {{0.1, 0.2, 0.3}, {0.4, 0.5, 0.6}};
        double[][] w0 = {{0.7, 0.8}, {0.9, 0.15}};
        for (int c = 0; c < 3; c++) {
            assertEquals(u0[0][c] - LR * dUa, r.u[0][c], 1e-15, "U[0][" + c + "]");
            assertEquals(u0[1][c] - LR * dUb, r.u[1][c], 1e-15, "U[1][" + c + "]");
        }
        for (int c = 0; c < 2; c++) {
            assertEquals(w0[0][c] - LR * dWa, r.w[0][c], 1e-15, "W[0][" + c + "]");
            assertEquals(w0[1][c] - LR * dWb, r.w[1][c], 1e-15, "W[1][" + c + "]");
        }
        assertEquals(0.25 - LR * dVa, r.v[0], 1e-15);
        assertEquals(0.35 - LR * dVb, r.v[1], 1e-15);
    }

    @Test
    void runningSumsAreClippedToTen() {
        TutorialReplica r = tiny();
        double[] x = {100, 100, 100};
        r.train(x, 0);
        // a1 = 0.2·100 = 20 already exceeds 10 after t = 1: dU[0] is clipped to 10 and stays there.
        assertEquals(0.1 - LR * 10, r.u[0][0], 1e-15);
        assertEquals(0.6 - LR * 10, r.u[1][2], 1e-15);
    }

    @Test
    void theInnerLoopRunsAtMostFiveTimes() {
        // With T = 8 and only x[7] non-zero, only t = 7 contributes to dU, min(7, 5) = 5 times.
        double[][] u = new double[1][8];
        u[0][7] = 0.001;
        TutorialReplica r = new TutorialReplica(u, new double[][] {{0}}, new double[] {0});
        double[] x = new double[8];
        x[7] = 1;
        r.train(x, 0);
        assertEquals(0.001 - LR * 5 * 0.001, r.u[0][7], 1e-18);
    }

    @Test
    void predictionStepFeedsTheWholeWindowAtEveryStep() {
        double[] x = {0.5, -1.0, 2.0};
        double mua = 0.1 * 0.5 + 0.2 * -1.0 + 0.3 * 2.0;
        double mub = 0.4 * 0.5 + 0.5 * -1.0 + 0.6 * 2.0;
        double s1a = sig(mua);
        double s1b = sig(mub);
        double s2a = sig(mua + 0.7 * s1a + 0.8 * s1b);
        double s2b = sig(mub + 0.9 * s1a + 0.15 * s1b);
        double s3a = sig(mua + 0.7 * s2a + 0.8 * s2b);
        double s3b = sig(mub + 0.9 * s2a + 0.15 * s2b);
        assertEquals(0.25 * s3a + 0.35 * s3b, tiny().predictAsPrinted(x), 1e-15);
    }

    @Test
    void parameterCountIsUAndWAndV() {
        assertEquals(100 * 50 + 100 * 100 + 100, new TutorialReplica(50, 100, 1).parameterCount());
    }
}
