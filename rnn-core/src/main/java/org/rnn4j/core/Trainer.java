package org.rnn4j.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.rnn4j.api.Parameter;
import org.rnn4j.api.Tensor;

/**
 * Trains an {@link Rnn} on a {@link SequenceDataset}: epochs of shuffled mini-batches, each an
 * update by full BPTT (or, with {@link Builder#truncated}, one update per chunk of truncated BPTT),
 * with optional gradient clipping, validation loss after every epoch, early stopping, a
 * learning-rate schedule and a progress listener.
 *
 * <p>The first non-finite loss, gradient or updated value stops training with a
 * {@link TrainingDivergedException} naming the epoch, the step and the value; nothing of that step
 * is written. A non-finite loss means the previous update made values that overflow (finite, but too
 * large for the loss), so that update is taken back too: the model and the optimizer are left at the
 * state in which the last finite loss was computed ({@link TrainingDivergedException#finiteStep()}). Progress goes to the {@link TrainingListener} ({@link ProgressListener} is a ready one)
 * and, as events (start, every epoch, early stop, divergence), to the {@link System.Logger} named
 * {@code org.rnn4j.core.Trainer}, so SLF4J and Log4j users see them where they look. Buffers are
 * made once per batch size, so after the first batch of a shape an update allocates no tensors.
 */
public final class Trainer {
    /**
     * Training events go here, {@code org.rnn4j.core.Trainer}: the start and every epoch at DEBUG, an
     * early stop at INFO, a divergence at WARNING (so a default logging set-up shows only the last two).
     */
    private static final System.Logger LOG = System.getLogger(Trainer.class.getName());
    /** The default mini-batch size. */
    public static final int DEFAULT_BATCH_SIZE = 32;
    /** The default number of epochs. */
    public static final int DEFAULT_EPOCHS = 10;
    /** The default shuffling seed. */
    public static final long DEFAULT_SHUFFLE_SEED = 1L;

    /**
     * Maps an epoch (from 1) and the initial learning rate to the epoch's learning rate. A lambda is a
     * stateless schedule; {@link Schedules} has ready ones (step, exponential, cosine with warm-up,
     * reduce-on-plateau), which compose with {@link #andThen} and save with {@link Schedules#record}.
     */
    @FunctionalInterface
    public interface LearningRateSchedule {
        /**
         * Returns the learning rate of an epoch.
         *
         * @param epoch the epoch, from 1 (counted across a {@link Builder#resume}d run)
         * @param initialRate the optimizer's learning rate when training started
         * @return the rate for this epoch, positive
         */
        double rate(int epoch, double initialRate);

        /**
         * Called after every epoch with its losses (what reduce-on-plateau watches); does nothing by default.
         *
         * @param epoch the epoch that ended, from 1
         * @param trainLoss its mean training loss
         * @param validationLoss its validation loss, or NaN without validation data
         */
        default void observe(int epoch, double trainLoss, double validationLoss) {
        }

        /** {@return the schedule's state, finite values to save ({@link Schedules#record}); empty by default (stateless)} */
        default double[] state() {
            return new double[0];
        }

        /**
         * Puts back what {@link #state()} returned.
         *
         * @param state (input, not modified) the saved state
         * @throws IllegalArgumentException if it does not fit this schedule (by default: unless it is empty)
         */
        default void restore(double[] state) {
            Schedules.requireState(this, state, 0);
        }

        /**
         * Composes: {@code next} gets this schedule's rate as its initial rate, both observe every epoch, and the state
         * is this one's followed by next's.
         *
         * @param next the schedule applied to this one's rate
         * @return the composition
         * @throws IllegalArgumentException if next is null
         */
        default LearningRateSchedule andThen(LearningRateSchedule next) {
            Checks.requireNonNull("next", next);
            LearningRateSchedule first = this;
            return new LearningRateSchedule() {
                @Override
                public double rate(int epoch, double initialRate) {
                    return next.rate(epoch, first.rate(epoch, initialRate));
                }

                @Override
                public void observe(int epoch, double trainLoss, double validationLoss) {
                    first.observe(epoch, trainLoss, validationLoss);
                    next.observe(epoch, trainLoss, validationLoss);
                }

                @Override
                public double[] state() {
                    double[] a = first.state();
                    double[] b = next.state();
                    double[] s = java.util.Arrays.copyOf(a, a.length + b.length);
                    System.arraycopy(b, 0, s, a.length, b.length);
                    return s;
                }

                @Override
                public void restore(double[] state) {
                    int n = first.state().length;
                    Schedules.requireState(this, state, n + next.state().length);
                    first.restore(java.util.Arrays.copyOfRange(state, 0, n));
                    next.restore(java.util.Arrays.copyOfRange(state, n, state.length));
                }

                @Override
                public String toString() {
                    return first + " then " + next;
                }
            };
        }
    }

    private final Rnn model;
    private final Optimizer optimizer;
    private final int epochs;
    private final int batchSize;
    private final boolean shuffle;
    private final long shuffleSeed;
    private final TruncatedBptt truncated;
    private final double clipValue;
    private final double clipNorm;
    private final SequenceDataset validation;
    private final int patience;
    private final double minDelta;
    private final LearningRateSchedule schedule;
    private final int epochsDone;
    private final double resumeRate;
    private final TrainingListener listener;
    private final BatchSlot[] slots = new BatchSlot[2];
    /** The best epoch's parameters under early stopping (during fit), what a divergence restores. */
    private double[][] bestValues;
    private int bestEpoch;
    /**
     * The parameters before the last update that went through (on the model's backend, made once),
     * and that update's epoch and step (0 while there is none in this fit): the state in which its
     * finite loss was computed, where a divergence that the update's values cause rolls back to.
     */
    private Tensor[] beforeUpdate;
    private int updateEpoch;
    private int updateStep;
    private final BatchSlot[] evaluationSlots = new BatchSlot[2];

    private Trainer(Builder b) {
        this.model = b.model;
        this.optimizer = b.optimizer;
        this.epochs = b.epochs;
        this.batchSize = b.batchSize;
        this.shuffle = b.shuffle;
        this.shuffleSeed = b.shuffleSeed;
        this.truncated = b.truncated;
        this.clipValue = b.clipValue;
        this.clipNorm = b.clipNorm;
        this.validation = b.validation;
        this.patience = b.patience;
        this.minDelta = b.minDelta;
        this.schedule = b.schedule;
        this.epochsDone = b.epochsDone;
        this.resumeRate = b.resumeRate;
        this.listener = b.listener != null ? b.listener : new TrainingListener() { };
    }

    /**
     * Starts configuring training of a model.
     *
     * @param model the network to train
     * @param optimizer the update rule
     * @return a builder
     */
    public static Builder builder(Rnn model, Optimizer optimizer) {
        return new Builder(model, optimizer);
    }

    /** What {@link #fit} did. */
    public static final class Result {
        private final List<Double> trainLosses;
        private final List<Double> validationLosses;
        private final int bestEpoch;
        private final boolean stoppedEarly;

        Result(List<Double> trainLosses, List<Double> validationLosses, int bestEpoch, boolean stoppedEarly) {
            this.trainLosses = List.copyOf(trainLosses);
            this.validationLosses = List.copyOf(validationLosses);
            this.bestEpoch = bestEpoch;
            this.stoppedEarly = stoppedEarly;
        }

        /** {@return mean training loss per epoch run} */
        public List<Double> trainLosses() {
            return trainLosses;
        }

        /** {@return validation loss per epoch run (empty without validation data)} */
        public List<Double> validationLosses() {
            return validationLosses;
        }

        /** {@return the epoch with the lowest validation loss (0 without validation data)} */
        public int bestEpoch() {
            return bestEpoch;
        }

        /** {@return whether early stopping ended training before the planned epochs} */
        public boolean stoppedEarly() {
            return stoppedEarly;
        }

        /** {@return the number of epochs run} */
        public int epochsRun() {
            return trainLosses.size();
        }
    }

    /** Host and device buffers for one batch size. */
    private static final class BatchSlot {
        final int batch;
        final double[] xHost;
        final Tensor xs;
        final double[] yHost;
        final Targets targets;
        final double[] maskHost;
        final Mask mask;

        BatchSlot(Rnn m, SequenceDataset d, int batch) {
            this.batch = batch;
            xHost = new double[d.steps * batch * d.features];
            xs = m.backend().zeros(m.dtype(), d.steps * batch, d.features);
            int rows = d.mode == OutputMode.LAST_STEP ? batch : d.steps * batch;
            yHost = new double[rows * d.outputs];
            targets = Targets.view(d.loss, d.mode, d.mode == OutputMode.LAST_STEP ? 1 : d.steps, batch, d.outputs, yHost);
            maskHost = d.lengths == null ? null : new double[d.steps * batch];
            mask = d.lengths == null ? null : Mask.view(d.steps, batch, maskHost);
        }

        /** Gathers sequences order[from … from+batch) time-major into the buffers. */
        void fill(SequenceDataset d, int[] order, int from) {
            int steps = d.steps;
            int feat = d.features;
            int out = d.outputs;
            for (int k = 0; k < batch; k++) {
                int n = order[from + k];
                for (int t = 0; t < steps; t++) {
                    System.arraycopy(d.x, (n * steps + t) * feat, xHost, (t * batch + k) * feat, feat);
                    if (d.mode == OutputMode.EVERY_STEP) {
                        System.arraycopy(d.y, (n * steps + t) * out, yHost, (t * batch + k) * out, out);
                    }
                    if (maskHost != null) {
                        maskHost[t * batch + k] = t < d.lengths[n] ? 1 : 0;
                    }
                }
                if (d.mode == OutputMode.LAST_STEP) {
                    System.arraycopy(d.y, n * out, yHost, k * out, out);
                }
            }
            xs.copyFrom(xHost);
        }
    }

    private BatchSlot slot(BatchSlot[] cache, SequenceDataset d, int batch) {
        for (BatchSlot s : cache) {
            if (s != null && s.batch == batch && s.xHost.length == d.steps * batch * d.features
                    && s.yHost.length == (d.mode == OutputMode.LAST_STEP ? 1 : d.steps) * batch * d.outputs
                    && (s.mask != null) == (d.lengths != null) && s.targets.loss() == d.loss && s.targets.mode() == d.mode) {
                return s;
            }
        }
        BatchSlot s = new BatchSlot(model, d, batch);
        // Keep the full-size slot; the remainder slot is replaced when a new size appears.
        cache[cache[0] == null ? 0 : 1] = s;
        return s;
    }

    private static String describe(Rnn m) {
        return m.depth() + "-layer " + m.direction().qualifier() + m.cellType().name().toLowerCase(Locale.ROOT) + " network (I="
                + m.inputSize() + ", H=" + m.hiddenSize() + ", O=" + m.outputSize() + ", " + m.dtype() + ")";
    }

    private void requireCompatible(String what, SequenceDataset d) {
        if (d == null) {
            throw new IllegalArgumentException(what + " is null");
        }
        if (d.features != model.inputSize()) {
            throw new IllegalArgumentException(what + " has " + d.features + " features per step but U expects " + model.inputSize());
        }
        if (d.outputs != model.outputSize()) {
            throw new IllegalArgumentException(what + " has " + d.outputs + " targets per row but V produces " + model.outputSize());
        }
        if (truncated != null && d.mode != OutputMode.EVERY_STEP) {
            throw new IllegalArgumentException("truncated BPTT needs a target at every step; " + what + " has one per sequence");
        }
    }

    /**
     * Trains.
     *
     * @param train the training data
     * @return the losses per epoch and how training ended
     * @throws TrainingDivergedException at the first non-finite loss, gradient or updated value; the
     *     model and the optimizer are then at the state in which the last finite loss was computed (or,
     *     with early stopping, the parameters at the best epoch's)
     * @throws java.util.ConcurrentModificationException if another thread uses the model meanwhile
     */
    public Result fit(SequenceDataset train) {
        model.guard.enter("Trainer.fit");
        try {
            return fitGuarded(train);
        } finally {
            model.guard.exit();
        }
    }

    private Result fitGuarded(SequenceDataset train) {
        requireCompatible("the training set", train);
        if (validation != null) {
            requireCompatible("the validation set", validation);
        }
        List<Parameter> params = model.parameters();
        int n = train.size;
        int batch = Math.min(batchSize, n);
        int batches = (n + batch - 1) / batch;
        int chunks = truncated == null ? 1 : (train.steps + truncated.k1() - 1) / truncated.k1();
        int stepsPerEpoch = batches * chunks;
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(shuffleSeed);
        double initialRate = resumeRate > 0 ? resumeRate : optimizer.learningRate();
        List<Double> trainLosses = new ArrayList<>();
        List<Double> validationLosses = new ArrayList<>();
        double best = Double.POSITIVE_INFINITY;
        bestEpoch = 0;
        bestValues = null;
        updateEpoch = 0;
        updateStep = 0;
        boolean stoppedEarly = false;
        int[] stepCounter = new int[1];

        LOG.log(System.Logger.Level.DEBUG, () -> String.format(Locale.ROOT, "training a %s on %s: %d sequences, %d epochs, batches of %d, %s",
                describe(model), model.backend().name(), n, epochs, batch, optimizer));
        for (int epoch = 1; epoch <= epochs; epoch++) {
            long t0 = System.nanoTime();
            if (schedule != null) {
                double rate = schedule.rate(epochsDone + epoch, initialRate);
                if (!(rate > 0) || !Double.isFinite(rate)) {
                    throw new IllegalArgumentException("the learning-rate schedule " + schedule + " gave " + rate + " for epoch "
                            + (epochsDone + epoch) + " (initial rate " + initialRate + "); a rate must be positive and finite");
                }
                optimizer.setLearningRate(rate);
            }
            if (shuffle) {
                // A resumed run first replays the shuffles of the epochs already done, so it sees the same orders.
                for (int replay = epoch == 1 ? epochsDone : 0; replay >= 0; replay--) {
                    shuffle(order, random);
                }
            }
            listener.onEpochStart(epoch, epochs, stepsPerEpoch);
            double sum = 0;
            long counted = 0;
            stepCounter[0] = 0;
            final int ep = epoch;
            for (int k = 0; k < batches; k++) {
                int from = k * batch;
                int nb = Math.min(batch, n - from);
                BatchSlot s = slot(slots, train, nb);
                s.fill(train, order, from);
                if (truncated == null) {
                    Bptt.Result r = model.bptt().lossAndGradients(s.xs, nb, s.targets, s.mask, null);
                    if (r.counted() > 0) {
                        update(params, ep, ++stepCounter[0], stepsPerEpoch, r.loss());
                        sum += r.loss() * r.counted();
                        counted += r.counted();
                    }
                } else {
                    double loss = truncated.run(model, s.xs, nb, s.targets, s.mask, null,
                            (chunk, a, b, chunkLoss) -> update(params, ep, ++stepCounter[0], stepsPerEpoch, chunkLoss));
                    sum += loss * truncated.lastCounted();
                    counted += truncated.lastCounted();
                }
            }
            // The mean over every counted output row, whatever the batching.
            double trainLoss = counted == 0 ? 0 : sum / counted;
            trainLosses.add(trainLoss);
            double valLoss = Double.NaN;
            if (validation != null) {
                valLoss = evaluate(validation);
                validationLosses.add(valLoss);
                if (valLoss < best - minDelta) {
                    best = valLoss;
                    bestEpoch = epoch;
                    if (patience > 0) {
                        bestValues = snapshot(params, bestValues);
                    }
                }
            }
            if (schedule != null) {
                schedule.observe(epochsDone + epoch, trainLoss, valLoss);
            }
            TrainingListener.EpochSummary summary = new TrainingListener.EpochSummary(epoch, trainLoss, valLoss, optimizer.learningRate(),
                    (System.nanoTime() - t0) / 1_000_000);
            LOG.log(System.Logger.Level.DEBUG, () -> String.format(Locale.ROOT, "epoch %d/%d: train loss %.4e%s, %d ms", summary.epoch(), epochs,
                    summary.trainLoss(), Double.isNaN(summary.validationLoss()) ? ""
                            : String.format(Locale.ROOT, ", validation loss %.4e", summary.validationLoss()), summary.millis()));
            listener.onEpochEnd(summary);
            if (patience > 0 && epoch - bestEpoch >= patience) {
                stoppedEarly = epoch < epochs;
                int stopped = epoch;
                LOG.log(System.Logger.Level.INFO, () -> "early stop after epoch " + stopped + ": no improvement for " + patience
                        + " epochs; the parameters of epoch " + bestEpoch + " are restored");
                break;
            }
        }
        if (patience > 0 && bestValues != null) {
            restoreBest(params);
        }
        return new Result(trainLosses, validationLosses, bestEpoch, stoppedEarly);
    }

    /** One Fisher–Yates shuffle of the order, in place. */
    private static void shuffle(int[] order, SplittableRandom random) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int tmp = order[i];
            order[i] = order[j];
            order[j] = tmp;
        }
    }

    private void update(List<Parameter> params, int epoch, int step, int stepsPerEpoch, double loss) {
        if (!Double.isFinite(loss)) {
            // The last update made values that overflow (finite, but the loss is not): take it back.
            if (updateStep > 0) {
                Optimizer.beginUpdate(params);
                for (int i = 0; i < params.size(); i++) {
                    params.get(i).value().backend().copyInto(beforeUpdate[i], params.get(i).value());
                }
                Optimizer.endUpdate(params);
                optimizer.undoLastStep();
                throw diverged(epoch, step, "the loss", loss, null, updateEpoch, updateStep);
            }
            throw diverged(epoch, step, "the loss", loss, null, epoch, step);
        }
        for (int i = 0; i < params.size(); i++) {
            Parameter p = params.get(i);
            if (!Double.isFinite(p.value().backend().squaredNorm(p.gradient()))) {
                double[] g = p.gradient().toDoubleArray();
                for (int j = 0; j < g.length; j++) {
                    if (!Double.isFinite(g[j])) {
                        throw diverged(epoch, step, "the gradient of " + p.name() + "[" + j / p.value().cols() + "," + j % p.value().cols() + "]",
                                g[j], null, epoch, step);
                    }
                }
            }
        }
        if (clipValue > 0) {
            Clipping.byValue(params, clipValue);
        }
        if (clipNorm > 0) {
            Clipping.byGlobalNorm(params, clipNorm);
        }
        if (beforeUpdate == null) {
            beforeUpdate = new Tensor[params.size()];
            for (int i = 0; i < params.size(); i++) {
                Tensor v = params.get(i).value();
                beforeUpdate[i] = v.backend().zeros(v.dtype(), v.rows(), v.cols());
            }
        }
        for (int i = 0; i < params.size(); i++) {
            params.get(i).value().backend().copyInto(params.get(i).value(), beforeUpdate[i]);
        }
        try {
            optimizer.step(params);
        } catch (NonFiniteUpdateException e) {
            throw diverged(epoch, step, "the updated value of " + e.parameter() + "[" + e.row() + "," + e.col() + "]", e.value(), e, epoch,
                    step);
        }
        updateEpoch = epoch;
        updateStep = step;
        listener.onStep(epoch, step, stepsPerEpoch, loss);
    }

    /**
     * The model and the optimizer are at the state in which step (finiteEpoch, finiteStep) computed
     * its finite loss (the caller rolled back to it, or wrote nothing of this step); with early
     * stopping and a best epoch, the parameters go back to that epoch's.
     */
    private TrainingDivergedException diverged(int epoch, int step, String what, double value, Throwable cause, int finiteEpoch,
            int finiteStep) {
        String left;
        boolean rolledBack = finiteEpoch != epoch || finiteStep != step;
        String optimizerAt = rolledBack ? "the update of epoch " + finiteEpoch + ", step " + finiteStep + " (the last step whose loss was finite)"
                + " was taken back" : "nothing of this step was written";
        if (bestValues != null) {
            restoreBest(model.parameters());
            left = "the parameters were restored to the best epoch, " + bestEpoch + " (early stopping); "
                    + (rolledBack ? optimizerAt + " from the optimizer" : "the optimizer is at its last finite step");
        } else if (rolledBack) {
            left = optimizerAt + ": the model and the optimizer are at their state before it";
        } else {
            left = "the model and the optimizer are at their last finite state, before this step";
        }
        TrainingDivergedException e = new TrainingDivergedException(epoch, step, what, value, left, bestValues != null, finiteEpoch,
                finiteStep);
        if (cause != null) {
            e.initCause(cause);
        }
        LOG.log(System.Logger.Level.WARNING, e.getMessage());
        listener.onDiverged(e);
        return e;
    }

    /** Writes the best epoch's parameters back, marked as an update for replicas on other threads. */
    private void restoreBest(List<Parameter> params) {
        Optimizer.beginUpdate(params);
        for (int i = 0; i < params.size(); i++) {
            params.get(i).value().copyFrom(bestValues[i]);
        }
        Optimizer.endUpdate(params);
    }

    private static double[][] snapshot(List<Parameter> params, double[][] into) {
        double[][] out = into != null ? into : new double[params.size()][];
        for (int i = 0; i < params.size(); i++) {
            if (out[i] == null) {
                out[i] = new double[params.get(i).value().size()];
            }
            params.get(i).value().copyTo(out[i]);
        }
        return out;
    }

    /**
     * The mean loss of the model on a data set (forward only; no gradients, no update), in batches
     * of the training batch size.
     *
     * @param data the data
     * @return the mean loss over every counted output row (unmasked steps of every sequence), whatever
     *     the batch size
     */
    public double evaluate(SequenceDataset data) {
        model.guard.enter("Trainer.evaluate");
        try {
            return evaluateGuarded(data);
        } finally {
            model.guard.exit();
        }
    }

    private double evaluateGuarded(SequenceDataset data) {
        requireCompatible("the data set", data);
        int n = data.size;
        int batch = Math.min(batchSize, n);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        double sum = 0;
        long counted = 0;
        for (int from = 0; from < n; from += batch) {
            int nb = Math.min(batch, n - from);
            BatchSlot s = slot(evaluationSlots, data, nb);
            s.fill(data, order, from);
            Bptt.Result r = model.bptt().loss(s.xs, nb, s.targets, s.mask, null);
            sum += r.loss() * r.counted();
            counted += r.counted();
        }
        return counted == 0 ? 0 : sum / counted;
    }

    /** Configures a {@link Trainer}; every setting is validated in {@link #build()}. */
    public static final class Builder {
        private final Rnn model;
        private final Optimizer optimizer;
        private int epochs = DEFAULT_EPOCHS;
        private int batchSize = DEFAULT_BATCH_SIZE;
        private boolean shuffle = true;
        private long shuffleSeed = DEFAULT_SHUFFLE_SEED;
        private TruncatedBptt truncated;
        private double clipValue;
        private double clipNorm;
        private SequenceDataset validation;
        private int patience;
        private double minDelta;
        private LearningRateSchedule schedule;
        private int epochsDone;
        private double resumeRate;
        private TrainingListener listener;

        private Builder(Rnn model, Optimizer optimizer) {
            this.model = model;
            this.optimizer = optimizer;
        }

        /**
         * Sets the number of epochs.
         *
         * @param n epochs, at least 1 (default {@value Trainer#DEFAULT_EPOCHS})
         * @return this builder
         */
        public Builder epochs(int n) {
            this.epochs = n;
            return this;
        }

        /**
         * Sets the mini-batch size.
         *
         * @param n sequences per update, at least 1 (default {@value Trainer#DEFAULT_BATCH_SIZE})
         * @return this builder
         */
        public Builder batchSize(int n) {
            this.batchSize = n;
            return this;
        }

        /**
         * Sets shuffling of the training order before every epoch.
         *
         * @param on whether to shuffle every epoch
         * @param seed the shuffling seed
         * @return this builder
         */
        public Builder shuffle(boolean on, long seed) {
            this.shuffle = on;
            this.shuffleSeed = seed;
            return this;
        }

        /**
         * Trains with truncated BPTT(k1, k2) instead of full BPTT (see TruncatedBptt).
         *
         * @param k1 steps per update
         * @param k2 steps back, at least k1
         * @return this builder
         */
        public Builder truncated(int k1, int k2) {
            this.truncated = new TruncatedBptt(k1, k2);
            return this;
        }

        /**
         * Clips every gradient element before each update.
         *
         * @param limit clip every gradient element to [−limit, limit]
         * @return this builder
         */
        public Builder clipByValue(double limit) {
            this.clipValue = limit;
            return this;
        }

        /**
         * Rescales the gradients to a bounded global L2 norm before each update.
         *
         * @param maxNorm rescale gradients to a global L2 norm of at most this
         * @return this builder
         */
        public Builder clipByGlobalNorm(double maxNorm) {
            this.clipNorm = maxNorm;
            return this;
        }

        /**
         * Sets validation data, evaluated after every epoch.
         *
         * @param data validation data, evaluated after every epoch
         * @return this builder
         */
        public Builder validation(SequenceDataset data) {
            this.validation = data;
            return this;
        }

        /**
         * Stops when the validation loss has not improved by more than {@code minDelta} for
         * {@code patience} epochs, and restores the parameters of the best epoch.
         *
         * @param patience epochs without improvement, at least 1
         * @param minDelta the smallest improvement that counts, at least 0
         * @return this
         */
        public Builder earlyStopping(int patience, double minDelta) {
            if (patience < 1) {
                throw new IllegalArgumentException("early stopping patience must be at least 1 epoch, got " + patience);
            }
            this.patience = patience;
            this.minDelta = minDelta;
            return this;
        }

        /**
         * Sets a learning-rate schedule, applied at the start of every epoch.
         *
         * @param s the learning rate per epoch
         * @return this builder
         */
        public Builder schedule(LearningRateSchedule s) {
            this.schedule = s;
            return this;
        }

        /**
         * Continues a run saved after {@code epochsDone} epochs: the schedule sees epochs
         * {@code epochsDone + 1 …} and the run's initial rate instead of the optimizer's current one
         * (restore the schedule's own state with {@link Schedules#restore}), and shuffling continues
         * where it stood after those epochs (same seed), so with the model and optimizer from the
         * checkpoint the run goes on as if it had not stopped (dropout masks excepted: their random
         * stream is not saved). Listeners and {@link Result} still count this fit's epochs from 1.
         *
         * @param progress what {@link Schedules#restore} returned
         * @return this builder
         * @throws IllegalArgumentException if progress is null
         */
        public Builder resume(Schedules.Progress progress) {
            Checks.requireNonNull("progress", progress);
            this.epochsDone = progress.epochsDone();
            this.resumeRate = progress.initialRate();
            return this;
        }

        /**
         * Sets a progress listener.
         *
         * @param l progress listener
         * @return this builder
         */
        public Builder listener(TrainingListener l) {
            this.listener = l;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @return the trainer
         */
        public Trainer build() {
            if (model == null) {
                throw new IllegalArgumentException("model is null");
            }
            if (optimizer == null) {
                throw new IllegalArgumentException("optimizer is null");
            }
            Checks.requirePositive("epochs", epochs);
            Checks.requirePositive("batchSize", batchSize);
            if (clipValue < 0 || clipNorm < 0 || !Double.isFinite(clipValue) || !Double.isFinite(clipNorm)) {
                throw new IllegalArgumentException("clipping bounds must be positive and finite, got value " + clipValue + ", norm " + clipNorm);
            }
            if (patience < 0 || !(minDelta >= 0)) {
                throw new IllegalArgumentException("early stopping needs patience ≥ 1 and minDelta ≥ 0, got " + patience + " and " + minDelta);
            }
            if (patience > 0 && validation == null) {
                throw new IllegalArgumentException("early stopping needs validation data: call validation(...)");
            }
            return new Trainer(this);
        }
    }
}
