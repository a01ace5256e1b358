package org.rnn4j.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rnn4j.api.Activation;
import org.rnn4j.api.DType;
import org.rnn4j.api.Parameter;
import org.rnn4j.api.Tensor;
import org.rnn4j.core.Fixtures.Spec;
import org.rnn4j.core.cell.CellType;
import org.rnn4j.spi.Backend;

/**
 * BPTT's gradients against central differences on every parameter and every initial state tensor,
 * on every backend, over cell (every Elman activation, LSTM, GRU) × output mode × loss × mask ×
 * T ∈ {1, 5} × B ∈ {1, 3}, with I, H, O all different; through stacks of 2 and 3 layers, uni- and
 * bidirectional; and through reverse networks of 1 and 2 layers.
 */
@Execution(ExecutionMode.CONCURRENT)
class GradientCheckTest {

    static Stream<Arguments> grid() {
        List<Arguments> out = new ArrayList<>();
        for (Backend be : Fixtures.backends()) {
            for (Spec spec : Spec.values()) {
                for (OutputMode mode : OutputMode.values()) {
                    for (Loss loss : Loss.values()) {
                        for (boolean masked : new boolean[] {false, true}) {
                            for (int steps : new int[] {1, 5}) {
                                for (int batch : new int[] {1, 3}) {
                                    out.add(Arguments.of(be.name(), spec, mode, loss, masked, steps, batch, 1, Direction.FORWARD, 0.0));
                                }
                            }
                        }
                    }
                }
            }
        }
        return out.stream();
    }

    static Stream<Arguments> stacks() {
        List<Arguments> out = new ArrayList<>();
        for (Backend be : Fixtures.backends()) {
            for (Spec spec : Spec.cells()) {
                for (int layers : new int[] {1, 2, 3}) {
                    for (Direction direction : new Direction[] {Direction.FORWARD, Direction.BIDIRECTIONAL}) {
                        if (layers == 1 && direction == Direction.FORWARD) {
                            continue;   // the main grid
                        }
                        for (OutputMode mode : OutputMode.values()) {
                            for (boolean masked : new boolean[] {false, true}) {
                                for (double dropout : layers > 1 ? new double[] {0, 0.3} : new double[] {0}) {
                                    out.add(Arguments.of(be.name(), spec, mode, Loss.MSE, masked, 4, 3, layers, direction, dropout));
                                }
                            }
                        }
                    }
                }
            }
        }
        return out.stream();
    }

    /** Reverse networks: every cell, 1 and 2 layers, both output modes, with and without a mask. */
    static Stream<Arguments> reverse() {
        List<Arguments> out = new ArrayList<>();
        for (Backend be : Fixtures.backends()) {
            for (Spec spec : Spec.cells()) {
                for (int layers : new int[] {1, 2}) {
                    for (OutputMode mode : OutputMode.values()) {
                        for (boolean masked : new boolean[] {false, true}) {
                            out.add(Arguments.of(be.name(), spec, mode, Loss.MSE, masked, 4, 3, layers, Direction.REVERSE, 0.0));
                        }
                    }
                }
            }
        }
        return out.stream();
    }

    /** The model's parameters plus every initial state tensor as a parameter whose gradient is BPTT's. */
    private static List<Parameter> withStates(Rnn m, State initial, State gradient) {
        List<Parameter> ps = new ArrayList<>(m.parameters());
        for (int i = 0; i < initial.size(); i++) {
            ps.add(new Parameter(m.stateNames().get(i) + "0", initial.get(i), gradient.get(i)));
        }
        return ps;
    }

    static Backend backend(String name) {
        for (Backend be : Fixtures.backends()) {
            if (be.name().equals(name)) {
                return be;
            }
        }
        throw new AssertionError(name);
    }

    @ParameterizedTest(name = "{0} {1} {2} {3} mask={4} T={5} B={6} layers={7} {8} dropout={9}")
    @MethodSource({"grid", "stacks", "reverse"})
    void gradientsMatchCentralDifferences(String backend, Spec spec, OutputMode mode, Loss loss, boolean masked, int steps, int batch,
            int layers, Direction direction, double dropout) {
        long seed = 1000L * spec.ordinal() + 100L * mode.ordinal() + 10L * loss.ordinal() + steps + batch + 7L * layers
                + (direction == Direction.BIDIRECTIONAL ? 3 : direction == Direction.REVERSE ? 5 : 0);
        Rnn m = Fixtures.model(spec.cell, spec.activation, layers, direction, dropout, backend(backend), DType.FLOAT64, seed);
        // A gradient check differentiates one function: with dropout, keep the masks of the first call.
        m.bptt().fixDropoutMasks(true);
        Tensor xs = Fixtures.inputs(m, steps, batch, seed + 2);
        Targets targets = Fixtures.targets(loss, mode, steps, batch, m.outputSize(), seed + 3);
        Mask mask = masked ? Fixtures.sparseMask(steps, batch) : null;
        State initial = Fixtures.state(m, batch, seed + 4);
        Bptt bptt = m.bptt();
        bptt.computeInputGradients(true);

        double l = bptt.lossAndGradients(xs, batch, targets, mask, initial).loss();
        assertTrue(Double.isFinite(l) && l > 0 || masked, "loss " + l);
        Bptt.Result first = bptt.lossAndGradients(xs, batch, targets, mask, initial);
        State dInitial = first.initialStateGradient().copy();
        Tensor dX = copy(first.inputGradient());
        if (masked) {
            // The mask must change the problem, or this case would test nothing beyond the unmasked one.
            double unmasked = bptt.lossAndGradients(xs, batch, targets, null, initial).loss();
            assertNotEquals(unmasked, l, "mask had no effect");
            bptt.lossAndGradients(xs, batch, targets, mask, initial);
        }

        List<Parameter> checked = withStates(m, initial, dInitial);
        checked.add(new Parameter("x", xs, dX));     // dL/dx: every input element is a parameter too
        GradientCheck.Result r = GradientCheck.check(checked, () -> bptt.lossAndGradients(xs, batch, targets, mask, initial).loss());
        assertTrue(r.passed(), r.toString());
        assertEquals(m.parameterCount() + initial.size() * batch * m.hiddenSize() + steps * batch * m.inputSize(), r.checked());
        assertTrue(r.maxRelativeError() <= 1e-6, r.toString());
    }

    static Stream<Arguments> cellsOnEveryBackend() {
        List<Arguments> out = new ArrayList<>();
        for (Backend be : Fixtures.backends()) {
            for (Spec spec : Spec.cells()) {
                out.add(Arguments.of(be.name(), spec));
            }
        }
        return out.stream();
    }

    /** With one input feature a training window projects its inputs per step (an outer product), not in one gemm. */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cellsOnEveryBackend")
    void oneInputFeatureGradientsMatchCentralDifferences(String backend, Spec spec) {
        Rnn m = Rnn.builder().inputSize(1).hiddenSize(Fixtures.H).outputSize(Fixtures.O).cell(spec.cell).activation(spec.activation)
                .dtype(DType.FLOAT64).backend(backend(backend)).seed(17).build();
        Tensor xs = Fixtures.inputs(m, 5, 3, 18);
        Targets targets = Fixtures.targets(Loss.MSE, OutputMode.EVERY_STEP, 5, 3, m.outputSize(), 19);
        Bptt bptt = m.bptt();
        bptt.lossAndGradients(xs, 3, targets, null, null);
        GradientCheck.Result r = GradientCheck.check(m.parameters(), () -> bptt.lossAndGradients(xs, 3, targets, null, null).loss());
        assertTrue(r.passed() && r.maxRelativeError() <= 1e-6, r.toString());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cellsOnEveryBackend")
    void corruptedGradientIsCaught(String backend, Spec spec) {
        Rnn m = Fixtures.model(spec, backend(backend), DType.FLOAT64, 7);
        Tensor xs = Fixtures.inputs(m, 5, 3, 8);
        Targets targets = Fixtures.targets(Loss.MSE, OutputMode.EVERY_STEP, 5, 3, m.outputSize(), 9);
        Bptt bptt = m.bptt();
        bptt.lossAndGradients(xs, 3, targets, null, null);
        String name = m.parameters().get(1).name();
        Tensor dW = m.parameter(name).gradient();
        double original = dW.get(1, 2);
        dW.set(1, 2, original * 1.01 + 1e-4);
        GradientCheck.Result r = GradientCheck.check(m.parameters(), () -> bptt.lossAndGradients(xs, 3, targets, null, null).loss());
        assertFalse(r.passed(), "a corrupted d" + name + "[1,2] must fail the check");
        assertEquals(1, r.failures().size(), r.toString());
        assertEquals(name, r.failures().get(0).parameter());
        assertTrue(r.failures().get(0).toString().startsWith(name + "[1,2]: analytic"), r.failures().get(0).toString());
    }

    static Tensor copy(Tensor t) {
        return t.backend().fromArray(t.dtype(), t.rows(), t.cols(), t.toDoubleArray());
    }

    /** The control of the dL/dx check: one corrupted element of dL/dx, in every topology, must fail it, named. */
    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("cellsAndDirectionsOnEveryBackend")
    void corruptedInputGradientIsCaught(String backend, Spec spec, Direction direction) {
        Rnn m = Fixtures.model(spec.cell, spec.activation, 2, direction, 0, backend(backend), DType.FLOAT64, 23);
        Tensor xs = Fixtures.inputs(m, 4, 3, 24);
        Targets targets = Fixtures.targets(Loss.MSE, OutputMode.EVERY_STEP, 4, 3, m.outputSize(), 25);
        Bptt bptt = m.bptt();
        bptt.computeInputGradients(true);
        Tensor dX = copy(bptt.lossAndGradients(xs, 3, targets, null, null).inputGradient());
        dX.set(5, 1, dX.get(5, 1) * 1.01 + 1e-4);
        GradientCheck.Result r = GradientCheck.check(List.of(new Parameter("x", xs, dX)),
                () -> bptt.lossAndGradients(xs, 3, targets, null, null).loss());
        assertEquals(1, r.failures().size(), r.toString());
        assertTrue(r.failures().get(0).toString().startsWith("x[5,1]: analytic"), r.failures().get(0).toString());
    }

    static Stream<Arguments> cellsAndDirectionsOnEveryBackend() {
        List<Arguments> out = new ArrayList<>();
        for (Backend be : Fixtures.backends()) {
            for (Spec spec : Spec.cells()) {
                for (Direction d : Direction.values()) {
                    out.add(Arguments.of(be.name(), spec, d));
                }
            }
        }
        return out.stream();
    }

    /** dL/dx is opt-in: off, the call refuses to hand it out; on, the parameter gradients are the same bits. */
    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("cellsAndDirectionsOnEveryBackend")
    void inputGradientIsOptInAndChangesNoOtherGradient(String backend, Spec spec, Direction direction) {
        Rnn m = Fixtures.model(spec.cell, spec.activation, 2, direction, 0, backend(backend), DType.FLOAT64, 27);
        Tensor xs = Fixtures.inputs(m, 4, 3, 28);
        Targets targets = Fixtures.targets(Loss.MSE, OutputMode.LAST_STEP, 4, 3, m.outputSize(), 29);
        Bptt bptt = m.bptt();
        Bptt.Result off = bptt.lossAndGradients(xs, 3, targets, null, null);
        assertEquals("this call formed no dL/dx; call computeInputGradients(true) before lossAndGradients",
                assertThrows(IllegalStateException.class, off::inputGradient).getMessage());
        double[][] without = Fixtures.gradients(m);
        bptt.computeInputGradients(true);
        Tensor dX = bptt.lossAndGradients(xs, 3, targets, null, null).inputGradient();
        assertEquals(List.of(4 * 3, m.inputSize()), List.of(dX.rows(), dX.cols()));
        double[][] with = Fixtures.gradients(m);
        for (int i = 0; i < with.length; i++) {
            assertArrayEquals(without[i], with[i], m.parameters().get(i).name());
        }
        assertThrows(IllegalStateException.class, bptt.loss(xs, 3, targets, null, null)::inputGradient);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cellsOnEveryBackend")
    void droppedRecurrentTermIsCaught(String backend, Spec spec) {
        // A plausible bug: forgetting W's contribution to the carried error. The per-step reference
        // with that bug must disagree with finite differences, and without it must agree.
        Rnn m = Fixtures.model(spec, backend(backend), DType.FLOAT64, 11);
        Tensor xs = Fixtures.inputs(m, 5, 1, 12);
        Targets targets = Fixtures.targets(Loss.MSE, OutputMode.LAST_STEP, 5, 1, m.outputSize(), 13);
        ReferenceBptt.lossAndGradients(m, xs, 1, targets, null, true, null);
        GradientCheck.Result bad = GradientCheck.check(m.parameters(), () -> m.bptt().lossAndGradients(xs, 1, targets, null, null).loss());
        assertFalse(bad.passed(), "gradients without the carried error must fail");
        ReferenceBptt.lossAndGradients(m, xs, 1, targets, null, false, null);
        GradientCheck.Result good = GradientCheck.check(m.parameters(), () -> m.bptt().lossAndGradients(xs, 1, targets, null, null).loss());
        assertTrue(good.passed(), good.toString());
    }

    @Test
    void float32IsRefused() {
        Rnn m = Fixtures.model(Activation.TANH, DType.FLOAT32, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GradientCheck.check(m.parameters(), () -> 0));
        assertEquals("gradient checks need FLOAT64 (float32 rounding hides real errors), but U is FLOAT32", e.getMessage());
    }

    @Test
    void gatedCellsUseQualifiedNames() {
        Rnn lstm = Fixtures.model(CellType.LSTM, Activation.TANH, 1, Fixtures.EJML, DType.FLOAT64, 1);
        assertEquals(List.of("l0.U", "l0.W", "l0.b", "out.V", "out.c"), names(lstm));
        assertEquals(List.of("l0.h", "l0.c"), lstm.stateNames());
        Rnn gru = Fixtures.model(CellType.GRU, Activation.TANH, 2, Fixtures.EJML, DType.FLOAT64, 1);
        assertEquals(List.of("l0.U", "l0.W", "l0.b", "l0.bh", "l1.U", "l1.W", "l1.b", "l1.bh", "out.V", "out.c"), names(gru));
        assertEquals(List.of(4 * Fixtures.H, Fixtures.I), List.of(lstm.parameter("l0.U").value().rows(), lstm.parameter("l0.U").value().cols()));
        assertEquals(List.of("U", "W", "b", "V", "c"), names(Fixtures.model(Activation.TANH, DType.FLOAT64, 1)));
    }

    private static List<String> names(Rnn m) {
        List<String> n = new ArrayList<>();
        for (Parameter p : m.parameters()) {
            n.add(p.name());
        }
        return n;
    }
}
