package org.rnn4j.core.forecast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.api.DType;
import org.rnn4j.backend.ejml.EjmlBackend;
import org.rnn4j.core.Checkpoint;
import org.rnn4j.core.CheckpointException;
import org.rnn4j.core.CheckpointMetadata;
import org.rnn4j.core.Optimizer;
import org.rnn4j.core.Rnn;
import org.rnn4j.core.Trainer;
import org.rnn4j.core.cell.CellType;

/** Recursive and direct forecasts against the model's own full forward pass, saving, and bad input. */
class ForecasterTest {
    private static final Series SINE = sine(60, 0);

    @TempDir
    Path dir;

    static Series sine(int n, int covariates) {
        double[] v = new double[n];
        double[][] c = new double[n][covariates];
        for (int t = 0; t < n; t++) {
            v[t] = 5 + 2 * Math.sin(2 * Math.PI * t / 12);
            for (int k = 0; k < covariates; k++) {
                c[t][k] = Math.cos(2 * Math.PI * t / 12 + k);
            }
        }
        return Series.of(v, c);
    }

    static Rnn model(CellType cell, int inputs, int outputs) {
        return Rnn.builder().backend(new EjmlBackend()).dtype(DType.FLOAT64).cell(cell).inputSize(inputs).hiddenSize(5)
                .outputSize(outputs).seed(7).build();
    }

    @Test
    void aRecursiveForecastEqualsTheFullForwardOverItsOwnPredictions() {
        Scaler scaler = Scaler.standard().fit(SINE, 48);
        Forecaster f = Forecaster.of(model(CellType.LSTM, 1, 1), Windows.recursive(6), scaler);
        double[] got = f.forecast(SINE.slice(0, 48), 3);
        // By hand: the last 6 scaled values, then each forecast appended, through predictEveryStep.
        double[][] seq = new double[6 + 2][1];
        for (int t = 0; t < 6; t++) {
            seq[t][0] = scaler.transform(SINE.value(42 + t), 0);
        }
        for (int h = 0; h < 3; h++) {
            double[][][] prefix = {java.util.Arrays.copyOf(seq, 6 + h)};
            double[][] out = f.model().predictEveryStep(prefix)[0];
            double z = out[5 + h][0];
            assertEquals(scaler.inverse(z, 0), got[h], 0.0, "step " + h);
            if (h < 2) {
                seq[6 + h][0] = z;
            }
        }
    }

    @Test
    void aRecursiveForecastFeedsTheFutureCovariatesBack() {
        Series s = sine(40, 1);
        Scaler scaler = Scaler.minMax().fit(s, 30);
        Forecaster f = Forecaster.of(model(CellType.GRU, 2, 1), Windows.recursive(5), scaler);
        double[][] future = {{0.5}, {0.25}, {9}};
        double[] a = f.forecast(s.slice(0, 30), future, 3);
        double[] b = f.forecast(s.slice(0, 30), new double[][] {{-3}, {0.25}, {9}}, 3);
        assertEquals(a[0], b[0], 0.0); // the first forecast reads only the history
        assertNotEquals(a[1], b[1]); // the second reads future row 0 beside the first forecast
        double[] c = f.forecast(s.slice(0, 30), new double[][] {{0.5}, {0.25}, {-100}}, 3);
        assertArrayEquals(a, c, 0.0); // the last row is never read
    }

    @Test
    void aDirectForecastIsTheNetworksOutputsUnscaled() {
        Scaler scaler = Scaler.minMax().fit(SINE, 48);
        Rnn rnn = model(CellType.ELMAN, 1, 4);
        Forecaster f = Forecaster.of(rnn, Windows.direct(8, 4), scaler);
        double[][] window = Windows.inputs(SINE, 40, 48, scaler);
        double[] y = rnn.predict(new double[][][] {window})[0];
        double[] got = f.forecast(SINE.slice(0, 48), 3);
        for (int h = 0; h < 3; h++) {
            assertEquals(scaler.inverse(y[h], 0), got[h], 0.0);
        }
    }

    @Test
    void trainingBeatsTheNaiveForecastOnASine() {
        int trainEnd = 48;
        Scaler scaler = Scaler.standard().fit(SINE, trainEnd);
        Rnn rnn = Rnn.builder().backend(new EjmlBackend()).dtype(DType.FLOAT64).cell(CellType.GRU).inputSize(1).hiddenSize(8)
                .outputSize(1).seed(3).build();
        Forecaster f = Forecaster.of(rnn, Windows.recursive(12), scaler);
        Backtest test = Backtest.of(SINE, trainEnd, 6).step(3);
        double before = test.run(f::forecast).mae();
        Trainer.builder(rnn, Optimizer.adam(0.02)).epochs(60).batchSize(8).build().fit(f.trainingSet(List.of(SINE.slice(0, trainEnd))));
        double after = test.run(f::forecast).mae();
        double naive = test.run(Backtest.naive()).mae();
        assertTrue(after < before / 2 && after < naive, "MAE untrained " + before + ", trained " + after + ", naive " + naive);
    }

    @Test
    void saveAndLoadKeepTheForecasts() throws Exception {
        Scaler scaler = Scaler.standard().fit(SINE, 48);
        Forecaster f = Forecaster.of(model(CellType.LSTM, 1, 3), Windows.direct(6, 3).stride(2), scaler);
        Path file = dir.resolve("f.ckpt");
        f.save(file, Optimizer.adam(0.01), Map.of("user.note", new double[] {42}));
        Forecaster g = Forecaster.load(file);
        assertArrayEquals(f.forecast(SINE, 3), g.forecast(SINE, 3), 0.0);
        assertEquals(2, g.windows().stride());
        assertTrue(g.windows().isDirect());
        assertArrayEquals(scaler.scales(), g.scaler().scales(), 0.0);
        assertEquals("adam", g.checkpoint().optimizer().name());
        assertArrayEquals(new double[] {42}, CheckpointMetadata.load(file).get("user.note"));
        // The checkpoint itself is an ordinary one.
        assertEquals(3, Checkpoint.load(file).model().outputSize());
    }

    @Test
    void aRecursiveForecasterRoundTrips() throws Exception {
        Forecaster f = Forecaster.of(model(CellType.GRU, 1, 1), Windows.recursive(4), Scaler.minMax().fit(SINE, 30));
        Path file = dir.resolve("r.ckpt");
        f.save(file, null);
        Forecaster g = Forecaster.load(file);
        assertArrayEquals(f.forecast(SINE, 7), g.forecast(SINE, 7), 0.0);
        assertEquals(Scaler.Kind.MIN_MAX, g.scaler().kind());
    }

    @Test
    void aPlainCheckpointHasNoForecasterInIt() throws Exception {
        Path file = dir.resolve("plain.ckpt");
        Checkpoint.save(file, model(CellType.GRU, 1, 1), null, null);
        CheckpointException e = assertThrows(CheckpointException.class, () -> Forecaster.load(file));
        assertTrue(e.getMessage().contains("has no side record"), e.getMessage());
    }

    @Test
    void aSideRecordWithoutTheForecastersEntriesIsRefused() throws Exception {
        Path file = dir.resolve("other.ckpt");
        Checkpoint.save(file, model(CellType.GRU, 1, 1), null, null);
        CheckpointMetadata.save(file, Map.of("schedule.x", new double[] {1}));
        CheckpointException e = assertThrows(CheckpointException.class, () -> Forecaster.load(file));
        assertTrue(e.getMessage().contains("no entry forecast.mode"), e.getMessage());
    }

    @Test
    void inconsistentStoredFiguresAreACheckpointError() throws Exception {
        Path file = dir.resolve("bad.ckpt");
        Checkpoint.save(file, model(CellType.GRU, 1, 1), null, null);
        CheckpointMetadata.save(file, Map.of("forecast.mode", new double[] {0}, "forecast.windows", new double[] {4, 1, 1},
                "forecast.scaler.kind", new double[] {0}, "forecast.scaler.offsets", new double[] {0, 0},
                "forecast.scaler.scales", new double[] {1, 1}));
        CheckpointException e = assertThrows(CheckpointException.class, () -> Forecaster.load(file));
        assertTrue(e.getMessage().contains("inconsistent") && e.getMessage().contains("2 column(s)"), e.getMessage());
    }

    @Test
    void aHistoryShorterThanTheLookbackIsRefused() {
        Forecaster f = Forecaster.of(model(CellType.GRU, 1, 1), Windows.recursive(10), Scaler.standard().fit(SINE, 48));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> f.forecast(SINE.slice(0, 9), 2));
        assertTrue(e.getMessage().contains("history has 9 steps; this forecaster looks back 10"), e.getMessage());
    }

    @Test
    void aDirectHorizonBeyondTheNetworksOutputsIsRefused() {
        Forecaster f = Forecaster.of(model(CellType.GRU, 1, 2), Windows.direct(4, 2), Scaler.standard().fit(SINE, 48));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> f.forecast(SINE, 3));
        assertTrue(e.getMessage().contains("horizon 3 is larger than the 2 steps"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> f.forecast(SINE, 0));
    }

    @Test
    void missingFutureCovariatesAreRefused() {
        Series s = sine(30, 1);
        Forecaster f = Forecaster.of(model(CellType.GRU, 2, 1), Windows.recursive(4), Scaler.standard().fit(s, 20));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> f.forecast(s, 3));
        assertTrue(e.getMessage().contains("future"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> f.forecast(s, new double[][] {{1}, {2}}, 3));
    }

    @Test
    void sizesThatDoNotFitAreRefused() {
        Scaler scaler = Scaler.standard().fit(SINE, 48);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Forecaster.of(model(CellType.GRU, 2, 1), Windows.recursive(4), scaler));
        assertTrue(e.getMessage().contains("takes 2 input(s)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Forecaster.of(model(CellType.GRU, 1, 1), Windows.direct(4, 3), scaler));
        assertThrows(IllegalStateException.class, () -> Forecaster.of(model(CellType.GRU, 1, 1), Windows.recursive(4), Scaler.standard()));
    }
}
