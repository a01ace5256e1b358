package org.rnn4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Every benchmark once, on every backend and both dtypes, at tiny sizes and in this JVM: a broken benchmark
 * fails the build. This measures nothing; the figures come from benchmarks/run.sh.
 */
class BenchmarkSmokeTest {
    @TempDir
    Path dir;

    @Test
    void everyBenchmarkRunsOnceAndTheReportIsWritten() throws RunnerException, IOException {
        Collection<RunResult> results = new Runner(new OptionsBuilder().include("org\\.rnn4j\\.bench\\..*Benchmark")
                .forks(0).warmupIterations(0).measurementIterations(1).measurementTime(TimeValue.milliseconds(20))
                .param("n", "8").param("transpose", "NT").param("hidden", "8").param("batch", "2").param("seqLen", "3")
                // In-process on purpose (forks(0)): JMH's warning about non-forked runs goes to this log with the rest.
                .output(dir.resolve("jmh.log").toString())
                .shouldFailOnError(true).build()).run();
        Set<String> seen = results.stream().map(r -> r.getParams().getBenchmark().replaceFirst(".*\\.(\\w+)\\.\\w+$", "$1")
                + " " + r.getParams().getParam("backendName") + " " + r.getParams().getParam("dtype")).collect(Collectors.toSet());
        assertEquals(30, seen.size(), seen.toString()); // 5 benchmarks × 3 backends × 2 dtypes
        for (RunResult r : results) {
            double score = r.getPrimaryResult().getScore();
            assertTrue(score > 0 && Double.isFinite(score), r.getParams() + " scored " + score);
        }
        Report.write(results, dir, "smoke test", 10.0);
        String md = Files.readString(dir.resolve("results.md"));
        assertTrue(md.contains("| TrainStepBenchmark.step | nd4j | FLOAT32 | elman | 1 | 8 | 2 | 3 |"), md);
        assertTrue(md.contains("| GemmBenchmark.gemm | ejml | FLOAT64 |"), md);
        assertTrue(md.contains("| GemmBenchmark.gemm | simd | FLOAT32 |  |  |  |  |  | 8 | NT |"), md);
        assertTrue(md.contains("| TrainStepBenchmark.step | simd | FLOAT64 | elman | 1 | 8 | 2 | 3 |"), md);
        assertTrue(md.contains("| StepGemmsBenchmark.gemms | nd4j | FLOAT32 | elman | 1 | 8 | 2 | 3 |"), md);
        assertTrue(Files.size(dir.resolve("train-step.png")) > 1000);
    }
}
