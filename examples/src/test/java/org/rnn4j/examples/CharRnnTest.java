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
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.rnn4j.core.cell.CellType;

class CharRnnTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return CharRnn.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void lossFallsWellBelowTheUniformGuessOnTheBundledText() throws IOException {
        String text = CharRnn.bundled();
        CharRnn.Result r = CharRnn.train(text, 8, 64, 25, 0.1, 5, 4, 120, 7, new PrintStream(out, true, StandardCharsets.UTF_8));
        double uniform = Math.log(r.vocabulary);
        assertEquals(57, r.vocabulary);
        assertTrue(r.lastLoss < r.firstLoss, r.firstLoss + " → " + r.lastLoss);
        assertTrue(r.lastLoss < 0.6 * uniform, "loss " + r.lastLoss + " vs ln(V) = " + uniform);
        assertEquals(120, r.lastSample.length());
        for (char c : r.lastSample.toCharArray()) {
            assertTrue(text.indexOf(c) >= 0, "sampled a character outside the text: " + c);
        }
        String printed = out.toString(StandardCharsets.UTF_8);
        assertTrue(printed.startsWith("rnn4j char-level RNN: backend simd, FLOAT64; 6216 characters, 57 distinct"));
        assertTrue(printed.contains("in nats per character;" + System.lineSeparator() + "  a uniform guess scores ln(57) = 4.043"), printed);
        // One line per pass with both figures; the smoothed one lags behind the falling loss, below ln(V).
        assertEquals(8, r.smoothByPass.size());
        for (int pass = 1; pass <= 8; pass++) {
            assertTrue(printed.contains(String.format(java.util.Locale.ROOT, "pass %d/8  loss per character ", pass)), printed);
        }
        assertTrue(printed.contains(String.format(java.util.Locale.ROOT, "smoothed %.3f", r.smoothByPass.get(7))), printed);
        assertEquals(r.smoothLoss, r.smoothByPass.get(7));
        for (int i = 1; i < 8; i++) {
            assertTrue(r.smoothByPass.get(i) < r.smoothByPass.get(i - 1), "smoothed loss by pass " + r.smoothByPass);
        }
        assertTrue(r.smoothLoss > r.lastLoss && r.smoothLoss < uniform, r.lastLoss + " < " + r.smoothLoss + " < " + uniform);
    }

    /**
     * The README's table (examples/results/char-rnn.md) lists the models the table mode trains, and
     * its first-pass figures are what one pass of each gives now (the rest needs the full 10 passes:
     * the file names the command that made it).
     */
    @Test
    void theReadmeTablesModelsAndFirstPassesAreWhatTheCodeGives() throws IOException {
        String committed = Files.readString(ReadmeSnippets.readme().getParent().resolve(CharRnn.TABLE_FILE), StandardCharsets.UTF_8);
        List<List<String>> rows = ReadmeTable.rows(committed);
        assertEquals(CharRnn.TABLE_MODELS.size(), rows.size(), committed);
        assertTrue(committed.contains("10 passes each"), committed);
        String text = CharRnn.bundled();
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        for (int i = 0; i < rows.size(); i++) {
            CellType cell = (CellType) CharRnn.TABLE_MODELS.get(i)[0];
            int layers = (Integer) CharRnn.TABLE_MODELS.get(i)[1];
            assertEquals(CharRnn.tableModel(cell, layers), rows.get(i).get(0));
            CharRnn.Result r = CharRnn.train(text, cell, layers, 1, 100, 25, 0.1, 5, 1, 1, 42, quiet);
            if (ReadmeTable.writtenOnThisJdk(committed)) {
                assertEquals(String.format(Locale.ROOT, "%.3f", r.firstLoss), rows.get(i).get(1),
                        CharRnn.TABLE_FILE + " is stale: run " + CharRnn.TABLE_COMMAND);
            } else {
                // Another JDK's intrinsics (see ReadmeTable.writtenOnThisJdk): the same pass to within 0.01 nats.
                assertEquals(Double.parseDouble(rows.get(i).get(1)), r.firstLoss, 0.01, CharRnn.TABLE_FILE + " row " + i);
            }
        }
    }

    @Test
    void smoothedLossFollowsMinCharRnnsRecurrenceFromLnV() {
        double start = Math.log(57);
        double chunk = 1.5;
        double s = start;
        for (int k = 1; k <= 2000; k++) {
            s = CharRnn.smooth(s, chunk);
            // Closed form of s_k = 0.999·s_{k-1} + 0.001·L from s_0 = ln(V).
            assertEquals(chunk + (start - chunk) * Math.pow(0.999, k), s, 1e-12, "after " + k + " updates");
        }
    }

    @Test
    void smoothedLossDampsChunkNoise() {
        double s = 3;
        double lo = s;
        double hi = s;
        for (int k = 0; k < 1000; k++) {
            s = CharRnn.smooth(s, k % 2 == 0 ? 2 : 4); // chunk losses jumping by 2 around a mean of 3
            lo = Math.min(lo, s);
            hi = Math.max(hi, s);
        }
        assertTrue(hi - lo < 0.01, "smoothed range " + lo + " .. " + hi);
    }

    @Test
    void shortRunOnAGivenFilePrintsTheSummary(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Path f = dir.resolve("abc.txt");
        java.nio.file.Files.writeString(f, "abcabcabcabcabcabcabcabcabcabc");
        assertEquals(0, run("--text", f.toString(), "--passes", "3", "--hidden", "8", "--seq-length", "5", "--sample-length", "10"));
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("3 distinct"), text);
        assertTrue(text.contains("a uniform guess over 3 characters scores ln(3) = 1.099."), text);
    }

    @Test
    void aTwoLayerLstmOrAGruLearnsTheRepeatingText(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Path f = dir.resolve("abc.txt");
        java.nio.file.Files.writeString(f, "abcdabcdabcdabcdabcdabcdabcdabcdabcdabcd");
        for (String[] cell : new String[][] {{"lstm", "2"}, {"gru", "1"}}) {
            out.reset();
            assertEquals(0, run("--text", f.toString(), "--cell", cell[0], "--layers", cell[1], "--passes", "40", "--hidden", "12",
                    "--seq-length", "8", "--sample-every", "40", "--sample-length", "8"), err.toString(StandardCharsets.UTF_8));
            String printed = out.toString(StandardCharsets.UTF_8);
            assertTrue(printed.contains(cell[1] + " " + cell[0] + " layer"), printed);
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("Loss per character: ([0-9.]+) in the first pass, ([0-9.]+) in the last")
                    .matcher(printed);
            assertTrue(m.find(), printed);
            assertTrue(Double.parseDouble(m.group(2)) < 0.5 * Double.parseDouble(m.group(1)), cell[0] + ": " + m.group());
        }
        assertEquals(2, run("--cell", "rnn"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--cell"), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void badArgumentsAreRejected() {
        assertEquals(2, run("--seq-length", "0"));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("--seq-length must be a whole number from 1 to 10000, got '0'"));
        err.reset();
        assertEquals(2, run("--text", "/no/such/file.txt"));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("--text: cannot read '/no/such/file.txt'"), err.toString(StandardCharsets.UTF_8));
        err.reset();
        assertEquals(2, run("--lr", "0"));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("--lr must be a number above 0.0 and at most 10.0, got '0'"));
    }
}
