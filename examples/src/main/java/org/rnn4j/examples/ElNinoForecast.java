package org.rnn4j.examples;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.rnn4j.api.DType;
import org.rnn4j.core.Loss;
import org.rnn4j.core.Optimizer;
import org.rnn4j.core.ProgressListener;
import org.rnn4j.core.Rnn;
import org.rnn4j.core.Schedules;
import org.rnn4j.core.Trace;
import org.rnn4j.core.Trainer;
import org.rnn4j.core.TrainingListener;
import org.rnn4j.core.cell.CellType;
import org.rnn4j.core.forecast.Backtest;
import org.rnn4j.core.forecast.Forecaster;
import org.rnn4j.core.forecast.Scaler;
import org.rnn4j.core.forecast.Series;
import org.rnn4j.core.forecast.Windows;
import org.rnn4j.spi.Backend;
import org.rnn4j.spi.Backends;

/**
 * Forecasts a real series: the monthly sea surface temperature of the Niño 1+2 region, 1950–2010
 * (NOAA, public domain; {@code elnino.csv}, copied from statsmodels by {@code make_elnino_csv.py}).
 * An LSTM and a GRU, trained on 1950 up to the first test year with the month as a known covariate
 * (its sine and cosine), forecast 12 months ahead recursively; a walk-forward backtest over the test
 * years compares them with the seasonal-naive forecast (the same month of the previous year) and the
 * naive one (the last month). Prints the metrics table and writes a plot.
 */
public final class ElNinoForecast {
    /** The bundled series, beside this class. */
    static final String DATA = "elnino.csv";
    /** Months per season. */
    static final int SEASON = 12;

    private ElNinoForecast() {
    }

    /** The README's copy of the results table, relative to the repository's root. */
    static final String TABLE_FILE = "examples/results/elnino-forecast.md";
    /** The command that writes {@link #TABLE_FILE}, from the repository's root. */
    static final String TABLE_COMMAND = "./mvnw -B -Drnn4j.demo -Drnn4j.example.main=org.rnn4j.examples.ElNinoForecast -pl examples -am compile"
            + " -Dexec.args=\"--table " + TABLE_FILE + "\"";

    static Cli cli() {
        return new Cli("ElNinoForecast", "Backtests LSTM and GRU forecasts of El Niño sea temperatures against the seasonal-naive forecast.")
                .option("cells", "LSTM,GRU", "the cells to train, comma-separated (ELMAN, LSTM, GRU)")
                .option("epochs", "60", "training epochs of each network")
                .option("hidden", "32", "hidden units")
                .option("lookback", "36", "months each training window spans (and each forecast reads)")
                .option("horizon", "12", "months forecast from each origin")
                .option("test-from", "2000", "the first test year; training uses the years before it")
                .option("lr", "0.01", "Adam's learning rate after warm-up (cosine schedule)")
                .option("warmup", "3", "epochs of linear learning-rate warm-up")
                .option("dtype", "FLOAT32", "FLOAT32 or FLOAT64")
                .option("seed", "7", "seed of the initialisers and the shuffling")
                .option("plot", Cli.outputDirectory().resolve("elnino-forecast.png").toString(), "where to write the PNG plot, or 'none'")
                .option("table", "none", "also write the results table in markdown to this file (the README's: " + TABLE_FILE + ")");
    }

    /**
     * Runs the example.
     *
     * @param args command-line flags; see {@code --help}
     */
    public static void main(String[] args) {
        Cli.exitOnFailure(run(args, System.out, System.err));
    }

    /** One row of the results table. */
    static final class Row {
        final String method;
        final Backtest.Result result;
        final double seconds;
        final double[] curve;

        Row(String method, Backtest.Result result, double seconds, double[] curve) {
            this.method = method;
            this.result = result;
            this.seconds = seconds;
            this.curve = curve;
        }
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        return Cli.run(cli(), args, out, err, c -> {
            String[] cells = c.text("cells").split(",");
            List<CellType> types = new ArrayList<>();
            for (String name : cells) {
                try {
                    types.add(CellType.valueOf(name.trim().toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    throw new Cli.UsageException("--cells must list ELMAN, LSTM or GRU, got '" + name + "'");
                }
            }
            int epochs = c.integer("epochs", 1, 100_000);
            int hidden = c.integer("hidden", 1, 4096);
            int lookback = c.integer("lookback", 1, 240);
            int horizon = c.integer("horizon", 1, 120);
            int testFrom = c.integer("test-from", 1953, 2010);
            double lr = c.real("lr", 0, 1);
            int warmup = c.integer("warmup", 0, epochs - 1);
            DType dtype = DType.valueOf(c.choice("dtype", "FLOAT32", "FLOAT64"));
            int seed = c.integer("seed", 0, Integer.MAX_VALUE);
            String plot = c.text("plot");
            Series series;
            try {
                series = load();
            } catch (IOException e) {
                err.println("could not read the bundled series: " + e);
                return 1;
            }
            int trainEnd = (testFrom - 1950) * SEASON;
            if (trainEnd <= lookback + 1 || trainEnd > series.length() - horizon) {
                throw new Cli.UsageException("--test-from " + testFrom + " leaves " + trainEnd + " training months and "
                        + (series.length() - trainEnd) + " test months; lookback " + lookback + " and horizon " + horizon + " need more");
            }
            List<Row> rows = backtest(series, trainEnd, types, epochs, hidden, lookback, horizon, lr, warmup, dtype, seed, out);
            out.println();
            out.print(table(rows, horizon, series.length() - trainEnd));
            if (!plot.equalsIgnoreCase("none")) {
                writePlot(Path.of(plot), series, trainEnd, rows, out, err);
            }
            String table = c.text("table");
            if (!table.equalsIgnoreCase("none")) {
                String caption = String.format(Locale.ROOT, "Backend %s, %s, %d hidden units, %d epochs, seed %d; %s.", Backends.get().name(),
                        dtype, hidden, epochs, seed, ReadmeTable.machine());
                try {
                    out.println("Table written to " + readmeTable(rows).write(Path.of(table), TABLE_COMMAND, caption));
                } catch (IOException e) {
                    err.println("could not write the table to " + table + ": " + e);
                    return 1;
                }
            }
            return 0;
        });
    }

    /** Reads the bundled CSV: comment lines (#), a header, then year,month,sst rows in order. */
    static Series load() throws IOException {
        String text;
        try (InputStream in = ElNinoForecast.class.getResourceAsStream(DATA)) {
            if (in == null) {
                throw new IOException("bundled series " + DATA + " is missing from the class path");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<double[]> rows = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#") || line.startsWith("year")) {
                continue;
            }
            String[] f = line.trim().split(",");
            rows.add(new double[] {Integer.parseInt(f[1]), Double.parseDouble(f[2])});
        }
        double[] sst = new double[rows.size()];
        double[][] month = new double[rows.size()][];
        for (int t = 0; t < sst.length; t++) {
            sst[t] = rows.get(t)[1];
            month[t] = monthCovariates((int) rows.get(t)[0]);
        }
        return Series.of(sst, month);
    }

    /** The month as a point on the unit circle, so December and January are neighbours. */
    static double[] monthCovariates(int month) {
        double angle = 2 * Math.PI * (month - 1) / SEASON;
        return new double[] {Math.sin(angle), Math.cos(angle)};
    }

    /** Trains one network per cell on the training range and backtests it beside the baselines. */
    static List<Row> backtest(Series series, int trainEnd, List<CellType> cells, int epochs, int hidden, int lookback, int horizon,
                              double lr, int warmup, DType dtype, long seed, PrintStream out) {
        Backend backend = Backends.get();
        out.printf(Locale.ROOT, "rnn4j El Niño forecast: backend %s, %s; %d months (1950–2010), training on the first %d, "
                + "%d-month forecasts from every %d-th month after%n", backend.name(), dtype, series.length(), trainEnd, horizon, horizon);
        Backtest test = Backtest.of(series, trainEnd, horizon).season(SEASON);
        List<Row> rows = new ArrayList<>();
        rows.add(new Row("seasonal naive (same month last year)", test.run(Backtest.seasonalNaive(SEASON)), 0, null));
        rows.add(new Row("naive (last month)", test.run(Backtest.naive()), 0, null));
        Series training = series.slice(0, trainEnd);
        Scaler scaler = Scaler.standard().fit(training, trainEnd);
        boolean terminal = ProgressListener.isTerminal(out);
        for (CellType cell : cells) {
            Rnn rnn = Rnn.builder().cell(cell).inputSize(1 + series.covariateCount()).hiddenSize(hidden).outputSize(1).dtype(dtype)
                    .backend(backend).seed(seed).build();
            Forecaster f = Forecaster.of(rnn, Windows.recursive(lookback), scaler);
            double[] curve = new double[epochs];
            TrainingListener progress = new ProgressListener(out, cell.name().toLowerCase(Locale.ROOT), terminal, 10);
            TrainingListener listener = new TrainingListener() {
                @Override
                public void onEpochStart(int epoch, int all, int steps) {
                    progress.onEpochStart(epoch, all, steps);
                }

                @Override
                public void onEpochEnd(EpochSummary e) {
                    curve[e.epoch() - 1] = Math.sqrt(e.trainLoss());
                    progress.onEpochEnd(e);
                }
            };
            long t0 = System.nanoTime();
            Trainer.builder(rnn, Optimizer.adam(lr)).epochs(epochs).batchSize(32).shuffle(true, seed).clipByGlobalNorm(1)
                    .schedule(Schedules.cosine(epochs, warmup, lr / 20)).listener(listener).build()
                    .fit(f.trainingSet(List.of(training)));
            double seconds = (System.nanoTime() - t0) / 1e9;
            rows.add(new Row(cell + ", " + hidden + " hidden, recursive", test.run(f::forecast), seconds, curve));
            out.println(attribution(cell.name(), rnn, scaler, series, series.length() - horizon, lookback));
        }
        return rows;
    }

    /** The results table as the README shows it. */
    static ReadmeTable readmeTable(List<Row> rows) {
        ReadmeTable t = new ReadmeTable("lrrrrr", "method", "MAE °C", "RMSE °C", "sMAPE %", "MASE", "training");
        for (Row r : rows) {
            t.row(r.method, ReadmeTable.figure(r.result.mae()), ReadmeTable.figure(r.result.rmse()), ReadmeTable.figure(r.result.smape()),
                    ReadmeTable.figure(r.result.mase()), r.curve == null ? "" : ReadmeTable.seconds(r.seconds));
        }
        return t;
    }

    /**
     * Which lags drove the last forecast: the one-step forecast from {@code origin}, traced with its
     * observed value as the target ({@link Trace}), |dL/dx_t| summed over the features of each step,
     * the three largest printed as "lag k months back".
     */
    static String attribution(String name, Rnn rnn, Scaler scaler, Series series, int origin, int lookback) {
        int features = 1 + series.covariateCount();
        double[][] window = new double[lookback][features];
        for (int t = 0; t < lookback; t++) {
            int at = origin - lookback + t;
            window[t][0] = scaler.transform(series.value(at), 0);
            for (int k = 1; k < features; k++) {
                window[t][k] = scaler.transform(series.covariate(at, k - 1), k);
            }
        }
        double[] target = {scaler.transform(series.value(origin), 0)};
        double[][] g = Trace.of(rnn, window, target, Loss.MSE).inputGradients();
        double[] byLag = new double[lookback + 1]; // byLag[k]: step origin − k
        double total = 0;
        for (int t = 0; t < lookback; t++) {
            for (double v : g[t]) {
                byLag[lookback - t] += Math.abs(v);
                total += Math.abs(v);
            }
        }
        Integer[] lags = new Integer[lookback];
        for (int k = 1; k <= lookback; k++) {
            lags[k - 1] = k;
        }
        java.util.Arrays.sort(lags, (a, b) -> Double.compare(byLag[b], byLag[a]));
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%s attribution of the last one-step forecast (month %d): "
                + "largest |dL/dx_t| at", name, origin));
        for (int i = 0; i < Math.min(3, lookback); i++) {
            sb.append(String.format(Locale.ROOT, "%s lag %d (%.0f%%)", i == 0 ? "" : ",", lags[i], 100 * byLag[lags[i]] / total));
        }
        return sb.append(" months back").toString();
    }

    static String table(List<Row> rows, int horizon, int testMonths) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "Walk-forward backtest: %d-month forecasts over the last %d months (%d origins); MASE is "
                + "scaled by the seasonal-naive error on the training years.%n", horizon, testMonths, rows.get(0).result.origins().length));
        String fmt = "%-40s %8s %8s %8s %7s %9s%n";
        sb.append(String.format(Locale.ROOT, fmt, "method", "MAE °C", "RMSE °C", "sMAPE %", "MASE", "training"));
        sb.append("-".repeat(86)).append(System.lineSeparator());
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, "%-40s %8.3f %8.3f %8.2f %7.3f %9s%n", r.method, r.result.mae(), r.result.rmse(),
                    r.result.smape(), r.result.mase(), r.curve == null ? "-" : String.format(Locale.ROOT, "%.1f s", r.seconds)));
        }
        return sb.toString();
    }

    private static void writePlot(Path file, Series series, int trainEnd, List<Row> rows, PrintStream out, PrintStream err) {
        int[] origins = rows.get(0).result.origins();
        int h = rows.get(0).result.forecasts(0).length;
        // From one season before the first origin to the last forecast step.
        int from = Math.max(0, trainEnd - SEASON);
        int to = origins[origins.length - 1] + h;
        double[] years = new double[to - from];
        double[] actual = new double[to - from];
        for (int t = from; t < to; t++) {
            years[t - from] = 1950 + t / (double) SEASON;
            actual[t - from] = series.value(t);
        }
        java.awt.Color[] colours = {Plot.PERSISTENCE, Plot.REPLICA_TRAINED, Plot.REPLICA_PRINTED, Plot.RNN};
        List<Plot.Line> top = new ArrayList<>();
        top.add(new Plot.Line("observed", years, actual, Plot.TARGET, Plot.Style.SAMPLES));
        List<Plot.Line> curves = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            if (i == 1) {
                continue; // the naive forecast is in the table; flat lines would crowd the plot
            }
            double[] all = r.result.allForecasts();
            double[] x = new double[all.length];
            for (int k = 0; k < origins.length; k++) {
                for (int j = 0; j < h; j++) {
                    x[k * h + j] = 1950 + (origins[k] + j) / (double) SEASON;
                }
            }
            java.awt.Color colour = colours[Math.min(i, colours.length - 1)];
            top.add(new Plot.Line(r.method, x, all, colour, r.curve == null ? Plot.Style.DASHED : Plot.Style.SOLID));
            if (r.curve != null) {
                double[] epochs = new double[r.curve.length];
                for (int e = 0; e < epochs.length; e++) {
                    epochs[e] = e + 1;
                }
                curves.add(new Plot.Line(r.method, epochs, r.curve, colour, Plot.Style.SOLID));
            }
        }
        try {
            Path written = Plot.write(file, "Niño 1+2 sea surface temperature (°C): observed and forecast",
                    h + "-month forecasts from each origin (January of each test year), walk-forward, no refitting", "year", top,
                    "Training curves (standardised units)", curves);
            out.println();
            out.println("Plot written to " + written);
        } catch (IOException | RuntimeException | Error e) {
            err.println("could not write the plot to " + file + ": " + e + " (headless Java needs a font package, e.g. fonts-dejavu)");
        }
    }
}
