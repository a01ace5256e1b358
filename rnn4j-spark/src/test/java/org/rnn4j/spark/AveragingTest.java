package org.rnn4j.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rnn4j.api.DType;
import org.rnn4j.core.Optimizer;
import org.rnn4j.core.Rnn;
import org.rnn4j.core.cell.CellType;

/** Parameter averaging: k = 1 with SGD is the exact mode; the optimizer state travels and is averaged. */
class AveragingTest extends SparkTestBase {
    private static double[] train(List<LabeledSequence> data, Optimizer opt, Sync sync, int shards, List<StepReport> reports) {
        Rnn m = LocalSpark.model(CellType.GRU, DType.FLOAT64);
        SparkTrainer.builder(m, opt).globalBatch(6).shards(shards).sync(sync).epochs(2).seed(9).listener(reports::add).build()
                .fit(LocalSpark.rdd(spark, data, 2));
        return LocalSpark.parameters(m);
    }

    @Test
    void averagingEveryStepWithSgdEqualsTheExactModeWithin1e12() {
        List<LabeledSequence> data = LocalSpark.lastStepData(17, 31);
        double[] exact = train(data, Optimizer.sgd(0.2), Sync.everyStep(), 3, new ArrayList<>());
        double[] averaged = train(data, Optimizer.sgd(0.2), Sync.averageEvery(1), 3, new ArrayList<>());
        assertTrue(LocalSpark.maxAbsDiff(exact, averaged) <= 1e-12, "max |Δ| = " + LocalSpark.maxAbsDiff(exact, averaged));
    }

    @Test
    void controlAveragingEveryStepWithAdamIsNotTheExactMode() {
        // Adam's update is not linear in the gradient: averaging k = 1 differs from reducing gradients.
        List<LabeledSequence> data = LocalSpark.lastStepData(17, 31);
        double[] exact = train(data, Optimizer.adam(0.05), Sync.everyStep(), 3, new ArrayList<>());
        double[] averaged = train(data, Optimizer.adam(0.05), Sync.averageEvery(1), 3, new ArrayList<>());
        assertTrue(LocalSpark.maxAbsDiff(exact, averaged) > 1e-6, "max |Δ| = " + LocalSpark.maxAbsDiff(exact, averaged));
    }

    @Test
    void oneShardAveragingEveryKStepsWithAdamEqualsTheExactMode() {
        // With one shard, k local Adam steps are k exact steps only if the optimizer state (moments and
        // step count) reaches the executor and comes back: without it the bias correction restarts.
        List<LabeledSequence> data = LocalSpark.lastStepData(17, 32);
        double[] exact = train(data, Optimizer.adam(0.05), Sync.everyStep(), 1, new ArrayList<>());
        List<StepReport> reports = new ArrayList<>();
        double[] averaged = train(data, Optimizer.adam(0.05), Sync.averageEvery(2), 1, reports);
        assertTrue(LocalSpark.maxAbsDiff(exact, averaged) <= 1e-12, "max |Δ| = " + LocalSpark.maxAbsDiff(exact, averaged));
        // 3 steps per epoch: syncs after steps 2, 3 (the epoch's end), 5, 6.
        assertArrayEquals(new long[] {2, 3, 5, 6}, reports.stream().mapToLong(StepReport::step).toArray());
    }

    @Test
    void averagingEveryFewStepsOverSeveralShardsLowersTheLoss() {
        List<LabeledSequence> data = LocalSpark.lastStepData(24, 33);
        List<StepReport> reports = new ArrayList<>();
        Rnn m = LocalSpark.model(CellType.GRU, DType.FLOAT64);
        SparkTrainer.builder(m, Optimizer.adam(0.05)).globalBatch(8).shards(3).sync(Sync.averageEvery(3)).epochs(6).seed(9)
                .listener(reports::add).build().fit(LocalSpark.rdd(spark, data, 2));
        double first = reports.get(0).loss();
        double last = reports.get(reports.size() - 1).loss();
        assertTrue(last < 0.8 * first, "loss " + first + " → " + last);
        long state = 2L * m.parameterCount();   // Adam: two moments per value
        assertTrue(reports.get(1).broadcastBytes() == 8 * (m.parameterCount() + state) + 8,
                "parameters and optimizer state, once per synchronisation: " + reports.get(1).broadcastBytes());
    }
}
