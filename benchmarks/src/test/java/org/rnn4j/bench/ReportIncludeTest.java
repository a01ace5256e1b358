package org.rnn4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** {@code --include} selects whole benchmark names (issue #24: {@code Gemm} also ran {@code StepGemmsBenchmark}). */
class ReportIncludeTest {
    private static final List<String> BENCHMARKS = List.of("org.rnn4j.bench.GemmBenchmark.gemm", "org.rnn4j.bench.StepGemmsBenchmark.gemms",
            "org.rnn4j.bench.TrainStepBenchmark.trainStep", "org.rnn4j.bench.ForwardBenchmark.forward");

    /** The benchmarks JMH would run: it finds the include pattern anywhere in the full name. */
    private static List<String> selected(String include) {
        Pattern p = Pattern.compile(include);
        return BENCHMARKS.stream().filter(b -> p.matcher(b).find()).collect(Collectors.toList());
    }

    @Test
    void aClassNameMatchesThatClassOnly() {
        assertEquals(List.of("org.rnn4j.bench.GemmBenchmark.gemm"), selected(Report.includePattern("Gemm")));
        assertEquals(List.of("org.rnn4j.bench.GemmBenchmark.gemm"), selected(Report.includePattern("GemmBenchmark")));
        assertEquals(List.of("org.rnn4j.bench.StepGemmsBenchmark.gemms"), selected(Report.includePattern("StepGemms")));
    }

    @Test
    void severalNamesAndMethods() {
        assertEquals(List.of("org.rnn4j.bench.GemmBenchmark.gemm", "org.rnn4j.bench.TrainStepBenchmark.trainStep"),
                selected(Report.includePattern("TrainStep.trainStep, Gemm")));
        assertEquals(List.of(), selected(Report.includePattern("TrainStep.train")));
        assertEquals(List.of(), selected(Report.includePattern("Step")));
    }

    /** Control: a raw regex, as --include used to pass it, finds both gemm benchmarks. */
    @Test
    void aRawRegexStillFindsSubstrings() {
        assertEquals(2, selected("Gemm").size());
    }

    @Test
    void badNamesAreRefusedNamingThem() {
        for (String bad : new String[] {"", "Gemm,", ".*Gemm", "Gemm.gemm.x", "Train Step"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Report.includePattern(bad), bad);
            assertTrue(e.getMessage().contains("in '" + bad + "'") && e.getMessage().contains("--regex"), e.getMessage());
        }
    }

    @Test
    void resultsGoUnderTheBuildDirectoryByDefault() {
        assertEquals("benchmarks/target/results", Report.DEFAULT_OUT);
    }
}
