package org.rnn4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rnn4j.api.Activation;
import org.rnn4j.api.DType;
import org.rnn4j.api.Parameter;
import org.rnn4j.api.Tensor;

/**
 * BPTT's gradients against central differences on every parameter and on h0, over the whole grid
 * of activation × output mode × loss × mask × T ∈ {1, 5} × B ∈ {1, 3}, with I, H, O all different.
 */
class GradientCheckTest {

    static Stream<Arguments> grid() {
        List<Arguments> out = new ArrayList<>();
        for (Activation f : Activation.values()) {
            for (OutputMode mode : OutputMode.values()) {
                for (Loss loss : Loss.values()) {
                    for (boolean masked : new boolean[] {false, true}) {
                        for (int steps : new int[] {1, 5}) {
                            for (int batch : new int[] {1, 3}) {
                                out.add(Arguments.of(f, mode, loss, masked, steps, batch));
                            }
                        }
                    }
                }
            }
        }
        return out.stream();
    }

    /** The model's parameters plus h0 as a parameter whose gradient is BPTT's dL/dh0. */
    private static List<Parameter> withH0(Rnn m, Tensor h0, Tensor dh0) {
        List<Parameter> ps = new ArrayList<>(m.parameters());
        ps.add(new Parameter("h0", h0, dh0));
        return ps;
    }

    @ParameterizedTest(name = "{0} {1} {2} mask={3} T={4} B={5}")
    @MethodSource("grid")
    void gradientsMatchCentralDifferences(Activation f, OutputMode mode, Loss loss, boolean masked, int steps, int batch) {
        long seed = 1000L * f.ordinal() + 100L * mode.ordinal() + 10L * loss.ordinal() + steps + batch;
        Rnn m = Fixtures.model(f, DType.FLOAT64, seed);
        Tensor xs = Fixtures.inputs(m, steps, batch, seed + 2);
        Targets targets = Fixtures.targets(loss, mode, steps, batch, m.outputSize(), seed + 3);
        Mask mask = masked ? Fixtures.sparseMask(steps, batch) : null;
        Tensor h0 = m.backend().fromArray(DType.FLOAT64, batch, m.hiddenSize(), Fixtures.random(batch * m.hiddenSize(), seed + 4, -0.5, 0.5));
        Bptt bptt = m.bptt();

        double l = bptt.lossAndGradients(xs, batch, targets, mask, h0);
        assertTrue(Double.isFinite(l) && l > 0 || masked, "loss " + l);
        Tensor dh0 = m.backend().zeros(DType.FLOAT64, batch, m.hiddenSize());
        m.backend().copyInto(bptt.h0Gradient(), dh0);
        if (masked) {
            // The mask must change the problem, or this case would test nothing beyond the unmasked one.
            double unmasked = m.bptt().lossAndGradients(xs, batch, targets, null, h0);
            assertNotEquals(unmasked, l, "mask had no effect");
            bptt.lossAndGradients(xs, batch, targets, mask, h0);
        }

        GradientCheck.Result r = GradientCheck.check(withH0(m, h0, dh0), () -> bptt.lossAndGradients(xs, batch, targets, mask, h0));
        assertTrue(r.passed(), r.toString());
        assertEquals(m.parameterCount() + batch * m.hiddenSize(), r.checked());
        assertTrue(r.maxRelativeError() <= 1e-6, r.toString());
    }

    @Test
    void corruptedGradientIsCaught() {
        Rnn m = Fixtures.model(Activation.TANH, DType.FLOAT64, 7);
        Tensor xs = Fixtures.inputs(m, 5, 3, 8);
        Targets targets = Fixtures.targets(Loss.MSE, OutputMode.EVERY_STEP, 5, 3, m.outputSize(), 9);
        Bptt bptt = m.bptt();
        bptt.lossAndGradients(xs, 3, targets, null, null);
        Tensor dW = m.parameter("W").gradient();
        double original = dW.get(1, 2);
        dW.set(1, 2, original * 1.01 + 1e-4);
        GradientCheck.Result r = GradientCheck.check(m.parameters(), () -> bptt.lossAndGradients(xs, 3, targets, null, null));
        assertFalse(r.passed(), "a corrupted dW[1,2] must fail the check");
        assertEquals(1, r.failures().size(), r.toString());
        assertEquals("W", r.failures().get(0).parameter());
        assertTrue(r.failures().get(0).toString().startsWith("W[1,2]: analytic"), r.failures().get(0).toString());
    }

    @Test
    void dropoutOfACellTermIsCaught() {
        // A plausible bug: forgetting W's contribution to the carried error (dh_{t-1} = 0).
        // The per-step reference with that bug must disagree with finite differences.
        Rnn m = Fixtures.model(Activation.TANH, DType.FLOAT64, 11);
        Tensor xs = Fixtures.inputs(m, 5, 1, 12);
        Targets targets = Fixtures.targets(Loss.MSE, OutputMode.LAST_STEP, 5, 1, m.outputSize(), 13);
        ReferenceBptt.lossAndGradients(m, xs, 1, targets, null, true);
        GradientCheck.Result r = GradientCheck.check(m.parameters(), () -> m.bptt().lossAndGradients(xs, 1, targets, null, null));
        assertFalse(r.passed(), "gradients without the carried error must fail");
    }

    @Test
    void float32IsRefused() {
        Rnn m = Fixtures.model(Activation.TANH, DType.FLOAT32, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GradientCheck.check(m.parameters(), () -> 0));
        assertEquals("gradient checks need FLOAT64 (float32 rounding hides real errors), but U is FLOAT32", e.getMessage());
    }
}
