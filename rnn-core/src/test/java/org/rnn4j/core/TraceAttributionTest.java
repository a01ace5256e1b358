package org.rnn4j.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.rnn4j.api.DType;
import org.rnn4j.api.Tensor;
import org.rnn4j.core.cell.CellType;

/** Trace's per-step dL/dx_t: equal to Bptt's and to finite differences. */
class TraceAttributionTest {
    private static final int T = 5;

    private static Rnn model(CellType cell, int layers) {
        return Rnn.builder().inputSize(Fixtures.I).hiddenSize(Fixtures.H).outputSize(Fixtures.O).cell(cell).layers(layers)
                .dtype(DType.FLOAT64).backend(Fixtures.EJML).seed(51).build();
    }

    private static double[][] sequence(long seed) {
        double[][] s = new double[T][];
        for (int t = 0; t < T; t++) {
            s[t] = Fixtures.random(Fixtures.I, seed + t, -1, 1);
        }
        return s;
    }

    private static final double[] TARGET = {0.3, -0.2, 0.5};

    private static double loss(Rnn m, double[][] seq) {
        double[] flat = new double[T * Fixtures.I];
        for (int t = 0; t < T; t++) {
            System.arraycopy(seq[t], 0, flat, t * Fixtures.I, Fixtures.I);
        }
        Tensor xs = m.backend().fromArray(m.dtype(), T, Fixtures.I, flat);
        return m.bptt().loss(xs, 1, Targets.lastStep(Loss.MSE, 1, Fixtures.O, TARGET), null, null).loss();
    }

    @ParameterizedTest
    @EnumSource(CellType.class)
    void equalsBpttInputGradientAndFiniteDifferences(CellType cell) {
        Rnn m = model(cell, 2);
        double[][] seq = sequence(7);
        Trace tr = Trace.of(m, seq, TARGET, Loss.MSE);
        double[][] g = tr.inputGradients();
        assertFalse(m.bptt().computesInputGradients(), "Trace restores the engine's setting");

        double[] flat = new double[T * Fixtures.I];
        for (int t = 0; t < T; t++) {
            System.arraycopy(seq[t], 0, flat, t * Fixtures.I, Fixtures.I);
        }
        m.bptt().computeInputGradients(true);
        double[] expected = m.bptt().lossAndGradients(m.backend().fromArray(DType.FLOAT64, T, Fixtures.I, flat), 1,
                Targets.lastStep(Loss.MSE, 1, Fixtures.O, TARGET), null, null).inputGradient().toDoubleArray();
        m.bptt().computeInputGradients(false);
        for (int t = 0; t < T; t++) {
            assertArrayEquals(Arrays.copyOfRange(expected, t * Fixtures.I, (t + 1) * Fixtures.I), g[t], 0.0, "step " + t);
            assertArrayEquals(g[t], tr.steps().get(t).inputGradient(), 0.0);
        }

        double eps = 1e-6;
        for (int t = 0; t < T; t++) {
            for (int i = 0; i < Fixtures.I; i++) {
                double[][] plus = deepCopy(seq);
                double[][] minus = deepCopy(seq);
                plus[t][i] += eps;
                minus[t][i] -= eps;
                double fd = (loss(m, plus) - loss(m, minus)) / (2 * eps);
                assertEquals(fd, g[t][i], 1e-7 + 1e-5 * Math.abs(fd), "dL/dx[" + t + "][" + i + "]");
            }
        }
        assertTrue(Arrays.stream(g).flatMapToDouble(Arrays::stream).anyMatch(v -> Math.abs(v) > 1e-4), "attributions are not all ~0");
    }

    @org.junit.jupiter.api.Test
    void withoutATargetTheAttributionIsNaN() {
        Trace tr = Trace.of(model(CellType.GRU, 1), sequence(3), null, Loss.MSE);
        assertTrue(Double.isNaN(tr.inputGradients()[0][0]));
    }

    private static double[][] deepCopy(double[][] a) {
        double[][] c = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i].clone();
        }
        return c;
    }
}
