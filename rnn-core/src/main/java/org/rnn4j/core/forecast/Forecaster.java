package org.rnn4j.core.forecast;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rnn4j.api.Tensor;
import org.rnn4j.core.Checkpoint;
import org.rnn4j.core.CheckpointException;
import org.rnn4j.core.CheckpointMetadata;
import org.rnn4j.core.Optimizer;
import org.rnn4j.core.Rnn;
import org.rnn4j.core.SequenceDataset;
import org.rnn4j.core.Stepper;

/**
 * A network, its {@link Windows} and its fitted {@link Scaler}: builds the training set, forecasts,
 * and saves all three together.
 *
 * <ul>
 *   <li><b>Recursive</b> ({@link Windows#recursive}): the network (I = 1 + C inputs, O = 1 output) is
 *       stepped with a {@link Stepper} through the last L steps of the history from a zero state;
 *       its output is the forecast of the next value, which is fed back as the next input (with that
 *       step's known covariates) as often as the horizon asks. Any horizon.</li>
 *   <li><b>Direct</b> ({@link Windows#direct}): the network (O = H outputs) reads the last L steps once
 *       and its H outputs are the forecasts of the next H values. Horizons up to H.</li>
 * </ul>
 * Inputs are scaled and outputs unscaled with the scaler's columns (column 0, the target, for outputs).
 * A forecaster uses its model like the model's own methods do: one thread at a time.
 */
public final class Forecaster {
    private static final String MODE = "forecast.mode";
    private static final String WINDOWS = "forecast.windows";
    private static final String KIND = "forecast.scaler.kind";
    private static final String OFFSETS = "forecast.scaler.offsets";
    private static final String SCALES = "forecast.scaler.scales";

    private final Rnn model;
    private final Windows windows;
    private final Scaler scaler;
    private final Checkpoint checkpoint;

    private Forecaster(Rnn model, Windows windows, Scaler scaler, Checkpoint checkpoint) {
        this.model = model;
        this.windows = windows;
        this.scaler = scaler;
        this.checkpoint = checkpoint;
    }

    /**
     * A forecaster of a model.
     *
     * @param model the network: input size 1 + C (the scaler's columns), output size 1 for recursive windows or H for direct ones
     * @param windows the windows it is trained on
     * @param scaler a fitted scaler
     * @return the forecaster
     * @throws IllegalArgumentException if an argument is null or the sizes do not fit (naming them)
     * @throws IllegalStateException if the scaler is not fitted
     */
    public static Forecaster of(Rnn model, Windows windows, Scaler scaler) {
        if (model == null || windows == null || scaler == null) {
            throw new IllegalArgumentException("model, windows and scaler must not be null");
        }
        if (model.inputSize() != scaler.columns()) {
            throw new IllegalArgumentException("the model takes " + model.inputSize() + " input(s) per step; the scaler has "
                    + scaler.columns() + " column(s) (the target and " + (scaler.columns() - 1) + " covariate(s))");
        }
        if (model.outputSize() != windows.horizon()) {
            throw new IllegalArgumentException("the model has " + model.outputSize() + " output(s); " + windows + " need "
                    + windows.horizon());
        }
        return new Forecaster(model, windows, scaler, null);
    }

    /** {@return the network} */
    public Rnn model() {
        return model;
    }

    /** {@return the windows} */
    public Windows windows() {
        return windows;
    }

    /** {@return the fitted scaler} */
    public Scaler scaler() {
        return scaler;
    }

    /** {@return the checkpoint this forecaster was {@link #load}ed from (its optimizer, state), or null if it was built} */
    public Checkpoint checkpoint() {
        return checkpoint;
    }

    /**
     * The training set of these windows over these series, scaled.
     *
     * @param series the training ranges of one or more series
     * @return the data set ({@link Windows#dataset})
     * @throws IllegalArgumentException as {@link Windows#dataset}
     */
    public SequenceDataset trainingSet(List<Series> series) {
        return windows.dataset(series, scaler);
    }

    /**
     * Forecasts a series without covariates.
     *
     * @param history the series up to the forecast origin, at least L steps
     * @param horizon steps to forecast (≥ 1; at most H for a direct forecaster)
     * @return the forecasts of steps T … T+horizon−1, unscaled
     * @throws IllegalArgumentException as {@link #forecast(Series, double[][], int)}
     */
    public double[] forecast(Series history, int horizon) {
        return forecast(history, null, horizon);
    }

    /**
     * Forecasts a series.
     *
     * @param history the series up to the forecast origin, at least L steps
     * @param future (input, not modified) the covariates of the forecast steps T … T+horizon−1, horizon × C; a
     *        recursive forecaster feeds rows 0 … horizon−2 back beside its forecasts; a direct one reads none;
     *        null if the series has no covariates
     * @param horizon steps to forecast (≥ 1; at most H for a direct forecaster)
     * @return the forecasts of steps T … T+horizon−1, unscaled
     * @throws IllegalArgumentException if history is null or shorter than L, its covariates do not fit the scaler,
     *         horizon is below 1 or above a direct forecaster's H, or a recursive forecaster of a series with
     *         covariates gets no or a misshapen {@code future}
     */
    public double[] forecast(Series history, double[][] future, int horizon) {
        if (history == null) {
            throw new IllegalArgumentException("history is null");
        }
        Windows.requireScaler(scaler, 1 + history.covariateCount());
        if (history.length() < windows.lookback()) {
            throw new IllegalArgumentException("the history has " + history.length() + " steps; this forecaster looks back "
                    + windows.lookback());
        }
        if (horizon < 1) {
            throw new IllegalArgumentException("horizon must be at least 1, got " + horizon);
        }
        int end = history.length();
        double[][] x = Windows.inputs(history, end - windows.lookback(), end, scaler);
        double[] f = new double[horizon];
        if (windows.isDirect()) {
            if (horizon > windows.horizon()) {
                throw new IllegalArgumentException("horizon " + horizon + " is larger than the " + windows.horizon()
                        + " steps this direct forecaster's network outputs; forecast recursively or train a wider network");
            }
            double[] y = model.predict(new double[][][] {x})[0];
            for (int h = 0; h < horizon; h++) {
                f[h] = scaler.inverse(y[h], 0);
            }
            return f;
        }
        int c = history.covariateCount();
        double[][] cov = c == 0 && future == null ? new double[horizon][0] : Series.copyCovariates("future", future, horizon);
        if (cov[0].length != c) {
            throw new IllegalArgumentException("future has " + cov[0].length + " covariate(s) per step; the history has " + c);
        }
        Stepper stepper = model.stepper(1);
        Tensor in = model.backend().zeros(model.dtype(), 1, model.inputSize());
        Tensor y = null;
        for (double[] row : x) {
            in.copyFrom(row);
            y = stepper.step(in);
        }
        double[] row = new double[1 + c];
        for (int h = 0; h < horizon; h++) {
            double z = y.toDoubleArray()[0];
            f[h] = scaler.inverse(z, 0);
            if (h + 1 < horizon) {
                row[0] = z;
                for (int k = 0; k < c; k++) {
                    row[1 + k] = scaler.transform(cov[h][k], 1 + k);
                }
                in.copyFrom(row);
                y = stepper.step(in);
            }
        }
        return f;
    }

    /**
     * Saves the model (and optimizer) as a {@link Checkpoint} and the windows and scaler in its
     * {@link CheckpointMetadata} side record ({@code forecast.*} keys).
     *
     * @param file the checkpoint file
     * @param optimizer the optimizer, or null
     * @throws IllegalArgumentException as {@link Checkpoint#save}
     * @throws CheckpointException if writing fails
     */
    public void save(Path file, Optimizer optimizer) throws CheckpointException {
        save(file, optimizer, Map.of());
    }

    /**
     * Saves as {@link #save(Path, Optimizer)}, with more entries in the side record (e.g. a learning-rate
     * schedule's).
     *
     * @param file the checkpoint file
     * @param optimizer the optimizer, or null
     * @param extra (input, not modified) more side-record entries; keys must not start with {@code forecast.}
     * @throws IllegalArgumentException as {@link Checkpoint#save}, or if an extra key starts with {@code forecast.}
     * @throws CheckpointException if writing fails
     */
    public void save(Path file, Optimizer optimizer, Map<String, double[]> extra) throws CheckpointException {
        Map<String, double[]> record = new LinkedHashMap<>();
        record.put(MODE, new double[] {windows.isDirect() ? 1 : 0});
        record.put(WINDOWS, new double[] {windows.lookback(), windows.horizon(), windows.stride()});
        record.put(KIND, new double[] {scaler.kind().ordinal()});
        record.put(OFFSETS, scaler.offsets());
        record.put(SCALES, scaler.scales());
        for (Map.Entry<String, double[]> e : extra.entrySet()) {
            if (e.getKey() != null && e.getKey().startsWith("forecast.")) {
                throw new IllegalArgumentException("extra key " + e.getKey() + " is reserved for the forecaster");
            }
            record.put(e.getKey(), e.getValue());
        }
        Checkpoint.save(file, model, optimizer, null);
        CheckpointMetadata.save(file, record);
    }

    /**
     * Loads what {@link #save} wrote, on the default backend.
     *
     * @param file the checkpoint file
     * @return the forecaster; {@link #checkpoint()} holds the optimizer
     * @throws IllegalArgumentException if file is null
     * @throws CheckpointException if the checkpoint or its side record is missing, malformed, from another save, or
     *         holds windows or scaler figures that do not fit the model
     */
    public static Forecaster load(Path file) throws CheckpointException {
        if (file == null) {
            throw new IllegalArgumentException("file is null");
        }
        Checkpoint ck = Checkpoint.load(file);
        Map<String, double[]> record = CheckpointMetadata.load(file);
        double mode = CheckpointMetadata.require(record, MODE, 1, file)[0];
        double[] w = CheckpointMetadata.require(record, WINDOWS, 3, file);
        double kind = CheckpointMetadata.require(record, KIND, 1, file)[0];
        double[] offsets = CheckpointMetadata.require(record, OFFSETS, -1, file);
        double[] scales = CheckpointMetadata.require(record, SCALES, -1, file);
        try {
            if ((mode != 0 && mode != 1) || (kind != 0 && kind != 1)) {
                throw new IllegalArgumentException("mode " + mode + " or scaler kind " + kind + " is not 0 or 1");
            }
            for (double v : w) {
                if (v != Math.rint(v) || v > Integer.MAX_VALUE) {
                    throw new IllegalArgumentException("window figure " + v + " is not an int");
                }
            }
            Windows windows = mode == 1 ? Windows.direct((int) w[0], (int) w[1]) : Windows.recursive((int) w[0]);
            if (!windows.isDirect() && w[1] != 1) {
                throw new IllegalArgumentException("a recursive forecaster's horizon is 1, not " + w[1]);
            }
            Forecaster f = of(ck.model(), windows.stride((int) w[2]), Scaler.fitted(Scaler.Kind.values()[(int) kind], offsets, scales));
            return new Forecaster(f.model, f.windows, f.scaler, ck);
        } catch (IllegalArgumentException e) {
            throw new CheckpointException("the forecaster saved with " + file + " is inconsistent: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "Forecaster[" + windows + ", " + scaler + "]";
    }
}
