package org.rnn4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.core.Rnn;
import org.rnn4j.spi.Backends;

class SineWaveTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @TempDir
    Path dir;

    private int run(String... args) {
        return SineWave.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /**
     * The demo with its defaults, once: the correct RNN reaches the demo's goal, and every figure of
     * the README's table (examples/results/sine-wave.md) is what this run gives; only the times may differ.
     */
    @Test
    void theDefaultDemoReachesValidationRmseOf1e4AndReproducesTheReadmeTable() throws Exception {
        SineWave.Settings s = SineWave.settings(SineWave.cli().parse(new String[0]));
        SineWave.Result r = SineWave.demo(s, 25, "none", new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        SineWave.Row rnn = r.rows.get(2);
        // The demo's goal: PyTorch's idiomatic model reaches 1.2e-4 in 2,000 Adam steps.
        assertTrue(rnn.validationRmse <= 1e-4, "validation RMSE " + rnn.validationRmse);
        assertEquals(String.valueOf(32 * 1 + 32 * 32 + 32 + 32 + 1), rnn.parameters);
        String committed = Files.readString(ReadmeSnippets.readme().getParent().resolve(SineWave.TABLE_FILE), StandardCharsets.UTF_8);
        List<List<String>> expected = withoutTimes(ReadmeTable.rows(committed));
        List<List<String>> actual = withoutTimes(ReadmeTable.rows(SineWave.readmeTable(r.rows).markdown()));
        if (ReadmeTable.writtenOnThisJdk(committed)) {
            assertEquals(expected, actual, SineWave.TABLE_FILE + " is stale: run " + SineWave.TABLE_COMMAND);
        } else {
            // Another JDK's intrinsics: the same rows, models and parameter counts; the figures are that JDK's.
            for (int i = 0; i < expected.size(); i++) {
                assertEquals(expected.get(i).subList(0, 2), actual.get(i).subList(0, 2), SineWave.TABLE_FILE + " row " + i);
            }
        }
    }

    /** The rows with the training-time column blanked: wall time is the one figure a rerun cannot repeat. */
    private static List<List<String>> withoutTimes(List<List<String>> rows) {
        assertEquals(6, rows.size(), "rows: " + rows);
        return ReadmeTable.withoutColumn(rows, 2);
    }

    @Test
    void shortRunPrintsBackendTableTraceAndWritesThePlot() throws IOException {
        Path png = dir.resolve("plots/sine.png");
        assertEquals(0, run("--epochs", "2", "--replica-epochs", "1", "--hidden", "8", "--plot", png.toString()));
        String text = out();
        assertTrue(text.startsWith("rnn4j sine-wave demo: backend simd, correct RNN in FLOAT64"), text);
        for (String row : new String[] {"tutorial replica, its prediction step", "tutorial replica, its training encoding",
            "Elman RNN (shared U, W, V; Adam; exact BPTT)", "baseline: always 0", "baseline: persistence (last value)",
            "baseline: sin(n+1) = 2cos(1)·sin(n) − sin(n−1)", "The same U (8×1), W (8×8) and b are used at every step",
            "replica epoch 1/1  training RMSE ", "replica training RMSE by epoch 1: ", "rnn epoch 2/2  train loss ",
            "Plot written to " + png.toAbsolutePath(), "The whole demo took "}) {
            assertTrue(text.contains(row), "missing '" + row + "' in:\n" + text);
        }
        for (String line : text.split("\\R")) {
            assertTrue(line.codePointCount(0, line.length()) <= 100, "wider than 100 columns: " + line);
        }
        byte[] head = new byte[8];
        System.arraycopy(Files.readAllBytes(png), 0, head, 0, 8);
        assertEquals("\u0089PNG\r\n\u001a\n", new String(head, StandardCharsets.ISO_8859_1));
        assertEquals("", err());
    }

    @Test
    void theTraceShowsTheFirstAndLastStepsWithinOneHundredColumns() throws Cli.UsageException {
        SineWave.Settings s = SineWave.settings(SineWave.cli().parse(new String[] {"--epochs", "1", "--hidden", "8"}));
        SineData data = new SineData();
        Rnn model = SineWave.trainCorrect(data, Backends.get(), s, null);
        double[][] window = new double[SineData.WINDOW][1];
        for (int t = 0; t < SineData.WINDOW; t++) {
            window[t][0] = data.wave[t];
        }
        String trace = SineWave.trace(org.rnn4j.core.Trace.of(model, window, new double[] {data.target(0)}, org.rnn4j.core.Loss.MSE), 8);
        String[] lines = trace.split("\\R");
        for (String line : lines) {
            assertTrue(line.codePointCount(0, line.length()) <= 100, "wider than 100 columns: " + line);
        }
        assertTrue(lines[4].startsWith("   0 "), trace);
        assertTrue(lines[7].equals("   … 44 more steps"), trace);
        assertTrue(lines[10].startsWith("  49 "), trace);
        assertEquals(11, lines.length, trace);
    }

    @Test
    void replicaTrajectorySaysItStallsOnlyWhenTheSecondHalfIsFlat() {
        double[] flat = {0.9, 0.8, 0.78, 0.77, 0.77, 0.771, 0.77, 0.772, 0.77, 0.771};
        String stalled = SineWave.trajectory(flat);
        assertTrue(stalled.startsWith("replica training RMSE by epoch 1: 0.900, 2: 0.800, 3: 0.780, 5: 0.770, 10: 0.771"), stalled);
        assertTrue(stalled.contains("It stalls (0.1% change over the second half)"), stalled);
        double[] falling = {0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1, 0.05};
        assertTrue(SineWave.trajectory(falling).contains("It still moves (90.0% change over the second half)"), SineWave.trajectory(falling));
    }

    @Test
    void badArgumentsAreRejectedWithTheFlagAndValue() {
        String[][] cases = {
            {"--epochs", "0"}, {"--dtype", "FLOAT16"}, {"--lr", "-1"}, {"--batch", "101"}, {"--hidden", "many"}, {"--plots", "x"}, {"--lr"},
            {"--clip", "-1"}, {"--lr-end", "0"},
        };
        String[] expected = {
            "--epochs must be a whole number from 1 to 100000, got '0'",
            "--dtype must be one of FLOAT32, FLOAT64, got 'FLOAT16'",
            "--lr must be a number above 0.0 and at most 1.0, got '-1'",
            "--batch must be a whole number from 1 to 100, got '101'",
            "--hidden must be a whole number from 1 to 4096, got 'many'",
            "unknown argument '--plots'",
            "--lr needs a value",
            "--clip must be a number from 0 to 1000000.0, got '-1'",
            "--lr-end must be a number above 0.0 and at most 1.0, got '0'",
        };
        for (int i = 0; i < cases.length; i++) {
            err.reset();
            assertEquals(2, run(cases[i]), String.join(" ", cases[i]));
            assertTrue(err().startsWith(expected[i] + System.lineSeparator() + "Run with --help"), err());
        }
    }

    @Test
    void clipZeroTurnsClippingOffAndLrEndOneKeepsTheRate() throws Cli.UsageException {
        SineWave.Settings s = SineWave.settings(SineWave.cli().parse(new String[] {"--clip", "0", "--lr-end", "1"}));
        assertEquals(0.0, s.clip);
        assertEquals(1.0, s.lrEnd);
    }

    @Test
    void helpListsEveryFlag() {
        assertEquals(0, run("--help"));
        for (String flag : new String[] {"--epochs", "--batch", "--lr", "--hidden", "--dtype", "--seed", "--replica-epochs", "--plot", "--clip", "--lr-end"}) {
            assertTrue(out().contains(flag + " V"), out());
        }
        assertTrue(out().contains("-Drnn4j.backend=NAME"), out());
    }
}
