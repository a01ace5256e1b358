package org.rnn4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report's header lines and the GFLOP/s and fraction-of-peak columns, on made-up results. */
class ReportFormatTest {
    private static final String CPUINFO = "processor\t: 0\nvendor_id\t: AuthenticAMD\nmodel name\t: AMD EPYC 9R14\n"
            + "cpu MHz\t\t: 2096.004\nflags\t\t: fpu sse2 fma avx avx2 avx512f avx512dq\n\nprocessor\t: 1\nmodel name\t: other\ncpu MHz\t\t: 1.0\n";

    @Test
    void theCpuLineNamesModelFlagsAndClock() {
        assertEquals("CPU: AMD EPYC 9R14; FMA AVX2 AVX-512F; clock 2096 MHz (as /proc/cpuinfo reports it)", Machine.parse(CPUINFO).describe());
    }

    @Test
    void anAvx2CpuHasNoAvx512() {
        assertEquals("CPU: X; FMA AVX2; clock unknown", Machine.parse("model name: X\nflags: fma avx2 avx512dq\n").describe());
    }

    @Test
    void withoutCpuinfoEverythingIsUnknown() {
        assertEquals("CPU: unknown; no FMA, AVX2 or AVX-512F; clock unknown", Machine.parse("").describe());
    }

    @Test
    void thePeakLineListsEachBackendAndTheHigher() {
        Map<String, Double> peak = new TreeMap<>(Map.of("nd4j", 180.04, "simd", 150.0));
        assertEquals("sgemm peak, this run (n = 1024, NN, FLOAT32): nd4j 180.0 GFLOP/s; simd 150.0 GFLOP/s; \"of peak\" is a step's GFLOP/s"
                + " over the higher, 180.0.", Report.peakLine(peak, 1024));
        assertTrue(Report.peakLine(Map.of(), 1024).contains("not measured"));
    }

    private static Map<String, String> step(String backend, String cell, int input, int hidden, int batch, int seq) {
        Map<String, String> p = new TreeMap<>();
        p.put("backendName", backend);
        p.put("dtype", "FLOAT32");
        p.put("cell", cell);
        p.put("input", Integer.toString(input));
        p.put("hidden", Integer.toString(hidden));
        p.put("batch", Integer.toString(batch));
        p.put("seqLen", Integer.toString(seq));
        p.put("layers", "1");
        p.put("bidirectional", "false");
        return p;
    }

    @Test
    void aTrainingStepRowGivesItsGflopsAndItsFractionOfPeak() {
        // 20,132,855,808 flops in 201.328558 ms = 100.00 GFLOP/s, half of a 200 GFLOP/s peak.
        double flops = Flops.trainStep("lstm", 1, 1, 512, 512, 1, 64, 25);
        assertEquals(20_132_855_808.0, flops);
        List<Report.Row> rows = new ArrayList<>(List.of(new Report.Row("TrainStepBenchmark.step", step("simd", "lstm", 512, 512, 64, 25),
                flops / 1e5, 3.5, "us/op", Double.NaN)));
        String md = Report.table(rows, "head", 200);
        assertTrue(md.startsWith("head\n\n| benchmark | backend | dtype | cell | input | hidden | batch | seqLen | n | transpose | score |"), md);
        assertTrue(md.contains("| TrainStepBenchmark.step | simd | FLOAT32 | lstm | 512 | 512 | 64 | 25 |  |  | 201328.558 | 3.500 | us/op | 100.00 | 50.0% |\n"),
                md);
    }

    @Test
    void aGemmRowGivesGflopsButNoFraction() {
        Map<String, String> p = new TreeMap<>(Map.of("backendName", "nd4j", "dtype", "FLOAT32", "n", "1024", "transpose", "NN"));
        // 2·1024³ flops in 10 ms = 214.75 GFLOP/s
        String md = Report.table(new ArrayList<>(List.of(new Report.Row("GemmBenchmark.gemm", p, 10, 0.1, "ms/op", Double.NaN))), "h", 200);
        assertTrue(md.contains("| 10.000 | 0.100 | ms/op | 214.75 |  |\n"), md);
    }

    @Test
    void withoutAPeakThereIsNoFraction() {
        List<Report.Row> rows = new ArrayList<>(List.of(new Report.Row("TrainStepBenchmark.step", step("nd4j", "elman", 1, 512, 128, 50),
                100, 1, "ms/op", Double.NaN)));
        assertTrue(Report.table(rows, "h", Double.NaN).contains("| ms/op | 100.86 |  |\n"), Report.table(rows, "h", Double.NaN));
    }

    @Test
    void anotherBenchmarkHasNeither() {
        List<Report.Row> rows = new ArrayList<>(List.of(new Report.Row("ForwardBenchmark.forward", step("nd4j", "elman", 1, 8, 2, 3), 1, 0, "us/op",
                Double.NaN)));
        assertTrue(Report.table(rows, "h", 200).contains("| 1.000 | 0.000 | us/op |  |  |\n"), Report.table(rows, "h", 200));
    }
    @Test
    void theChartDrawsTwoCellsAtOneHiddenSize(@TempDir Path dir) throws IOException {
        // A run over cell=lstm,gru at one H once stopped with "X-value already exists" before the chart.
        List<Report.Row> rows = List.of(
                new Report.Row("TrainStepBenchmark.step", step("simd", "lstm", 512, 512, 64, 25), 100, 1, "ms/op", Double.NaN),
                new Report.Row("TrainStepBenchmark.step", step("simd", "gru", 512, 512, 64, 25), 80, 1, "ms/op", Double.NaN));
        Path png = dir.resolve("train-step.png");
        Report.chart(rows, png);
        assertTrue(Files.size(png) > 1000);
    }

    @Test
    void forksAreReadAndBadCountsAreNamed() {
        assertEquals(3, Report.forks("3"));
        assertEquals(1, Report.forks(" 1 "));
        assertEquals("--forks must be a whole number from 1 to 100, got 0",
                assertThrows(IllegalArgumentException.class, () -> Report.forks("0")).getMessage());
        assertEquals("--forks must be a whole number from 1 to 100, got 'three'",
                assertThrows(IllegalArgumentException.class, () -> Report.forks("three")).getMessage());
        assertEquals("--forks must be a whole number from 1 to 100, got 101",
                assertThrows(IllegalArgumentException.class, () -> Report.forks("101")).getMessage());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Report.main(new String[] {"--forks"}));
        assertEquals("--forks needs a value", e.getMessage());
    }
}
