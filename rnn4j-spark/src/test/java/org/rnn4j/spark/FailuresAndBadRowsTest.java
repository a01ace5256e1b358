package org.rnn4j.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rnn4j.api.DType;
import org.rnn4j.core.Optimizer;
import org.rnn4j.core.Rnn;
import org.rnn4j.core.cell.CellType;

/** A failed task is retried with the same result; a bad row fails the fit with its index named. */
class FailuresAndBadRowsTest {
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        // local[2, 4]: two threads, a task may fail up to 4 times (local mode retries nothing by default).
        spark = LocalSpark.start("local[2,4]");
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @AfterEach
    void clearHook() {
        ShardWork.hook = (step, shard, attempt) -> { };
    }

    private static double[] train(Sync sync) {
        Rnn m = LocalSpark.model(CellType.LSTM, DType.FLOAT64);
        SparkTrainer.builder(m, Optimizer.adam(0.02)).globalBatch(6).shards(3).sync(sync).epochs(2).build()
                .fit(LocalSpark.rdd(spark, LocalSpark.lastStepData(15, 41), 2));
        return LocalSpark.parameters(m);
    }

    private static AtomicInteger failOnce(long step, int shard) {
        AtomicInteger failed = new AtomicInteger();
        ShardWork.hook = (s, sh, attempt) -> {
            if (s == step && sh == shard && attempt == 0) {
                failed.incrementAndGet();
                throw new IllegalStateException("injected failure of step " + s + ", shard " + sh);
            }
        };
        return failed;
    }

    @Test
    void aTaskThatFailsOnceIsRetriedAndTheResultIsBitIdentical() {
        double[] clean = train(Sync.everyStep());
        AtomicInteger failed = failOnce(2, 1);
        double[] retried = train(Sync.everyStep());
        assertEquals(1, failed.get(), "the failure was injected once");
        assertArrayEquals(clean, retried, 0.0);
    }

    @Test
    void anAveragingTaskThatFailsOnceIsRetriedAndTheResultIsBitIdentical() {
        double[] clean = train(Sync.averageEvery(2));
        AtomicInteger failed = failOnce(2, 2);
        double[] retried = train(Sync.averageEvery(2));
        assertEquals(1, failed.get(), "the failure was injected once");
        assertArrayEquals(clean, retried, 0.0);
    }

    private static String fitFails(List<Row> rows) {
        List<Row> all = new ArrayList<>();
        for (LabeledSequence s : LocalSpark.lastStepData(6, 42)) {
            all.add(Frames.of(spark, List.of(s), 0).collectAsList().get(0));
        }
        all.addAll(rows);
        Dataset<Row> df = spark.createDataFrame(all, Frames.SCHEMA);
        Rnn m = LocalSpark.model(CellType.ELMAN, DType.FLOAT64);
        SparkTrainer t = SparkTrainer.builder(m, Optimizer.sgd(0.1)).features("x").labels("y").lengths("len").globalBatch(4).shards(2)
                .build();
        return assertThrows(IllegalArgumentException.class, () -> t.fit(df)).getMessage();
    }

    private static List<List<Double>> steps(int t, int width) {
        List<List<Double>> x = new ArrayList<>();
        for (int s = 0; s < t; s++) {
            List<Double> row = new ArrayList<>();
            for (int i = 0; i < width; i++) {
                row.add(0.1 * i);
            }
            x.add(row);
        }
        return x;
    }

    @Test
    void aRowOfTheWrongWidthIsNamed() {
        String m = fitFails(List.of(Frames.row(steps(3, 3), Frames.list(0.0, 1.0), 3), Frames.row(steps(2, 4), Frames.list(0.0, 1.0), 2),
                Frames.row(steps(2, 2), Frames.list(0.0, 1.0), 2)));
        assertEquals("row 7: has 4 features per step, the model's input size is 3 (and 1 more bad rows)", m);
    }

    @Test
    void aRowWithNaNIsNamed() {
        List<List<Double>> x = steps(3, 3);
        x.get(1).set(2, Double.NaN);
        String m = fitFails(List.of(Frames.row(x, Frames.list(0.0, 1.0), 3)));
        assertTrue(m.startsWith("row 6: inputs[1][2] is NaN"), m);
    }

    @Test
    void nullCellsAreNamed() {
        assertTrue(fitFails(List.of(Frames.row(null, Frames.list(0.0, 1.0), 3))).startsWith("row 6: features is null"));
        assertTrue(fitFails(List.of(Frames.row(steps(3, 3), null, 3))).startsWith("row 6: labels is null"));
        assertTrue(fitFails(List.of(Frames.row(steps(3, 3), Frames.list(0.0, null), 3))).startsWith("row 6: labels value 1 is null"));
        List<List<Double>> x = steps(3, 3);
        x.set(2, null);
        assertTrue(fitFails(List.of(Frames.row(x, Frames.list(0.0, 1.0), 3))).startsWith("row 6: features step 2 is null"));
    }

    @Test
    void aLengthBeyondTheFeaturesIsNamed() {
        String m = fitFails(List.of(Frames.row(steps(3, 3), Frames.list(0.0, 1.0), 4)));
        assertTrue(m.startsWith("row 6: length is 4 but must be in [1, 3]"), m);
    }

    @Test
    void aBadSequenceInAnRddIsNamed() {
        List<LabeledSequence> data = new ArrayList<>(LocalSpark.lastStepData(5, 43));
        data.add(LabeledSequence.lastStep(new double[][] {{1, 2, 3}}, new double[] {1, 2, 3}));
        Rnn m = LocalSpark.model(CellType.ELMAN, DType.FLOAT64);
        SparkTrainer t = SparkTrainer.builder(m, Optimizer.sgd(0.1)).globalBatch(4).shards(2).build();
        String msg = assertThrows(IllegalArgumentException.class, () -> t.fit(LocalSpark.rdd(spark, data, 2))).getMessage();
        assertEquals("row 5: has 3 target values per row, the model's output size is 2", msg);
    }

    @Test
    void aMissingColumnIsNamed() {
        Rnn m = LocalSpark.model(CellType.ELMAN, DType.FLOAT64);
        SparkTrainer t = SparkTrainer.builder(m, Optimizer.sgd(0.1)).features("x").labels("label").build();
        Dataset<Row> df = Frames.of(spark, LocalSpark.lastStepData(2, 44), 0);
        assertEquals("the data has no column 'label'; its columns are [x, y, len]",
                assertThrows(IllegalArgumentException.class, () -> t.fit(df)).getMessage());
    }
}
