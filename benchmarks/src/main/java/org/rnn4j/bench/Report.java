package org.rnn4j.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs a chosen set of benchmarks and writes {@code results.json} (JMH's own format), {@code results.md}
 * (a markdown table) and {@code train-step.png} (time per training step against hidden size, one line
 * per backend, dtype and batch) into an output folder.
 *
 * <pre>
 * Report [--include NAMES | --regex REGEX] [--param NAME=V1,V2]... [--gc] [--quick] [--forks N] [--jvm-arg ARG]...
 *        [--out DIR] [--peak-n N | --no-peak]
 * </pre>
 * {@code --include} takes whole benchmark names, comma-separated: a class with or without its
 * {@code Benchmark} suffix ({@code Gemm} is {@code GemmBenchmark} and not {@code StepGemmsBenchmark}),
 * optionally with a method ({@code TrainStep.trainStep}); {@code --regex} hands JMH a regular
 * expression that it finds anywhere in the full name ({@code org.rnn4j.bench.GemmBenchmark.gemm}).
 * Without {@code --out} the files go to {@value #DEFAULT_OUT}, which git ignores, so that a run
 * never overwrites the committed records in {@code benchmarks/results/}.
 * Every report's header names the CPU ({@link Machine}: model, FMA/AVX2/AVX-512F, clock), the JDK,
 * the threads and {@code OPENBLAS_CORETYPE}, and the sgemm peak measured in the same run before the
 * benchmarks: {@link GemmBenchmark} at n = 1024 ({@code --peak-n}), NN, FLOAT32, on nd4j and simd,
 * in GFLOP/s. Each training step's row gives its GFLOP/s ({@link Flops#trainStep}) and its fraction
 * of the higher of the two peaks; each gemm row its GFLOP/s.
 * {@code --gc} adds JMH's allocation profiler (bytes per operation); {@code --quick} shortens the
 * iterations for a first look (the error bars grow); {@code --forks N} runs each benchmark in N JVMs
 * instead of one, so that its interval spans the levels at which different JVMs settle (the header
 * records it); {@code --jvm-arg} adds an option to the forked
 * JVMs, e.g. {@code -Drnn4j.simd.threads=1} (the table's header records it).
 */
public final class Report {
    /** Where results go without {@code --out}: under the build directory, untracked. */
    static final String DEFAULT_OUT = "benchmarks/target/results";

    private static final String USAGE = "usage: Report [--include NAMES | --regex REGEX] [--param NAME=V1,V2]... [--gc] [--quick] "
            + "[--forks N] [--jvm-arg ARG]... [--out DIR] [--peak-n N | --no-peak]";

    private Report() {
    }

    /**
     * The JMH include pattern that matches exactly the named benchmarks.
     *
     * @param names comma-separated class names, each with or without its {@code Benchmark} suffix,
     *        optionally followed by {@code .method}
     * @return a regular expression that matches those benchmarks' full names and no other
     * @throws IllegalArgumentException if a name is blank or not a Java identifier (with an optional method)
     */
    static String includePattern(String names) {
        List<String> alternatives = new ArrayList<>();
        for (String raw : names.split(",", -1)) {
            String name = raw.trim();
            if (!name.matches("\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*(\\.\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*)?")) {
                throw new IllegalArgumentException("--include takes benchmark names such as Gemm, TrainStep or TrainStep.trainStep, "
                        + "comma-separated, got '" + raw + "' in '" + names + "' (use --regex for a regular expression)");
            }
            int dot = name.indexOf('.');
            String cls = dot < 0 ? name : name.substring(0, dot);
            String method = dot < 0 ? "[^.]+" : Pattern.quote(name.substring(dot + 1));
            if (cls.endsWith("Benchmark")) {
                cls = cls.substring(0, cls.length() - "Benchmark".length());
            }
            alternatives.add(Pattern.quote(cls) + "Benchmark\\." + method);
        }
        return "^org\\.rnn4j\\.bench\\.(?:" + String.join("|", alternatives) + ")$";
    }

    /**
     * Runs the report.
     *
     * @param args see the class javadoc
     * @throws RunnerException if JMH fails
     * @throws IOException if the output cannot be written
     */
    public static void main(String[] args) throws RunnerException, IOException {
        String include = "org\\.rnn4j\\.bench\\..*";
        Path out = Path.of(DEFAULT_OUT);
        boolean gc = false;
        boolean quick = false;
        List<String> jvmArgs = new ArrayList<>(List.of(forkFlags()));
        Map<String, String[]> params = new TreeMap<>();
        int peakN = 1024;
        int forks = 0;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--include":
                    include = includePattern(value(args, ++i, "--include"));
                    break;
                case "--regex":
                    include = value(args, ++i, "--regex");
                    break;
                case "--param":
                    String p = value(args, ++i, "--param");
                    int eq = p.indexOf('=');
                    if (eq < 1) {
                        throw new IllegalArgumentException("--param needs NAME=V1,V2, got '" + p + "'");
                    }
                    params.put(p.substring(0, eq), p.substring(eq + 1).split(","));
                    break;
                case "--gc":
                    gc = true;
                    break;
                case "--quick":
                    quick = true;
                    break;
                case "--forks":
                    forks = forks(value(args, ++i, "--forks"));
                    break;
                case "--jvm-arg":
                    jvmArgs.add(value(args, ++i, "--jvm-arg"));
                    break;
                case "--peak-n":
                    peakN = Integer.parseInt(value(args, ++i, "--peak-n"));
                    break;
                case "--no-peak":
                    peakN = 0;
                    break;
                case "--out":
                    out = Path.of(value(args, ++i, "--out"));
                    break;
                default:
                    throw new IllegalArgumentException("unknown argument '" + args[i] + "'; " + USAGE);
            }
        }
        Files.createDirectories(out);
        Map<String, Double> peak = peakN > 0 ? peak(peakN, quick, jvmArgs, out) : Map.of();
        ChainedOptionsBuilder options = new OptionsBuilder().include(include).result(out.resolve("results.json").toString())
                .resultFormat(ResultFormatType.JSON).jvmArgsAppend(jvmArgs.toArray(new String[0]));
        params.forEach(options::param);
        if (gc) {
            options.addProfiler(GCProfiler.class);
        }
        if (quick) {
            options.warmupIterations(2).warmupTime(TimeValue.milliseconds(500)).measurementIterations(3)
                    .measurementTime(TimeValue.milliseconds(500));
        }
        if (forks > 0) {
            options.forks(forks);
        }
        Collection<RunResult> results = new Runner(options.build()).run();
        String header = header(jvmArgs) + (forks > 0 ? " Each benchmark ran in " + forks + " JVMs (--forks)." : "") + "\n\n"
                + Machine.current().describe() + "\n\n" + peakLine(peak, peakN);
        write(results, out, header, best(peak));
        System.out.println(header);
        System.out.println("Wrote " + out.resolve("results.json") + ", " + out.resolve("results.md") + " and " + out.resolve("train-step.png"));
    }

    /**
     * Reads {@code --forks}.
     *
     * @param value the argument's value
     * @return the number of JVMs per benchmark, 1 to 100
     * @throws IllegalArgumentException naming the value, if it is not such a number
     */
    static int forks(String value) {
        int n;
        try {
            n = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--forks must be a whole number from 1 to 100, got '" + value + "'");
        }
        if (n < 1 || n > 100) {
            throw new IllegalArgumentException("--forks must be a whole number from 1 to 100, got " + n);
        }
        return n;
    }

    /**
     * Measures the sgemm peak of this run: a square FLOAT32 NN gemm on nd4j and on simd.
     *
     * @return GFLOP/s by backend name
     */
    private static Map<String, Double> peak(int n, boolean quick, List<String> jvmArgs, Path out) throws RunnerException {
        ChainedOptionsBuilder o = new OptionsBuilder().include("org\\.rnn4j\\.bench\\.GemmBenchmark\\.gemm")
                .param("n", Integer.toString(n)).param("transpose", "NN").param("dtype", "FLOAT32").param("backendName", "nd4j", "simd")
                .jvmArgsAppend(jvmArgs.toArray(new String[0])).result(out.resolve("peak.json").toString()).resultFormat(ResultFormatType.JSON);
        if (quick) {
            o.warmupIterations(2).warmupTime(TimeValue.milliseconds(500)).measurementIterations(3).measurementTime(TimeValue.milliseconds(500));
        }
        Map<String, Double> peak = new TreeMap<>();
        for (RunResult r : new Runner(o.build()).run()) {
            Row row = new Row(r);
            peak.put(row.param("backendName"), row.gflops());
        }
        return peak;
    }

    /**
     * The header line of the peak.
     *
     * @param peak GFLOP/s by backend
     * @param n the gemm's side
     * @return the line
     */
    static String peakLine(Map<String, Double> peak, int n) {
        if (peak.isEmpty()) {
            return "sgemm peak: not measured in this run (--no-peak); no fractions of peak.";
        }
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "sgemm peak, this run (n = %d, NN, FLOAT32):", n));
        peak.forEach((k, v) -> b.append(String.format(Locale.ROOT, " %s %.1f GFLOP/s;", k, v)));
        return b.append(String.format(Locale.ROOT, " \"of peak\" is a step's GFLOP/s over the higher, %.1f.", best(peak))).toString();
    }

    private static double best(Map<String, Double> peak) {
        return peak.values().stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return args[i];
    }

    /**
     * The forks' flags: the Vector API for backend-simd, and on JDK 24+ the permissions JavaCPP (ND4J)
     * needs to load natives and use sun.misc.Unsafe without warnings.
     */
    static String[] forkFlags() {
        return Runtime.version().feature() >= 24
                ? new String[] {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"}
                : new String[] {"--add-modules", "jdk.incubator.vector"};
    }

    static String header(List<String> jvmArgs) {
        return String.format(Locale.ROOT, "Machine: %d cores, %s %s; JDK %s (%s); OPENBLAS_NUM_THREADS=%s; OPENBLAS_CORETYPE=%s; fork JVM options: %s.",
                Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"), System.getProperty("os.arch"),
                System.getProperty("java.version"), System.getProperty("java.vm.name"),
                System.getenv().getOrDefault("OPENBLAS_NUM_THREADS", "unset"), System.getenv().getOrDefault("OPENBLAS_CORETYPE", "unset"),
                String.join(" ", jvmArgs));
    }

    /** One row of the table. */
    static final class Row {
        final String benchmark;
        final Map<String, String> params;
        final double score;
        final double error;
        final String unit;
        final double bytesPerOp;

        Row(RunResult r) {
            this(r.getParams().getBenchmark().replaceFirst("^org\\.rnn4j\\.bench\\.", ""), params(r), r.getPrimaryResult().getScore(),
                    r.getPrimaryResult().getScoreError(), r.getPrimaryResult().getScoreUnit(), bytesPerOp(r));
        }

        Row(String benchmark, Map<String, String> params, double score, double error, String unit, double bytesPerOp) {
            this.benchmark = benchmark;
            this.params = new TreeMap<>(params);
            this.score = score;
            this.error = error;
            this.unit = unit;
            this.bytesPerOp = bytesPerOp;
        }

        private static Map<String, String> params(RunResult r) {
            Map<String, String> p = new TreeMap<>();
            for (String key : r.getParams().getParamsKeys()) {
                p.put(key, r.getParams().getParam(key));
            }
            return p;
        }

        private static double bytesPerOp(RunResult r) {
            Result<?> alloc = r.getSecondaryResults().get("·gc.alloc.rate.norm");
            if (alloc == null) {
                alloc = r.getSecondaryResults().get("gc.alloc.rate.norm");
            }
            return alloc == null ? Double.NaN : alloc.getScore();
        }

        /** Seconds per operation, from a score in s/op, ms/op, us/op or ns/op; NaN for another unit. */
        double seconds() {
            switch (unit) {
                case "s/op":
                    return score;
                case "ms/op":
                    return score * 1e-3;
                case "us/op":
                    return score * 1e-6;
                case "ns/op":
                    return score * 1e-9;
                default:
                    return Double.NaN;
            }
        }

        /** The operations counted for this row ({@link Flops}), NaN for a benchmark without a count. */
        double flops() {
            if (benchmark.startsWith("TrainStepBenchmark")) {
                return Flops.trainStep(param("cell"), intParam(this, "layers"), Boolean.parseBoolean(param("bidirectional")) ? 2 : 1,
                        intParam(this, "input"), intParam(this, "hidden"), 1, intParam(this, "batch"), intParam(this, "seqLen"));
            }
            if (benchmark.startsWith("GemmBenchmark")) {
                return Flops.gemm(intParam(this, "n"));
            }
            return Double.NaN;
        }

        /** Billions of floating-point operations per second (NaN without a count). */
        double gflops() {
            return flops() / seconds() / 1e9;
        }

        String param(String key) {
            return params.getOrDefault(key, "");
        }
    }

    /**
     * Writes the markdown table and the chart.
     *
     * @param results JMH's results
     * @param out the folder
     * @param header a line saying where the figures come from
     * @throws IOException if writing fails
     */
    static void write(Collection<RunResult> results, Path out, String header, double peak) throws IOException {
        List<Row> rows = new ArrayList<>();
        for (RunResult r : results) {
            rows.add(new Row(r));
        }
        Files.writeString(out.resolve("results.md"), table(rows, header, peak), StandardCharsets.UTF_8);
        chart(rows, out.resolve("train-step.png"));
    }

    /**
     * The markdown: the header, then one row per result with its GFLOP/s and, for a training step, its
     * fraction of the peak.
     *
     * @param rows the results (sorted here)
     * @param header the lines above the table
     * @param peak the sgemm peak in GFLOP/s, NaN if not measured
     * @return the text
     */
    static String table(List<Row> rows, String header, double peak) {
        rows.sort(Comparator.comparing((Row r) -> r.benchmark).thenComparing(r -> r.param("backendName"))
                .thenComparing(r -> r.param("dtype")).thenComparingInt(r -> intParam(r, "batch"))
                .thenComparingInt(r -> intParam(r, "hidden")).thenComparingInt(r -> intParam(r, "n")).thenComparing(r -> r.param("transpose")));
        boolean gc = rows.stream().anyMatch(r -> !Double.isNaN(r.bytesPerOp));
        StringBuilder md = new StringBuilder();
        md.append(header).append("\n\n");
        md.append("| benchmark | backend | dtype | cell | input | hidden | batch | seqLen | n | transpose | score | error (99.9%) | unit | GFLOP/s | of peak |")
                .append(gc ? " B/op |" : "").append('\n');
        md.append("| --- | --- | --- | --- | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | --- | ---: | ---: |").append(gc ? " ---: |" : "").append('\n');
        for (Row r : rows) {
            double gf = r.gflops();
            boolean step = r.benchmark.startsWith("TrainStepBenchmark");
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %.3f | %.3f | %s | %s | %s |", r.benchmark,
                    r.param("backendName"), r.param("dtype"), r.param("cell"), r.param("input"), r.param("hidden"), r.param("batch"), r.param("seqLen"),
                    r.param("n"), r.param("transpose"), r.score, r.error, r.unit, Double.isNaN(gf) ? "" : String.format(Locale.ROOT, "%.2f", gf),
                    step && !Double.isNaN(gf) && peak > 0 ? String.format(Locale.ROOT, "%.1f%%", 100 * gf / peak) : ""));
            if (gc) {
                md.append(String.format(Locale.ROOT, " %.1f |", r.bytesPerOp));
            }
            md.append('\n');
        }
        return md.toString();
    }

    private static int intParam(Row r, String key) {
        String v = r.param(key);
        return v.isEmpty() ? 0 : Integer.parseInt(v);
    }

    static void chart(List<Row> rows, Path file) throws IOException {
        XYSeriesCollection data = new XYSeriesCollection();
        Map<String, XYSeries> series = new TreeMap<>();
        for (Row r : rows) {
            if (!r.benchmark.startsWith("TrainStepBenchmark")) {
                continue;
            }
            // One line per setting other than H: runs that vary the cell, I or T besides H draw several.
            String key = r.param("backendName") + " " + r.param("dtype") + " " + r.param("cell") + ", I " + r.param("input")
                    + ", batch " + r.param("batch") + ", T " + r.param("seqLen");
            double ms = r.unit.startsWith("us") ? r.score / 1000 : r.unit.startsWith("ms") ? r.score : r.score / 1e6;
            series.computeIfAbsent(key, k -> new XYSeries(k, true, false)).add(intParam(r, "hidden"), ms);
        }
        series.values().forEach(data::addSeries);
        System.setProperty("java.awt.headless", "true");
        JFreeChart c = ChartFactory.createXYLineChart("One training step (forward, full BPTT, SGD)", "hidden units",
                "milliseconds per step (log scale)", data, PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = (XYPlot) c.getPlot();
        plot.setRangeAxis(new LogAxis("milliseconds per step (log scale)"));
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        for (int i = 0; i < data.getSeriesCount(); i++) {
            renderer.setSeriesStroke(i, new BasicStroke(2f));
        }
        plot.setRenderer(renderer);
        plot.setBackgroundPaint(new Color(248, 248, 248));
        c.setBackgroundPaint(Color.WHITE);
        ChartUtils.saveChartAsPNG(file.toFile(), c, 1000, 600);
    }
}
