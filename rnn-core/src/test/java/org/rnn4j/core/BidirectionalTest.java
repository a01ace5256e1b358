package org.rnn4j.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rnn4j.api.Activation;
import org.rnn4j.api.DType;
import org.rnn4j.api.Parameter;
import org.rnn4j.api.Tensor;
import org.rnn4j.core.cell.CellType;

/** Both directions, stacks and dropout: what PyTorch's bidirectional, num_layers and dropout mean. */
class BidirectionalTest {

    private static Rnn bidirectional(CellType cell, int outputs, long seed) {
        return Rnn.builder().inputSize(Fixtures.I).hiddenSize(Fixtures.H).outputSize(outputs).cell(cell).bidirectional(true)
                .dtype(DType.FLOAT64).backend(Fixtures.EJML).seed(seed).build();
    }

    @ParameterizedTest
    @MethodSource("org.rnn4j.core.Fixtures#cellSpecs")
    void theOutputIsTheForwardPassBesideTheReversedPassPutBackInOrder(Fixtures.Spec spec) {
        int h = Fixtures.H;
        Rnn bi = bidirectional(spec.cell, 2 * h, 401);
        // V = identity and c = 0, so y_t is the level's output [h_fwd(t), h_bwd(t)] itself.
        double[] eye = new double[4 * h * h];
        for (int i = 0; i < 2 * h; i++) {
            eye[i * 2 * h + i] = 1;
        }
        bi.parameter("out.V").value().copyFrom(eye);
        Rnn fwd = Rnn.builder().inputSize(Fixtures.I).hiddenSize(h).outputSize(1).cell(spec.cell).layers(1).dtype(DType.FLOAT64)
                .backend(Fixtures.EJML).build();
        Rnn rev = Rnn.builder().inputSize(Fixtures.I).hiddenSize(h).outputSize(1).cell(spec.cell).layers(1).dtype(DType.FLOAT64)
                .backend(Fixtures.EJML).build();
        copyLayer(bi, "l0.", fwd);
        copyLayer(bi, "l0r.", rev);
        int steps = 5;
        Tensor xs = Fixtures.inputs(bi, steps, 1, 402);
        double[] y = bi.forward(xs, 1, null, null).outputs().toDoubleArray();
        double[][] hf = states(fwd, xs, steps, false);
        double[][] hr = states(rev, xs, steps, true);
        for (int t = 0; t < steps; t++) {
            for (int j = 0; j < h; j++) {
                assertEquals(hf[t][j], y[t * 2 * h + j], 1e-14, "forward half, step " + t);
                assertEquals(hr[steps - 1 - t][j], y[t * 2 * h + h + j], 1e-14, "backward half, step " + t);
            }
        }
    }

    private static void copyLayer(Rnn from, String prefix, Rnn to) {
        List<Parameter> target = to.layers().get(0).parameters();
        for (Parameter p : target) {
            String name = p.name().substring(p.name().indexOf('.') + 1);
            p.value().copyFrom(from.parameter(prefix + name).value().toDoubleArray());
        }
    }

    /** h after each step, streaming, over xs in order or reversed. */
    private static double[][] states(Rnn m, Tensor xs, int steps, boolean reversed) {
        Stepper s = m.stepper(1);
        Tensor x = m.backend().zeros(DType.FLOAT64, 1, m.inputSize());
        double[][] h = new double[steps][];
        for (int t = 0; t < steps; t++) {
            m.backend().copyRowsInto(xs, reversed ? steps - 1 - t : t, 1, x, 0);
            s.step(x);
            h[t] = s.state().h().toDoubleArray();
        }
        return h;
    }

    @ParameterizedTest
    @MethodSource("org.rnn4j.core.Fixtures#cellSpecs")
    void paddingAtTheEndOfAShortSequenceDoesNotFeedTheBackwardDirection(Fixtures.Spec spec) {
        Rnn m = Fixtures.model(spec.cell, spec.activation, 2, true, 0, Fixtures.EJML, DType.FLOAT64, 411);
        Tensor padded = Fixtures.inputs(m, 6, 2, 412);
        // Sequence 1 is 4 steps long; its steps 4 and 5 hold junk that the mask must hide.
        Rnn.Output both = m.forward(padded, 2, null, Mask.fromLengths(6, new int[] {6, 4}));
        Tensor alone = m.backend().zeros(DType.FLOAT64, 4, m.inputSize());
        for (int t = 0; t < 4; t++) {
            m.backend().copyRowsInto(padded, t * 2 + 1, 1, alone, t);
        }
        Rnn.Output single = m.forward(alone, 1, null, null);
        int o = m.outputSize();
        for (int t = 0; t < 4; t++) {
            for (int k = 0; k < o; k++) {
                assertEquals(single.outputs().get(t, k), both.outputs().get(t * 2 + 1, k), 1e-13, "step " + t);
            }
        }
        for (int i = 0; i < m.stateNames().size(); i++) {
            for (int j = 0; j < m.hiddenSize(); j++) {
                assertEquals(single.finalState().get(i).get(0, j), both.finalState().get(i).get(1, j), 1e-13, m.stateNames().get(i));
            }
        }
    }

    @Test
    void stateNamesAndParametersAreLayerMajorThenDirection() {
        Rnn m = Fixtures.model(CellType.LSTM, Activation.TANH, 2, true, 0, Fixtures.EJML, DType.FLOAT64, 421);
        assertEquals(List.of("l0.h", "l0.c", "l0r.h", "l0r.c", "l1.h", "l1.c", "l1r.h", "l1r.c"), m.stateNames());
        assertEquals(List.of(4 * Fixtures.H, 2 * Fixtures.H), List.of(m.parameter("l1r.U").value().rows(), m.parameter("l1r.U").value().cols()));
        assertEquals(2 * Fixtures.H, m.parameter("out.V").value().cols());
    }

    @Test
    void streamingAndTruncatedBpttRefuseABidirectionalNetworkAndSayWhy() {
        Rnn m = Fixtures.model(CellType.GRU, Activation.TANH, 1, true, 0, Fixtures.EJML, DType.FLOAT64, 431);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> m.stepper(1));
        assertEquals("streaming (a Stepper) needs a forward network: the backward direction of a bidirectional layer starts "
                + "from the last step, so it needs the whole sequence before its first output", e.getMessage());
        Tensor xs = Fixtures.inputs(m, 4, 1, 432);
        Targets t = Fixtures.targets(Loss.MSE, OutputMode.EVERY_STEP, 4, 1, m.outputSize(), 433);
        assertTrue(assertThrows(IllegalStateException.class, () -> new TruncatedBptt(2, 2).run(m, xs, 1, t, null, null, null))
                .getMessage().startsWith("truncated BPTT needs a forward network: the backward direction of a bidirectional"));
    }

    // ------------------------------------------------------------------ dropout

    @Test
    void dropoutIsOffInForwardAndEvaluationAndOnInTraining() {
        Rnn plain = Fixtures.model(CellType.LSTM, Activation.TANH, 3, false, 0, Fixtures.EJML, DType.FLOAT64, 441);
        Rnn dropped = Fixtures.model(CellType.LSTM, Activation.TANH, 3, false, 0.5, Fixtures.EJML, DType.FLOAT64, 441);
        Tensor xs = Fixtures.inputs(plain, 5, 3, 442);
        Targets t = Fixtures.targets(Loss.MSE, OutputMode.EVERY_STEP, 5, 3, plain.outputSize(), 443);
        assertArrayEquals(plain.forward(xs, 3, null, null).outputs().toDoubleArray(),
                dropped.forward(xs, 3, null, null).outputs().toDoubleArray(), 0.0);
        assertEquals(plain.bptt().loss(xs, 3, t, null, null).loss(), dropped.bptt().loss(xs, 3, t, null, null).loss(), 0.0);
        assertArrayEquals(plain.stepper(3).step(row(xs, 3)).toDoubleArray(), dropped.stepper(3).step(row(xs, 3)).toDoubleArray(), 0.0);
        assertNotEquals(plain.bptt().lossAndGradients(xs, 3, t, null, null).loss(), dropped.bptt().lossAndGradients(xs, 3, t, null, null).loss());
    }

    private static Tensor row(Tensor xs, int batch) {
        Tensor x = xs.backend().zeros(xs.dtype(), batch, xs.cols());
        xs.backend().copyRowsInto(xs, 0, batch, x, 0);
        return x;
    }

    @Test
    void dropoutIsSeededAndReproducible() {
        double[][] a = train(Fixtures.model(CellType.GRU, Activation.TANH, 2, true, 0.4, Fixtures.EJML, DType.FLOAT64, 451));
        double[][] b = train(Fixtures.model(CellType.GRU, Activation.TANH, 2, true, 0.4, Fixtures.EJML, DType.FLOAT64, 451));
        double[][] c = train(Fixtures.model(CellType.GRU, Activation.TANH, 2, true, 0, Fixtures.EJML, DType.FLOAT64, 451));
        for (int i = 0; i < a.length; i++) {
            assertArrayEquals(a[i], b[i], 0.0);
        }
        assertNotEquals(java.util.Arrays.deepToString(a), java.util.Arrays.deepToString(c), "dropout changed nothing");
    }

    private static double[][] train(Rnn m) {
        Tensor xs = Fixtures.inputs(m, 5, 3, 452);
        Targets t = Fixtures.targets(Loss.MSE, OutputMode.LAST_STEP, 5, 3, m.outputSize(), 453);
        Optimizer sgd = Optimizer.sgd(0.1);
        for (int i = 0; i < 5; i++) {
            m.bptt().lossAndGradients(xs, 3, t, null, null);
            sgd.step(m.parameters());
        }
        return Fixtures.gradients(m);
    }

    private static final Initializer ONES = (v, rows, cols, random) -> java.util.Arrays.fill(v, 1);

    @Test
    void dropoutKeepsTheExpectedActivationWithInvertedScaling() {
        // With identity cells of zero recurrence, the mean of the dropped output over many units equals the undropped mean.
        Rnn m = Rnn.builder().inputSize(1).hiddenSize(2000).outputSize(1).layers(2).dropout(0.5).activation(Activation.IDENTITY)
                .dtype(DType.FLOAT64).backend(Fixtures.EJML).inputInit(ONES).recurrentInit(Initializer.zeros()).outputInit(ONES).build();
        Tensor xs = m.backend().fromArray(DType.FLOAT64, 1, 1, new double[] {1});
        Targets zero = Targets.lastStep(Loss.MSE, 1, 1, new double[] {0});
        double clean = m.bptt().loss(xs, 1, zero, null, null).loss();
        double dropped = m.bptt().lossAndGradients(xs, 1, zero, null, null).loss();
        // y = Σ over 2000 second-layer units of (Σ over 2000 kept first-layer units · 2): within a few percent of y without dropout.
        assertEquals(Math.sqrt(clean), Math.sqrt(dropped), 0.05 * Math.sqrt(clean));
        assertNotEquals(clean, dropped);
    }

    @Test
    void badDropoutIsRefused() {
        assertEquals("dropout must be in [0, 1), got 1.0", assertThrows(IllegalArgumentException.class,
                () -> Rnn.builder().inputSize(1).hiddenSize(1).outputSize(1).dropout(1).build()).getMessage());
    }
}
