package org.rnn4j.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.api.Parameter;
import org.rnn4j.core.Trainer.LearningRateSchedule;

/** Every schedule against rates worked by hand (r₀ = 1), composition, the trainer's use, and resuming from a save. */
class SchedulesTest {
    @TempDir
    Path dir;

    private static double[] rates(LearningRateSchedule s, int epochs) {
        double[] r = new double[epochs];
        for (int e = 1; e <= epochs; e++) {
            r[e - 1] = s.rate(e, 1.0);
        }
        return r;
    }

    @Test
    void constantKeepsTheRate() {
        assertArrayEquals(new double[] {1, 1, 1}, rates(Schedules.constant(), 3));
    }

    @Test
    void stepHalvesEveryTwoEpochs() {
        assertArrayEquals(new double[] {1, 1, 0.5, 0.5, 0.25}, rates(Schedules.step(2, 0.5), 5));
    }

    @Test
    void exponentialMultipliesEveryEpoch() {
        assertArrayEquals(new double[] {1, 0.5, 0.25, 0.125}, rates(Schedules.exponential(0.5), 4));
    }

    @Test
    void cosineWarmsUpThenAnnealsToTheMinimum() {
        // T = 5, w = 2, r_min = 0.1: warm-up 1/2, 2/2; then t = 0, 1/3, 2/3, 1 over the 3 decay epochs:
        // 0.1 + 0.9·(1 + cos(πt))/2 = 1, 0.775, 0.325, 0.1; and 0.1 after.
        assertArrayEquals(new double[] {0.5, 1, 1, 0.775, 0.325, 0.1, 0.1}, rates(Schedules.cosine(5, 2, 0.1), 7), 1e-12);
    }

    @Test
    void cosineWithoutWarmUpStartsAtTheInitialRate() {
        // T = 4: t = 0, 1/4, 1/2, 3/4, 1
        double c = (1 + Math.cos(Math.PI / 4)) / 2;
        assertArrayEquals(new double[] {1, c, 0.5, 1 - c, 0}, rates(Schedules.cosine(4, 0, 0), 5), 1e-12);
    }

    @Test
    void plateauReducesAfterPatienceEpochsWithoutImprovement() {
        LearningRateSchedule s = Schedules.reduceOnPlateau(0.5, 2, 0, 0.1);
        double[] losses = {1.0, 0.9, 0.95, 0.95, 0.95, 0.95, 0.95, 0.95, 0.95, 0.95};
        double[] expected = {1, 1, 1, 1, 0.5, 0.5, 0.25, 0.25, 0.125, 0.125, 0.1};
        for (int e = 1; e <= losses.length; e++) {
            assertEquals(expected[e - 1], s.rate(e, 1.0), 0.0, "epoch " + e);
            s.observe(e, losses[e - 1], Double.NaN);
        }
        assertEquals(expected[10], s.rate(11, 1.0), 0.0, "the floor");
    }

    @Test
    void plateauWatchesTheValidationLossWhenThereIsOne() {
        LearningRateSchedule s = Schedules.reduceOnPlateau(0.5, 1, 0, 0);
        s.observe(1, 1.0, 2.0);
        s.observe(2, 0.5, 2.0); // training improves, validation does not
        assertEquals(0.5, s.rate(3, 1.0));
    }

    @Test
    void plateauIgnoresImprovementsSmallerThanMinDelta() {
        LearningRateSchedule s = Schedules.reduceOnPlateau(0.5, 1, 0.1, 0);
        s.observe(1, 1.0, Double.NaN);
        s.observe(2, 0.95, Double.NaN);
        assertEquals(0.5, s.rate(3, 1.0));
    }

    @Test
    void andThenFeedsOneRateIntoTheNext() {
        LearningRateSchedule s = Schedules.step(1, 0.5).andThen(Schedules.reduceOnPlateau(0.1, 1, 0, 0));
        s.observe(1, 1, Double.NaN);
        s.observe(2, 1, Double.NaN); // one reduction
        assertEquals(0.25 * 0.1, s.rate(3, 1.0), 1e-15);
        assertEquals(4, s.state().length);
    }

    @Test
    void stateRestoresIntoAFreshSchedule() {
        LearningRateSchedule a = Schedules.exponential(0.9).andThen(Schedules.reduceOnPlateau(0.5, 1, 0, 0));
        a.observe(1, 1, Double.NaN);
        a.observe(2, 2, Double.NaN);
        LearningRateSchedule b = Schedules.exponential(0.9).andThen(Schedules.reduceOnPlateau(0.5, 1, 0, 0));
        b.restore(a.state());
        assertArrayEquals(a.state(), b.state());
        assertEquals(a.rate(3, 1.0), b.rate(3, 1.0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.restore(new double[3]));
        assertTrue(e.getMessage().contains("keeps 4 value(s) of state; got 3"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Schedules.constant().restore(new double[1]));
    }

    @Test
    void badArgumentsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Schedules.step(0, 0.5));
        assertThrows(IllegalArgumentException.class, () -> Schedules.step(1, 1.5));
        assertThrows(IllegalArgumentException.class, () -> Schedules.exponential(0));
        assertThrows(IllegalArgumentException.class, () -> Schedules.cosine(5, 5, 0));
        assertThrows(IllegalArgumentException.class, () -> Schedules.cosine(5, 1, -1));
        assertThrows(IllegalArgumentException.class, () -> Schedules.reduceOnPlateau(1, 1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> Schedules.reduceOnPlateau(0.5, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> Schedules.reduceOnPlateau(0.5, 1, Double.NaN, 0));
        assertThrows(IllegalArgumentException.class, () -> Schedules.constant().andThen(null));
    }

    @Test
    void theTrainerSetsEachEpochsRateAndReportsItsLosses() {
        List<Double> seenRates = new ArrayList<>();
        List<Double> observed = new ArrayList<>();
        LearningRateSchedule s = new LearningRateSchedule() {
            @Override
            public double rate(int epoch, double initialRate) {
                return initialRate / epoch;
            }

            @Override
            public void observe(int epoch, double trainLoss, double validationLoss) {
                observed.add(trainLoss);
            }
        };
        TrainingListener l = new TrainingListener() {
            @Override
            public void onEpochEnd(EpochSummary summary) {
                seenRates.add(summary.learningRate());
            }
        };
        Trainer.Result r = Trainer.builder(TrainerTest.sineModel(5), Optimizer.sgd(0.1)).epochs(3).batchSize(4).schedule(s).listener(l).build()
                .fit(TrainerTest.sineWindows(0, 10));
        assertEquals(List.of(0.1, 0.05, 0.1 / 3), seenRates);
        assertEquals(r.trainLosses(), observed);
    }

    @Test
    void aScheduleThatReachesZeroIsNamedByTheTrainer() {
        // cosine(2, 0, 0) gives r₀, r₀/2, then 0 from epoch 3 on: the trainer names the schedule and the epoch.
        Trainer t = Trainer.builder(TrainerTest.sineModel(5), Optimizer.sgd(0.1)).epochs(3).batchSize(4).schedule(Schedules.cosine(2, 0, 0))
                .build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.fit(TrainerTest.sineWindows(0, 8)));
        assertTrue(e.getMessage().contains("cosine(2, warm-up 0, min 0.0) gave 0.0 for epoch 3"), e.getMessage());
    }

    @Test
    void theProgressLineShowsTheRate() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressListener p = new ProgressListener(new PrintStream(bytes, true, StandardCharsets.UTF_8), "fit", false, Integer.MAX_VALUE);
        p.onEpochStart(1, 2, 5);
        p.onEpochEnd(new TrainingListener.EpochSummary(1, 0.5, Double.NaN, 0.0025, 3));
        String line = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(line.startsWith("fit epoch 1/2  train loss 5.000e-01  lr 2.500e-03  "), line);
    }

    private static LearningRateSchedule resumable() {
        // minDelta 10: no epoch ever improves enough, so each one after the first reduces the rate.
        return Schedules.step(2, 0.5).andThen(Schedules.reduceOnPlateau(0.5, 1, 10, 1e-6));
    }

    private static final class Rates implements TrainingListener {
        final List<Double> rates = new ArrayList<>();

        @Override
        public void onEpochEnd(EpochSummary summary) {
            rates.add(summary.learningRate());
        }
    }

    @Test
    void aRunResumedFromASaveEqualsAnUninterruptedOne() throws Exception {
        SequenceDataset data = TrainerTest.sineWindows(0, 12);
        Rates whole = new Rates();
        Rnn a = TrainerTest.sineModel(9);
        Trainer.builder(a, Optimizer.adam(0.05)).epochs(5).batchSize(4).schedule(resumable()).listener(whole).build().fit(data);

        Rates first = new Rates();
        Rnn b = TrainerTest.sineModel(9);
        Optimizer opt = Optimizer.adam(0.05);
        LearningRateSchedule s = resumable();
        Trainer.builder(b, opt).epochs(2).batchSize(4).schedule(s).listener(first).build().fit(data);
        Path file = dir.resolve("run.ckpt");
        Checkpoint.save(file, b, opt, null);
        CheckpointMetadata.save(file, Schedules.record(s, 0.05, 2));

        Checkpoint ck = Checkpoint.load(file);
        LearningRateSchedule again = resumable();
        Schedules.Progress progress = Schedules.restore(CheckpointMetadata.load(file), again, file);
        Rates second = new Rates();
        Trainer.builder(ck.model(), ck.optimizer()).epochs(3).batchSize(4).schedule(again).resume(progress).listener(second).build().fit(data);

        List<Double> joined = new ArrayList<>(first.rates);
        joined.addAll(second.rates);
        assertEquals(whole.rates, joined);
        List<Parameter> pa = a.parameters();
        List<Parameter> pb = ck.model().parameters();
        for (int i = 0; i < pa.size(); i++) {
            assertArrayEquals(pa.get(i).value().toDoubleArray(), pb.get(i).value().toDoubleArray(), 0.0, pa.get(i).name());
        }
    }

    @Test
    void withoutRestoringTheScheduleTheRatesDiffer() throws Exception {
        // The control of the test above: a fresh schedule and no resume take other rates.
        SequenceDataset data = TrainerTest.sineWindows(0, 12);
        Rates whole = new Rates();
        Trainer.builder(TrainerTest.sineModel(9), Optimizer.adam(0.05)).epochs(4).batchSize(4).schedule(resumable()).listener(whole).build()
                .fit(data);
        Rates first = new Rates();
        Rnn b = TrainerTest.sineModel(9);
        Optimizer opt = Optimizer.adam(0.05);
        Trainer.builder(b, opt).epochs(2).batchSize(4).schedule(resumable()).listener(first).build().fit(data);
        Rates second = new Rates();
        Trainer.builder(b, opt).epochs(2).batchSize(4).schedule(resumable()).listener(second).build().fit(data);
        List<Double> joined = new ArrayList<>(first.rates);
        joined.addAll(second.rates);
        assertNotEquals(whole.rates, joined);
    }

    @Test
    void aSavedScheduleThatDoesNotFitIsACheckpointError() throws Exception {
        Path file = dir.resolve("s.ckpt");
        Checkpoint.save(file, TrainerTest.sineModel(1), null, null);
        CheckpointMetadata.save(file, Schedules.record(Schedules.reduceOnPlateau(0.5, 1, 0, 0), 0.1, 3));
        CheckpointException e = assertThrows(CheckpointException.class,
                () -> Schedules.restore(CheckpointMetadata.load(file), Schedules.constant(), file));
        assertTrue(e.getMessage().contains("does not fit constant"), e.getMessage());
        Map<String, double[]> noProgress = Map.of(Schedules.STATE_KEY, new double[0]);
        assertThrows(CheckpointException.class, () -> Schedules.restore(noProgress, Schedules.constant(), file));
        assertThrows(IllegalArgumentException.class, () -> Schedules.record(Schedules.constant(), 0, 1));
    }
}
