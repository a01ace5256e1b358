package org.rnn4j.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.rnn4j.api.Activation;
import org.rnn4j.api.DType;
import org.rnn4j.api.Tensor;
import org.rnn4j.core.Loss;
import org.rnn4j.core.Optimizer;
import org.rnn4j.core.ProgressListener;
import org.rnn4j.core.Rnn;
import org.rnn4j.core.Trace;
import org.rnn4j.core.Trainer;
import org.rnn4j.core.TrainingListener;
import org.rnn4j.spi.Backend;
import org.rnn4j.spi.Backends;

/**
 * Next-value prediction of a sine wave, the task of the from-scratch tutorial that started rnn4j,
 * two ways on the same data: (a) the tutorial as printed (U of H×T, its own update rule) and (b) a
 * correct shared-weight Elman RNN (U of H×1, biases, tanh, Adam, exact BPTT), with three baselines:
 * always 0, persistence (the last value), and the exact linear recurrence
 * {@code sin(n+1) = 2·cos(1)·sin(n) − sin(n−1)}. Prints a comparison table and a trace of the
 * correct model, and writes a PNG plot.
 */
public final class SineWave {
    /** The README's copy of the results table, relative to the repository's root. */
    static final String TABLE_FILE = "examples/results/sine-wave.md";
    /** The command that writes {@link #TABLE_FILE}, from the repository's root. */
    static final String TABLE_COMMAND = "./mvnw -B -Drnn4j.demo -pl examples -am compile -Dexec.args=\"--table " + TABLE_FILE + "\"";

    private SineWave() {
    }

    static Cli cli() {
        return new Cli("SineWave", "Predicts the next value of sin(n): the tutorial replica beside a correct RNN.")
                .option("epochs", "200", "training epochs of the correct RNN")
                .option("batch", "10", "windows per update of the correct RNN")
                .option("lr", "0.01", "Adam learning rate of the correct RNN at the first epoch")
                .option("lr-end", "0.01", "the rate at the last epoch, as a fraction of --lr (exponential decay)")
                .option("clip", "0.02", "clip the gradient to this global norm, or 0 for no clipping")
                .option("hidden", "32", "hidden units of the correct RNN")
                .option("dtype", "FLOAT64", "FLOAT32 or FLOAT64 for the correct RNN")
                .option("seed", "42", "seed of every initialiser and of the shuffling")
                .option("replica-epochs", "25", "training epochs of the tutorial replica (the tutorial ran 25)")
                .option("plot", Cli.outputDirectory().resolve("sine-wave.png").toString(), "where to write the PNG plot, or 'none'")
                .option("table", "none", "also write the results table in markdown to this file (the README's: "
                        + TABLE_FILE + ")");
    }

    /**
     * Runs the example.
     *
     * @param args command-line flags; see {@code --help}
     */
    public static void main(String[] args) {
        Cli.exitOnFailure(run(args, System.out, System.err));
    }

    /** The settings of the correct RNN. */
    static final class Settings {
        int epochs;
        int batch;
        double lr;
        double lrEnd;
        double clip;
        int hidden;
        DType dtype;
        long seed;
    }

    static Settings settings(Cli cli) throws Cli.UsageException {
        Settings s = new Settings();
        s.epochs = cli.integer("epochs", 1, 100_000);
        s.batch = cli.integer("batch", 1, SineData.TRAIN);
        s.lr = cli.real("lr", 0, 1);
        s.lrEnd = cli.real("lr-end", 0, 1);
        s.clip = cli.nonNegative("clip", 1e6);
        s.hidden = cli.integer("hidden", 1, 4096);
        s.dtype = DType.valueOf(cli.choice("dtype", "FLOAT32", "FLOAT64"));
        s.seed = cli.integer("seed", 0, Integer.MAX_VALUE);
        return s;
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        return Cli.run(cli(), args, out, err, c -> {
            Settings s = settings(c);
            int replicaEpochs = c.integer("replica-epochs", 0, 10_000);
            String plot = c.text("plot");
            String table = c.text("table");
            Result r = demo(s, replicaEpochs, plot, out, err);
            if (!table.equalsIgnoreCase("none")) {
                try {
                    Path written = readmeTable(r.rows).write(Path.of(table), TABLE_COMMAND, caption(backendName(), s, r.seconds));
                    out.println("Table written to " + written);
                } catch (IOException e) {
                    err.println("could not write the table to " + table + ": " + e);
                    return 1;
                }
            }
            return 0;
        });
    }

    /** One row of the comparison table. */
    static final class Row {
        final String model;
        final String parameters;
        final String time;
        final double trainRmse;
        final double validationRmse;

        Row(String model, String parameters, String time, double trainRmse, double validationRmse) {
            this.model = model;
            this.parameters = parameters;
            this.time = time;
            this.trainRmse = trainRmse;
            this.validationRmse = validationRmse;
        }
    }

    /** Trains the correct RNN and returns it. */
    static Rnn trainCorrect(SineData data, Backend backend, Settings s, TrainingListener listener) {
        Rnn model = Rnn.builder().inputSize(1).hiddenSize(s.hidden).outputSize(1).activation(Activation.TANH).dtype(s.dtype)
                .backend(backend).seed(s.seed).build();
        int epochs = s.epochs;
        Trainer.Builder trainer = Trainer.builder(model, Optimizer.adam(s.lr)).epochs(epochs).batchSize(s.batch).shuffle(true, s.seed)
                // Exponential decay to lrEnd·lr by the last epoch: large steps first, fine convergence at the end.
                .schedule((epoch, lr) -> lr * Math.pow(s.lrEnd, (epoch - 1) / (double) Math.max(1, epochs - 1)))
                .listener(listener);
        if (s.clip > 0) {
            // Rare large gradients (the recurrence amplifies them over 50 steps) would undo the fine steps at the end.
            trainer.clipByGlobalNorm(s.clip);
        }
        trainer.build().fit(data.dataset(0, SineData.TRAIN));
        return model;
    }

    /** The correct model's predictions for windows [from, from+count): the output of each window's last step. */
    static double[] predict(Rnn model, SineData data, int from, int count) {
        Tensor xs = data.tensor(model.backend(), model.dtype(), from, count);
        Tensor y = model.forward(xs, count, null, null).outputs();
        double[] p = new double[count];
        for (int n = 0; n < count; n++) {
            p[n] = y.get((SineData.WINDOW - 1) * count + n, 0);
        }
        return p;
    }

    /** What a run of the demo produced: the comparison table's rows and the whole demo's time. */
    static final class Result {
        final List<Row> rows;
        final double seconds;

        Result(List<Row> rows, double seconds) {
            this.rows = rows;
            this.seconds = seconds;
        }
    }

    private static String backendName() {
        return Backends.get().name();
    }

    /** The results table as the README shows it. */
    static ReadmeTable readmeTable(List<Row> rows) {
        ReadmeTable t = new ReadmeTable("lrrrr", "model", "parameters", "training", "train RMSE", "validation RMSE");
        for (Row r : rows) {
            t.row(r.model, r.parameters, r.time.equals("-") ? "" : r.time, ReadmeTable.figure(r.trainRmse), ReadmeTable.figure(r.validationRmse));
        }
        return t;
    }

    /** The sentence above the README's table: what ran, where, and how long the whole demo took. */
    static String caption(String backend, Settings s, double seconds) {
        return String.format(Locale.ROOT, "Backend %s, the correct RNN in %s, seed %d; %s; the whole demo took %.1f s.", backend, s.dtype,
                s.seed, ReadmeTable.machine(), seconds);
    }

    static Result demo(Settings s, int replicaEpochs, String plot, PrintStream out, PrintStream err) {
        long demoStart = System.nanoTime();
        Backend backend = Backends.get();
        out.println("rnn4j sine-wave demo: backend " + backend.name() + ", correct RNN in " + s.dtype + " (replica in plain Java double)");
        SineData data = new SineData();
        int tr = SineData.TRAIN;
        int va = SineData.VALIDATION;
        double[] trainY = data.targets(0, tr);
        double[] valY = data.targets(tr, va);
        boolean terminal = ProgressListener.isTerminal(out);
        List<Row> rows = new ArrayList<>();

        // (a) the tutorial as printed
        out.println();
        out.println("(a) The tutorial as printed: U is " + 100 + "×" + SineData.WINDOW + ", so step t only sees column t of U.");
        TutorialReplica replica = new TutorialReplica(SineData.WINDOW, 100, s.seed);
        double[] replicaCurve = new double[replicaEpochs];
        ProgressListener replicaProgress = new ProgressListener(out, "replica", terminal, 5);
        long t0 = System.nanoTime();
        for (int epoch = 1; epoch <= replicaEpochs; epoch++) {
            // The epoch's loss as each window is trained (before its update): the tutorial's sum, without a second pass.
            double loss = 0;
            for (int i = 0; i < tr; i++) {
                loss += replica.train(data.window(i), data.target(i));
            }
            replicaCurve[epoch - 1] = Math.sqrt(2 * loss / tr);
            replicaProgress.report(epoch, replicaEpochs, String.format(Locale.ROOT, "training RMSE %.4f", replicaCurve[epoch - 1]));
        }
        if (replicaEpochs > 0) {
            out.println(trajectory(replicaCurve));
        }
        double replicaSeconds = (System.nanoTime() - t0) / 1e9;
        double[] replicaTrained = new double[va];
        double[] replicaPrinted = new double[va];
        double[] replicaTrainPrinted = new double[tr];
        double[] replicaTrainTrained = new double[tr];
        for (int n = 0; n < va; n++) {
            replicaTrained[n] = replica.predictAsTrained(data.window(tr + n));
            replicaPrinted[n] = replica.predictAsPrinted(data.window(tr + n));
        }
        for (int n = 0; n < tr; n++) {
            replicaTrainTrained[n] = replica.predictAsTrained(data.window(n));
            replicaTrainPrinted[n] = replica.predictAsPrinted(data.window(n));
        }
        String time = String.format(Locale.ROOT, "%.1f s", replicaSeconds);
        rows.add(new Row("tutorial replica, its prediction step", String.valueOf(replica.parameterCount()), time,
                SineData.rmse(replicaTrainPrinted, trainY), SineData.rmse(replicaPrinted, valY)));
        rows.add(new Row("tutorial replica, its training encoding", String.valueOf(replica.parameterCount()), time,
                SineData.rmse(replicaTrainTrained, trainY), SineData.rmse(replicaTrained, valY)));

        // (b) a correct Elman RNN
        out.println();
        out.println("(b) A correct Elman RNN: U is " + s.hidden + "×1 and the same U, W, V are used at every step; exact BPTT, Adam.");
        double[] rnnCurve = new double[s.epochs];
        TrainingListener progress = new ProgressListener(out, "rnn", terminal, 10);
        TrainingListener listener = new TrainingListener() {
            @Override
            public void onEpochStart(int epoch, int epochs, int stepsPerEpoch) {
                progress.onEpochStart(epoch, epochs, stepsPerEpoch);
            }

            @Override
            public void onEpochEnd(EpochSummary e) {
                rnnCurve[e.epoch() - 1] = Math.sqrt(e.trainLoss());
                progress.onEpochEnd(e);
            }
        };
        t0 = System.nanoTime();
        Rnn model = trainCorrect(data, backend, s, listener);
        double rnnSeconds = (System.nanoTime() - t0) / 1e9;
        double[] rnnVal = predict(model, data, tr, va);
        double[] rnnTrain = predict(model, data, 0, tr);
        rows.add(new Row("Elman RNN (shared U, W, V; Adam; exact BPTT)", String.valueOf(model.parameterCount()),
                String.format(Locale.ROOT, "%.1f s", rnnSeconds), SineData.rmse(rnnTrain, trainY), SineData.rmse(rnnVal, valY)));

        // (c) baselines
        double[][] zero = {new double[tr], new double[va]};
        double[][] persistence = {new double[tr], new double[va]};
        double[][] linear = {new double[tr], new double[va]};
        double twoCos1 = 2 * Math.cos(1);
        for (int k = 0; k < 2; k++) {
            int from = k == 0 ? 0 : tr;
            int count = k == 0 ? tr : va;
            for (int n = 0; n < count; n++) {
                double[] x = data.window(from + n);
                persistence[k][n] = x[SineData.WINDOW - 1];
                linear[k][n] = twoCos1 * x[SineData.WINDOW - 1] - x[SineData.WINDOW - 2];
            }
        }
        rows.add(new Row("baseline: always 0", "0", "-", SineData.rmse(zero[0], trainY), SineData.rmse(zero[1], valY)));
        rows.add(new Row("baseline: persistence (last value)", "0", "-", SineData.rmse(persistence[0], trainY), SineData.rmse(persistence[1], valY)));
        rows.add(new Row("baseline: sin(n+1) = 2cos(1)·sin(n) − sin(n−1)", "0", "-", SineData.rmse(linear[0], trainY), SineData.rmse(linear[1], valY)));

        out.println();
        out.print(table(rows));

        out.println();
        double[][] window = new double[SineData.WINDOW][1];
        for (int t = 0; t < SineData.WINDOW; t++) {
            window[t][0] = data.wave[tr + t];
        }
        out.print(trace(Trace.of(model, window, new double[] {data.target(tr)}, Loss.MSE), s.hidden));

        if (!plot.equalsIgnoreCase("none")) {
            // x is the index k of the target sin(k): validation window n predicts k = TRAIN + n + WINDOW.
            double[] k = new double[va];
            for (int n = 0; n < va; n++) {
                k[n] = tr + n + SineData.WINDOW;
            }
            int fine = 20 * (va - 1) + 1;
            double[] xs = new double[fine];
            double[] sine = new double[fine];
            for (int i = 0; i < fine; i++) {
                xs[i] = k[0] + i / 20.0;
                sine[i] = Math.sin(xs[i]);
            }
            double[] epochsR = new double[replicaEpochs];
            for (int e = 0; e < replicaEpochs; e++) {
                epochsR[e] = e + 1;
            }
            double[] epochsN = new double[s.epochs];
            for (int e = 0; e < s.epochs; e++) {
                epochsN[e] = e + 1;
            }
            try {
                Path written = Plot.write(Path.of(plot), "Validation windows: the next value of sin(k), and each model's prediction",
                        "sin(k) is sampled at integer k (about 6 samples per period), so it looks jagged; grey: the continuous sin(x)",
                        "k (the target is sin(k), predicted from sin(k−50) … sin(k−1))",
                        List.of(new Plot.Line("sin(x), continuous", xs, sine, Plot.CONTINUOUS, Plot.Style.LIGHT),
                                new Plot.Line("target sin(k)", k, valY, Plot.TARGET, Plot.Style.SAMPLES),
                                new Plot.Line("persistence (last value)", k, persistence[1], Plot.PERSISTENCE, Plot.Style.DASHED),
                                new Plot.Line("tutorial replica, its prediction step", k, replicaPrinted, Plot.REPLICA_PRINTED, Plot.Style.DASHED),
                                new Plot.Line("tutorial replica, its training encoding", k, replicaTrained, Plot.REPLICA_TRAINED, Plot.Style.DASHED),
                                new Plot.Line("Elman RNN", k, rnnVal, Plot.RNN, Plot.Style.SOLID)),
                        "Training curves",
                        List.of(new Plot.Line("tutorial replica, its training encoding", epochsR, replicaCurve, Plot.REPLICA_TRAINED,
                                        Plot.Style.DASHED),
                                new Plot.Line("Elman RNN", epochsN, rnnCurve, Plot.RNN, Plot.Style.SOLID)));
                out.println();
                out.println("Plot written to " + written);
            } catch (IOException | RuntimeException | Error e) {
                // Headless AWT needs fonts; everything else of the demo stands without the plot.
                err.println("could not write the plot to " + plot + ": " + e + " (headless Java needs a font package, e.g. fonts-dejavu)");
            }
        }
        double seconds = (System.nanoTime() - demoStart) / 1e9;
        out.println(String.format(Locale.ROOT, "The whole demo took %.1f s.", seconds));
        return new Result(rows, seconds);
    }

    /**
     * The replica's training RMSE at a few epochs, on one line, and whether it still moves: its
     * update is not a gradient, so it stalls where it starts.
     */
    static String trajectory(double[] curve) {
        StringBuilder sb = new StringBuilder("replica training RMSE by epoch");
        int n = curve.length;
        int[] marks = {1, 2, 3, 5, n / 2, n};
        int last = 0;
        for (int e : marks) {
            if (e > last && e <= n) {
                sb.append(last == 0 ? " " : ", ").append(String.format(Locale.ROOT, "%d: %.3g", e, curve[e - 1]));
                last = e;
            }
        }
        if (n >= 4) {
            double half = curve[n / 2 - 1];
            double change = Math.abs(curve[n - 1] - half) / half;
            sb.append(System.lineSeparator()).append(String.format(Locale.ROOT, change < 0.05
                    ? "  It stalls (%.1f%% change over the second half): its update rule computes no gradient."
                    : "  It still moves (%.1f%% change over the second half).", 100 * change));
        }
        return sb.toString();
    }

    /**
     * The trace of the correct model, 100 columns wide: two hidden units, the first and last steps
     * (where the error norm shows how the error fades going back in time).
     */
    static String trace(Trace trace, int hidden) {
        List<Trace.Step> steps = trace.steps();
        int units = Math.min(2, hidden);
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "Trace of the correct RNN on validation window 0 (%d of its %d steps, %d of %d hidden units).%n",
                Math.min(6, steps.size()), steps.size(), units, hidden));
        sb.append(String.format(Locale.ROOT, "The same U (%d×1), W (%d×%d) and b are used at every step: U·x_t changes only because x_t%n",
                hidden, hidden, hidden));
        sb.append("does; W·h_{t-1} carries the previous state. ‖dL/dh_t‖ shows the error fading going back in time.").append(
                System.lineSeparator());
        String head = String.format(Locale.ROOT, "%4s %8s  %-" + (9 * units) + "s %-" + (9 * units) + "s %-" + (9 * units) + "s %8s %10s",
                "t", "x_t", "U·x_t", "W·h_{t-1}", "h_t", "‖h_t‖", "‖dL/dh_t‖");
        sb.append(head.stripTrailing()).append(System.lineSeparator());
        int n = steps.size();
        for (int i = 0; i < n; i++) {
            if (i == 3 && n > 6) {
                sb.append(String.format(Locale.ROOT, "   … %d more steps%n", n - 6));
                i = n - 3;
            }
            Trace.Step st = steps.get(i);
            sb.append(String.format(Locale.ROOT, "%4d %8.4f  %s %s %s %8.4f %10.3e%n", st.t(), st.x()[0], units(st.ux(), units),
                    units(st.wh(), units), units(st.h(), units), norm(st.h()), st.errorNorm()));
        }
        return sb.toString();
    }

    private static String units(double[] v, int count) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < count; i++) {
            sb.append(String.format(Locale.ROOT, "%8.4f", v[i]));
            if (i < count - 1) {
                sb.append(' ');
            }
        }
        return sb.toString();
    }

    private static double norm(double[] v) {
        double s = 0;
        for (double d : v) {
            s += d * d;
        }
        return Math.sqrt(s);
    }

    static String table(List<Row> rows) {
        StringBuilder sb = new StringBuilder();
        String fmt = "%-47s %10s %9s %11s %11s%n";
        sb.append(String.format(Locale.ROOT, fmt, "model", "parameters", "training", "train RMSE", "val RMSE"));
        sb.append("-".repeat(92)).append(System.lineSeparator());
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, "%-47s %10s %9s %11.3e %11.3e%n", r.model, r.parameters, r.time, r.trainRmse, r.validationRmse));
        }
        return sb.toString();
    }
}
