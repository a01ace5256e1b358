package org.rnn4j.backend.simd;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rnn4j.api.Activation;
import org.rnn4j.api.DType;
import org.rnn4j.api.Tensor;
import org.rnn4j.backend.ejml.EjmlBackend;
import org.rnn4j.core.Bptt;
import org.rnn4j.core.Loss;
import org.rnn4j.core.Rnn;
import org.rnn4j.core.State;
import org.rnn4j.core.Targets;
import org.rnn4j.spi.Backend;

/**
 * A full Elman training step (forward, loss, BPTT) of the same seeded model on EJML and on the SIMD
 * backend: loss and every gradient agree within 1e-10 relative in FLOAT64 (1e-4 in FLOAT32), at sizes
 * that reach the packed, parallel gemm path (hidden 100 and 260, batch 33) as well as the one-row
 * path (batch 1). Uses rnn-core only through {@code Rnn.builder()} and {@code bptt().lossAndGradients}.
 */
class ParityTest {
    private static final Backend EJML = new EjmlBackend();
    private static final Backend SIMD = new SimdBackend(2);

    private static double[] random(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[n];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextDouble(-1, 1);
        }
        return v;
    }

    /** Loss, then every parameter's gradient and dL/dh0, flattened in parameter order. */
    private static List<double[]> step(Backend be, DType dtype, int in, int hidden, int out, int steps, int batch) {
        Rnn m = Rnn.builder().inputSize(in).hiddenSize(hidden).outputSize(out).activation(Activation.TANH).dtype(dtype)
                .backend(be).seed(11).build();
        Tensor xs = be.fromArray(dtype, steps * batch, in, random(steps * batch * in, 1));
        Tensor h0 = be.fromArray(dtype, batch, hidden, random(batch * hidden, 2));
        Targets targets = Targets.everyStep(Loss.MSE, steps, batch, out, random(steps * batch * out, 3));
        List<double[]> r = new ArrayList<>();
        Bptt.Result result = m.bptt().lossAndGradients(xs, batch, targets, null, State.of(h0));
        r.add(new double[] {result.loss()});
        m.parameters().forEach(p -> r.add(p.gradient().toDoubleArray()));
        r.add(result.initialStateGradient().h().toDoubleArray());
        return r;
    }

    /**
     * |a − b| ≤ tol·max(|a|, |b|, floor·scale), scale the array's largest magnitude: an element that is
     * the small remainder of a cancelling sum carries the rounding of the sum's terms. The floor is
     * 1e-3 in FLOAT64 and 1e-2 in FLOAT32, as in backend-nd4j's parity test.
     */
    static void assertClose(double[] a, double[] b, double tol, double floor, String what) {
        double scale = 0;
        for (double v : a) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < a.length; i++) {
            double bound = tol * Math.max(Math.max(Math.abs(a[i]), Math.abs(b[i])), floor * scale);
            if (!(Math.abs(a[i] - b[i]) <= bound)) {
                fail(what + "[" + i + "]: ejml " + a[i] + ", simd " + b[i] + " (bound " + bound + ")");
            }
        }
    }

    @ParameterizedTest(name = "{0} I={1} H={2} O={3} T={4} B={5}")
    @CsvSource({
        "FLOAT64, 3, 100, 2, 7, 33", "FLOAT64, 1, 260, 1, 5, 33", "FLOAT64, 2, 37, 3, 9, 1", "FLOAT64, 1, 32, 1, 50, 1",
        "FLOAT32, 3, 100, 2, 7, 33", "FLOAT32, 2, 37, 3, 9, 1",
    })
    void aTrainingStepAgreesWithEjml(DType dtype, int in, int hidden, int out, int steps, int batch) {
        List<double[]> ejml = step(EJML, dtype, in, hidden, out, steps, batch);
        List<double[]> simd = step(SIMD, dtype, in, hidden, out, steps, batch);
        double tol = dtype == DType.FLOAT64 ? 1e-10 : 1e-4;
        String[] names = {"loss", "dU", "dW", "db", "dV", "dc", "dh0"};
        assertTrue(ejml.size() == names.length && simd.size() == names.length, "loss, five gradients and dh0");
        for (int i = 0; i < names.length; i++) {
            assertClose(ejml.get(i), simd.get(i), tol, dtype == DType.FLOAT64 ? 1e-3 : 1e-2, names[i]);
        }
    }

    /** Control: a gradient off by one part in 1e8 fails the FLOAT64 bound. */
    @Test
    void theBoundCatchesASmallError() {
        double[] g = random(20, 5);
        double[] wrong = g.clone();
        wrong[3] *= 1 + 1e-8;
        try {
            assertClose(g, wrong, 1e-10, 1e-3, "control");
        } catch (AssertionError e) {
            return;
        }
        fail("an error of 1e-8 relative passed a 1e-10 bound");
    }
}
