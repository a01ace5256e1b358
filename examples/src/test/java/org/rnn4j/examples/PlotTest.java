package org.rnn4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlotTest {
    @Test
    void logAxisLabelsArePlainNumbers() {
        String[] expected = {"1e-5", "1e-4", "1e-3", "0.01", "0.1", "1", "10", "100", "1000", "1e4"};
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], Plot.PlainLogFormat.label(Math.pow(10, i - 5)), "10^" + (i - 5));
        }
        assertEquals("0.05", new Plot.PlainLogFormat().format(0.05));
        assertEquals("0.0025", Plot.PlainLogFormat.label(0.0025));
    }

    @Test
    void aModelKeepsOneColourAcrossPanels() {
        double[] x = {1, 2};
        List<Plot.Line> top = List.of(new Plot.Line("Elman RNN", x, x, Plot.RNN, Plot.Style.SOLID));
        Plot.requireOneColourPerName(top, List.of(new Plot.Line("Elman RNN", x, x, Plot.RNN, Plot.Style.SOLID)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Plot.requireOneColourPerName(top, List.of(new Plot.Line("Elman RNN", x, x, Color.RED, Plot.Style.SOLID))));
        assertTrue(e.getMessage().startsWith("line 'Elman RNN' is drawn in "), e.getMessage());
    }

    @Test
    void lineWithUnequalLengthsIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Plot.Line("a", new double[3], new double[2], Color.BLACK, Plot.Style.SOLID));
        assertEquals("line 'a': 3 x values but 2 y values", e.getMessage());
    }
}
