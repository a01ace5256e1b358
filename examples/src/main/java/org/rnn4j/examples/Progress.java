package org.rnn4j.examples;

import java.io.PrintStream;
import java.util.Locale;
import org.rnn4j.core.TrainingListener;

/**
 * A progress display for training: a bar redrawn in place on a terminal, or one line per block of
 * epochs when the output is a log (CI, a file), so logs stay readable. Each report carries the
 * elapsed time and an estimate of the time left.
 */
final class Progress implements TrainingListener {
    private final PrintStream out;
    private final String label;
    private final boolean terminal;
    private final int lines;
    private long start;
    private int epochs;

    /**
     * @param lines how many lines a log gets over the whole run (besides the first and last epoch)
     */
    Progress(PrintStream out, String label, boolean terminal, int lines) {
        if (lines < 1) {
            throw new IllegalArgumentException("lines must be at least 1, got " + lines);
        }
        this.out = out;
        this.label = label;
        this.terminal = terminal;
        this.lines = lines;
    }

    static boolean isTerminal(PrintStream out) {
        return out == System.out && System.console() != null;
    }

    @Override
    public void onEpochStart(int epoch, int epochs, int stepsPerEpoch) {
        this.epochs = epochs;
        if (epoch == 1) {
            start = System.nanoTime();
        }
    }

    @Override
    public void onEpochEnd(EpochSummary s) {
        report(s.epoch(), epochs, String.format(Locale.ROOT, "train loss %.3e%s", s.trainLoss(),
                Double.isNaN(s.validationLoss()) ? "" : String.format(Locale.ROOT, "  validation loss %.3e", s.validationLoss())));
    }

    /** Whether a log (not a terminal) gets a line for this epoch: the first, the last, and the end of each block. */
    static boolean logs(int epoch, int epochs, int lines) {
        return epoch == 1 || epoch == epochs || epoch % Math.max(1, epochs / lines) == 0;
    }

    /**
     * Reports the end of an epoch: redraws the bar on a terminal, or prints a line at the end of a block.
     *
     * @param figures what to show after the epoch count, e.g. the loss
     */
    void report(int epoch, int epochs, String figures) {
        if (epoch == 1 && start == 0) {
            start = System.nanoTime();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        double left = elapsed / epoch * (epochs - epoch);
        // The first epochs run before the JIT has compiled the hot loops: no estimate from them.
        boolean estimate = epoch < epochs && epoch >= Math.max(2, epochs / 20);
        String line = String.format(Locale.ROOT, "%s epoch %d/%d  %s  %.1f s%s", label, epoch, epochs, figures, elapsed,
                estimate ? String.format(Locale.ROOT, ", ~%.0f s left", Math.ceil(left)) : "");
        if (terminal) {
            int width = 20;
            int done = (int) Math.round(width * (double) epoch / epochs);
            out.print("\r[" + "=".repeat(done) + " ".repeat(width - done) + "] " + line + "   ");
            if (epoch == epochs) {
                out.println();
            }
            out.flush();
        } else if (logs(epoch, epochs, lines)) {
            out.println(line);
        }
    }
}
