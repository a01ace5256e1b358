package org.rnn4j.core.cell;

import java.util.function.IntFunction;

/**
 * Host arrays a cell does its element-wise math in, one set per (batch, hidden) shape, at most
 * {@link #KEEP} sets (the least recently used is dropped): a cell used at one shape allocates
 * them once.
 *
 * @param <A> the array type, {@code double[]} or {@code float[]}
 */
final class HostScratch<A> {
    /** How many batch sizes keep their arrays. */
    static final int KEEP = 4;

    private final IntFunction<A> alloc;
    private final IntFunction<A[]> sets;
    private final int[] widths;
    private final int[] batches = new int[KEEP];
    private final int[] hiddens = new int[KEEP];
    private final Object[] kept = new Object[KEEP];
    private final long[] used = new long[KEEP];
    private long clock;

    /**
     * @param alloc makes one array of a length
     * @param sets makes the array of arrays of a set
     * @param widths the width of each array of a set, per batch row, in units of H
     */
    private HostScratch(IntFunction<A> alloc, IntFunction<A[]> sets, int... widths) {
        this.alloc = alloc;
        this.sets = sets;
        this.widths = widths.clone();
    }

    /** Scratch of double arrays, for FLOAT64 (and the backward of both dtypes). */
    static HostScratch<double[]> doubles(int... widths) {
        return new HostScratch<>(double[]::new, double[][]::new, widths);
    }

    /** Scratch of float arrays, for the FLOAT32 forward. */
    static HostScratch<float[]> floats(int... widths) {
        return new HostScratch<>(float[]::new, float[][]::new, widths);
    }

    /** Returns the arrays for a shape: array k holds {@code batch · widths[k] · hidden} elements. */
    @SuppressWarnings("unchecked")
    A[] get(int batch, int hidden) {
        int slot = -1;
        for (int i = 0; i < KEEP; i++) {
            if (kept[i] != null && batches[i] == batch && hiddens[i] == hidden) {
                used[i] = ++clock;
                return (A[]) kept[i];
            }
            if (slot < 0 || (kept[slot] != null && (kept[i] == null || used[i] < used[slot]))) {
                slot = i;
            }
        }
        A[] set = sets.apply(widths.length);
        for (int k = 0; k < widths.length; k++) {
            set[k] = alloc.apply(batch * widths[k] * hidden);
        }
        kept[slot] = set;
        batches[slot] = batch;
        hiddens[slot] = hidden;
        used[slot] = ++clock;
        return set;
    }
}
