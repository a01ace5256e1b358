package org.rnn4j.spark.demo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.rnn4j.api.DType;
import org.rnn4j.core.Optimizer;
import org.rnn4j.core.Rnn;
import org.rnn4j.core.cell.CellType;
import org.rnn4j.spark.LabeledSequence;
import org.rnn4j.spark.SparkTrainer;
import org.rnn4j.spark.StepReport;
import org.rnn4j.spark.Sync;
import org.rnn4j.spi.Backends;

/**
 * What a global step costs on {@code local[1]} and {@code local[2]}: its time split into compute
 * (the slowest shard's task) and synchronisation (everything else: scheduling, broadcast, collect,
 * reduce, the driver's update), the time per global step when averaging every k steps and the
 * break-even k, and a model {@code T(P) = C/P + S} for P executors from the measured compute C (all
 * shards' work, one core) and sync cost S. Medians over the measured steps, after a warm-up epoch.
 *
 * <p>Arguments (all optional): hidden size (64), steps per sequence (32), global batch (256),
 * measured steps (12).
 */
public final class SparkBenchmark {
    private static final int INPUT = 16;
    private static final int OUTPUT = 16;
    private static final int SHARDS = 2;
    private static final int[] KS = {1, 2, 4, 8};

    private SparkBenchmark() {
    }

    /** Medians of one configuration, in milliseconds. */
    private static final class Figures {
        double wall;
        double compute;
        double totalCompute;
        double sync;
        double kb;
        double[] perGlobalStep = new double[KS.length];
        double[] syncPerGlobalStep = new double[KS.length];
    }

    /**
     * Runs the benchmark and prints markdown tables.
     *
     * @param args hidden, steps, global batch, measured steps
     */
    public static void main(String[] args) {
        int hidden = args.length > 0 ? Integer.parseInt(args[0]) : 64;
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 32;
        int globalBatch = args.length > 2 ? Integer.parseInt(args[2]) : 256;
        int measured = args.length > 3 ? Integer.parseInt(args[3]) : 12;
        List<LabeledSequence> data = data(globalBatch * measured, steps, new SplittableRandom(1));
        String[] masters = {"local[1]", "local[2]"};
        Figures[] f = new Figures[masters.length];
        String backend = "";
        for (int m = 0; m < masters.length; m++) {
            SparkSession spark = SparkSession.builder().master(masters[m]).appName("rnn4j-spark benchmark")
                    .config("spark.ui.enabled", "false").getOrCreate();
            try {
                JavaRDD<LabeledSequence> rdd = JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(data, SHARDS).cache();
                rdd.count();
                f[m] = new Figures();
                List<StepReport> exact = run(rdd, hidden, globalBatch, Sync.everyStep(), 2);
                backend = model(hidden).backend().name();
                List<StepReport> last = exact.subList(measured, exact.size());
                f[m].wall = median(last, r -> (r.computeNanos() + r.syncNanos()) / 1e6);
                f[m].compute = median(last, r -> r.computeNanos() / 1e6);
                f[m].totalCompute = median(last, r -> r.totalComputeNanos() / 1e6);
                f[m].sync = median(last, r -> r.syncNanos() / 1e6);
                f[m].kb = median(last, r -> r.bytesMoved() / 1e3);
                for (int i = 0; i < KS.length; i++) {
                    List<StepReport> avg = run(rdd, hidden, globalBatch, Sync.averageEvery(KS[i]), 2);
                    List<StepReport> tail = avg.subList(avg.size() / 2, avg.size());
                    double wall = 0;
                    double sync = 0;
                    int covered = 0;
                    for (StepReport r : tail) {
                        wall += (r.computeNanos() + r.syncNanos()) / 1e6;
                        sync += r.syncNanos() / 1e6;
                        covered += r.steps();
                    }
                    f[m].perGlobalStep[i] = wall / covered;
                    f[m].syncPerGlobalStep[i] = sync / covered;
                }
            } finally {
                spark.stop();
            }
        }
        print(f, masters, hidden, steps, globalBatch, measured, backend);
    }

    private static Rnn model(int hidden) {
        return Rnn.builder().cell(CellType.LSTM).inputSize(INPUT).hiddenSize(hidden).outputSize(OUTPUT).dtype(DType.FLOAT32)
                .backend(Backends.get()).seed(3).build();
    }

    private static List<StepReport> run(JavaRDD<LabeledSequence> rdd, int hidden, int globalBatch, Sync sync, int epochs) {
        List<StepReport> reports = new ArrayList<>();
        SparkTrainer.builder(model(hidden), Optimizer.adam(1e-3)).globalBatch(globalBatch).shards(SHARDS).sync(sync).epochs(epochs)
                .listener(reports::add).build().fit(rdd);
        return reports;
    }

    private static void print(Figures[] f, String[] masters, int hidden, int steps, int globalBatch, int measured, String backend) {
        System.out.printf(Locale.ROOT, "%nLSTM I=%d H=%d O=%d FLOAT32 on %s, T=%d steps, global batch %d in %d shards; "
                + "medians over %d steps after a warm-up epoch; %s, %d cores, JDK %s%n%n", INPUT, hidden, OUTPUT, backend, steps, globalBatch,
                SHARDS, measured, cpu(), Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        System.out.println("| master | time per global step | compute (slowest shard) | compute (all shards) | sync | payload moved |");
        System.out.println("|---|---|---|---|---|---|");
        for (int m = 0; m < f.length; m++) {
            System.out.printf(Locale.ROOT, "| %s | %.1f ms | %.1f ms | %.1f ms | %.1f ms | %.1f kB |%n", masters[m], f[m].wall, f[m].compute,
                    f[m].totalCompute, f[m].sync, f[m].kb);
        }
        System.out.println();
        System.out.println("Averaging every k steps, time per global step (sync share per global step):");
        System.out.println();
        System.out.println("| master | exact | " + String.join(" | ", Arrays.stream(KS).mapToObj(k -> "k = " + k).toArray(String[]::new))
                + " | break-even k |");
        System.out.println("|---|---|" + "---|".repeat(KS.length) + "---|");
        for (int m = 0; m < f.length; m++) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "| %s | %.1f ms |", masters[m], f[m].wall));
            int breakEven = -1;
            for (int i = 0; i < KS.length; i++) {
                row.append(String.format(Locale.ROOT, " %.1f ms (%.1f) |", f[m].perGlobalStep[i], f[m].syncPerGlobalStep[i]));
                if (breakEven < 0 && f[m].syncPerGlobalStep[i] <= f[m].perGlobalStep[i] - f[m].syncPerGlobalStep[i]) {
                    breakEven = KS[i];
                }
            }
            // Model: the sync cost amortised over k steps equals the compute of a step at k = S / compute.
            int modelled = (int) Math.ceil(f[m].sync / f[m].compute);
            row.append(String.format(Locale.ROOT, " measured %s, modelled %d |", breakEven < 0 ? "> " + KS[KS.length - 1] : "" + breakEven,
                    Math.max(1, modelled)));
            System.out.println(row);
        }
        System.out.println();
        double c = f[0].totalCompute;
        double s = f[1].sync;
        System.out.printf(Locale.ROOT, "Model T(P) = C/P + S, C = %.1f ms (all shards' compute, local[1]), S = %.1f ms (sync, local[2]), "
                + "assuming S stays constant (the driver's reduce grows with P: an optimistic bound):%n%n", c, s);
        System.out.println("| P | T(P) | speed-up over C | efficiency |");
        System.out.println("|---|---|---|---|");
        for (int p = 1; p <= 64; p *= 2) {
            double t = c / p + s;
            System.out.printf(Locale.ROOT, "| %d | %.1f ms | %.2f× | %.0f%% |%n", p, t, c / t, 100 * c / t / p);
        }
    }

    private interface Figure {
        double of(StepReport r);
    }

    private static double median(List<StepReport> rs, Figure f) {
        double[] v = rs.stream().mapToDouble(f::of).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static List<LabeledSequence> data(int n, int steps, SplittableRandom r) {
        List<LabeledSequence> out = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            double[][] x = new double[steps][INPUT];
            for (double[] row : x) {
                for (int i = 0; i < INPUT; i++) {
                    row[i] = r.nextDouble(-1, 1);
                }
            }
            double[] y = new double[OUTPUT];
            for (int o = 0; o < OUTPUT; o++) {
                y[o] = r.nextDouble(-1, 1);
            }
            out.add(LabeledSequence.lastStep(x, y));
        }
        return out;
    }

    private static String cpu() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            return System.getProperty("os.arch");
        }
        return System.getProperty("os.arch");
    }
}
