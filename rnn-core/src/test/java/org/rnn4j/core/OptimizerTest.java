package org.rnn4j.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rnn4j.api.DType;
import org.rnn4j.api.Parameter;
import org.rnn4j.api.Tensor;

/** Each update rule against a hand computation of two steps with gradients g1 = (0.5, −2), g2 = (0.1, 1). */
class OptimizerTest {
    private static final double[] W0 = {1.0, -1.0};
    private static final double[] G1 = {0.5, -2.0};
    private static final double[] G2 = {0.1, 1.0};

    private static double[] twoSteps(Optimizer opt) {
        Tensor w = Fixtures.EJML.fromArray(DType.FLOAT64, 1, 2, W0);
        Tensor g = Fixtures.EJML.zeros(DType.FLOAT64, 1, 2);
        List<Parameter> ps = List.of(new Parameter("w", w, g));
        g.copyFrom(G1);
        opt.step(ps);
        g.copyFrom(G2);
        opt.step(ps);
        assertEquals(2, opt.steps());
        return w.toDoubleArray();
    }

    @Test
    void sgd() {
        double[] expected = new double[2];
        for (int i = 0; i < 2; i++) {
            expected[i] = W0[i] - 0.1 * G1[i] - 0.1 * G2[i];
        }
        assertArrayEquals(expected, twoSteps(Optimizer.sgd(0.1)), 1e-15);
    }

    @Test
    void sgdWritesNothingWhenAnyNewValueIsNotFiniteAndAcceptsHugeFiniteOnes() {
        Tensor w1 = Fixtures.EJML.fromArray(DType.FLOAT64, 1, 2, W0);
        Tensor g1 = Fixtures.EJML.fromArray(DType.FLOAT64, 1, 2, G1);
        Tensor w2 = Fixtures.EJML.fromArray(DType.FLOAT64, 2, 2, new double[] {1, 2, 3, 4});
        Tensor g2 = Fixtures.EJML.fromArray(DType.FLOAT64, 2, 2, new double[] {0, 0, -Double.MAX_VALUE, 0});
        List<Parameter> ps = List.of(new Parameter("a", w1, g1), new Parameter("b", w2, g2));
        Optimizer sgd = Optimizer.sgd(10);
        NonFiniteUpdateException e = assertThrows(NonFiniteUpdateException.class, () -> sgd.step(ps));
        assertEquals("b", e.parameter());
        assertEquals(1, e.row());
        assertEquals(0, e.col());
        assertEquals(0, sgd.steps());
        assertArrayEquals(W0, w1.toDoubleArray(), 0.0, "a is not written when b's update fails");
        assertArrayEquals(new double[] {1, 2, 3, 4}, w2.toDoubleArray(), 0.0);
        // 1e200 squared overflows the norm check, but the values are finite: the step goes through.
        g2.copyFrom(new double[] {-1e199, 0, 0, 0});
        sgd.step(ps);
        assertEquals(1, sgd.steps());
        assertEquals(1e200 + 1, w2.get(0, 0), 1e185);
    }

    /** Every optimizer with a learning rate whose FLOAT32 update overflows though the double one is finite. */
    private static List<Optimizer> runaway() {
        return List.of(Optimizer.sgd(1e200), Optimizer.momentum(1e200, 0.9, false), Optimizer.momentum(1e200, 0.9, true),
                Optimizer.adagrad(1e200), Optimizer.rmsprop(1e200, 0.9), Optimizer.adam(1e200));
    }

    @Test
    void aFloat32UpdateBeyondFloatRangeIsRefusedByEveryOptimizerAndWritesNothing() {
        for (Optimizer opt : runaway()) {
            Tensor w = Fixtures.EJML.fromArray(DType.FLOAT32, 1, 2, W0);
            Tensor g = Fixtures.EJML.fromArray(DType.FLOAT32, 1, 2, new double[] {1e-3, 1e-3});
            List<Parameter> ps = List.of(new Parameter("U", w, g));
            NonFiniteUpdateException e = assertThrows(NonFiniteUpdateException.class, () -> opt.step(ps), opt.name());
            assertEquals("U", e.parameter(), opt.name());
            assertEquals(0, e.row());
            assertEquals(0, e.col());
            assertEquals(Double.NEGATIVE_INFINITY, e.value(), opt.name());
            // SGD computes in the tensor's dtype on the backend; the others in double, so they can say by how much.
            assertTrue(opt.name().equals("sgd") || e.getMessage().contains("overflows FLOAT32"), e.getMessage());
            assertEquals(0, opt.steps(), opt.name());
            assertArrayEquals(W0, w.toDoubleArray(), 0.0, opt.name() + " wrote a refused update");
        }
    }

    @Test
    void theSameUpdatesInFloat64AreFiniteAndStored() {
        // The control of the test above: in FLOAT64 those learning rates give finite values, which are written.
        for (Optimizer opt : runaway()) {
            Tensor w = Fixtures.EJML.fromArray(DType.FLOAT64, 1, 2, W0);
            Tensor g = Fixtures.EJML.fromArray(DType.FLOAT64, 1, 2, new double[] {1e-3, 1e-3});
            opt.step(List.of(new Parameter("U", w, g)));
            assertTrue(w.get(0, 0) < -1e190 && Double.isFinite(w.get(0, 0)), opt.name() + ": " + w.get(0, 0));
        }
    }

    @Test
    void anOptimizerStateThatWouldOverflowIsRefusedAndNamed() {
        // g² = 1e400 overflows Adam's second moment while the parameter stays finite (m / √∞ = 0).
        Tensor w = Fixtures.EJML.fromArray(DType.FLOAT64, 1, 2, W0);
        Tensor g = Fixtures.EJML.fromArray(DType.FLOAT64, 1, 2, new double[] {1e-3, 1e200});
        Optimizer adam = Optimizer.adam(0.1);
        NonFiniteUpdateException e = assertThrows(NonFiniteUpdateException.class, () -> adam.step(List.of(new Parameter("U", w, g))));
        assertEquals("U (adam second moment)", e.parameter());
        assertEquals(1, e.col());
        assertEquals(0, adam.steps());
        assertArrayEquals(W0, w.toDoubleArray(), 0.0);
        assertArrayEquals(new double[] {0, 0}, adam.state()[0][1], 0.0, "the slots go back to before the step");
    }

    @Test
    void anOptimizerRestoredOntoOtherParametersUpdatesThose() {
        for (Optimizer opt : new Optimizer[] {Optimizer.sgd(0.1), Optimizer.adam(0.1)}) {
            twoSteps(opt);
            Tensor w = Fixtures.EJML.fromArray(DType.FLOAT64, 3, 1, new double[] {1, 2, 3});
            Tensor g = Fixtures.EJML.fromArray(DType.FLOAT64, 3, 1, new double[] {1, 1, 1});
            List<Parameter> ps = List.of(new Parameter("v", w, g));
            double[][][] fresh = new double[1][opt.state()[0].length][3];
            opt.restore(ps, 0, fresh);
            opt.step(ps);
            assertEquals(1, opt.steps(), opt.name());
            assertEquals(0.9, w.get(0, 0), 1e-8, opt.name());   // Adam: 0.1·g/(|g| + 1e-8)
        }
    }

    @Test
    void stateCopyRestoredOnAFreshOptimizerContinuesWithTheSameBits() {
        for (Optimizer[] pair : new Optimizer[][] {{Optimizer.adam(0.1), Optimizer.adam(0.1)},
                {Optimizer.momentum(0.1, 0.9, true), Optimizer.momentum(0.1, 0.9, true)}, {Optimizer.sgd(0.1), Optimizer.sgd(0.1)}}) {
            Optimizer a = pair[0];
            assertEquals(null, a.stateCopy(), "no state before the first step");
            Tensor w = Fixtures.EJML.fromArray(DType.FLOAT64, 1, 2, W0);
            Tensor g = Fixtures.EJML.fromArray(DType.FLOAT64, 1, 2, G1);
            List<Parameter> ps = List.of(new Parameter("w", w, g));
            a.step(ps);
            double[][][] copy = a.stateCopy();
            // A copy: stepping a again must not change it.
            double[][][] before = a.stateCopy();
            Tensor w2 = Fixtures.EJML.fromArray(DType.FLOAT64, 1, 2, w.toDoubleArray());
            Tensor g2 = Fixtures.EJML.fromArray(DType.FLOAT64, 1, 2, G2);
            List<Parameter> ps2 = List.of(new Parameter("w", w2, g2));
            Optimizer b = pair[1];
            b.restoreState(ps2, a.steps(), copy);
            g.copyFrom(G2);
            a.step(ps);
            b.step(ps2);
            assertArrayEquals(w.toDoubleArray(), w2.toDoubleArray(), 0.0, a.name());
            assertEquals(2, b.steps(), a.name());
            for (int k = 0; k < copy[0].length; k++) {
                assertArrayEquals(before[0][k], copy[0][k], 0.0, a.name() + ": the copy is not live");
            }
        }
    }

    @Test
    void restoreStateNamesWhatDoesNotFit() {
        Tensor w = Fixtures.EJML.fromArray(DType.FLOAT64, 1, 2, W0);
        List<Parameter> ps = List.of(new Parameter("w", w, Fixtures.EJML.zeros(DType.FLOAT64, 1, 2)));
        Optimizer adam = Optimizer.adam(0.1);
        assertEquals("state for 2 parameters but there are 1",
                assertThrows(IllegalArgumentException.class, () -> adam.restoreState(ps, 1, new double[2][2][2])).getMessage());
        assertEquals("state of w has 1 slots but adam keeps 2",
                assertThrows(IllegalArgumentException.class, () -> adam.restoreState(ps, 1, new double[1][1][2])).getMessage());
        assertEquals("optimizer state for w has 3 values but the parameter has 2",
                assertThrows(IllegalArgumentException.class, () -> adam.restoreState(ps, 1, new double[1][2][3])).getMessage());
        assertEquals("step count must be at least 0, got -1",
                assertThrows(IllegalArgumentException.class, () -> adam.restoreState(ps, -1, new double[1][2][2])).getMessage());
    }

    @Test
    void momentumAndNesterov() {
        double[] classic = new double[2];
        double[] nesterov = new double[2];
        for (int i = 0; i < 2; i++) {
            double v1 = -0.1 * G1[i];
            double v2 = 0.9 * v1 - 0.1 * G2[i];
            classic[i] = W0[i] + v1 + v2;
            nesterov[i] = W0[i] + (0.9 * v1 - 0.1 * G1[i]) + (0.9 * v2 - 0.1 * G2[i]);
        }
        assertArrayEquals(classic, twoSteps(Optimizer.momentum(0.1, 0.9, false)), 1e-15);
        assertArrayEquals(nesterov, twoSteps(Optimizer.momentum(0.1, 0.9, true)), 1e-15);
    }

    @Test
    void adagrad() {
        double[] expected = new double[2];
        for (int i = 0; i < 2; i++) {
            double acc1 = G1[i] * G1[i];
            double w1 = W0[i] - 0.1 * G1[i] / (Math.sqrt(acc1) + 1e-8);
            double acc2 = acc1 + G2[i] * G2[i];
            expected[i] = w1 - 0.1 * G2[i] / (Math.sqrt(acc2) + 1e-8);
        }
        assertArrayEquals(expected, twoSteps(Optimizer.adagrad(0.1)), 1e-15);
    }

    @Test
    void rmsprop() {
        double[] expected = new double[2];
        for (int i = 0; i < 2; i++) {
            double s1 = 0.1 * G1[i] * G1[i];
            double w1 = W0[i] - 0.01 * G1[i] / (Math.sqrt(s1) + 1e-8);
            double s2 = 0.9 * s1 + 0.1 * G2[i] * G2[i];
            expected[i] = w1 - 0.01 * G2[i] / (Math.sqrt(s2) + 1e-8);
        }
        assertArrayEquals(expected, twoSteps(Optimizer.rmsprop(0.01, 0.9)), 1e-15);
    }

    @Test
    void adamWithBiasCorrection() {
        double[] expected = new double[2];
        for (int i = 0; i < 2; i++) {
            double m1 = 0.1 * G1[i];
            double v1 = 0.001 * G1[i] * G1[i];
            double w1 = W0[i] - 0.01 * (m1 / 0.1) / (Math.sqrt(v1 / 0.001) + 1e-8);
            double m2 = 0.9 * m1 + 0.1 * G2[i];
            double v2 = 0.999 * v1 + 0.001 * G2[i] * G2[i];
            expected[i] = w1 - 0.01 * (m2 / (1 - 0.81)) / (Math.sqrt(v2 / (1 - 0.999 * 0.999)) + 1e-8);
        }
        assertArrayEquals(expected, twoSteps(Optimizer.adam(0.01)), 1e-15);
    }

    @Test
    void defaultsAreTheNamedConstants() {
        assertEquals(0.9, Optimizer.ADAM_BETA1);
        assertEquals(0.999, Optimizer.ADAM_BETA2);
        assertEquals(1e-8, Optimizer.EPSILON);
        assertArrayEquals(new double[] {Optimizer.ADAM_BETA1, Optimizer.ADAM_BETA2, Optimizer.EPSILON},
                Optimizer.adam(Optimizer.ADAM_LEARNING_RATE).hyperparameters());
    }

    @Test
    void badSettingsAreRejected() {
        assertEquals("learning rate must be positive and finite, got 0.0", assertThrows(IllegalArgumentException.class, () -> Optimizer.sgd(0)).getMessage());
        assertEquals("momentum must be in [0, 1), got 1.0", assertThrows(IllegalArgumentException.class, () -> Optimizer.momentum(0.1, 1, false)).getMessage());
        assertEquals("beta2 must be in [0, 1), got -0.5", assertThrows(IllegalArgumentException.class, () -> Optimizer.adam(0.1, 0.9, -0.5, 1e-8)).getMessage());
    }

    @Test
    void oneOptimizerCannotServeTwoDifferentModels() {
        Optimizer opt = Optimizer.adam(0.01);
        Rnn a = Fixtures.model(org.rnn4j.api.Activation.TANH, DType.FLOAT64, 1);
        opt.step(a.parameters());
        Rnn b = Rnn.builder().inputSize(5).hiddenSize(2).outputSize(1).dtype(DType.FLOAT64).backend(Fixtures.EJML).build();
        assertThrows(IllegalArgumentException.class, () -> opt.step(b.parameters()));
    }

    @Test
    void clippingByValueAndByGlobalNorm() {
        Tensor w = Fixtures.EJML.zeros(DType.FLOAT64, 1, 2);
        Tensor g = Fixtures.EJML.fromArray(DType.FLOAT64, 1, 2, new double[] {3, -4});
        Tensor w2 = Fixtures.EJML.zeros(DType.FLOAT64, 1, 1);
        Tensor g2 = Fixtures.EJML.fromArray(DType.FLOAT64, 1, 1, new double[] {12});
        List<Parameter> ps = List.of(new Parameter("a", w, g), new Parameter("b", w2, g2));
        assertEquals(13, Clipping.globalNorm(ps), 1e-12);
        assertEquals(13, Clipping.byGlobalNorm(ps, 6.5), 1e-12);
        assertArrayEquals(new double[] {1.5, -2}, g.toDoubleArray(), 1e-12);
        assertArrayEquals(new double[] {6}, g2.toDoubleArray(), 1e-12);
        assertEquals(6.5, Clipping.byGlobalNorm(ps, 100), 1e-12);
        assertArrayEquals(new double[] {1.5, -2}, g.toDoubleArray(), 1e-12, "under the bound nothing changes");
        Clipping.byValue(ps, 1.75);
        assertArrayEquals(new double[] {1.5, -1.75}, g.toDoubleArray(), 0);
        assertArrayEquals(new double[] {1.75}, g2.toDoubleArray(), 0);
    }

    @Test
    void initializersAreSeededAndShaped() {
        double[] a = new double[12];
        double[] b = new double[12];
        Initializer.xavierUniform().fill(a, 3, 4, new SplittableRandom(5));
        Initializer.xavierUniform().fill(b, 3, 4, new SplittableRandom(5));
        assertArrayEquals(a, b, 0);
        double s = Math.sqrt(6.0 / 7);
        for (double v : a) {
            assertEquals(0, v, s);
        }
        // Orthogonal: rows of a 3×5 matrix are orthonormal; columns of a 5×3 one are.
        for (int[] shape : new int[][] {{3, 5}, {5, 3}, {4, 4}}) {
            int rows = shape[0];
            int cols = shape[1];
            double[] q = new double[rows * cols];
            Initializer.orthogonal(1).fill(q, rows, cols, new SplittableRandom(9));
            boolean byRows = rows <= cols;
            int k = Math.min(rows, cols);
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < k; j++) {
                    double dot = 0;
                    for (int p = 0; p < Math.max(rows, cols); p++) {
                        dot += byRows ? q[i * cols + p] * q[j * cols + p] : q[p * cols + i] * q[p * cols + j];
                    }
                    assertEquals(i == j ? 1 : 0, dot, 1e-12, rows + "×" + cols + " vectors " + i + "·" + j);
                }
            }
        }
        assertThrows(IllegalArgumentException.class, () -> Initializer.uniform(1, 1));
    }
}
