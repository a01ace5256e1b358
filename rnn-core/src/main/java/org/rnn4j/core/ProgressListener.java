package org.rnn4j.core;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A ready progress display for {@link Trainer}: a bar redrawn in place on a terminal, or plain lines
 * when the output is a log (CI, a file), so logs stay readable. Each report shows the epoch, the
 * training loss, the validation loss (with validation data), the epoch's learning rate (what a
 * {@link Trainer.LearningRateSchedule} set), the elapsed time and, once the first
 * epochs have run, an estimate of the time left.
 *
 * <pre>
 * Trainer.builder(model, Optimizer.adam(0.003)).listener(ProgressListener.console("training")).build().fit(data);
 * </pre>
 */
public final class ProgressListener implements TrainingListener {
    private final PrintStream out;
    private final String label;
    private final boolean terminal;
    private final int lines;
    private long start;
    private int epochs;

    /**
     * Creates a display.
     *
     * @param out where to print
     * @param label what the lines start with, e.g. "training"
     * @param terminal whether to redraw one bar in place (true) or print lines (false)
     * @param lines how many lines a log gets over the whole run at most, besides the first and the
     *     last epoch ({@link Integer#MAX_VALUE}: one per epoch)
     */
    public ProgressListener(PrintStream out, String label, boolean terminal, int lines) {
        Checks.requireNonNull("out", out);
        Checks.requireNonNull("label", label);
        if (lines < 1) {
            throw new IllegalArgumentException("lines must be at least 1, got " + lines);
        }
        this.out = out;
        this.label = label;
        this.terminal = terminal;
        this.lines = lines;
    }

    /**
     * A display on standard output: a bar at a terminal, one line per epoch otherwise.
     *
     * @param label what the lines start with
     * @return the listener
     */
    public static ProgressListener console(String label) {
        return new ProgressListener(System.out, label, isTerminal(System.out), Integer.MAX_VALUE);
    }

    /**
     * Tells whether a stream is the console of an interactive terminal.
     *
     * @param out a stream
     * @return true for {@code System.out} with a console attached
     */
    public static boolean isTerminal(PrintStream out) {
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
        report(s.epoch(), epochs, String.format(Locale.ROOT, "train loss %.3e%s  lr %.3e", s.trainLoss(),
                Double.isNaN(s.validationLoss()) ? "" : String.format(Locale.ROOT, "  validation loss %.3e", s.validationLoss()),
                s.learningRate()));
    }

    /**
     * Whether a log (not a terminal) gets a line for an epoch: the first, the last, and the end of each block.
     *
     * @param epoch the epoch, from 1
     * @param epochs all epochs
     * @param lines the most lines a run gets
     * @return true if the epoch is reported
     */
    public static boolean logs(int epoch, int epochs, int lines) {
        return epoch == 1 || epoch == epochs || epoch % Math.max(1, epochs / lines) == 0;
    }

    /**
     * Reports the end of an epoch: redraws the bar on a terminal, or prints a line at the end of a block.
     *
     * @param epoch the epoch that ended, from 1
     * @param epochs all epochs
     * @param figures what to show after the epoch count, e.g. the loss
     */
    public void report(int epoch, int epochs, String figures) {
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
