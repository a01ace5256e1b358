package org.rnn4j.core.cell;

/**
 * Host arrays a cell does its element-wise math in, one set per (batch, hidden) shape, at most
 * {@link #KEEP} sets (the least recently used is dropped): a cell used at one shape allocates
 * them once.
 */
final class HostScratch {
    /** How many batch sizes keep their arrays. */
    static final int KEEP = 4;

    private final int[] widths;
    private final int[] batches = new int[KEEP];
    private final int[] hiddens = new int[KEEP];
    private final double[][][] sets = new double[KEEP][][];
    private final long[] used = new long[KEEP];
    private long clock;

    /** @param widths the width of each array of a set, per batch row, in units of H */
    HostScratch(int... widths) {
        this.widths = widths.clone();
    }

    /** Returns the arrays for a shape: array k holds {@code batch · widths[k] · hidden} doubles. */
    double[][] get(int batch, int hidden) {
        int slot = -1;
        for (int i = 0; i < KEEP; i++) {
            if (sets[i] != null && batches[i] == batch && hiddens[i] == hidden) {
                used[i] = ++clock;
                return sets[i];
            }
            if (slot < 0 || (sets[slot] != null && (sets[i] == null || used[i] < used[slot]))) {
                slot = i;
            }
        }
        double[][] set = new double[widths.length][];
        for (int k = 0; k < widths.length; k++) {
            set[k] = new double[batch * widths[k] * hidden];
        }
        sets[slot] = set;
        batches[slot] = batch;
        hiddens[slot] = hidden;
        used[slot] = ++clock;
        return set;
    }
}
