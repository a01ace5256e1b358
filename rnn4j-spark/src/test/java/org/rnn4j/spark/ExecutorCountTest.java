package org.rnn4j.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.rnn4j.api.DType;
import org.rnn4j.core.Optimizer;
import org.rnn4j.core.Rnn;
import org.rnn4j.core.cell.CellType;

/**
 * The exact mode gives the same bits on 1, 2 and 4 executor threads (one Spark context at a time
 * in a JVM: this class starts three, one after the other), and from differently partitioned input.
 */
class ExecutorCountTest {
    private static double[] train(String master, int inputPartitions, DType dtype) {
        SparkSession spark = LocalSpark.start(master);
        try {
            List<LabeledSequence> data = LocalSpark.lastStepData(20, 21);
            Rnn m = LocalSpark.model(CellType.LSTM, dtype);
            SparkTrainer.builder(m, Optimizer.adam(0.01)).globalBatch(8).shards(4).epochs(2).seed(5).build()
                    .fit(LocalSpark.rdd(spark, data, inputPartitions));
            return LocalSpark.parameters(m);
        } finally {
            spark.stop();
        }
    }

    @Test
    void local1Local2AndLocal4GiveTheSameBitsInFloat32() {
        double[] one = train("local[1]", 1, DType.FLOAT32);
        double[] two = train("local[2]", 3, DType.FLOAT32);
        double[] four = train("local[4]", 5, DType.FLOAT32);
        assertArrayEquals(one, two, 0.0, "local[1] vs local[2]");
        assertArrayEquals(one, four, 0.0, "local[1] vs local[4]");
        double[] start = LocalSpark.parameters(LocalSpark.model(CellType.LSTM, DType.FLOAT32));
        assertTrue(LocalSpark.maxAbsDiff(start, one) > 1e-4, "training moved the parameters");
    }
}
