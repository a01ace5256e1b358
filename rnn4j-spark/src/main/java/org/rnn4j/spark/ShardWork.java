package org.rnn4j.spark;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.apache.spark.TaskContext;
import org.apache.spark.broadcast.Broadcast;
import org.rnn4j.api.Parameter;
import org.rnn4j.core.Bptt;
import org.rnn4j.core.Loss;
import org.rnn4j.core.Optimizer;
import org.rnn4j.core.Rnn;

/**
 * What a task does on an executor: one shard's gradient sum for a global step (exact mode), or k
 * local optimizer steps (averaging). Models are built once per executor JVM and training run from
 * the spec's text ({@link ModelWire}) and reused by later tasks (one task at a time per model);
 * each task overwrites every parameter from the step's broadcast first, so a reused or retried
 * task computes exactly what a fresh one would.
 */
final class ShardWork {
    private ShardWork() {
    }

    /** What a task needs besides its shard and the step's broadcast: fixed for a training run. */
    static final class Job implements Serializable {
        private static final long serialVersionUID = 1L;
        final String run;
        final String spec;
        final String backend;
        final Loss loss;
        /** When averaging, the optimizer ({@link ModelWire#encode}); null in the exact mode. */
        final Broadcast<byte[]> optimizer;

        Job(String run, String spec, String backend, Loss loss, Broadcast<byte[]> optimizer) {
            this.run = run;
            this.spec = spec;
            this.backend = backend;
            this.loss = loss;
            this.optimizer = optimizer;
        }
    }

    /** What the driver broadcasts per synchronisation: parameters and, when averaging, optimizer state. */
    static final class Snapshot implements Serializable {
        private static final long serialVersionUID = 1L;
        final double[] parameters;
        final long optimizerSteps;
        final double[][][] optimizerState;

        Snapshot(double[] parameters, long optimizerSteps, double[][][] optimizerState) {
            this.parameters = parameters;
            this.optimizerSteps = optimizerSteps;
            this.optimizerState = optimizerState;
        }

        long bytes() {
            return 8L * (parameters.length + ShardResult.count(optimizerState)) + 8;
        }
    }

    /** One shard's answer. */
    static final class ShardResult implements Serializable {
        private static final long serialVersionUID = 1L;
        final int shard;
        /** Rows (output rows: sequences × counted steps) the loss counted. */
        final long counted;
        /** Σ over counted rows of the row's loss. */
        final double lossSum;
        /** Exact mode: Σ of the rows' gradients; averaging: the shard's parameters after its steps. */
        final double[] values;
        /** Averaging: the shard's optimizer state; null in the exact mode. */
        final double[][][] optimizerState;
        /** Time spent computing (packing, forward, backward, update), in nanoseconds. */
        final long computeNanos;

        ShardResult(int shard, long counted, double lossSum, double[] values, double[][][] optimizerState, long computeNanos) {
            this.shard = shard;
            this.counted = counted;
            this.lossSum = lossSum;
            this.values = values;
            this.optimizerState = optimizerState;
            this.computeNanos = computeNanos;
        }

        long bytes() {
            return 8L * (values.length + count(optimizerState)) + 28;
        }

        static long count(double[][][] state) {
            long n = 0;
            if (state != null) {
                for (double[][] p : state) {
                    for (double[] s : p) {
                        n += s.length;
                    }
                }
            }
            return n;
        }
    }

    /** Called at the start of every task with (first step, shard, attempt): tests inject failures here. */
    interface TaskHook {
        void beforeTask(long globalStep, int shard, int attempt);
    }

    static volatile TaskHook hook = (step, shard, attempt) -> { };

    /** A model with its engine (and, when averaging, an optimizer), used by one task at a time. */
    private static final class Worker {
        final Rnn model;
        final Bptt bptt;
        final double[][] buffers;
        final int size;
        Optimizer optimizer;

        Worker(Job job) {
            this.model = ModelWire.build(job.spec, job.backend);
            this.bptt = model.bptt();
            List<Parameter> ps = model.parameters();
            this.buffers = new double[ps.size()][];
            int n = 0;
            for (int i = 0; i < ps.size(); i++) {
                buffers[i] = new double[ps.get(i).value().size()];
                n += buffers[i].length;
            }
            this.size = n;
        }
    }

    /** Idle workers of the current run; a new run's first task drops the others'. */
    private static final Map<String, ConcurrentLinkedDeque<Worker>> IDLE = new ConcurrentHashMap<>();

    private static Worker take(Job job) {
        ConcurrentLinkedDeque<Worker> idle = IDLE.get(job.run);
        if (idle == null) {
            // A new run: earlier runs' models are not needed any more (not inside computeIfAbsent,
            // whose function must not touch other keys of the map).
            IDLE.keySet().removeIf(k -> !k.equals(job.run));
            idle = IDLE.computeIfAbsent(job.run, r -> new ConcurrentLinkedDeque<>());
        }
        Worker w = idle.pollFirst();
        return w != null ? w : new Worker(job);
    }

    private static void give(Job job, Worker w) {
        ConcurrentLinkedDeque<Worker> idle = IDLE.get(job.run);
        if (idle != null) {
            idle.addFirst(w);
        }
    }

    private static int attempt() {
        TaskContext tc = TaskContext.get();
        return tc == null ? 0 : tc.attemptNumber();
    }

    /**
     * Exact mode: the shard's gradient sum for one global step.
     *
     * @param job the run
     * @param shard the shard's rows
     * @param step the step within the epoch
     * @param globalStep the global step (for the hook)
     * @param snapshot the parameters
     * @return Σ gradients and counted rows
     */
    static ShardResult gradientSum(Job job, Shard shard, int step, long globalStep, Snapshot snapshot) {
        hook.beforeTask(globalStep, shard.index, attempt());
        long t0 = System.nanoTime();
        Worker w = take(job);
        List<Parameter> ps = w.model.parameters();
        double[] sum = new double[snapshot.parameters.length];
        LabeledSequence[] rows = shard.rows(step);
        if (rows.length == 0) {
            give(job, w);
            return new ShardResult(shard.index, 0, 0, sum, null, System.nanoTime() - t0);
        }
        load(w, snapshot.parameters);
        Shard.Packed b = Shard.pack(w.model, job.loss, rows);
        Bptt.Result r = w.bptt.lossAndGradients(b.xs, b.batch, b.targets, b.mask, null);
        int counted = r.counted();
        int off = 0;
        for (int i = 0; i < ps.size(); i++) {
            double[] g = w.buffers[i];
            ps.get(i).gradient().copyTo(g);
            for (int j = 0; j < g.length; j++) {
                // Bptt's gradient is the mean over the counted rows: times the count, their sum.
                sum[off + j] = g[j] * counted;
            }
            off += g.length;
        }
        double lossSum = r.loss() * counted;
        give(job, w);
        return new ShardResult(shard.index, counted, lossSum, sum, null, System.nanoTime() - t0);
    }

    /**
     * Averaging: local optimizer steps on the shard's rows of steps [from, to), from the snapshot.
     *
     * @param job the run
     * @param shard the shard's rows
     * @param from the first step within the epoch
     * @param to the step after the last
     * @param globalStep the global step of {@code from} (for the hook)
     * @param snapshot the parameters and optimizer state to start from
     * @return the shard's parameters and optimizer state afterwards, with the rows counted
     */
    static ShardResult localSteps(Job job, Shard shard, int from, int to, long globalStep, Snapshot snapshot) {
        hook.beforeTask(globalStep, shard.index, attempt());
        long t0 = System.nanoTime();
        Worker w = take(job);
        List<Parameter> ps = w.model.parameters();
        load(w, snapshot.parameters);
        if (w.optimizer == null || snapshot.optimizerState == null) {
            // Before the driver's optimizer first steps it has no state to send: start from a fresh copy, as it is.
            w.optimizer = ModelWire.optimizer(job.optimizer.value(), job.backend, w.model.dtype());
        }
        if (snapshot.optimizerState != null) {
            w.optimizer.restoreState(ps, snapshot.optimizerSteps, snapshot.optimizerState);
        }
        long counted = 0;
        double lossSum = 0;
        for (int step = from; step < to; step++) {
            LabeledSequence[] rows = shard.rows(step);
            if (rows.length == 0) {
                continue;
            }
            Shard.Packed b = Shard.pack(w.model, job.loss, rows);
            Bptt.Result r = w.bptt.lossAndGradients(b.xs, b.batch, b.targets, b.mask, null);
            counted += r.counted();
            lossSum += r.loss() * r.counted();
            w.optimizer.step(ps);
        }
        double[] values = new double[snapshot.parameters.length];
        int off = 0;
        for (int i = 0; i < ps.size(); i++) {
            ps.get(i).value().copyTo(w.buffers[i]);
            System.arraycopy(w.buffers[i], 0, values, off, w.buffers[i].length);
            off += w.buffers[i].length;
        }
        double[][][] state = w.optimizer.stateCopy();
        give(job, w);
        return new ShardResult(shard.index, counted, lossSum, values, state, System.nanoTime() - t0);
    }

    private static void load(Worker w, double[] flat) {
        if (flat.length != w.size) {
            throw new IllegalStateException("the driver sent " + flat.length + " parameter values but " + w.model.spec()
                    + " has " + w.size);
        }
        List<Parameter> ps = w.model.parameters();
        int off = 0;
        for (int i = 0; i < ps.size(); i++) {
            double[] v = w.buffers[i];
            System.arraycopy(flat, off, v, 0, v.length);
            ps.get(i).value().copyFrom(v);
            off += v.length;
        }
    }
}
