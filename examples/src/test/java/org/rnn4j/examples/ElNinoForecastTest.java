package org.rnn4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.api.DType;
import org.rnn4j.core.cell.CellType;
import org.rnn4j.core.forecast.Series;

/** The El Niño example run small: its data loads, its metrics are computed for every method, its plot is written. */
class ElNinoForecastTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @TempDir
    Path dir;

    private int run(String... args) {
        return ElNinoForecast.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void theBundledSeriesHasEveryMonthFrom1950To2010() throws IOException {
        Series s = ElNinoForecast.load();
        assertEquals(61 * 12, s.length());
        assertEquals(23.11, s.value(0), 0.0); // January 1950, the first value of the source table
        assertEquals(22.07, s.value(s.length() - 1), 0.0); // December 2010, its last
        assertEquals(2, s.covariateCount());
        assertEquals(1.0, s.covariate(0, 1), 1e-15); // January: cos 0
    }

    /**
     * The example with its defaults, once: every figure of the README's table (examples/results/elnino-forecast.md)
     * is what this run gives; only the training times may differ.
     */
    @Test
    void theDefaultRunReproducesTheReadmeTable() throws IOException {
        Path table = dir.resolve("elnino-forecast.md");
        assertEquals(0, run("--plot", "none", "--table", table.toString()), err.toString(StandardCharsets.UTF_8));
        String committed = Files.readString(ReadmeSnippets.readme().getParent().resolve(ElNinoForecast.TABLE_FILE), StandardCharsets.UTF_8);
        List<List<String>> expected = ReadmeTable.rows(committed);
        assertEquals(4, expected.size(), "rows: " + expected);
        List<List<String>> actual = ReadmeTable.rows(Files.readString(table));
        if (ReadmeTable.writtenOnThisJdk(committed)) {
            assertEquals(ReadmeTable.withoutColumn(expected, 5), ReadmeTable.withoutColumn(actual, 5),
                    ElNinoForecast.TABLE_FILE + " is stale: run " + ElNinoForecast.TABLE_COMMAND);
        } else {
            for (int i = 0; i < expected.size(); i++) {
                assertEquals(expected.get(i).get(0), actual.get(i).get(0), ElNinoForecast.TABLE_FILE + " row " + i);
            }
        }
    }

    @Test
    void everyMethodGetsFiniteMetrics() throws IOException {
        Series s = ElNinoForecast.load();
        List<ElNinoForecast.Row> rows = ElNinoForecast.backtest(s, 50 * 12, List.of(CellType.LSTM, CellType.GRU), 2, 4, 12, 12, 0.01, 1,
                DType.FLOAT64, 1, new PrintStream(out, true, StandardCharsets.UTF_8));
        assertEquals(4, rows.size());
        for (ElNinoForecast.Row r : rows) {
            assertEquals(11, r.result.origins().length, r.method);
            for (double m : new double[] {r.result.mae(), r.result.rmse(), r.result.smape(), r.result.mase()}) {
                assertTrue(Double.isFinite(m) && m > 0, r.method + ": " + m);
            }
        }
        assertTrue(rows.get(2).method.startsWith("LSTM") && rows.get(3).method.startsWith("GRU"));
    }

    @Test
    void aSmallRunPrintsTheTableAndProgressAndWritesThePlot() {
        Path png = dir.resolve("elnino.png");
        assertEquals(0, run("--epochs", "2", "--hidden", "4", "--lookback", "12", "--warmup", "0", "--plot", png.toString()));
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("lstm epoch 2/2  train loss ") && text.contains("gru epoch 2/2  train loss "), text);
        assertTrue(text.contains("  lr "), text);
        for (String cell : new String[] {"LSTM", "GRU"}) {
            assertTrue(java.util.regex.Pattern.compile(cell + " attribution of the last one-step forecast \\(month \\d+\\): largest "
                    + "\\|dL/dx_t\\| at lag \\d+ \\(\\d+%\\), lag \\d+ \\(\\d+%\\), lag \\d+ \\(\\d+%\\) months back").matcher(text).find(), text);
        }
        Pattern row = Pattern.compile("^(seasonal naive|naive|LSTM|GRU)[^\\n]*?( +\\d+\\.\\d+){4} ", Pattern.MULTILINE);
        Matcher m = row.matcher(text);
        int rows = 0;
        while (m.find()) {
            rows++;
        }
        assertEquals(4, rows, text);
        assertTrue(text.contains("Plot written to " + png.toAbsolutePath()), text + err.toString(StandardCharsets.UTF_8));
        assertTrue(Files.isRegularFile(png));
    }

    @Test
    void aTestYearLeavingNoRoomIsAUsageError() {
        assertEquals(2, run("--test-from", "2010", "--horizon", "24", "--plot", "none"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--test-from 2010"), err.toString(StandardCharsets.UTF_8));
        assertEquals(2, run("--cells", "TRANSFORMER"));
    }
}
