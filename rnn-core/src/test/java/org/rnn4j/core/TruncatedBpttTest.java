package org.rnn4j.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.rnn4j.api.Activation;
import org.rnn4j.api.DType;
import org.rnn4j.api.Parameter;
import org.rnn4j.api.Tensor;
import org.rnn4j.spi.Backend;

/**
 * Truncated BPTT against an independent brute force of what its javadoc says it computes: per
 * chunk, central differences of the chunk's loss, run with {@link Stepper} over the window from
 * the state the previous window computed, then the same SGD update, chunk after chunk.
 */
class TruncatedBpttTest {
    private static final int T = 11;
    private static final int B = 2;
    private static final double LR = 0.3;

    /** The chunk loss L_j(θ) of the javadoc, computed step by step with a Stepper; records the window's states. */
    private static double chunkLoss(Rnn m, Tensor xs, Targets targets, int w, int s, int e, double[] hStart, Map<Integer, double[]> states) {
        Backend be = m.backend();
        Stepper st = m.stepper(B);
        st.reset(State.of(be.fromArray(DType.FLOAT64, B, m.hiddenSize(), hStart)));
        Tensor x = be.zeros(DType.FLOAT64, B, m.inputSize());
        int o = m.outputSize();
        double sum = 0;
        double[] target = targets.values;
        for (int t = w; t < e; t++) {
            be.copyRowsInto(xs, t * B, B, x, 0);
            double[] y = st.step(x).toDoubleArray();
            if (states != null) {
                states.put(t, st.state().h().toDoubleArray());
            }
            if (t >= s) {
                for (int i = 0; i < B * o; i++) {
                    double d = y[i] - target[t * B * o + i];
                    sum += d * d;
                }
            }
        }
        return sum / ((e - s) * B * o);
    }

    @ParameterizedTest(name = "k1={0} k2={1}")
    @CsvSource({"3, 3", "3, 5", "4, 11", "1, 2", "20, 20"})
    void everyUpdateEqualsTheBruteForceGradientOfItsDocumentedChunkLoss(int k1, int k2) {
        Rnn engineModel = Fixtures.model(Activation.TANH, DType.FLOAT64, 71);
        Rnn bruteModel = Fixtures.model(Activation.TANH, DType.FLOAT64, 71);
        Tensor xs = Fixtures.inputs(engineModel, T, B, 72);
        Tensor xsBrute = bruteModel.backend().fromArray(DType.FLOAT64, T * B, bruteModel.inputSize(), xs.toDoubleArray());
        Targets targets = Fixtures.targets(Loss.MSE, OutputMode.EVERY_STEP, T, B, engineModel.outputSize(), 73);
        Optimizer sgd = Optimizer.sgd(LR);
        List<Double> engineLosses = new ArrayList<>();
        new TruncatedBptt(k1, k2).run(engineModel, xs, B, targets, null, null, (chunk, from, to, loss) -> {
            engineLosses.add(loss);
            sgd.step(engineModel.parameters());
        });

        // Brute force: the same chunks, gradients by central differences, the same SGD rule.
        Map<Integer, double[]> states = new HashMap<>();
        List<Double> bruteLosses = new ArrayList<>();
        for (int s = 0; s < T; s += k1) {
            int e = Math.min(s + k1, T);
            int w = Math.max(0, e - k2);
            double[] hStart = w == 0 ? new double[B * bruteModel.hiddenSize()] : states.get(w - 1);
            Map<Integer, double[]> windowStates = new HashMap<>();
            bruteLosses.add(chunkLoss(bruteModel, xsBrute, targets, w, s, e, hStart, windowStates));
            List<double[]> grads = new ArrayList<>();
            for (Parameter p : bruteModel.parameters()) {
                double[] g = new double[p.value().size()];
                for (int i = 0; i < g.length; i++) {
                    int r = i / p.value().cols();
                    int c = i % p.value().cols();
                    double orig = p.value().get(r, c);
                    p.value().set(r, c, orig + 1e-6);
                    double plus = chunkLoss(bruteModel, xsBrute, targets, w, s, e, hStart, null);
                    p.value().set(r, c, orig - 1e-6);
                    double minus = chunkLoss(bruteModel, xsBrute, targets, w, s, e, hStart, null);
                    p.value().set(r, c, orig);
                    g[i] = (plus - minus) / 2e-6;
                }
                grads.add(g);
            }
            for (int i = 0; i < grads.size(); i++) {
                Tensor v = bruteModel.parameters().get(i).value();
                double[] vals = v.toDoubleArray();
                for (int j = 0; j < vals.length; j++) {
                    vals[j] -= LR * grads.get(i)[j];
                }
                v.copyFrom(vals);
            }
            states = windowStates;
        }

        assertEquals(bruteLosses.size(), engineLosses.size(), "number of updates");
        for (int j = 0; j < bruteLosses.size(); j++) {
            assertEquals(bruteLosses.get(j), engineLosses.get(j), 1e-8, "loss of chunk " + j);
        }
        for (int i = 0; i < engineModel.parameters().size(); i++) {
            double[] a = engineModel.parameters().get(i).value().toDoubleArray();
            double[] b = bruteModel.parameters().get(i).value().toDoubleArray();
            for (int j = 0; j < a.length; j++) {
                assertEquals(b[j], a[j], 1e-7, engineModel.parameters().get(i).name() + "[" + j + "] after all updates");
            }
        }
    }

    @Test
    void truncationReallyCutsTheGradient() {
        // The last chunk's gradient with k2 = 2 must differ from the same chunk's with k2 = T (no cut).
        double[] cut = lastChunkGradientOfW(2);
        double[] uncut = lastChunkGradientOfW(T);
        assertNotEquals(java.util.Arrays.toString(cut), java.util.Arrays.toString(uncut));
    }

    private static double[] lastChunkGradientOfW(int k2) {
        Rnn m = Fixtures.model(Activation.TANH, DType.FLOAT64, 81);
        Tensor xs = Fixtures.inputs(m, T, B, 82);
        Targets targets = Fixtures.targets(Loss.MSE, OutputMode.EVERY_STEP, T, B, m.outputSize(), 83);
        double[][] last = new double[1][];
        new TruncatedBptt(2, k2).run(m, xs, B, targets, null, null,
                (chunk, from, to, loss) -> last[0] = m.parameter("W").gradient().toDoubleArray());
        return last[0];
    }

    @Test
    void aSequenceShorterThanK1StillTrains() {
        Rnn m = Fixtures.model(Activation.TANH, DType.FLOAT64, 91);
        Tensor xs = Fixtures.inputs(m, 2, 1, 92);
        Targets targets = Fixtures.targets(Loss.MSE, OutputMode.EVERY_STEP, 2, 1, m.outputSize(), 93);
        int[] chunks = new int[1];
        double[] before = m.parameter("W").value().toDoubleArray();
        Optimizer sgd = Optimizer.sgd(0.1);
        new TruncatedBptt(25, 25).run(m, xs, 1, targets, null, null, (c, f, t, l) -> {
            chunks[0]++;
            assertEquals(0, f);
            assertEquals(2, t);
            sgd.step(m.parameters());
        });
        assertEquals(1, chunks[0]);
        assertNotEquals(java.util.Arrays.toString(before), java.util.Arrays.toString(m.parameter("W").value().toDoubleArray()));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Fixtures.Spec.class)
    void withK1EqualK2EveryStateIsCarriedBetweenChunks(Fixtures.Spec spec) {
        // Without updates, chunked passes with carried states (h, and c of an LSTM) must end in the
        // full forward's final states; dropping c between windows would not.
        Rnn m = Fixtures.model(spec.cell, spec.activation, 2, Fixtures.EJML, DType.FLOAT64, 95);
        Tensor xs = Fixtures.inputs(m, T, B, 96);
        Targets targets = Fixtures.targets(Loss.MSE, OutputMode.EVERY_STEP, T, B, m.outputSize(), 97);
        State initial = Fixtures.state(m, B, 98);
        TruncatedBptt tb = new TruncatedBptt(4, 4);
        tb.run(m, xs, B, targets, null, initial, null);
        State full = m.forward(xs, B, initial, null).finalState();
        assertEquals(full.size(), tb.carriedState().size());
        for (int k = 0; k < full.size(); k++) {
            assertArrayEquals(full.get(k).toDoubleArray(), tb.carriedState().get(k).toDoubleArray(), 1e-14, m.stateNames().get(k));
        }
    }

    @Test
    void aListenerThatUsesTheModelBetweenWindowsChangesNothing() {
        Rnn quiet = Fixtures.model(Fixtures.Spec.LSTM.cell, Activation.TANH, 1, Fixtures.EJML, DType.FLOAT64, 61);
        Rnn busy = Fixtures.model(Fixtures.Spec.LSTM.cell, Activation.TANH, 1, Fixtures.EJML, DType.FLOAT64, 61);
        Tensor xs = Fixtures.inputs(quiet, T, B, 62);
        Tensor other = Fixtures.inputs(busy, 3, 5, 63);
        Targets targets = Fixtures.targets(Loss.MSE, OutputMode.EVERY_STEP, T, B, quiet.outputSize(), 64);
        Targets otherTargets = Fixtures.targets(Loss.MSE, OutputMode.EVERY_STEP, 3, 5, busy.outputSize(), 65);
        List<Double> a = new ArrayList<>();
        List<Double> b = new ArrayList<>();
        new TruncatedBptt(3, 5).run(quiet, xs, B, targets, null, null, (c, f, t, l) -> a.add(l));
        new TruncatedBptt(3, 5).run(busy, xs, B, targets, null, null, (c, f, t, l) -> {
            b.add(l);
            busy.forward(other, 5, null, null);
            busy.bptt().loss(other, 5, otherTargets, null, null);
            busy.bptt().loss(xs, B, targets, null, null);
        });
        assertEquals(a, b);
    }

    @Test
    void windowsOfOnlyPaddingNeitherStepNorCount() {
        Rnn m = Fixtures.model(Activation.TANH, DType.FLOAT64, 66);
        Tensor xs = Fixtures.inputs(m, 8, 2, 67);
        Targets targets = Fixtures.targets(Loss.MSE, OutputMode.EVERY_STEP, 8, 2, m.outputSize(), 68);
        // Both sequences end after 4 steps: the second window of 4 is only padding.
        Mask mask = Mask.fromLengths(8, new int[] {4, 3});
        List<Integer> chunks = new ArrayList<>();
        TruncatedBptt tb = new TruncatedBptt(4, 4);
        double mean = tb.run(m, xs, 2, targets, mask, null, (c, f, t, l) -> chunks.add(c));
        assertEquals(List.of(0), chunks, "the all-padding window must not reach the listener (no optimizer step)");
        double first = m.bptt().loss(subRows(m, xs, 0, 4 * 2), 2, sliceTargets(targets, 4, 2, m.outputSize()),
                Mask.fromLengths(4, new int[] {4, 3}), null).loss();
        assertEquals(first, mean, 1e-14, "the mean must count only the real steps");
    }

    private static Tensor subRows(Rnn m, Tensor xs, int from, int rows) {
        Tensor t = m.backend().zeros(m.dtype(), rows, xs.cols());
        m.backend().copyRowsInto(xs, from, rows, t, 0);
        return t;
    }

    private static Targets sliceTargets(Targets all, int steps, int batch, int outputs) {
        return Targets.everyStep(Loss.MSE, steps, batch, outputs, java.util.Arrays.copyOf(all.values, steps * batch * outputs));
    }

    @Test
    void badSettingsAreRejected() {
        assertEquals("k1 (steps per update) must be at least 1, got 0", assertThrows(IllegalArgumentException.class, () -> new TruncatedBptt(0, 3)).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new TruncatedBptt(5, 3)).getMessage()
                .startsWith("k2 (steps back) must be at least k1 = 5, got 3"));
        Rnn m = Fixtures.model(Activation.TANH, DType.FLOAT64, 99);
        Tensor xs = Fixtures.inputs(m, 4, 1, 98);
        Targets last = Fixtures.targets(Loss.MSE, OutputMode.LAST_STEP, 4, 1, m.outputSize(), 97);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new TruncatedBptt(2, 2).run(m, xs, 1, last, null, null, null))
                .getMessage().startsWith("truncated BPTT needs a target at every step"));
    }
}
