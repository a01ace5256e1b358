package org.rnn4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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

    @Test
    void correctModelWithTheDemosDefaultsReachesTheRmseBound() throws Cli.UsageException {
        SineWave.Settings s = SineWave.settings(SineWave.cli().parse(new String[0]));
        SineData data = new SineData();
        Rnn model = SineWave.trainCorrect(data, Backends.get(), s, null);
        double rmse = SineData.rmse(SineWave.predict(model, data, SineData.TRAIN, SineData.VALIDATION),
                data.targets(SineData.TRAIN, SineData.VALIDATION));
        assertTrue(rmse <= 1e-3, "validation RMSE " + rmse);
        assertEquals(100 * 1 + 100 * 100 + 100 + 100 + 1, model.parameterCount());
    }

    @Test
    void shortRunPrintsBackendTableTraceAndWritesThePlot() throws IOException {
        Path png = dir.resolve("plots/sine.png");
        assertEquals(0, run("--epochs", "2", "--replica-epochs", "1", "--hidden", "8", "--plot", png.toString()));
        String text = out();
        assertTrue(text.startsWith("rnn4j sine-wave demo: backend simd, correct RNN in FLOAT64"), text);
        for (String row : new String[] {"tutorial replica, its prediction step", "tutorial replica, its training encoding",
            "Elman RNN (shared U, W, V; tanh; Adam; exact BPTT)", "baseline: always 0", "baseline: persistence (last value)",
            "baseline: sin(n+1) = 2cos(1)·sin(n) − sin(n−1)", "The same U (8×1), W (8×8) and b are used at every step",
            "Plot written to " + png.toAbsolutePath()}) {
            assertTrue(text.contains(row), "missing '" + row + "' in:\n" + text);
        }
        byte[] head = new byte[8];
        System.arraycopy(Files.readAllBytes(png), 0, head, 0, 8);
        assertEquals("\u0089PNG\r\n\u001a\n", new String(head, StandardCharsets.ISO_8859_1));
        assertEquals("", err());
    }

    @Test
    void badArgumentsAreRejectedWithTheFlagAndValue() {
        String[][] cases = {
            {"--epochs", "0"}, {"--dtype", "FLOAT16"}, {"--lr", "-1"}, {"--batch", "101"}, {"--hidden", "many"}, {"--plots", "x"}, {"--lr"},
        };
        String[] expected = {
            "--epochs must be a whole number from 1 to 100000, got '0'",
            "--dtype must be one of FLOAT32, FLOAT64, got 'FLOAT16'",
            "--lr must be a number above 0.0 and at most 1.0, got '-1'",
            "--batch must be a whole number from 1 to 100, got '101'",
            "--hidden must be a whole number from 1 to 4096, got 'many'",
            "unknown argument '--plots'",
            "--lr needs a value",
        };
        for (int i = 0; i < cases.length; i++) {
            err.reset();
            assertEquals(2, run(cases[i]), String.join(" ", cases[i]));
            assertTrue(err().startsWith(expected[i] + System.lineSeparator() + "Run with --help"), err());
        }
    }

    @Test
    void helpListsEveryFlag() {
        assertEquals(0, run("--help"));
        for (String flag : new String[] {"--epochs", "--batch", "--lr", "--hidden", "--dtype", "--seed", "--replica-epochs", "--plot"}) {
            assertTrue(out().contains(flag + " V"), out());
        }
        assertTrue(out().contains("-Drnn4j.backend=NAME"), out());
    }
}
