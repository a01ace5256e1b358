package org.rnn4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressListenerTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    @Test
    void aLogGetsTheFirstEpochTheEndOfEachBlockAndTheLast() {
        ProgressListener p = new ProgressListener(out, "replica", false, 5);
        for (int e = 1; e <= 25; e++) {
            p.report(e, 25, "loss " + e);
        }
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\\R");
        assertEquals(6, lines.length, String.join("\n", lines));
        int[] expected = {1, 5, 10, 15, 20, 25};
        for (int i = 0; i < expected.length; i++) {
            assertTrue(lines[i].startsWith("replica epoch " + expected[i] + "/25  loss " + expected[i] + "  "), lines[i]);
        }
        assertTrue(lines[0].matches("replica epoch 1/25  loss 1  \\d+\\.\\d s"), "no estimate from the first epoch: " + lines[0]);
        assertTrue(lines[1].matches("replica epoch 5/25  loss 5  \\d+\\.\\d s, ~\\d+ s left"), lines[1]);
        assertTrue(lines[5].matches("replica epoch 25/25  loss 25  \\d+\\.\\d s"), lines[5]);
    }

    @Test
    void aTerminalGetsOneBarRedrawnInPlaceAndANewLineAtTheEnd() {
        ProgressListener p = new ProgressListener(out, "rnn", true, 10);
        for (int e = 1; e <= 4; e++) {
            p.report(e, 4, "x");
        }
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(4, text.chars().filter(c -> c == '\r').count(), text);
        assertEquals(1, text.chars().filter(c -> c == '\n').count(), text);
        assertTrue(text.contains("\r[" + "=".repeat(10) + " ".repeat(10) + "] rnn epoch 2/4  x  "), text);
        assertTrue(text.endsWith(System.lineSeparator()), text);
    }

    @Test
    void fewerEpochsThanLinesLogsEveryEpoch() {
        for (int e = 1; e <= 3; e++) {
            assertTrue(ProgressListener.logs(e, 3, 10), "epoch " + e);
        }
    }

    @Test
    void zeroLinesIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ProgressListener(out, "x", false, 0));
        assertEquals("lines must be at least 1, got 0", e.getMessage());
    }
}
