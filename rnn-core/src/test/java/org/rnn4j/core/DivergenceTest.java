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
import org.junit.jupiter.params.provider.MethodSource;
import org.rnn4j.api.Activation;
import org.rnn4j.api.DType;
import org.rnn4j.spi.Backend;

/**
 * After training diverges, the model and the optimizer are at the state in which the last finite
 * loss was computed: every cell × optimizer × dtype × backend, each with a learning rate of 1e300
 * (in FLOAT64 the first update is finite but the next loss overflows; in FLOAT32 the first update
 * already overflows the float range). Tiny models, one batch per epoch, a handful of steps.
 */
class DivergenceTest {
    private static final List<String> OPTIMIZERS = List.of("sgd", "momentum", "adagrad", "rmsprop", "adam");

    static Stream<Arguments> grid() {
        List<Arguments> out = new ArrayList<>();
        for (Backend be : Fixtures.backends()) {
            for (Fixtures.Spec spec : Fixtures.Spec.cells()) {
                for (String optimizer : OPTIMIZERS) {
                    for (DType dtype : DType.values()) {
                        out.add(Arguments.of(be.name(), spec, optimizer, dtype));
                    }
                }
            }
        }
        return out.stream();
    }

    private static Optimizer runaway(String name) {
        double lr = 1e300;
        switch (name) {
            case "sgd":
                return Optimizer.sgd(lr);
            case "momentum":
                return Optimizer.momentum(lr, 0.9, false);
            case "adagrad":
                return Optimizer.adagrad(lr);
            case "rmsprop":
                return Optimizer.rmsprop(lr, 0.9);
            default:
                return Optimizer.adam(lr);
        }
    }

    /** Four sequences of three steps, I = 2, with O = 3 targets each. */
    private static final double[][][] X = {
        {{0.5, -0.2}, {0.1, 0.3}, {-0.4, 0.2}}, {{0.2, 0.1}, {-0.3, 0.6}, {0.7, -0.1}},
        {{-0.6, 0.4}, {0.2, 0.2}, {0.1, -0.5}}, {{0.3, 0.3}, {0.4, -0.4}, {-0.2, 0.1}},
    };
    private static final double[][] Y = {{0.5, -0.5, 1}, {-1, 0.25, 0}, {0.75, 0.5, -0.25}, {0, 1, -1}};

    /**
     * Trains to divergence, recording the prediction after every update, and returns the exception
     * after checking that the model predicts what it did in the state the exception names.
     */
    private static TrainingDivergedException divergeAndCheck(Rnn m, Optimizer optimizer) {
        List<double[][]> predictions = new ArrayList<>();
        predictions.add(m.predict(X));
        Trainer t = Trainer.builder(m, optimizer).epochs(20).batchSize(X.length).shuffle(false, 0).listener(new TrainingListener() {
            @Override
            public void onStep(int epoch, int step, int stepsPerEpoch, double loss) {
                predictions.add(m.predict(X));
            }
        }).build();
        SequenceDataset data = SequenceDataset.lastStep(Loss.MSE, X, Y);
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> t.fit(data));
        // The state left is one whose loss is finite (a huge but finite prediction is not enough).
        double loss = t.evaluate(data);
        assertTrue(Double.isFinite(loss), "the loss of the state left is " + loss + " after: " + e.getMessage());
        // One step per epoch: the state in which step (e, 1) computed its loss is the one after e − 1 updates.
        assertEquals(1, e.finiteStep(), e.getMessage());
        int updates = e.finiteEpoch() - 1;
        double[][] now = m.predict(X);
        for (double[] row : now) {
            for (double v : row) {
                assertTrue(Double.isFinite(v), "the model predicts " + v + " after: " + e.getMessage());
            }
        }
        for (int s = 0; s < now.length; s++) {
            assertArrayEquals(predictions.get(updates)[s], now[s], 0.0, "sequence " + s + " after: " + e.getMessage());
        }
        assertEquals(updates, optimizer.steps(), "the optimizer's step count after: " + e.getMessage());
        return e;
    }

    @ParameterizedTest(name = "{0} {1} {2} {3}")
    @MethodSource("grid")
    void afterADivergenceTheModelPredictsAsInTheStateOfTheLastFiniteLoss(String backend, Fixtures.Spec spec, String optimizer, DType dtype) {
        Rnn m = Fixtures.model(spec, GradientCheckTest.backend(backend), dtype, 61);
        divergeAndCheck(m, runaway(optimizer));
    }

    @Test
    void aLossThatOverflowsTakesBackTheUpdateThatCausedIt() {
        // The case: Elman FLOAT64 with sgd(1e300). The first update is finite (|V| near 1e300), the
        // second loss is not; without the rollback the model then predicted about 1e300.
        Rnn m = Fixtures.model(Fixtures.Spec.ELMAN_TANH, Fixtures.EJML, DType.FLOAT64, 62);
        Optimizer sgd = Optimizer.sgd(1e300);
        TrainingDivergedException e = divergeAndCheck(m, sgd);
        assertEquals("the loss", e.what());
        assertEquals(2, e.epoch());
        assertEquals(1, e.finiteEpoch());
        assertEquals(0, sgd.steps());
        assertTrue(e.getMessage().contains("the update of epoch 1, step 1 (the last step whose loss was finite) was taken back: the model "
                + "and the optimizer are at their state before it"), e.getMessage());
    }

    @Test
    void anOptimizerWithStateIsTakenBackToo() {
        // Adam's moments after the undone step equal those before it: one more step from there gives the same values.
        Rnn m = Fixtures.model(Fixtures.Spec.LSTM, Fixtures.EJML, DType.FLOAT64, 63);
        Optimizer adam = Optimizer.adam(1e300);
        TrainingDivergedException e = divergeAndCheck(m, adam);
        assertEquals("the loss", e.what(), e.getMessage());
        assertEquals(2, e.epoch());
        double[][][] state = adam.state();
        for (double[][] perParameter : state) {
            for (double[] slot : perParameter) {
                for (double v : slot) {
                    assertEquals(0.0, v, "the moments must be those before the first step: " + v);
                }
            }
        }
        assertThrows(IllegalStateException.class, adam::undoLastStep, "a step can be taken back once");
    }

    @Test
    void aFloat32UpdateThatOverflowsIsRefusedNamingItsValue() {
        Rnn m = Fixtures.model(Activation.TANH, DType.FLOAT32, 64);
        TrainingDivergedException e = divergeAndCheck(m, Optimizer.adam(1e200));
        assertTrue(e.what().startsWith("the updated value of "), e.what());
        assertTrue(Double.isInfinite(e.value()), e.getMessage());
        assertEquals(1, e.epoch());
        assertEquals(1, e.finiteEpoch());
    }
}
