package org.rnn4j.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rnn4j.api.DType;
import org.rnn4j.core.Checkpoint;
import org.rnn4j.core.Optimizer;
import org.rnn4j.core.Rnn;
import org.rnn4j.core.cell.CellType;

/** Checkpoints every n steps from the driver; training resumed from one ends with the uninterrupted run's bits. */
class CheckpointResumeTest extends SparkTestBase {
    private static SparkTrainer.Builder trainer(Rnn m, Optimizer opt, Sync sync) {
        return SparkTrainer.builder(m, opt).globalBatch(5).shards(2).sync(sync).epochs(3).seed(4);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void resumingFromACheckpointEqualsTheUninterruptedRun(int k, @TempDir Path dir) throws Exception {
        Sync sync = k == 1 ? Sync.everyStep() : Sync.averageEvery(k);
        List<LabeledSequence> data = LocalSpark.lastStepData(14, 51);   // 3 steps per epoch, 9 in all
        Rnn full = LocalSpark.model(CellType.LSTM, DType.FLOAT64);
        trainer(full, Optimizer.adam(0.02), sync).checkpointEvery(4, dir).build().fit(LocalSpark.rdd(spark, data, 2));
        List<String> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
        // Exact: after steps 4, 8 and the last, 9. Averaging every 2 within 3-step epochs syncs after 2, 3, 5, 6, 8, 9:
        // the first sync at or after 4 is 5.
        String resumeFrom = k == 1 ? "step-00000004.ckpt" : "step-00000005.ckpt";
        assertEquals(List.of(resumeFrom, "step-00000008.ckpt", "step-00000009.ckpt"), files);
        Checkpoint c = Checkpoint.load(dir.resolve(resumeFrom));
        assertEquals(k == 1 ? 4 : 5, c.optimizer().steps());
        List<StepReport> reports = new ArrayList<>();
        trainer(c.model(), c.optimizer(), sync).listener(reports::add).build().fit(LocalSpark.rdd(spark, data, 3));
        assertEquals(k == 1 ? 5 : 3, reports.size(), "only the remaining steps ran");
        assertArrayEquals(LocalSpark.parameters(full), LocalSpark.parameters(c.model()), 0.0);
        Checkpoint last = Checkpoint.load(dir.resolve("step-00000009.ckpt"));
        assertArrayEquals(LocalSpark.parameters(full), LocalSpark.parameters(last.model()), 0.0);
        assertTrue(LocalSpark.maxAbsDiff(LocalSpark.parameters(full), LocalSpark.parameters(Checkpoint.load(dir.resolve(
                "step-00000008.ckpt")).model())) > 1e-6, "the last step changed the parameters");
    }
}
