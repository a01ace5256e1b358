package org.rnn4j.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.rnn4j.api.Activation;
import org.rnn4j.api.DType;
import org.rnn4j.core.cell.CellType;

/** Inference and progress in the shapes a user thinks in. */
class PredictTest {
    private static double[][][] sequences(int[] lengths, long seed) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        double[][][] x = new double[lengths.length][][];
        for (int s = 0; s < x.length; s++) {
            x[s] = new double[lengths[s]][Fixtures.I];
            for (double[] step : x[s]) {
                for (int i = 0; i < step.length; i++) {
                    step[i] = r.nextDouble(-1, 1);
                }
            }
        }
        return x;
    }

    @Test
    void predictionsOfRaggedSequencesEqualEachSequenceRunAlone() {
        Rnn m = Fixtures.model(CellType.GRU, Activation.TANH, 2, Fixtures.EJML, DType.FLOAT64, 501);
        double[][][] x = sequences(new int[] {5, 2, 4}, 502);
        double[][] last = m.predict(x);
        double[][][] every = m.predictEveryStep(x);
        assertEquals(3, last.length);
        for (int s = 0; s < x.length; s++) {
            double[][][] alone = {x[s]};
            assertArrayEquals(m.predict(alone)[0], last[s], 1e-13, "sequence " + s);
            assertEquals(x[s].length, every[s].length);
            assertArrayEquals(last[s], every[s][x[s].length - 1], 1e-13);
            double[][] aloneEvery = m.predictEveryStep(alone)[0];
            for (int t = 0; t < x[s].length; t++) {
                assertArrayEquals(aloneEvery[t], every[s][t], 1e-13, "sequence " + s + ", step " + t);
            }
        }
    }

    @Test
    void aSequenceBatchKnowsItsShape() {
        Rnn m = Fixtures.model(Activation.TANH, DType.FLOAT64, 511);
        SequenceBatch even = SequenceBatch.of(m, sequences(new int[] {3, 3}, 512));
        assertEquals(List.of(2, 3, 6), List.of(even.batch(), even.steps(), even.inputs().rows()));
        assertNull(even.mask());
        SequenceBatch ragged = SequenceBatch.of(m, sequences(new int[] {3, 1}, 513));
        assertEquals(1, ragged.length(1));
        assertTrue(ragged.mask().masked(1, 1));
        assertEquals("sequence 1, step 0 has 3 features, U expects 2",
                assertThrows(IllegalArgumentException.class, () -> SequenceBatch.of(m, new double[][][] {{{1, 2}}, {{1, 2, 3}}})).getMessage());
        assertEquals("sequence 0 has no steps",
                assertThrows(IllegalArgumentException.class, () -> SequenceBatch.of(m, new double[][][] {{}})).getMessage());
        assertEquals("sequences is empty", assertThrows(IllegalArgumentException.class, () -> m.predict(new double[0][][])).getMessage());
    }

    @Test
    void progressPrintsOneLinePerEpochToALogAndTrainingEventsGoToTheSystemLogger() {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        java.io.PrintStream out = new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8);
        List<String> events = new ArrayList<>();
        Logger jul = Logger.getLogger(Trainer.class.getName());
        Handler h = new Handler() {
            @Override
            public void publish(LogRecord r) {
                events.add(r.getLevel() + " " + r.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        jul.addHandler(h);
        java.util.logging.Level before = jul.getLevel();
        jul.setLevel(java.util.logging.Level.ALL);
        try {
            Rnn m = TrainerTest.sineModel(521);
            Trainer.builder(m, Optimizer.adam(0.01)).epochs(3).batchSize(4).validation(TrainerTest.sineWindows(30, 4))
                    .listener(new ProgressListener(out, "training", false, Integer.MAX_VALUE)).build().fit(TrainerTest.sineWindows(0, 8));
        } finally {
            jul.removeHandler(h);
            jul.setLevel(before);
        }
        String[] lines = bytes.toString(java.nio.charset.StandardCharsets.UTF_8).split("\\R");
        assertEquals(3, lines.length, String.join("\n", lines));
        for (int e = 1; e <= 3; e++) {
            assertTrue(lines[e - 1].startsWith("training epoch " + e + "/3  train loss "), lines[e - 1]);
            assertTrue(lines[e - 1].contains("validation loss"), lines[e - 1]);
        }
        assertEquals(4, events.size(), events.toString());
        assertTrue(events.get(0).startsWith("FINE training a 1-layer elman network (I=1, H=8, O=1, FLOAT64) on ejml: 8 sequences, 3 epochs"),
                events.get(0));
        assertTrue(events.get(3).startsWith("FINE epoch 3/3: train loss "), events.get(3));
    }
}
