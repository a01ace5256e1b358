package org.rnn4j.spark;

import java.io.Serializable;

/**
 * How the shards of a {@link SparkTrainer} agree on the parameters.
 *
 * <ul>
 * <li>{@link #everyStep()}: exact synchronous training. Every global step, each shard returns the
 * sum of its rows' gradients and how many rows it counted; the driver adds them in shard order,
 * divides by the global count and takes one optimizer step. The result is the same bits on any
 * number of executors, and in FLOAT64 equals single-JVM training on the same global batch to
 * rounding.</li>
 * <li>{@link #averageEvery(int)}: each shard trains its own copy for k steps on its part of each
 * global batch, with its own copy of the optimizer; then the driver averages parameters and
 * optimizer state, weighting each shard by the rows it counted. Fewer synchronisations, not exact:
 * for k &gt; 1 the result is not that of any single-JVM run (for k = 1 and plain SGD it is the exact
 * mode's, to rounding).</li>
 * </ul>
 */
public final class Sync implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Sync EVERY_STEP = new Sync(0);

    /** Global steps between parameter averages; 0 for exact synchronous training. */
    private final int period;

    private Sync(int period) {
        this.period = period;
    }

    /** {@return exact synchronous training: gradients reduced every global step} */
    public static Sync everyStep() {
        return EVERY_STEP;
    }

    /**
     * Parameter averaging.
     *
     * @param k global steps between averages, at least 1
     * @return averaging every k steps
     * @throws IllegalArgumentException if k is below 1
     */
    public static Sync averageEvery(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("averaging period k must be at least 1, got " + k);
        }
        return new Sync(k);
    }

    /** {@return whether this is the exact mode} */
    public boolean exact() {
        return period == 0;
    }

    /** {@return global steps per synchronisation: 1 in the exact mode, k when averaging} */
    public int period() {
        return period == 0 ? 1 : period;
    }

    @Override
    public String toString() {
        return exact() ? "everyStep" : "averageEvery(" + period + ")";
    }
}
