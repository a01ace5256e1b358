package org.rnn4j.spark;

import java.util.Locale;

/**
 * What one synchronisation of a {@link SparkTrainer} did: a global step in the exact mode, k of
 * them when averaging. Times are wall-clock on the driver: compute is the slowest shard's time in
 * its task (packing, forward, backward, and the local updates when averaging), sync the rest of the
 * synchronisation (scheduling, broadcast, collecting, reducing, the driver's update). Bytes are the
 * payload (parameters, gradients, optimizer state), not Spark's framing.
 */
public final class StepReport {
    private final int epoch;
    private final int epochs;
    private final long step;
    private final long totalSteps;
    private final int steps;
    private final double loss;
    private final long counted;
    private final long computeNanos;
    private final long totalComputeNanos;
    private final long syncNanos;
    private final long broadcastBytes;
    private final long collectedBytes;

    StepReport(int epoch, int epochs, long step, long totalSteps, int steps, double loss, long counted, long computeNanos,
            long totalComputeNanos, long syncNanos, long broadcastBytes, long collectedBytes) {
        this.epoch = epoch;
        this.epochs = epochs;
        this.step = step;
        this.totalSteps = totalSteps;
        this.steps = steps;
        this.loss = loss;
        this.counted = counted;
        this.computeNanos = computeNanos;
        this.totalComputeNanos = totalComputeNanos;
        this.syncNanos = syncNanos;
        this.broadcastBytes = broadcastBytes;
        this.collectedBytes = collectedBytes;
    }

    /** {@return the epoch, from 1} */
    public int epoch() {
        return epoch;
    }

    /** {@return the number of epochs} */
    public int epochs() {
        return epochs;
    }

    /** {@return global steps done after this synchronisation} */
    public long step() {
        return step;
    }

    /** {@return global steps the whole training takes} */
    public long totalSteps() {
        return totalSteps;
    }

    /** {@return global steps this synchronisation covered: 1 in the exact mode, up to k when averaging} */
    public int steps() {
        return steps;
    }

    /** {@return the loss over the rows counted (before the update, in the exact mode; along the local steps, when averaging)} */
    public double loss() {
        return loss;
    }

    /** {@return the output rows the loss counted} */
    public long counted() {
        return counted;
    }

    /** {@return the slowest shard's compute time, in nanoseconds} */
    public long computeNanos() {
        return computeNanos;
    }

    /** {@return every shard's compute time added up, in nanoseconds: the work one core would do alone} */
    public long totalComputeNanos() {
        return totalComputeNanos;
    }

    /** {@return the synchronisation time (everything but the slowest shard's compute), in nanoseconds} */
    public long syncNanos() {
        return syncNanos;
    }

    /** {@return bytes broadcast to the executors (once per synchronisation, not per task)} */
    public long broadcastBytes() {
        return broadcastBytes;
    }

    /** {@return bytes collected from the shards} */
    public long collectedBytes() {
        return collectedBytes;
    }

    /** {@return bytes moved: broadcast plus collected} */
    public long bytesMoved() {
        return broadcastBytes + collectedBytes;
    }

    /** {@return one progress line: epoch, step, loss, compute and sync time, bytes moved} */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "epoch %d/%d step %d/%d loss %.6f · compute %.1f ms + sync %.1f ms · moved %s (%s broadcast + %s collected)",
                epoch, epochs, step, totalSteps, loss, computeNanos / 1e6, syncNanos / 1e6, kb(bytesMoved()), kb(broadcastBytes),
                kb(collectedBytes));
    }

    private static String kb(long bytes) {
        return String.format(Locale.ROOT, "%.1f kB", bytes / 1000.0);
    }
}
