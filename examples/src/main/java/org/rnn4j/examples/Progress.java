package org.rnn4j.examples;

import java.io.PrintStream;
import java.util.Locale;
import org.rnn4j.core.TrainingListener;

/**
 * A progress display for training: a bar redrawn in place on a terminal, or one clear line every
 * tenth of the epochs when the output is a log (CI, a file), so logs stay readable.
 */
final class Progress implements TrainingListener {
    private final PrintStream out;
    private final String label;
    private final boolean terminal;
    private int epochs;

    Progress(PrintStream out, String label, boolean terminal) {
        this.out = out;
        this.label = label;
        this.terminal = terminal;
    }

    static boolean isTerminal(PrintStream out) {
        return out == System.out && System.console() != null;
    }

    @Override
    public void onEpochStart(int epoch, int epochs, int stepsPerEpoch) {
        this.epochs = epochs;
    }

    @Override
    public void onEpochEnd(EpochSummary s) {
        String figures = String.format(Locale.ROOT, "%s epoch %d/%d  train loss %.3e%s", label, s.epoch(), epochs, s.trainLoss(),
                Double.isNaN(s.validationLoss()) ? "" : String.format(Locale.ROOT, "  validation loss %.3e", s.validationLoss()));
        if (terminal) {
            int width = 30;
            int done = (int) Math.round(width * (double) s.epoch() / epochs);
            out.print("\r[" + "=".repeat(done) + " ".repeat(width - done) + "] " + figures);
            if (s.epoch() == epochs) {
                out.println();
            }
            out.flush();
        } else if (s.epoch() == 1 || s.epoch() == epochs || s.epoch() % Math.max(1, epochs / 10) == 0) {
            out.println(figures);
        }
    }
}
