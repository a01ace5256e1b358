package org.rnn4j.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.rnn4j.api.Activation;
import org.rnn4j.api.DType;
import org.rnn4j.api.Tensor;

class TraceTest {
    @Test
    void stepsAddUpAndMatchTheForwardPass() {
        Rnn m = Fixtures.model(Activation.TANH, DType.FLOAT64, 101);
        double[][] seq = {{0.5, -1}, {0.25, 0.75}, {-0.5, 0.1}, {1, 1}};
        Trace tr = Trace.of(m, seq, new double[] {0.1, -0.2, 0.3}, Loss.MSE);
        List<Trace.Step> steps = tr.steps();
        assertEquals(4, steps.size());
        double[] b = m.parameter("b").value().toDoubleArray();
        Tensor xs = m.backend().fromArray(DType.FLOAT64, 4, 2, new double[] {0.5, -1, 0.25, 0.75, -0.5, 0.1, 1, 1});
        double[] y = m.forward(xs, 1, null, null).outputs().toDoubleArray();
        for (Trace.Step s : steps) {
            for (int j = 0; j < m.hiddenSize(); j++) {
                assertEquals(s.ux()[j] + b[j] + s.wh()[j], s.a()[j], 1e-15);
                assertEquals(Math.tanh(s.a()[j]), s.h()[j], 1e-15);
            }
            for (int o = 0; o < m.outputSize(); o++) {
                assertEquals(y[s.t() * m.outputSize() + o], s.y()[o], 1e-14);
            }
        }
        // The first step has no past: W·h_{-1} is zero.
        for (double v : steps.get(0).wh()) {
            assertEquals(0.0, v);
        }
        // The error reaching the last state is dL/dy through V; earlier states get less (tanh shrinks it).
        assertTrue(steps.get(3).errorNorm() > 0);
        assertTrue(steps.get(0).gradWNorm() == 0.0, "h_{-1} = 0, so step 0 adds nothing to dW");
    }

    @Test
    void backwardNormsAgreeWithBptt() {
        Rnn m = Fixtures.model(Activation.SIGMOID, DType.FLOAT64, 102);
        double[][] seq = {{1, 0}, {0, 1}, {0.5, 0.5}};
        double[] target = {1, 0, -1};
        Trace tr = Trace.of(m, seq, target, Loss.MSE);
        Tensor xs = m.backend().fromArray(DType.FLOAT64, 3, 2, new double[] {1, 0, 0, 1, 0.5, 0.5});
        m.bptt().lossAndGradients(xs, 1, Targets.lastStep(Loss.MSE, 1, 3, target), null, null);
        // ‖dL/dh_{-1}‖ = ‖Wᵀ·da_0‖ is BPTT's dh0; the trace's step-0 error is one step later, so compare dU instead:
        // Σ_t (da_t·x_tᵀ) = dU, and with one-hot-ish inputs the norms bound it.
        double du = Math.sqrt(m.backend().squaredNorm(m.parameter("U").gradient()));
        double sum = tr.steps().stream().mapToDouble(Trace.Step::gradUNorm).sum();
        assertTrue(du <= sum + 1e-12 && du > 0, du + " vs " + sum);
    }

    @Test
    void tableExplainsWeightSharing() {
        Rnn m = Fixtures.model(Activation.TANH, DType.FLOAT64, 103);
        String table = Trace.of(m, new double[][] {{1, 0}, {0, 1}, {1, 1}}, new double[] {0, 0, 1}, Loss.MSE).table(2, 3);
        assertTrue(table.startsWith("The same U (4×2), W (4×4) and b are used at every step"), table);
        assertTrue(table.contains("‖dL/dh_t‖"), table);
        assertTrue(table.contains("… 1 more steps"), table);
        assertEquals(6, table.split("\n").length, table);
    }

    @ParameterizedTest
    @EnumSource(value = Fixtures.Spec.class, names = {"LSTM", "GRU"})
    void gatedCellsShowTheirGatesStatesAndErrors(Fixtures.Spec spec) {
        Rnn m = Fixtures.model(spec, Fixtures.EJML, DType.FLOAT64, 104);
        double[][] seq = {{0.5, -1}, {0.25, 0.75}, {-0.5, 0.1}};
        Trace tr = Trace.of(m, seq, new double[] {0.1, -0.2, 0.3}, Loss.MSE);
        Tensor xs = m.backend().fromArray(DType.FLOAT64, 3, 2, new double[] {0.5, -1, 0.25, 0.75, -0.5, 0.1});
        Rnn.Output full = m.forward(xs, 1, null, null);
        double[] y = full.outputs().toDoubleArray();
        List<String> gates = m.layers().get(0).cell().gateNames();
        for (Trace.Step s : tr.steps()) {
            for (String g : gates) {
                for (double v : s.gate(g)) {
                    boolean tanhGate = g.equals("g") || g.equals("n");
                    assertTrue(tanhGate ? Math.abs(v) < 1 : v > 0 && v < 1, g + " = " + v);
                }
            }
            for (int o = 0; o < m.outputSize(); o++) {
                assertEquals(y[s.t() * m.outputSize() + o], s.y()[o], 1e-14);
            }
            assertTrue(s.errorNorm() > 0 && s.gradUNorm() > 0);
        }
        Trace.Step last = tr.steps().get(2);
        for (int k = 0; k < m.stateNames().size(); k++) {
            String name = m.layers().get(0).cell().stateNames().get(k);
            assertArrayEquals(full.finalState().get(k).toDoubleArray(), last.state(name), 1e-14, name);
        }
        String table = tr.table(3, 3);
        for (String line : table.split("\n")) {
            assertTrue(line.length() <= 100, line.length() + " columns: " + line);
        }
        assertTrue(table.contains(String.join(", ", gates)), table);
    }
}
