package org.rnn4j.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rnn4j.api.Activation;
import org.rnn4j.api.DType;

class TrainerTest {

    /** Windows of sin(k): 8 values predict the 9th. */
    static SequenceDataset sineWindows(int from, int count) {
        double[][][] x = new double[count][8][1];
        double[][] y = new double[count][1];
        for (int n = 0; n < count; n++) {
            for (int t = 0; t < 8; t++) {
                x[n][t][0] = Math.sin(from + n + t);
            }
            y[n][0] = Math.sin(from + n + 8);
        }
        return SequenceDataset.lastStep(Loss.MSE, x, y);
    }

    static Rnn sineModel(long seed) {
        return Rnn.builder().inputSize(1).hiddenSize(8).outputSize(1).dtype(DType.FLOAT64).backend(Fixtures.EJML).seed(seed).build();
    }

    @Test
    void lossFallsOnASmallSineTask() {
        Rnn m = sineModel(3);
        Trainer t = Trainer.builder(m, Optimizer.adam(0.02)).epochs(40).batchSize(8).validation(sineWindows(60, 10)).build();
        Trainer.Result r = t.fit(sineWindows(0, 40));
        assertEquals(40, r.epochsRun());
        assertTrue(r.trainLosses().get(39) < r.trainLosses().get(0) / 20, r.trainLosses().toString());
        assertTrue(r.validationLosses().get(39) < 0.01, r.validationLosses().toString());
    }

    @Test
    void sameSeedsGiveTheSameRun() {
        List<Double> a = Trainer.builder(sineModel(4), Optimizer.sgd(0.1)).epochs(3).batchSize(7).build().fit(sineWindows(0, 20)).trainLosses();
        List<Double> b = Trainer.builder(sineModel(4), Optimizer.sgd(0.1)).epochs(3).batchSize(7).build().fit(sineWindows(0, 20)).trainLosses();
        assertEquals(a, b);
        List<Double> c = Trainer.builder(sineModel(4), Optimizer.sgd(0.1)).epochs(3).batchSize(7).shuffle(true, 99).build().fit(sineWindows(0, 20)).trainLosses();
        assertFalse(a.equals(c), "another shuffling seed must change the run");
    }

    @Test
    void listenerSeesEveryStepAndTheScheduledRate() {
        List<String> events = new ArrayList<>();
        TrainingListener l = new TrainingListener() {
            @Override
            public void onEpochStart(int epoch, int epochs, int stepsPerEpoch) {
                events.add("start " + epoch + "/" + epochs + " " + stepsPerEpoch);
            }

            @Override
            public void onStep(int epoch, int step, int stepsPerEpoch, double loss) {
                events.add("step " + epoch + "." + step);
            }

            @Override
            public void onEpochEnd(TrainingListener.EpochSummary s) {
                events.add("end " + s.epoch() + " lr=" + s.learningRate() + " val=" + Double.isNaN(s.validationLoss()));
            }
        };
        Trainer.builder(sineModel(5), Optimizer.sgd(0.1)).epochs(2).batchSize(4).listener(l).schedule((epoch, lr) -> lr / epoch).build()
                .fit(sineWindows(0, 10));
        assertEquals(List.of("start 1/2 3", "step 1.1", "step 1.2", "step 1.3", "end 1 lr=0.1 val=true",
                "start 2/2 3", "step 2.1", "step 2.2", "step 2.3", "end 2 lr=0.05 val=true"), events);
    }

    @Test
    void truncatedTrainingCountsChunksAsSteps() {
        double[][][] x = new double[3][10][1];
        double[][][] y = new double[3][10][1];
        for (int n = 0; n < 3; n++) {
            for (int t = 0; t < 10; t++) {
                x[n][t][0] = Math.sin(n + t);
                y[n][t][0] = Math.sin(n + t + 1);
            }
        }
        int[] steps = new int[1];
        Trainer t = Trainer.builder(sineModel(6), Optimizer.adam(0.01)).epochs(1).batchSize(3).truncated(4, 4).listener(new TrainingListener() {
            @Override
            public void onStep(int epoch, int step, int stepsPerEpoch, double loss) {
                steps[0]++;
                assertEquals(3, stepsPerEpoch);
            }
        }).build();
        t.fit(SequenceDataset.everyStep(Loss.MSE, x, y, null));
        assertEquals(3, steps[0], "10 steps in chunks of 4 are 3 updates");
    }

    @Test
    void earlyStoppingRestoresTheBestParameters() {
        Rnn m = sineModel(7);
        List<double[]> afterEpoch1 = new ArrayList<>();
        Trainer t = Trainer.builder(m, Optimizer.sgd(0.05)).epochs(10).batchSize(5).validation(sineWindows(50, 5))
                .earlyStopping(2, 1e9) // nothing after epoch 1 can improve by 1e9
                .listener(new TrainingListener() {
                    @Override
                    public void onEpochEnd(TrainingListener.EpochSummary s) {
                        if (s.epoch() == 1) {
                            afterEpoch1.add(m.parameter("W").value().toDoubleArray());
                        }
                    }
                }).build();
        Trainer.Result r = t.fit(sineWindows(0, 10));
        assertTrue(r.stoppedEarly());
        assertEquals(3, r.epochsRun());
        assertEquals(1, r.bestEpoch());
        assertArrayEquals(afterEpoch1.get(0), m.parameter("W").value().toDoubleArray(), 0);
    }

    @Test
    void firstNonFiniteLossStopsTrainingNamingWhere() {
        double[][][] x = {{{1}, {1}}, {{1}, {1}}};
        double[][] y = {{1e200}, {0}};
        Rnn m = sineModel(8);
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                () -> Trainer.builder(m, Optimizer.sgd(0.1)).epochs(2).batchSize(1).shuffle(false, 0).build()
                        .fit(SequenceDataset.lastStep(Loss.MSE, x, y)));
        assertEquals("training diverged at epoch 1, step 1: the loss is Infinity; the model and the optimizer are at their last finite "
                + "state, before this step (try a smaller learning rate, gradient clipping, or check the data)", e.getMessage());
        assertEquals(1, e.epoch());
        assertEquals(1, e.step());
    }

    @Test
    void growingLossIsCaughtAtTheFirstBadStepWithTheParameterNamed() {
        // Identity activation, a huge learning rate: the weights explode within a few steps.
        Rnn m = Rnn.builder().inputSize(1).hiddenSize(4).outputSize(1).activation(Activation.IDENTITY).dtype(DType.FLOAT64)
                .backend(Fixtures.EJML).seed(9).build();
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                () -> Trainer.builder(m, Optimizer.sgd(1e6)).epochs(50).batchSize(2).build().fit(sineWindows(0, 10)));
        assertTrue(e.what().equals("the loss") || e.what().startsWith("the gradient of ") || e.what().startsWith("the updated value of "),
                e.what());
        assertTrue(e.getMessage().startsWith("training diverged at epoch " + e.epoch() + ", step " + e.step() + ": "), e.getMessage());
    }

    @Test
    void badConfigurationsAreRejected() {
        Rnn m = sineModel(10);
        assertEquals("epochs must be at least 1, got 0",
                assertThrows(IllegalArgumentException.class, () -> Trainer.builder(m, Optimizer.sgd(0.1)).epochs(0).build()).getMessage());
        assertEquals("early stopping needs validation data: call validation(...)",
                assertThrows(IllegalArgumentException.class, () -> Trainer.builder(m, Optimizer.sgd(0.1)).earlyStopping(2, 0).build()).getMessage());
        double[][][] x = {{{1, 2}}};
        double[][] y = {{1}};
        assertEquals("the training set has 2 features per step but U expects 1",
                assertThrows(IllegalArgumentException.class, () -> Trainer.builder(m, Optimizer.sgd(0.1)).build()
                        .fit(SequenceDataset.lastStep(Loss.MSE, x, y))).getMessage());
    }
}
