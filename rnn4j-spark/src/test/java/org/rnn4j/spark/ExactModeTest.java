package org.rnn4j.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.rnn4j.api.DType;
import org.rnn4j.core.Bptt;
import org.rnn4j.core.Loss;
import org.rnn4j.core.ModelSpec;
import org.rnn4j.core.Optimizer;
import org.rnn4j.core.OutputMode;
import org.rnn4j.core.Rnn;
import org.rnn4j.core.SequenceBatch;
import org.rnn4j.core.Targets;
import org.rnn4j.core.cell.CellType;

/**
 * The exact mode against single-JVM training written out here independently: the same epoch order,
 * the whole global batch packed by {@link SequenceBatch} in one {@link Bptt} call, one optimizer step.
 */
class ExactModeTest extends SparkTestBase {
    /** Trains the reference in one JVM for {@code steps} global steps (or all of the epochs when negative). */
    static Rnn singleJvm(CellType cell, List<LabeledSequence> data, Optimizer opt, Loss loss, int globalBatch, int epochs, long seed,
            int maxSteps) {
        Rnn m = LocalSpark.model(cell, DType.FLOAT64);
        Bptt bptt = m.bptt();
        int n = data.size();
        int done = 0;
        for (int e = 0; e < epochs; e++) {
            int[] order = SparkTrainer.epochOrder(n, seed, e);
            for (int from = 0; from < n && done != maxSteps; from += globalBatch, done++) {
                int b = Math.min(globalBatch, n - from);
                double[][][] x = new double[b][][];
                List<LabeledSequence> rows = new ArrayList<>();
                for (int k = 0; k < b; k++) {
                    LabeledSequence s = data.get(order[from + k]);
                    rows.add(s);
                    x[k] = new double[s.length()][LocalSpark.I];
                    for (int t = 0; t < s.length(); t++) {
                        for (int i = 0; i < LocalSpark.I; i++) {
                            x[k][t][i] = s.input(t, i);
                        }
                    }
                }
                SequenceBatch batch = SequenceBatch.of(m, x);
                bptt.lossAndGradients(batch.inputs(), b, targets(rows, batch.steps(), loss), batch.mask(), null);
                opt.step(m.parameters());
            }
        }
        return m;
    }

    private static Targets targets(List<LabeledSequence> rows, int steps, Loss loss) {
        int b = rows.size();
        int o = LocalSpark.O;
        if (rows.get(0).mode() == OutputMode.LAST_STEP) {
            double[] y = new double[b * o];
            for (int k = 0; k < b; k++) {
                rows.get(k).copyTarget(0, y, k * o);
            }
            return Targets.lastStep(loss, b, o, y);
        }
        double[] y = new double[steps * b * o];
        for (int k = 0; k < b; k++) {
            for (int t = 0; t < steps; t++) {
                rows.get(k).copyTarget(Math.min(t, rows.get(k).length() - 1), y, (t * b + k) * o);
            }
        }
        return Targets.everyStep(loss, steps, b, o, y);
    }

    static Rnn spark(CellType cell, List<LabeledSequence> data, Optimizer opt, Sync sync, int shards) {
        Rnn m = LocalSpark.model(cell, DType.FLOAT64);
        SparkTrainer.builder(m, opt).globalBatch(8).shards(shards).sync(sync).epochs(2).seed(3).build()
                .fit(LocalSpark.rdd(spark, data, 3));
        return m;
    }

    @ParameterizedTest
    @EnumSource(CellType.class)
    void manyToOneVariableLengthsEqualSingleJvmTrainingWithin1e12(CellType cell) {
        List<LabeledSequence> data = LocalSpark.lastStepData(21, 11);
        double[] before = LocalSpark.parameters(LocalSpark.model(cell, DType.FLOAT64));
        double[] distributed = LocalSpark.parameters(spark(cell, data, Optimizer.adam(0.01), Sync.everyStep(), 3));
        double[] single = LocalSpark.parameters(singleJvm(cell, data, Optimizer.adam(0.01), Loss.MSE, 8, 2, 3, -1));
        assertTrue(LocalSpark.maxAbsDiff(before, single) > 1e-3, "training moved the parameters");
        assertTrue(LocalSpark.maxAbsDiff(distributed, single) <= 1e-12, "max |Δ| = " + LocalSpark.maxAbsDiff(distributed, single));
    }

    @Test
    void manyToManyVariableLengthsEqualSingleJvmTrainingWithin1e12() {
        List<LabeledSequence> data = LocalSpark.everyStepData(19, 12);
        double[] distributed = LocalSpark.parameters(spark(CellType.LSTM, data, Optimizer.sgd(0.1), Sync.everyStep(), 4));
        double[] single = LocalSpark.parameters(singleJvm(CellType.LSTM, data, Optimizer.sgd(0.1), Loss.MSE, 8, 2, 3, -1));
        assertTrue(LocalSpark.maxAbsDiff(distributed, single) <= 1e-12, "max |Δ| = " + LocalSpark.maxAbsDiff(distributed, single));
    }

    @Test
    void controlAReferenceOneStepShortIsTellApart() {
        List<LabeledSequence> data = LocalSpark.lastStepData(21, 11);
        double[] distributed = LocalSpark.parameters(spark(CellType.GRU, data, Optimizer.sgd(0.1), Sync.everyStep(), 3));
        double[] short1 = LocalSpark.parameters(singleJvm(CellType.GRU, data, Optimizer.sgd(0.1), Loss.MSE, 8, 2, 3, 5));
        assertTrue(LocalSpark.maxAbsDiff(distributed, short1) > 1e-6, "the 1e-12 comparison can fail");
    }

    @Test
    void moreShardsThanRowsInAStepStillTrainsExactly() {
        // 10 rows, G = 8: the last step has 2 rows for 5 shards, 3 of which answer with nothing.
        List<LabeledSequence> data = LocalSpark.lastStepData(10, 13);
        double[] distributed = LocalSpark.parameters(spark(CellType.ELMAN, data, Optimizer.sgd(0.1), Sync.everyStep(), 5));
        double[] single = LocalSpark.parameters(singleJvm(CellType.ELMAN, data, Optimizer.sgd(0.1), Loss.MSE, 8, 2, 3, -1));
        assertTrue(LocalSpark.maxAbsDiff(distributed, single) <= 1e-12, "max |Δ| = " + LocalSpark.maxAbsDiff(distributed, single));
    }

    @Test
    void reportsOneLinePerStepWithTheBytesMoved() {
        List<LabeledSequence> data = LocalSpark.lastStepData(16, 14);
        Rnn m = LocalSpark.model(CellType.ELMAN, DType.FLOAT64);
        List<StepReport> reports = new ArrayList<>();
        SparkTrainer.builder(m, Optimizer.sgd(0.1)).globalBatch(8).shards(2).epochs(1).listener(reports::add).build()
                .fit(LocalSpark.rdd(spark, data, 2));
        assertEquals(2, reports.size());
        long p = m.parameterCount();
        StepReport r = reports.get(1);
        assertEquals(2, r.step());
        assertEquals(2, r.totalSteps());
        assertEquals(8, r.counted());
        assertEquals(8 * p + 8, r.broadcastBytes(), "the parameters, once per step");
        assertEquals(2 * (8 * p + 28), r.collectedBytes(), "one gradient sum per shard");
        assertTrue(r.toString().matches("epoch 1/1 step 2/2 loss \\d+\\.\\d{6} · compute \\d+\\.\\d ms \\+ sync \\d+\\.\\d ms · moved .* kB .*"),
                r.toString());
    }

    @Test
    void float32ModelsTrainAndKeepFloatValues() {
        // FLOAT32 models train too (their values travel as doubles, exactly).
        List<LabeledSequence> data = LocalSpark.lastStepData(12, 15);
        Rnn m = LocalSpark.model(CellType.GRU, DType.FLOAT32);
        double[] before = LocalSpark.parameters(m);
        SparkTrainer.builder(m, Optimizer.sgd(0.1)).globalBatch(4).shards(2).build().fit(LocalSpark.rdd(spark, data, 2));
        assertTrue(LocalSpark.maxAbsDiff(before, LocalSpark.parameters(m)) > 1e-4);
        for (double v : LocalSpark.parameters(m)) {
            assertEquals(v, (double) (float) v, 0.0, "a FLOAT32 model holds float values");
        }
    }

    @Test
    void aSpecBuildsTheModelTheDriverTrainsAndTheExecutorsReplicate() {
        List<LabeledSequence> data = LocalSpark.lastStepData(12, 17);
        ModelSpec spec = LocalSpark.model(CellType.LSTM, DType.FLOAT64).spec().toBuilder().layers(2).build();
        Rnn fromSpec = SparkTrainer.builder(spec, Optimizer.sgd(0.1)).globalBatch(4).shards(2).build().fit(LocalSpark.rdd(spark, data, 2));
        assertEquals(spec, fromSpec.spec());
        Rnn given = Rnn.builder().spec(spec).backend(LocalSpark.EJML).build();
        SparkTrainer.builder(given, Optimizer.sgd(0.1)).globalBatch(4).shards(2).build().fit(LocalSpark.rdd(spark, data, 2));
        assertArrayEquals(LocalSpark.parameters(given), LocalSpark.parameters(fromSpec), 0.0);
    }

    @Test
    void dataFrameAndRddOfTheSameRowsTrainTheSameBits() {
        List<LabeledSequence> data = LocalSpark.lastStepData(12, 16);
        Rnn a = LocalSpark.model(CellType.ELMAN, DType.FLOAT64);
        SparkTrainer.builder(a, Optimizer.sgd(0.1)).globalBatch(4).shards(2).build().fit(LocalSpark.rdd(spark, data, 2));
        Rnn b = LocalSpark.model(CellType.ELMAN, DType.FLOAT64);
        SparkTrainer.builder(b, Optimizer.sgd(0.1)).globalBatch(4).shards(2).features("x").labels("y").lengths("len").build()
                .fit(Frames.of(spark, data, 1));
        assertArrayEquals(LocalSpark.parameters(a), LocalSpark.parameters(b), 0.0);
    }
}
