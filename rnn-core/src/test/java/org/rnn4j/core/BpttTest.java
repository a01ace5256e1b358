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

class BpttTest {

    static Stream<Arguments> unmaskedGrid() {
        List<Arguments> out = new ArrayList<>();
        for (Activation f : Activation.values()) {
            for (OutputMode mode : OutputMode.values()) {
                for (Loss loss : Loss.values()) {
                    out.add(Arguments.of(f, mode, loss));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("unmaskedGrid")
    void batchedEngineAgreesWithPerStepReference(Activation f, OutputMode mode, Loss loss) {
        Rnn m = Fixtures.model(f, DType.FLOAT64, 21 + f.ordinal());
        Tensor xs = Fixtures.inputs(m, 7, 3, 22);
        Targets targets = Fixtures.targets(loss, mode, 7, 3, m.outputSize(), 23);
        Tensor h0 = m.backend().fromArray(DType.FLOAT64, 3, m.hiddenSize(), Fixtures.random(3 * m.hiddenSize(), 24, -0.5, 0.5));
        double reference = ReferenceBptt.lossAndGradients(m, xs, 3, targets, h0, false);
        List<double[]> expected = new ArrayList<>();
        for (Parameter p : m.parameters()) {
            expected.add(p.gradient().toDoubleArray());
        }
        double engine = m.bptt().lossAndGradients(xs, 3, targets, null, h0);
        assertEquals(reference, engine, 1e-14 * Math.abs(reference));
        for (int i = 0; i < expected.size(); i++) {
            Parameter p = m.parameters().get(i);
            double[] got = p.gradient().toDoubleArray();
            for (int j = 0; j < got.length; j++) {
                assertEquals(expected.get(i)[j], got[j], 1e-13 * (1 + Math.abs(expected.get(i)[j])), p.name() + "[" + j + "]");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void streamingEqualsFullForwardBitForBit(DType dtype) {
        Rnn m = Fixtures.model(Activation.TANH, dtype, 31);
        int steps = 9;
        int batch = 3;
        Tensor xs = Fixtures.inputs(m, steps, batch, 32);
        Tensor h0 = m.backend().fromArray(dtype, batch, m.hiddenSize(), Fixtures.random(batch * m.hiddenSize(), 33, -0.5, 0.5));
        Rnn.Output full = m.forward(xs, batch, h0, null);
        double[] all = full.outputs().toDoubleArray();

        Stepper s = m.stepper(batch);
        s.reset(h0);
        Tensor x = m.backend().zeros(dtype, batch, m.inputSize());
        int o = m.outputSize();
        for (int t = 0; t < steps; t++) {
            m.backend().copyRowsInto(xs, t * batch, batch, x, 0);
            double[] y = s.step(x).toDoubleArray();
            double[] expected = java.util.Arrays.copyOfRange(all, t * batch * o, (t + 1) * batch * o);
            assertArrayEquals(expected, y, 0.0, "step " + t);
        }
        assertArrayEquals(full.finalState().toDoubleArray(), s.state().toDoubleArray(), 0.0);
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
        assertArrayEquals(whole.finalState().toDoubleArray(), b.finalState().toDoubleArray(), 0.0);
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
            assertEquals(three.finalState().get(1, j), padded.finalState().get(1, j), 0.0);
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
        double mse = m.bptt().lossAndGradients(xs, 1, Targets.lastStep(Loss.MSE, 1, 2, new double[] {1.5, 1}), null, null);
        assertEquals(((0.5 - 1.5) * (0.5 - 1.5) + (-1 - 1) * (-1 - 1)) / 2, mse, 1e-15);
        double ce = m.bptt().lossAndGradients(xs, 1, Targets.lastStepClasses(1, 2, new int[] {0}), null, null);
        assertEquals(-Math.log(Math.exp(0.5) / (Math.exp(0.5) + Math.exp(-1))), ce, 1e-15);
    }

    @Test
    void crossEntropyIsStableForHugeLogits() {
        Rnn m = Rnn.builder().inputSize(1).hiddenSize(1).outputSize(2).activation(Activation.IDENTITY).dtype(DType.FLOAT64)
                .backend(Fixtures.EJML).inputInit(Initializer.zeros()).recurrentInit(Initializer.zeros()).outputInit(Initializer.zeros()).build();
        m.parameter("c").value().copyFrom(new double[] {1000, -1000});
        Tensor xs = m.backend().fromArray(DType.FLOAT64, 1, 1, new double[] {0});
        double ce = m.bptt().lossAndGradients(xs, 1, Targets.lastStepClasses(1, 2, new int[] {1}), null, null);
        assertEquals(2000, ce, 1e-9);
        assertTrue(Double.isFinite(m.parameter("c").gradient().get(0, 0)));
    }
}
