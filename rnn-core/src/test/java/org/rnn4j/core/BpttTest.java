package org.rnn4j.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.rnn4j.api.Activation;
import org.rnn4j.api.DType;
import org.rnn4j.api.Parameter;
import org.rnn4j.api.Tensor;
import org.rnn4j.spi.Backend;

class BpttTest {

    static Stream<Arguments> unmaskedGrid() {
        List<Arguments> out = new ArrayList<>();
        for (Backend be : Fixtures.backends()) {
            for (Fixtures.Spec spec : Fixtures.Spec.values()) {
                for (OutputMode mode : OutputMode.values()) {
                    for (Loss loss : Loss.values()) {
                        out.add(Arguments.of(be.name(), spec, mode, loss));
                    }
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1} {2} {3}")
    @MethodSource("unmaskedGrid")
    void batchedEngineAgreesWithPerStepReference(String backend, Fixtures.Spec spec, OutputMode mode, Loss loss) {
        Rnn m = Fixtures.model(spec, GradientCheckTest.backend(backend), DType.FLOAT64, 21 + spec.ordinal());
        Tensor xs = Fixtures.inputs(m, 7, 3, 22);
        Targets targets = Fixtures.targets(loss, mode, 7, 3, m.outputSize(), 23);
        State initial = Fixtures.state(m, 3, 24);
        Tensor[] dStart = m.zeroState(3).tensors().toArray(new Tensor[0]);
        double reference = ReferenceBptt.lossAndGradients(m, xs, 3, targets, initial, false, dStart);
        double[][] expected = Fixtures.gradients(m);
        Bptt.Result r = m.bptt().lossAndGradients(xs, 3, targets, null, initial);
        assertEquals(reference, r.loss(), 1e-14 * Math.abs(reference));
        assertGradientsAre(expected, m);
        for (int k = 0; k < dStart.length; k++) {
            assertArrayEquals(dStart[k].toDoubleArray(), r.initialStateGradient().get(k).toDoubleArray(), 1e-13, m.stateNames().get(k));
        }
    }

    /** Asserts that m's parameter gradients are the expected ones to within 1e-13 relative, naming the element. */
    private static void assertGradientsAre(double[][] expected, Rnn m) {
        double[][] got = Fixtures.gradients(m);
        for (int i = 0; i < expected.length; i++) {
            for (int j = 0; j < got[i].length; j++) {
                assertEquals(expected[i][j], got[i][j], 1e-13 * (1 + Math.abs(expected[i][j])), m.parameters().get(i).name() + "[" + j + "]");
            }
        }
    }

    static Stream<Arguments> zeroStartGrid() {
        List<Arguments> out = new ArrayList<>();
        for (Backend be : Fixtures.backends()) {
            for (Fixtures.Spec spec : Fixtures.Spec.values()) {
                for (int steps : new int[] {1, 6}) {
                    for (Direction direction : new Direction[] {Direction.FORWARD, Direction.BIDIRECTIONAL}) {
                        for (boolean masked : new boolean[] {false, true}) {
                            out.add(Arguments.of(be.name(), spec, steps, direction, masked));
                        }
                    }
                }
            }
        }
        return out.stream();
    }

    /**
     * Without initial states the layers skip the products of their zero start (the first step's
     * h_{-1}·Wᵀ, and on a backend with row views the first step's rows of dW's gemm). Passing the
     * same zeros explicitly makes them form every product: both must give the same loss, final
     * states, gradients and initial-state gradients (to rounding: dW's gemm may sum in another order).
     */
    @ParameterizedTest(name = "{0} {1} T={2} {3} masked={4}")
    @MethodSource("zeroStartGrid")
    void noInitialStateSkipsOnlyProductsOfZero(String backend, Fixtures.Spec spec, int steps, Direction direction, boolean masked) {
        Rnn m = Fixtures.model(spec.cell, spec.activation, 2, direction, 0, GradientCheckTest.backend(backend), DType.FLOAT64,
                31 + spec.ordinal());
        Tensor xs = Fixtures.inputs(m, steps, 3, 32);
        Targets targets = Fixtures.targets(Loss.MSE, OutputMode.EVERY_STEP, steps, 3, m.outputSize(), 33);
        Mask mask = masked ? Fixtures.sparseMask(steps, 3) : null;
        Bptt.Result explicit = m.bptt().lossAndGradients(xs, 3, targets, mask, m.zeroState(3));
        double loss = explicit.loss();
        double[][] gradients = Fixtures.gradients(m);
        List<double[]> finals = explicit.finalState().tensors().stream().map(Tensor::toDoubleArray).toList();
        List<double[]> dStart = explicit.initialStateGradient().tensors().stream().map(Tensor::toDoubleArray).toList();

        Bptt.Result skipped = m.bptt().lossAndGradients(xs, 3, targets, mask, null);
        assertEquals(loss, skipped.loss(), 1e-14 * Math.abs(loss));
        assertGradientsAre(gradients, m);
        for (int k = 0; k < finals.size(); k++) {
            assertArrayEquals(finals.get(k), skipped.finalState().get(k).toDoubleArray(), 0, "final " + m.stateNames().get(k));
            assertArrayEquals(dStart.get(k), skipped.initialStateGradient().get(k).toDoubleArray(), 1e-13, "d " + m.stateNames().get(k));
        }
    }

    static Stream<Arguments> streamingGrid() {
        List<Arguments> out = new ArrayList<>();
        for (Backend be : Fixtures.backends()) {
            for (Fixtures.Spec spec : Fixtures.Spec.cells()) {
                for (DType dtype : DType.values()) {
                    for (int outputs : new int[] {1, 3}) {
                        for (int layers : new int[] {1, 2}) {
                            out.add(Arguments.of(be.name(), spec, dtype, outputs, layers));
                        }
                    }
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1} {2} O={3} layers={4}")
    @MethodSource("streamingGrid")
    void streamingEqualsFullForwardBitForBit(String backend, Fixtures.Spec spec, DType dtype, int outputs, int layers) {
        Rnn m = Rnn.builder().inputSize(Fixtures.I).hiddenSize(Fixtures.H).outputSize(outputs).cell(spec.cell).layers(layers)
                .dtype(dtype).backend(GradientCheckTest.backend(backend)).seed(31).build();
        int steps = 9;
        int batch = 3;
        Tensor xs = Fixtures.inputs(m, steps, batch, 32);
        State initial = Fixtures.state(m, batch, 33);
        Rnn.Output full = m.forward(xs, batch, initial, null);
        double[] all = full.outputs().toDoubleArray();

        Stepper s = m.stepper(batch);
        s.reset(initial);
        Tensor x = m.backend().zeros(dtype, batch, m.inputSize());
        int o = m.outputSize();
        for (int t = 0; t < steps; t++) {
            m.backend().copyRowsInto(xs, t * batch, batch, x, 0);
            double[] y = s.step(x).toDoubleArray();
            double[] expected = java.util.Arrays.copyOfRange(all, t * batch * o, (t + 1) * batch * o);
            assertArrayEquals(expected, y, 0.0, "step " + t);
        }
        for (int k = 0; k < m.stateNames().size(); k++) {
            assertArrayEquals(full.finalState().get(k).toDoubleArray(), s.state().get(k).toDoubleArray(), 0.0, m.stateNames().get(k));
        }
        // And training's forward (the loss of the last step) agrees with the streamed output.
        Targets zero = Targets.everyStep(Loss.MSE, steps, batch, o, new double[steps * batch * o]);
        double loss = m.bptt().loss(xs, batch, zero, null, initial).loss();
        double sum = 0;
        for (double v : all) {
            sum += v * v;
        }
        assertEquals(sum / all.length, loss, (dtype == DType.FLOAT32 ? 1e-5 : 1e-13) * Math.max(1, loss));
    }

    @Test
    void forwardInTwoHalvesWithCarriedStateEqualsOneForward() {
        Rnn m = Fixtures.model(Activation.SIGMOID, DType.FLOAT64, 41);
        Tensor xs = Fixtures.inputs(m, 6, 2, 42);
        Tensor first = m.backend().zeros(DType.FLOAT64, 6, m.inputSize());
        Tensor second = m.backend().zeros(DType.FLOAT64, 6, m.inputSize());
        m.backend().copyRowsInto(xs, 0, 6, first, 0);
        m.backend().copyRowsInto(xs, 6, 6, second, 0);
        Rnn.Output whole = m.forward(xs, 2, null, null);
        Rnn.Output a = m.forward(first, 2, null, null);
        Rnn.Output b = m.forward(second, 2, a.finalState(), null);
        assertArrayEquals(whole.finalState().h().toDoubleArray(), b.finalState().h().toDoubleArray(), 0.0);
    }

    @Test
    void maskedPaddingLeavesFinalStateAndLastOutputAsAtTheLastRealStep() {
        Rnn m = Fixtures.model(Activation.TANH, DType.FLOAT64, 51);
        Tensor xs = Fixtures.inputs(m, 5, 2, 52);
        // Sequence 0 is 5 steps long, sequence 1 only 3.
        Rnn.Output padded = m.forward(xs, 2, null, Mask.fromLengths(5, new int[] {5, 3}));
        Tensor shortXs = m.backend().zeros(DType.FLOAT64, 3 * 2, m.inputSize());
        m.backend().copyRowsInto(xs, 0, 6, shortXs, 0);
        Rnn.Output three = m.forward(shortXs, 2, null, null);
        for (int j = 0; j < m.hiddenSize(); j++) {
            assertEquals(three.finalState().h().get(1, j), padded.finalState().h().get(1, j), 0.0);
        }
        for (int k = 0; k < m.outputSize(); k++) {
            assertEquals(three.outputs().get(2 * 2 + 1, k), padded.outputs().get(4 * 2 + 1, k), 0.0);
        }
    }

    @Test
    void lossIsWhatItsDocumentationSays() {
        // One step, identity, zero weights but c: y = c, so MSE = mean((c - target)^2).
        Rnn m = Rnn.builder().inputSize(1).hiddenSize(2).outputSize(2).activation(Activation.IDENTITY).dtype(DType.FLOAT64)
                .backend(Fixtures.EJML).inputInit(Initializer.zeros()).recurrentInit(Initializer.zeros()).outputInit(Initializer.zeros()).build();
        m.parameter("c").value().copyFrom(new double[] {0.5, -1});
        Tensor xs = m.backend().fromArray(DType.FLOAT64, 1, 1, new double[] {3});
        double mse = m.bptt().lossAndGradients(xs, 1, Targets.lastStep(Loss.MSE, 1, 2, new double[] {1.5, 1}), null, null).loss();
        assertEquals(((0.5 - 1.5) * (0.5 - 1.5) + (-1 - 1) * (-1 - 1)) / 2, mse, 1e-15);
        double ce = m.bptt().lossAndGradients(xs, 1, Targets.lastStepClasses(1, 2, new int[] {0}), null, null).loss();
        assertEquals(-Math.log(Math.exp(0.5) / (Math.exp(0.5) + Math.exp(-1))), ce, 1e-15);
    }

    @Test
    void crossEntropyIsStableForHugeLogits() {
        Rnn m = Rnn.builder().inputSize(1).hiddenSize(1).outputSize(2).activation(Activation.IDENTITY).dtype(DType.FLOAT64)
                .backend(Fixtures.EJML).inputInit(Initializer.zeros()).recurrentInit(Initializer.zeros()).outputInit(Initializer.zeros()).build();
        m.parameter("c").value().copyFrom(new double[] {1000, -1000});
        Tensor xs = m.backend().fromArray(DType.FLOAT64, 1, 1, new double[] {0});
        double ce = m.bptt().lossAndGradients(xs, 1, Targets.lastStepClasses(1, 2, new int[] {1}), null, null).loss();
        assertEquals(2000, ce, 1e-9);
        assertTrue(Double.isFinite(m.parameter("c").gradient().get(0, 0)));
    }
}
