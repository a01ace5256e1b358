package org.rnn4j.backend.nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.rnn4j.api.Activation;
import org.rnn4j.api.DType;
import org.rnn4j.api.Tensor;
import org.rnn4j.backend.ejml.EjmlBackend;
import org.rnn4j.core.Bptt;
import org.rnn4j.core.Checkpoint;
import org.rnn4j.core.Initializer;
import org.rnn4j.core.Loss;
import org.rnn4j.core.Mask;
import org.rnn4j.core.Optimizer;
import org.rnn4j.core.OutputMode;
import org.rnn4j.core.Rnn;
import org.rnn4j.core.SequenceDataset;
import org.rnn4j.core.State;
import org.rnn4j.core.Targets;
import org.rnn4j.core.Trainer;
import org.rnn4j.spi.Backend;

/**
 * The same seeded model on EJML and on ND4J: forward outputs, loss and every BPTT gradient agree to
 * 1e-10 relative in FLOAT64 and 1e-4 in FLOAT32, over the grid of the core gradient tests.
 */
class ParityTest {
    private static final Backend EJML = new EjmlBackend();
    private static final Backend ND4J = new Nd4jBackend();

    static Rnn model(Backend be, Activation f, DType dtype, long seed) {
        return Rnn.builder().inputSize(2).hiddenSize(4).outputSize(3).activation(f).dtype(dtype).backend(be).seed(seed)
                .inputInit(Initializer.uniform(-0.8, 0.8)).recurrentInit(Initializer.uniform(-0.8, 0.8))
                .outputInit(Initializer.uniform(-0.8, 0.8)).build();
    }

    static double[] random(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextDouble(-1, 1);
        }
        return v;
    }

    static Targets targets(Loss loss, OutputMode mode, int steps, int batch, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int rows = mode == OutputMode.LAST_STEP ? batch : steps * batch;
        if (loss == Loss.MSE) {
            double[] v = random(rows * 3, seed);
            return mode == OutputMode.LAST_STEP ? Targets.lastStep(loss, batch, 3, v) : Targets.everyStep(loss, steps, batch, 3, v);
        }
        int[] labels = r.ints(rows, 0, 3).toArray();
        return mode == OutputMode.LAST_STEP ? Targets.lastStepClasses(batch, 3, labels) : Targets.everyStepClasses(steps, batch, 3, labels);
    }

    /** |a − b| ≤ tol·max(|a|, |b|, 1e-3·scale), where scale is the array's largest magnitude. */
    static void assertClose(double[] a, double[] b, double tol, String what) {
        assertClose(a, b, tol, 1e-3, what);
    }

    /**
     * |a − b| ≤ tol·max(|a|, |b|, floor·scale), where scale is the array's largest magnitude. An
     * element that is the small remainder of a cancelling sum carries the rounding of the sum's
     * terms, which is relative to the scale, not to the element: hence the floor.
     */
    static void assertClose(double[] a, double[] b, double tol, double floor, String what) {
        double scale = 0;
        for (double v : a) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < a.length; i++) {
            double bound = tol * Math.max(Math.max(Math.abs(a[i]), Math.abs(b[i])), floor * scale);
            if (!(Math.abs(a[i] - b[i]) <= bound)) {
                fail(what + "[" + i + "]: ejml " + a[i] + ", nd4j " + b[i] + " (bound " + bound + ")");
            }
        }
    }

    /**
     * The floor of {@link #assertClose} for a dtype: in FLOAT32, 1% of the scale (a bound of 1e-6 of
     * the scale, about 8 float ulps: gradient elements of 5 steps that cancel to 1/800 of the
     * largest differ by that much between two correct float gemms).
     */
    static double floor(DType d) {
        return d == DType.FLOAT64 ? 1e-3 : 1e-2;
    }

    static double tolerance(DType d) {
        return d == DType.FLOAT64 ? 1e-10 : 1e-4;
    }

    static Stream<Arguments> grid() {
        List<Arguments> out = new ArrayList<>();
        for (DType d : DType.values()) {
            for (Activation f : Activation.values()) {
                for (OutputMode mode : OutputMode.values()) {
                    for (Loss loss : Loss.values()) {
                        for (boolean masked : new boolean[] {false, true}) {
                            for (int steps : new int[] {1, 5}) {
                                for (int batch : new int[] {1, 3}) {
                                    out.add(Arguments.of(d, f, mode, loss, masked, steps, batch));
                                }
                            }
                        }
                    }
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1} {2} {3} mask={4} T={5} B={6}")
    @MethodSource("grid")
    void forwardLossAndGradientsAgree(DType dtype, Activation f, OutputMode mode, Loss loss, boolean masked, int steps, int batch) {
        long seed = 7 + f.ordinal() * 31L + steps * 3L + batch;
        double[] x = random(steps * batch * 2, seed + 1);
        double[] h0 = random(batch * 4, seed + 2);
        Targets targets = targets(loss, mode, steps, batch, seed + 3);
        Mask mask = null;
        if (masked) {
            double[] m = new double[steps * batch];
            for (int i = 0; i < m.length; i++) {
                m[i] = i % 3 == 0 ? 0 : 1;
            }
            mask = Mask.of(steps, batch, m);
        }
        double[][] results = new double[2][];
        List<List<double[]>> grads = new ArrayList<>();
        double[] losses = new double[2];
        double[][] outputs = new double[2][];
        Backend[] backends = {EJML, ND4J};
        for (int k = 0; k < 2; k++) {
            Backend be = backends[k];
            Rnn m = model(be, f, dtype, seed);
            Tensor xs = be.fromArray(dtype, steps * batch, 2, x);
            State h = State.of(be.fromArray(dtype, batch, 4, h0));
            outputs[k] = m.forward(xs, batch, h, mask).outputs().toDoubleArray();
            Bptt.Result r = m.bptt().lossAndGradients(xs, batch, targets, mask, h);
            losses[k] = r.loss();
            List<double[]> g = new ArrayList<>();
            m.parameters().forEach(p -> g.add(p.gradient().toDoubleArray()));
            g.add(r.initialStateGradient().h().toDoubleArray());
            grads.add(g);
            results[k] = new double[] {losses[k]};
        }
        double tol = tolerance(dtype);
        assertClose(outputs[0], outputs[1], tol, floor(dtype), "outputs");
        assertClose(results[0], results[1], tol, floor(dtype), "loss");
        String[] names = {"dU", "dW", "db", "dV", "dc", "dh0"};
        for (int i = 0; i < names.length; i++) {
            assertClose(grads.get(0).get(i), grads.get(1).get(i), tol, floor(dtype), names[i]);
        }
    }

    static SequenceDataset sine(int from, int count) {
        double[][][] x = new double[count][12][1];
        double[][] y = new double[count][1];
        for (int n = 0; n < count; n++) {
            for (int t = 0; t < 12; t++) {
                x[n][t][0] = Math.sin(from + n + t);
            }
            y[n][0] = Math.sin(from + n + 12);
        }
        return SequenceDataset.lastStep(Loss.MSE, x, y);
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void aShortTrainingRunEndsWithTheSameLoss(DType dtype) {
        double[] finalLoss = new double[2];
        Backend[] backends = {EJML, ND4J};
        for (int k = 0; k < 2; k++) {
            Rnn m = Rnn.builder().inputSize(1).hiddenSize(16).outputSize(1).dtype(dtype).backend(backends[k]).seed(5).build();
            Trainer.Result r = Trainer.builder(m, Optimizer.adam(0.01)).epochs(5).batchSize(8).validation(sine(60, 10)).build().fit(sine(0, 40));
            finalLoss[k] = r.validationLosses().get(4);
            assertTrue(r.trainLosses().get(4) < r.trainLosses().get(0), "training must make progress on " + backends[k].name());
        }
        // FLOAT32 rounding compounds over 25 updates: the bound is relative to the loss, as the issue asks.
        assertEquals(finalLoss[0], finalLoss[1], tolerance(dtype) * finalLoss[0], "validation loss after training");
    }

    @Test
    void aCheckpointSavedOnOneBackendLoadsOnTheOtherAndPredictsTheSame(@TempDir Path dir) throws IOException {
        Rnn onEjml = Rnn.builder().inputSize(1).hiddenSize(8).outputSize(1).dtype(DType.FLOAT64).backend(EJML).seed(9).build();
        Trainer.builder(onEjml, Optimizer.adam(0.01)).epochs(2).batchSize(8).build().fit(sine(0, 16));
        Path f = dir.resolve("m.ckpt");
        Checkpoint.save(f, onEjml, null, null);
        Rnn onNd4j = Checkpoint.load(f, ND4J, DType.FLOAT64).model();
        double[] x = random(12 * 2, 3);
        double[] a = onEjml.forward(EJML.fromArray(DType.FLOAT64, 24, 1, x), 2, null, null).outputs().toDoubleArray();
        double[] b = onNd4j.forward(ND4J.fromArray(DType.FLOAT64, 24, 1, x), 2, null, null).outputs().toDoubleArray();
        assertClose(a, b, 1e-10, "predictions");
        // And back, through FLOAT32.
        Checkpoint.save(f, onNd4j, null, null);
        Rnn back = Checkpoint.load(f, EJML, DType.FLOAT32).model();
        double[] c = back.forward(EJML.fromArray(DType.FLOAT32, 24, 1, x), 2, null, null).outputs().toDoubleArray();
        assertClose(a, c, 1e-4, "predictions after nd4j → ejml FLOAT32");
    }
}
