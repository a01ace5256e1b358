package org.rnn4j.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.ConcurrentModificationException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.rnn4j.api.Activation;
import org.rnn4j.api.DType;
import org.rnn4j.api.Tensor;
import org.rnn4j.core.cell.CellType;

/** Concurrency, divergence, sizes and null arguments: nothing corrupted, nothing silently wrong. */
class ReliabilityTest {

    // ------------------------------------------------------------------ concurrency

    @Test
    void replicasServeOneModelFromManyThreadsWithExactOutputs() throws Exception {
        Rnn m = Fixtures.model(CellType.LSTM, Activation.TANH, 2, Fixtures.EJML, DType.FLOAT64, 301);
        Tensor xs = Fixtures.inputs(m, 6, 2, 302);
        double[] expected = m.forward(xs, 2, null, null).outputs().toDoubleArray();
        int threads = 4;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> wrong = new ArrayList<>();
            for (int k = 0; k < threads; k++) {
                Rnn replica = m.replica();
                wrong.add(pool.submit(() -> {
                    start.await();
                    int bad = 0;
                    for (int i = 0; i < 400; i++) {
                        double[] got = replica.forward(xs, 2, null, null).outputs().toDoubleArray();
                        bad += java.util.Arrays.equals(expected, got) ? 0 : 1;
                    }
                    return bad;
                }));
            }
            start.countDown();
            for (Future<Integer> f : wrong) {
                assertEquals(0, f.get(60, TimeUnit.SECONDS), "wrong outputs from a replica");
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals("a replica shares its parameters read only and cannot be trained; train the original model",
                assertThrows(IllegalStateException.class, () -> m.replica().bptt()).getMessage());
    }

    @Test
    void oneModelUsedByTwoThreadsAtOnceFailsLoudlyAndNeverReturnsAWrongOutput() throws Exception {
        Rnn m = Fixtures.model(CellType.GRU, Activation.TANH, 1, Fixtures.EJML, DType.FLOAT64, 311);
        Tensor xs = Fixtures.inputs(m, 40, 2, 312);
        double[] expected = m.forward(xs, 2, null, null).outputs().toDoubleArray();
        AtomicInteger refused = new AtomicInteger();
        AtomicInteger wrong = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> fs = new ArrayList<>();
            for (int k = 0; k < 2; k++) {
                fs.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 400; i++) {
                        try {
                            double[] got = m.forward(xs, 2, null, null).outputs().toDoubleArray();
                            if (!java.util.Arrays.equals(expected, got)) {
                                wrong.incrementAndGet();
                            }
                        } catch (ConcurrentModificationException e) {
                            assertTrue(e.getMessage().contains("model.replica()"), e.getMessage());
                            refused.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : fs) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(0, wrong.get(), "a call that was not refused must be exact");
        assertTrue(refused.get() > 0, "two threads running 400 forwards each never overlapped: the check was not exercised");
    }

    @Test
    void aReplicaRefusesACallWhileItsOriginalsParametersAreBeingUpdated() {
        Rnn m = Fixtures.model(CellType.LSTM, Activation.TANH, 1, Fixtures.EJML, DType.FLOAT64, 325);
        Rnn replica = m.replica();
        Tensor xs = Fixtures.inputs(m, 4, 2, 326);
        double[] before = replica.forward(xs, 2, null, null).outputs().toDoubleArray();
        // An update under way on another thread, as Optimizer.step marks it.
        Optimizer.beginUpdate(m.parameters());
        ConcurrentModificationException e = assertThrows(ConcurrentModificationException.class, () -> replica.forward(xs, 2, null, null));
        assertTrue(e.getMessage().startsWith("forward on a replica on thread '") && e.getMessage().contains("are being updated")
                && e.getMessage().contains("Do not train the original while replicas serve"), e.getMessage());
        assertThrows(ConcurrentModificationException.class, () -> replica.stepper(2).step(m.backend().zeros(DType.FLOAT64, 2, Fixtures.I)));
        m.forward(xs, 2, null, null);   // the original itself is not refused: its own guard covers it
        Optimizer.endUpdate(m.parameters());
        assertArrayEquals(before, replica.forward(xs, 2, null, null).outputs().toDoubleArray(), 0.0, "once the update ends, it serves");
    }

    @Test
    void trainingTheOriginalWhileAReplicaServesFailsTheReplicasOverlappingCallsAndNoOther() throws Exception {
        Rnn m = Fixtures.model(CellType.GRU, Activation.TANH, 1, Fixtures.EJML, DType.FLOAT64, 327);
        Tensor xs = Fixtures.inputs(m, 40, 2, 328);
        Targets targets = Fixtures.targets(Loss.MSE, OutputMode.LAST_STEP, 40, 2, m.outputSize(), 329);
        m.bptt().lossAndGradients(xs, 2, targets, null, null);
        Rnn replica = m.replica();
        Optimizer sgd = Optimizer.sgd(1e-3);
        // Every version's outputs, as the training thread computes them on the original between its steps.
        List<double[]> versions = java.util.Collections.synchronizedList(new ArrayList<>());
        versions.add(m.forward(xs, 2, null, null).outputs().toDoubleArray());
        AtomicInteger refused = new AtomicInteger();
        List<double[]> served = new ArrayList<>();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            CountDownLatch start = new CountDownLatch(1);
            Future<?> training = pool.submit(() -> {
                start.await();
                for (int i = 0; i < 400; i++) {
                    sgd.step(m.parameters());
                    versions.add(m.forward(xs, 2, null, null).outputs().toDoubleArray());
                }
                return null;
            });
            start.countDown();
            while (!training.isDone()) {
                try {
                    served.add(replica.forward(xs, 2, null, null).outputs().toDoubleArray());
                } catch (ConcurrentModificationException e) {
                    assertTrue(e.getMessage().contains("the original model's parameters"), e.getMessage());
                    refused.incrementAndGet();
                }
            }
            training.get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        assertTrue(refused.get() > 0, "no replica call overlapped a step of 400 (" + served.size() + " served): the check was not exercised");
        for (double[] out : served) {
            assertTrue(versions.stream().anyMatch(v -> java.util.Arrays.equals(v, out)), "a served output matches no version of the weights");
        }
    }

    @Test
    void twoTrainersOnOneModelAtOnceFail() throws Exception {
        Rnn m = TrainerTest.sineModel(321);
        SequenceDataset data = TrainerTest.sineWindows(0, 16);
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Trainer slow = Trainer.builder(m, Optimizer.sgd(0.01)).epochs(1).batchSize(16).listener(new TrainingListener() {
            @Override
            public void onEpochStart(int epoch, int epochs, int stepsPerEpoch) {
                inside.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }).build();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<?> first = pool.submit(() -> slow.fit(data));
            assertTrue(inside.await(10, TimeUnit.SECONDS));
            Trainer other = Trainer.builder(m, Optimizer.sgd(0.01)).epochs(1).build();
            ConcurrentModificationException e = assertThrows(ConcurrentModificationException.class, () -> other.fit(data));
            assertTrue(e.getMessage().startsWith("Trainer.fit on thread"), e.getMessage());
            release.countDown();
            first.get(30, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        // Once the first is done, the model is free again.
        Trainer.builder(m, Optimizer.sgd(0.01)).epochs(1).build().fit(data);
    }

    // ------------------------------------------------------------------ divergence

    /** Sine windows whose targets are 1000 times too large: gradients of c in the thousands. */
    private static SequenceDataset farTargets(int from, int count) {
        double[][][] x = new double[count][8][1];
        double[][] y = new double[count][1];
        for (int n = 0; n < count; n++) {
            for (int t = 0; t < 8; t++) {
                x[n][t][0] = Math.sin(from + n + t);
            }
            y[n][0] = 1000 * Math.sin(from + n + 8);
        }
        return SequenceDataset.lastStep(Loss.MSE, x, y);
    }

    @Test
    void anUpdateThatWouldOverflowIsRefusedAndNamedAndLeavesModelAndOptimizerAsTheyWere() {
        Rnn m = TrainerTest.sineModel(331);
        Optimizer sgd = Optimizer.sgd(Double.MAX_VALUE);
        Trainer t = Trainer.builder(m, sgd).epochs(3).batchSize(8).build();
        double[][] before = values(m);
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> t.fit(farTargets(0, 8)));
        assertEquals(1, e.epoch());
        assertEquals(1, e.step());
        assertTrue(e.what().startsWith("the updated value of "), e.what());
        assertFalse(e.restoredBestEpoch());
        assertTrue(e.getMessage().contains("the model and the optimizer are at their last finite state"), e.getMessage());
        assertTrue(e.getCause() instanceof NonFiniteUpdateException);
        assertEquals(0, sgd.steps(), "the refused step must not count");
        double[][] after = values(m);
        for (int i = 0; i < before.length; i++) {
            assertArrayEquals(before[i], after[i], 0.0, m.parameters().get(i).name());
        }
    }

    @Test
    void aDivergenceUnderEarlyStoppingRestoresTheBestEpoch() {
        Rnn m = TrainerTest.sineModel(341);
        double[] bestLoss = {Double.POSITIVE_INFINITY};
        double[][][] best = new double[1][][];
        Trainer t = Trainer.builder(m, Optimizer.sgd(0.01)).epochs(5).batchSize(8).validation(TrainerTest.sineWindows(20, 4))
                .earlyStopping(3, 0).schedule((epoch, rate) -> epoch < 3 ? rate : Double.MAX_VALUE).listener(new TrainingListener() {
                    @Override
                    public void onEpochEnd(EpochSummary s) {
                        if (s.validationLoss() < bestLoss[0]) {
                            bestLoss[0] = s.validationLoss();
                            best[0] = values(m);
                        }
                    }
                }).build();
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> t.fit(farTargets(0, 8)));
        assertEquals(3, e.epoch());
        assertTrue(e.restoredBestEpoch());
        assertTrue(e.getMessage().contains("restored to the best epoch"), e.getMessage());
        double[][] after = values(m);
        for (int i = 0; i < after.length; i++) {
            assertArrayEquals(best[0][i], after[i], 0.0, "parameters must be the best epoch's");
        }
    }

    @Test
    void aNonFiniteGradientIsNamedWithItsElement() {
        Rnn m = Fixtures.model(Activation.IDENTITY, DType.FLOAT64, 351);
        SequenceDataset data = SequenceDataset.lastStep(Loss.MSE, new double[][][] {{{1e200, 1e200}, {1e200, 1e200}}},
                new double[][] {{0, 0, 0}});
        Trainer t = Trainer.builder(m, Optimizer.sgd(0.1)).epochs(1).build();
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> t.fit(data));
        assertTrue(e.what().equals("the loss") || e.what().startsWith("the gradient of "), e.what());
    }

    private static double[][] values(Rnn m) {
        double[][] v = new double[m.parameters().size()][];
        for (int i = 0; i < v.length; i++) {
            v[i] = m.parameters().get(i).value().toDoubleArray();
        }
        return v;
    }

    // ------------------------------------------------------------------ sizes

    @Test
    void aModelTooLargeForTheHeapFailsFastWithTheEstimate() {
        // 4·15000·15001 + … ≈ 0.9 G weights: within the int limit, but 14 GiB with gradients and the initializer's array.
        Assumptions.assumeTrue(Memory.budget() < 14L << 30, "heap larger than this test's model");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Rnn.builder().inputSize(1).hiddenSize(15_000)
                .outputSize(1).cell(CellType.LSTM).backend(Fixtures.EJML).build());
        assertTrue(e.getMessage().startsWith("a model of 900") && e.getMessage().contains("-Xmx") && e.getMessage().contains("H = 15000"),
                e.getMessage());
    }

    @Test
    void aWorkspaceTooLargeForTheHeapFailsFastAndPointsToTruncatedBptt() {
        Rnn m = Rnn.builder().inputSize(1).hiddenSize(512).outputSize(1).cell(CellType.LSTM).backend(Fixtures.EJML).build();
        long steps = Memory.budget() / (512L * 64 * 4 * 8) + 1;
        Assumptions.assumeTrue(steps < 1_000_000, "heap too large for this test's input tensor");
        Tensor xs = m.backend().zeros(DType.FLOAT32, (int) steps * 64, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.bptt().lossAndGradients(xs, 64,
                Targets.lastStep(Loss.MSE, 64, 1, new double[64]), null, null));
        assertTrue(e.getMessage().startsWith("a BPTT workspace needs about") && e.getMessage().contains("truncated"), e.getMessage());
        assertEquals(0, m.bptt().workspaceCount(), "nothing may be allocated");
    }

    @Test
    void aForwardPassTooLargeForTheHeapDescribesTheNetworkAndTheCallMade() {
        // A 1-layer bidirectional LSTM: one level, two recurrent layers; it can neither stream nor train truncated.
        Rnn m = Rnn.builder().inputSize(1).hiddenSize(512).outputSize(1).cell(CellType.LSTM).bidirectional(true).backend(Fixtures.EJML)
                .build();
        long steps = Memory.budget() / (512L * 64 * 4 * 8) + 1;
        Assumptions.assumeTrue(steps < 1_000_000, "heap too large for this test's input tensor");
        Tensor xs = m.backend().zeros(DType.FLOAT32, (int) steps * 64, 1);
        String inference = assertThrows(IllegalArgumentException.class, () -> m.forward(xs, 64, null, null)).getMessage();
        assertTrue(inference.startsWith("the workspace of a forward pass needs about") && inference.contains("(a 1-layer bidirectional LSTM, H = 512)")
                && inference.contains("can neither stream nor train with truncated BPTT") && !inference.contains("2 layers")
                && !inference.contains(".truncated(k1, k2)"), inference);
        String training = assertThrows(IllegalArgumentException.class, () -> m.bptt().lossAndGradients(xs, 64,
                Targets.lastStep(Loss.MSE, 64, 1, new double[64]), null, null)).getMessage();
        assertTrue(training.startsWith("a BPTT workspace needs about") && training.contains("(a 1-layer bidirectional LSTM, H = 512)")
                && !training.contains(".truncated(k1, k2)"), training);
        assertEquals(0, m.bptt().workspaceCount(), "nothing may be allocated");
    }

    // ------------------------------------------------------------------ arguments

    @Test
    void nullArgumentsAreNamed() {
        Rnn m = Fixtures.model(Activation.TANH, DType.FLOAT64, 361);
        Tensor xs = Fixtures.inputs(m, 3, 1, 362);
        Targets targets = Fixtures.targets(Loss.MSE, OutputMode.LAST_STEP, 3, 1, m.outputSize(), 363);
        assertNamed("xs is null", () -> m.forward(null, 1, null, null));
        assertNamed("xs is null", () -> m.bptt().lossAndGradients(null, 1, targets, null, null));
        assertNamed("targets are null", () -> m.bptt().lossAndGradients(xs, 1, null, null, null));
        assertNamed("x is null", () -> m.stepper(1).step(null));
        assertNamed("model is null", () -> Trainer.builder(null, Optimizer.sgd(0.1)).build());
        assertNamed("optimizer is null", () -> Trainer.builder(m, null).build());
        assertNamed("the training set is null", () -> Trainer.builder(m, Optimizer.sgd(0.1)).build().fit(null));
        assertNamed("the data set is null", () -> Trainer.builder(m, Optimizer.sgd(0.1)).build().evaluate(null));
        assertNamed("parameters are null", () -> Optimizer.adam(0.1).step(null));
        assertNamed("parameters is null", () -> Clipping.byGlobalNorm(null, 1));
        assertNamed("parameters is null", () -> Clipping.byValue(null, 1));
        assertNamed("data is null", () -> Sequences.timeMajor(null));
        assertNamed("backend is null", () -> Sequences.tensor(null, DType.FLOAT64, new double[][][] {{{1}}}));
        assertNamed("the mask's value array is null", () -> Mask.of(1, 1, null));
        assertNamed("the mask's length array is null", () -> Mask.fromLengths(1, null));
        assertNamed("fromArray: rowMajor is null; pass 2×3 values, or use zeros(dtype, rows, cols)",
                () -> Fixtures.EJML.fromArray(DType.FLOAT64, 2, 3, null));
        assertNamed("sequence 1 (data[1]) is null", () -> Sequences.timeMajor(new double[][][] {{{1}}, null}));
        assertNamed("sequence 0, step 1 (data[0][1]) is null", () -> Sequences.timeMajor(new double[][][] {{{1}, null}}));
        assertNamed("sequence 1 (sequences[1]) is null", () -> m.predict(new double[][][] {{{1, 2}}, null}));
        assertNamed("parameters is null", () -> GradientCheck.check(null, () -> 0));
        assertNamed("loss is null", () -> GradientCheck.check(m.parameters(), null));
        assertNamed("model is null", () -> new TruncatedBptt(1, 1).run(null, xs, 1, targets, null, null, null));
        assertNamed("cell is null", () -> Rnn.builder().inputSize(1).hiddenSize(1).outputSize(1).cell(null).build());
        assertNamed("state tensor 0 is null", () -> State.of((Tensor) null));
    }

    @Test
    void badSettingsThatUsedToPassAreRefused() {
        Rnn m = Fixtures.model(Activation.TANH, DType.FLOAT64, 371);
        assertNamed("early stopping patience must be at least 1 epoch, got 0",
                () -> Trainer.builder(m, Optimizer.sgd(0.1)).earlyStopping(0, 0));
        assertNamed("epsilon must be positive and finite, got 0.0", () -> GradientCheck.check(m.parameters(), () -> 0, 0, 1e-6, 1e-9));
        Tensor nan = m.backend().fromArray(DType.FLOAT64, 1, m.hiddenSize(), new double[] {0, Double.NaN, 0, 0});
        assertNamed("state h holds NaN at row 0, column 1", () -> m.stepper(1).reset(State.of(nan)));
        Initializer writesNaN = (v, rows, cols, r) -> java.util.Arrays.fill(v, Double.NaN);
        assertNamed("the initializer of W (2×2) wrote NaN at index 0 (row 0, column 0); initial values must be finite",
                () -> Rnn.builder().inputSize(1).hiddenSize(2).outputSize(1).backend(Fixtures.EJML).recurrentInit(writesNaN).build());
        assertNamed("activation RELU applies to Elman cells only; a LSTM cell uses sigmoid gates and tanh",
                () -> Rnn.builder().inputSize(1).hiddenSize(2).outputSize(1).cell(CellType.LSTM).activation(Activation.RELU).build());
    }

    @Test
    void hugeButFiniteInputsAreAcceptedAsPyTorchAcceptsThem() {
        Rnn m = Fixtures.model(Activation.TANH, DType.FLOAT64, 381);
        Tensor xs = m.backend().fromArray(DType.FLOAT64, 1, 2, new double[] {1e200, -1e200});
        double[] y = m.forward(xs, 1, null, null).outputs().toDoubleArray();
        for (double v : y) {
            assertTrue(Double.isFinite(v));
        }
    }

    private static void assertNamed(String message, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertEquals(message, e.getMessage());
    }
}
