package org.rnn4j.spark;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.UUID;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.rnn4j.api.Parameter;
import org.rnn4j.core.Checkpoint;
import org.rnn4j.core.Loss;
import org.rnn4j.core.ModelSpec;
import org.rnn4j.core.Optimizer;
import org.rnn4j.core.OutputMode;
import org.rnn4j.core.Rnn;
import org.rnn4j.spi.Backends;
import scala.Tuple2;

/**
 * Data-parallel training of an {@link Rnn} on Apache Spark.
 *
 * <h2>What a global step is</h2>
 * Each epoch orders the N rows by a permutation drawn from the seed and the epoch alone; global step
 * s takes positions [s·G, (s+1)·G) of that order (G the global batch; the last step of an epoch may
 * be smaller). Position p goes to shard {@code (p mod G) mod S} of the S shards, so each shard holds
 * a fixed part of every global batch, whatever the cluster. Shards are Spark partitions, built once
 * per epoch and cached; each global step (or each k steps, averaging) is one Spark job over them.
 *
 * <h2>Exact synchronous mode ({@link Sync#everyStep()})</h2>
 * The driver broadcasts the parameters once per step (one {@code double[]}; tasks on one executor
 * share it). Each shard packs its rows (padded to its longest, padding masked), runs BPTT, and
 * returns the sum of its rows' gradients and how many output rows it counted. The driver adds the
 * shards' sums in shard order, divides by the global count and takes one optimizer step on its own
 * model. Nothing depends on which executor ran which shard, so {@code local[1]}, {@code local[2]}
 * and a cluster give the same bits; the result differs from single-JVM training on the same global
 * batch only by the rounding of summing per shard (about 1e-16 relative per step in FLOAT64).
 *
 * <h2>Parameter averaging ({@link Sync#averageEvery(int)})</h2>
 * The driver broadcasts parameters and optimizer state; each shard runs k local optimizer steps on
 * its part of the next k global batches and returns its parameters and optimizer state; the driver
 * averages both, weighting each shard by the rows it counted. With k = 1 and plain SGD this is the
 * exact mode (to rounding); otherwise it is not any single-JVM run.
 *
 * <h2>Failures, checkpoints, resuming</h2>
 * A task is a pure function of its shard and the step's broadcast, so a task Spark retries returns
 * the same bits. Bad rows fail the fit with an {@link IllegalArgumentException} naming the row's
 * index. With {@link Builder#checkpointEvery}, the driver saves a {@link Checkpoint} (model and
 * optimizer) every n global steps; training starts at global step {@link Optimizer#steps()}, so
 * passing a loaded checkpoint's model and optimizer resumes where it stopped, with the same bits
 * as an uninterrupted run (same data, seed and settings).
 *
 * <p>The model trains on the driver's backend; executors load the backend of the same name (it must
 * be on their class path). Dropout is not supported yet (its masks would depend on which executor
 * ran a shard).
 */
public final class SparkTrainer {
    /** Rows per global step when {@link Builder#globalBatch} is not called. */
    public static final int DEFAULT_GLOBAL_BATCH = 256;
    /** Epochs when {@link Builder#epochs} is not called. */
    public static final int DEFAULT_EPOCHS = 1;
    /** Shards when {@link Builder#shards} is not called: a fixed number, so that results never depend on the cluster. */
    public static final int DEFAULT_SHARDS = 8;
    /** Shuffling seed when {@link Builder#seed} is not called. */
    public static final long DEFAULT_SEED = 1L;

    private final Rnn model;
    private final Optimizer optimizer;
    private final Loss loss;
    private final String features;
    private final String labels;
    private final String lengths;
    private final int globalBatch;
    private final int shards;
    private final Sync sync;
    private final int epochs;
    private final long seed;
    private final Listener listener;
    private final Path checkpointDir;
    private final int checkpointEvery;

    /** Receives a {@link StepReport} after every synchronisation, on the driver. */
    @FunctionalInterface
    public interface Listener {
        /**
         * Called after each synchronisation.
         *
         * @param report what it did
         */
        void onStep(StepReport report);
    }

    private SparkTrainer(Builder b) {
        this.model = b.model;
        this.optimizer = b.optimizer;
        this.loss = b.loss;
        this.features = b.features;
        this.labels = b.labels;
        this.lengths = b.lengths;
        this.globalBatch = b.globalBatch;
        this.shards = b.shards;
        this.sync = b.sync;
        this.epochs = b.epochs;
        this.seed = b.seed;
        this.listener = b.listener;
        this.checkpointDir = b.checkpointDir;
        this.checkpointEvery = b.checkpointEvery;
    }

    /**
     * Starts a trainer for a model: its parameters are where training starts, and it is trained in place.
     *
     * @param model the model (trained in place, on the driver)
     * @param optimizer its optimizer; training starts at global step {@link Optimizer#steps()}
     * @return a builder
     */
    public static Builder builder(Rnn model, Optimizer optimizer) {
        return new Builder(model, optimizer);
    }

    /**
     * Starts a trainer for a model built from a spec on the default backend ({@link Backends#get()}:
     * {@code -Drnn4j.backend} or the highest priority available); executors load the backend of the same name.
     *
     * @param spec the architecture; its seed fixes the initial parameters
     * @param optimizer a fresh optimizer (training starts at global step {@link Optimizer#steps()})
     * @return a builder; {@link #fit} returns the model it trains
     */
    public static Builder builder(ModelSpec spec, Optimizer optimizer) {
        if (spec == null) {
            throw new IllegalArgumentException("spec is null");
        }
        return new Builder(Rnn.builder().spec(spec).backend(Backends.get()).build(), optimizer);
    }

    /**
     * A listener that prints every {@code every}-th report (and the last) as one line.
     *
     * @param out where to print
     * @param every print every this many synchronisations, at least 1
     * @return the listener
     */
    public static Listener progress(PrintStream out, int every) {
        if (out == null) {
            throw new IllegalArgumentException("out is null");
        }
        if (every < 1) {
            throw new IllegalArgumentException("every must be at least 1, got " + every);
        }
        int[] n = {0};
        return r -> {
            if (++n[0] % every == 0 || r.step() == r.totalSteps()) {
                out.println(r);
            }
        };
    }

    /**
     * Trains on a DataFrame with the builder's column names: features {@code array<array<double>>}
     * ([step][feature]); labels {@code array<double>} (a target after the last step),
     * {@code array<array<double>>} (one per step) or an integer class index (one-hot over the model's
     * outputs); optionally lengths, an integer column giving each row's real steps.
     *
     * @param data the rows; their order (with the seed) fixes the training order
     * @return the trained model (the one given to the builder)
     * @throws IllegalArgumentException naming a missing column, or a bad row by its index
     */
    public Rnn fit(Dataset<Row> data) {
        if (data == null) {
            throw new IllegalArgumentException("data is null");
        }
        List<String> columns = List.of(data.columns());
        List<Column> cols = new ArrayList<>();
        for (String c : lengths == null ? List.of(features, labels) : List.of(features, labels, lengths)) {
            if (!columns.contains(c)) {
                throw new IllegalArgumentException("the data has no column '" + c + "'; its columns are " + columns);
            }
            cols.add(data.col(c));
        }
        int out = model.outputSize();
        JavaRDD<Row> rows = data.select(cols.toArray(new Column[0])).toJavaRDD();
        return run(JavaSparkContext.fromSparkContext(data.sparkSession().sparkContext()),
                rows.zipWithIndex().mapToPair(t -> new Tuple2<>(t._2(), Rows.Checked.convert(t._2(), t._1(), out))));
    }

    /**
     * Trains on sequences.
     *
     * @param data the sequences; their order (with the seed) fixes the training order
     * @return the trained model (the one given to the builder)
     * @throws IllegalArgumentException naming a bad row by its index
     */
    public Rnn fit(JavaRDD<LabeledSequence> data) {
        if (data == null) {
            throw new IllegalArgumentException("data is null");
        }
        return run(JavaSparkContext.fromSparkContext(data.context()),
                data.zipWithIndex().mapToPair(t -> new Tuple2<>(t._2(), new Rows.Checked(t._1(), null))));
    }

    /**
     * The order of an epoch: a permutation of [0, n) drawn from the seed and the epoch only.
     *
     * @param n rows
     * @param seed the seed
     * @param epoch the epoch, from 0
     * @return {@code order[p]} = the row at position p
     */
    static int[] epochOrder(int n, long seed, int epoch) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom r = new SplittableRandom(seed).split();
        for (int e = 0; e < epoch; e++) {
            r = r.split();
        }
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    /** Sends position p to shard (p mod G) mod S: the same on every cluster. */
    private static final class ShardPartitioner extends Partitioner {
        private static final long serialVersionUID = 1L;
        private final int shards;
        private final int globalBatch;

        ShardPartitioner(int shards, int globalBatch) {
            this.shards = shards;
            this.globalBatch = globalBatch;
        }

        @Override
        public int numPartitions() {
            return shards;
        }

        @Override
        public int getPartition(Object key) {
            return (int) ((Long) key % globalBatch % shards);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ShardPartitioner && ((ShardPartitioner) o).shards == shards
                    && ((ShardPartitioner) o).globalBatch == globalBatch;
        }

        @Override
        public int hashCode() {
            return 31 * shards + globalBatch;
        }
    }

    private Rnn run(JavaSparkContext sc, JavaPairRDD<Long, Rows.Checked> indexed) {
        int in = model.inputSize();
        int out = model.outputSize();
        List<Broadcast<?>> broadcasts = new ArrayList<>();
        // Bad rows become messages, not failed tasks: Spark would retry a deterministic failure and
        // bury its message in a stack trace. The first bad row (in the data's order) is reported.
        List<Tuple2<Long, Rows.Checked>> first = indexed.take(1);
        if (first.isEmpty()) {
            throw new IllegalArgumentException("the data has no rows");
        }
        OutputMode mode = first.get(0)._2().mode();
        JavaPairRDD<Long, Rows.Checked> all = indexed.mapToPair(t -> new Tuple2<>(t._1(), t._2().check(t._1(), in, out, mode)))
                .persist(StorageLevel.MEMORY_AND_DISK());
        long n = all.count();
        JavaPairRDD<Long, Rows.Checked> bad = all.filter(t -> t._2().error() != null);
        List<Tuple2<Long, Rows.Checked>> firstBad = bad.take(1);
        if (!firstBad.isEmpty()) {
            long more = bad.count() - 1;
            all.unpersist(false);
            throw new IllegalArgumentException(firstBad.get(0)._2().error() + (more > 0 ? " (and " + more + " more bad rows)" : ""));
        }
        JavaPairRDD<Long, LabeledSequence> checked = all.mapValues(Rows.Checked::sequence);
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("the data has " + n + " rows; at most " + (Integer.MAX_VALUE - 8) + " are supported");
        }
        int rowsTotal = (int) n;
        int stepsPerEpoch = (rowsTotal + globalBatch - 1) / globalBatch;
        long total = (long) stepsPerEpoch * epochs;
        Broadcast<byte[]> optimizerWire = sync.exact() ? null : sc.broadcast(ModelWire.encode(model, optimizer));
        if (optimizerWire != null) {
            broadcasts.add(optimizerWire);
        }
        ShardWork.Job job = new ShardWork.Job(UUID.randomUUID().toString(), model.spec().toText(), model.backend().name(), loss,
                optimizerWire);
        Flat flat = new Flat(model.parameters());
        long done = optimizer.steps();
        try {
            for (int epoch = (int) (done / stepsPerEpoch); epoch < epochs && done < total; epoch++) {
                int[] order = epochOrder(rowsTotal, seed, epoch);
                int[] position = new int[rowsTotal];
                for (int p = 0; p < rowsTotal; p++) {
                    position[order[p]] = p;
                }
                Broadcast<int[]> pos = sc.broadcast(position);
                int g = globalBatch;
                JavaRDD<Shard> epochShards = checked
                        .mapToPair(t -> new Tuple2<>((long) pos.value()[(int) (long) t._1()], t._2()))
                        .partitionBy(new ShardPartitioner(shards, g))
                        .mapPartitionsWithIndex((j, it) -> List.of(Shard.of(j, g, it)).iterator(), true)
                        .persist(StorageLevel.MEMORY_AND_DISK());
                try {
                    for (int step = (int) (done - (long) epoch * stepsPerEpoch); step < stepsPerEpoch; ) {
                        int to = Math.min(stepsPerEpoch, step + sync.period());
                        synchronise(sc, job, epochShards, flat, epoch, step, to, done, total);
                        long before = done;
                        done += to - step;
                        step = to;
                        if (checkpointDir != null && (done / checkpointEvery > before / checkpointEvery || done == total)) {
                            save(done);
                        }
                    }
                } finally {
                    epochShards.unpersist(false);
                    pos.destroy();
                }
            }
        } finally {
            all.unpersist(false);
            for (Broadcast<?> b : broadcasts) {
                b.destroy();
            }
        }
        return model;
    }

    private void synchronise(JavaSparkContext sc, ShardWork.Job job, JavaRDD<Shard> epochShards, Flat flat, int epoch, int from,
            int to, long done, long total) {
        long t0 = System.nanoTime();
        double[][][] state = sync.exact() ? null : optimizer.stateCopy();
        ShardWork.Snapshot snap = new ShardWork.Snapshot(flat.read(), optimizer.steps(), state);
        Broadcast<ShardWork.Snapshot> b = sc.broadcast(snap);
        List<ShardWork.ShardResult> results;
        try {
            long globalStep = done;
            if (sync.exact()) {
                results = new ArrayList<>(epochShards.map(sh -> ShardWork.gradientSum(job, sh, from, globalStep, b.value())).collect());
            } else {
                results = new ArrayList<>(epochShards.map(sh -> ShardWork.localSteps(job, sh, from, to, globalStep, b.value())).collect());
            }
        } finally {
            b.destroy();
        }
        results.sort(Comparator.comparingInt(r -> r.shard));
        long counted = 0;
        double lossSum = 0;
        long compute = 0;
        long totalCompute = 0;
        long collected = 0;
        for (ShardWork.ShardResult r : results) {
            counted += r.counted;
            lossSum += r.lossSum;
            compute = Math.max(compute, r.computeNanos);
            totalCompute += r.computeNanos;
            collected += r.bytes();
        }
        if (counted == 0) {
            throw new IllegalStateException("no shard counted a row in steps " + from + " to " + to + " of epoch " + epoch);
        }
        double[] values = new double[snap.parameters.length];
        if (sync.exact()) {
            for (ShardWork.ShardResult r : results) {
                add(values, r.values, 1);
            }
            for (int i = 0; i < values.length; i++) {
                values[i] /= counted;
            }
            flat.writeGradients(values);
            optimizer.step(model.parameters());
        } else {
            double[][][] avg = null;
            for (ShardWork.ShardResult r : results) {
                if (r.counted == 0) {
                    continue;
                }
                double w = (double) r.counted / counted;
                add(values, r.values, w);
                if (r.optimizerState != null) {
                    if (avg == null) {
                        avg = zerosLike(r.optimizerState);
                    }
                    for (int i = 0; i < avg.length; i++) {
                        for (int k = 0; k < avg[i].length; k++) {
                            add(avg[i][k], r.optimizerState[i][k], w);
                        }
                    }
                }
            }
            flat.writeValues(values);
            optimizer.restoreState(model.parameters(), snap.optimizerSteps + (to - from), avg);
        }
        long wall = System.nanoTime() - t0;
        if (listener != null) {
            listener.onStep(new StepReport(epoch + 1, epochs, done + (to - from), total, to - from, lossSum / counted, counted, compute,
                    totalCompute, Math.max(0, wall - compute), snap.bytes(), collected));
        }
    }

    private static void add(double[] sum, double[] v, double w) {
        for (int i = 0; i < sum.length; i++) {
            sum[i] += w == 1 ? v[i] : w * v[i];
        }
    }

    private static double[][][] zerosLike(double[][][] s) {
        double[][][] z = new double[s.length][][];
        for (int i = 0; i < s.length; i++) {
            z[i] = new double[s[i].length][];
            for (int k = 0; k < s[i].length; k++) {
                z[i][k] = new double[s[i][k].length];
            }
        }
        return z;
    }

    private void save(long step) {
        Path file = checkpointDir.resolve(checkpointName(step));
        try {
            Files.createDirectories(checkpointDir);
            Checkpoint.save(file, model, optimizer, null);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot write checkpoint " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The file name of the checkpoint after a global step.
     *
     * @param step global steps done
     * @return {@code step-00000012.ckpt} for step 12
     */
    public static String checkpointName(long step) {
        return String.format(Locale.ROOT, "step-%08d.ckpt", step);
    }

    /** The driver model's parameters as one flat array, in {@link Rnn#parameters()} order. */
    private static final class Flat {
        private final List<Parameter> parameters;
        private final double[][] buffers;
        private final int size;

        Flat(List<Parameter> parameters) {
            this.parameters = parameters;
            this.buffers = new double[parameters.size()][];
            int n = 0;
            for (int i = 0; i < buffers.length; i++) {
                buffers[i] = new double[parameters.get(i).value().size()];
                n += buffers[i].length;
            }
            this.size = n;
        }

        double[] read() {
            double[] flat = new double[size];
            int off = 0;
            for (int i = 0; i < buffers.length; i++) {
                parameters.get(i).value().copyTo(buffers[i]);
                System.arraycopy(buffers[i], 0, flat, off, buffers[i].length);
                off += buffers[i].length;
            }
            return flat;
        }

        void writeGradients(double[] flat) {
            write(flat, true);
        }

        void writeValues(double[] flat) {
            write(flat, false);
        }

        private void write(double[] flat, boolean gradient) {
            int off = 0;
            for (int i = 0; i < buffers.length; i++) {
                System.arraycopy(flat, off, buffers[i], 0, buffers[i].length);
                (gradient ? parameters.get(i).gradient() : parameters.get(i).value()).copyFrom(buffers[i]);
                off += buffers[i].length;
            }
        }
    }

    /** Settings of a {@link SparkTrainer}; {@link #build()} checks them together. */
    public static final class Builder {
        private final Rnn model;
        private final Optimizer optimizer;
        private Loss loss = Loss.MSE;
        private String features = "features";
        private String labels = "labels";
        private String lengths;
        private int globalBatch = DEFAULT_GLOBAL_BATCH;
        private int shards = DEFAULT_SHARDS;
        private Sync sync = Sync.everyStep();
        private int epochs = DEFAULT_EPOCHS;
        private long seed = DEFAULT_SEED;
        private Listener listener;
        private Path checkpointDir;
        private int checkpointEvery;

        private Builder(Rnn model, Optimizer optimizer) {
            if (model == null) {
                throw new IllegalArgumentException("model is null");
            }
            if (optimizer == null) {
                throw new IllegalArgumentException("optimizer is null");
            }
            this.model = model;
            this.optimizer = optimizer;
        }

        /**
         * The loss (default MSE).
         *
         * @param l the loss; softmax cross-entropy needs probability rows or class labels
         * @return this builder
         */
        public Builder loss(Loss l) {
            if (l == null) {
                throw new IllegalArgumentException("loss is null");
            }
            this.loss = l;
            return this;
        }

        /**
         * The DataFrame's features column (default "features"): {@code array<array<double>>}, [step][feature].
         *
         * @param column the column name
         * @return this builder
         */
        public Builder features(String column) {
            this.features = name("features", column);
            return this;
        }

        /**
         * The DataFrame's labels column (default "labels").
         *
         * @param column the column name
         * @return this builder
         */
        public Builder labels(String column) {
            this.labels = name("labels", column);
            return this;
        }

        /**
         * The DataFrame's lengths column (default none: every row's features are all real steps).
         *
         * @param column the column name
         * @return this builder
         */
        public Builder lengths(String column) {
            this.lengths = name("lengths", column);
            return this;
        }

        private static String name(String what, String column) {
            if (column == null || column.isBlank()) {
                throw new IllegalArgumentException(what + " column name is null or blank");
            }
            return column;
        }

        /**
         * Rows per global step, across all shards (default {@value #DEFAULT_GLOBAL_BATCH}).
         *
         * @param g at least 1
         * @return this builder
         */
        public Builder globalBatch(int g) {
            this.globalBatch = positive("globalBatch", g);
            return this;
        }

        /**
         * How many shards (Spark partitions, tasks per step) a global batch is split into (default
         * {@value #DEFAULT_SHARDS}); at least the number of executor cores to use them all. The result
         * depends on this number, never on the executors.
         *
         * @param s at least 1
         * @return this builder
         */
        public Builder shards(int s) {
            this.shards = positive("shards", s);
            return this;
        }

        /**
         * How shards synchronise (default {@link Sync#everyStep()}, exact).
         *
         * @param s the mode
         * @return this builder
         */
        public Builder sync(Sync s) {
            if (s == null) {
                throw new IllegalArgumentException("sync is null");
            }
            this.sync = s;
            return this;
        }

        /**
         * Passes over the data (default {@value #DEFAULT_EPOCHS}).
         *
         * @param n at least 1
         * @return this builder
         */
        public Builder epochs(int n) {
            this.epochs = positive("epochs", n);
            return this;
        }

        /**
         * The shuffling seed (default {@value #DEFAULT_SEED}): with the data's order, it fixes every epoch's order.
         *
         * @param s the seed
         * @return this builder
         */
        public Builder seed(long s) {
            this.seed = s;
            return this;
        }

        /**
         * Receives a report after every synchronisation (see {@link SparkTrainer#progress}).
         *
         * @param l the listener, or null for none
         * @return this builder
         */
        public Builder listener(Listener l) {
            this.listener = l;
            return this;
        }

        /**
         * Saves a checkpoint (model and optimizer) from the driver every n global steps and after
         * the last, as {@code dir/}{@link #checkpointName step-NNNNNNNN.ckpt}. When averaging, at the
         * first synchronisation at or after each multiple of n.
         *
         * @param n at least 1
         * @param dir the directory (created if missing)
         * @return this builder
         */
        public Builder checkpointEvery(int n, Path dir) {
            if (dir == null) {
                throw new IllegalArgumentException("checkpoint directory is null");
            }
            this.checkpointEvery = positive("checkpointEvery", n);
            this.checkpointDir = dir;
            return this;
        }

        private static int positive(String what, int v) {
            if (v < 1) {
                throw new IllegalArgumentException(what + " must be at least 1, got " + v);
            }
            return v;
        }

        /**
         * Checks the settings together.
         *
         * @return the trainer
         * @throws IllegalArgumentException if the model uses dropout (not supported yet)
         */
        public SparkTrainer build() {
            if (model.dropout() > 0) {
                throw new IllegalArgumentException("SparkTrainer does not support dropout yet (the model's is " + model.dropout()
                        + "): its masks would depend on which executor ran a shard");
            }
            return new SparkTrainer(this);
        }
    }
}
