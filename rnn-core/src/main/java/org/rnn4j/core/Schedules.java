package org.rnn4j.core;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.rnn4j.core.Trainer.LearningRateSchedule;

/**
 * Ready learning-rate schedules for {@link Trainer.Builder#schedule}, for every optimizer. Epochs count
 * from 1 and r₀ is the optimizer's rate when training started:
 * <pre>
 * constant                         r = r₀
 * step(k, γ)                       r = r₀ · γ^⌊(e−1)/k⌋
 * exponential(γ)                   r = r₀ · γ^(e−1)
 * cosine(T, w, r_min)              r = r₀ · e/w                                     for e ≤ w (linear warm-up; w = 0: none)
 *                                  r = r_min + (r₀ − r_min)·(1 + cos(π·min(e−w−1, T−w)/(T−w)))/2   after it
 * reduceOnPlateau(γ, p, δ, r_min)  r = max(r_min, r₀ · γ^k), k the reductions so far: one each time the
 *                                  watched loss (validation loss if there is one, else training loss) has
 *                                  not improved on its best by more than δ for p epochs in a row
 * </pre>
 * Composition: {@code a.andThen(b)} gives b the rate a computed as its r₀, so {@code step(10, 0.5)
 * .andThen(reduceOnPlateau(0.5, 3, 0, 1e-6))} halves every 10 epochs and on every plateau.
 *
 * <h2>Saving and resuming</h2>
 * {@link #record} captures a schedule's state (reduce-on-plateau's best loss, patience count and
 * reductions), the initial rate and the epochs done as {@link CheckpointMetadata} entries
 * ({@code schedule.*}) to save beside the checkpoint of the model and optimizer; {@link #restore} puts
 * them back and {@link Trainer.Builder#resume} continues the epoch count, so a run split in two with a
 * save in between takes the same rates (and, without shuffling, the same steps) as one uninterrupted run.
 */
public final class Schedules {
    /** The side-record key of the initial rate and the epochs done. */
    public static final String PROGRESS_KEY = "schedule.progress";
    /** The side-record key of the schedule's own state. */
    public static final String STATE_KEY = "schedule.state";

    private Schedules() {
    }

    /** {@return the schedule that keeps r₀} */
    public static LearningRateSchedule constant() {
        return named("constant", (e, r) -> r);
    }

    /**
     * Step decay.
     *
     * @param everyEpochs k ≥ 1: the rate changes after every k epochs
     * @param factor γ in (0, 1]: what it is multiplied by
     * @return the schedule
     * @throws IllegalArgumentException if k &lt; 1 or γ is outside (0, 1]
     */
    public static LearningRateSchedule step(int everyEpochs, double factor) {
        Checks.requirePositive("everyEpochs", everyEpochs);
        requireFactor(factor);
        return named(String.format(Locale.ROOT, "step(%d, %s)", everyEpochs, factor), (e, r) -> r * Math.pow(factor, (e - 1) / everyEpochs));
    }

    /**
     * Exponential decay.
     *
     * @param factor γ in (0, 1]: the rate is multiplied by it after every epoch
     * @return the schedule
     * @throws IllegalArgumentException if γ is outside (0, 1]
     */
    public static LearningRateSchedule exponential(double factor) {
        requireFactor(factor);
        return named("exponential(" + factor + ")", (e, r) -> r * Math.pow(factor, e - 1));
    }

    /**
     * Cosine annealing from r₀ to r_min over T epochs, after a linear warm-up of w epochs; r_min from epoch T + 1 on.
     *
     * @param epochs T ≥ 1, the epochs of warm-up and decay together
     * @param warmupEpochs w in [0, T)
     * @param minRate r_min ≥ 0 (a positive r_min keeps the rate positive at the end, as optimizers require)
     * @return the schedule
     * @throws IllegalArgumentException if T &lt; 1, w is outside [0, T) or r_min is negative or not finite
     */
    public static LearningRateSchedule cosine(int epochs, int warmupEpochs, double minRate) {
        Checks.requirePositive("epochs", epochs);
        if (warmupEpochs < 0 || warmupEpochs >= epochs) {
            throw new IllegalArgumentException("warmupEpochs must be in [0, " + epochs + "), got " + warmupEpochs);
        }
        requireMinRate(minRate);
        int decay = epochs - warmupEpochs;
        return named(String.format(Locale.ROOT, "cosine(%d, warm-up %d, min %s)", epochs, warmupEpochs, minRate), (e, r) -> {
            if (e <= warmupEpochs) {
                return r * e / warmupEpochs;
            }
            double t = Math.min(e - warmupEpochs - 1, decay) / (double) decay;
            return minRate + (r - minRate) * (1 + Math.cos(Math.PI * t)) / 2;
        });
    }

    /**
     * Reduce on plateau: multiplies the rate by γ when the watched loss stops improving.
     *
     * @param factor γ in (0, 1)
     * @param patience p ≥ 1 epochs without improvement before a reduction
     * @param minDelta δ ≥ 0: an improvement must beat the best loss by more than this
     * @param minRate the rate never goes below this (≥ 0)
     * @return a new schedule with its own state (do not share one between trainers)
     * @throws IllegalArgumentException if an argument is outside its range
     */
    public static LearningRateSchedule reduceOnPlateau(double factor, int patience, double minDelta, double minRate) {
        if (!(factor > 0 && factor < 1)) {
            throw new IllegalArgumentException("factor must be in (0, 1), got " + factor);
        }
        Checks.requirePositive("patience", patience);
        if (!(minDelta >= 0) || !Double.isFinite(minDelta)) {
            throw new IllegalArgumentException("minDelta must be finite and ≥ 0, got " + minDelta);
        }
        requireMinRate(minRate);
        return new Plateau(factor, patience, minDelta, minRate);
    }

    /** The stateful reduce-on-plateau schedule. */
    private static final class Plateau implements LearningRateSchedule {
        private final double factor;
        private final int patience;
        private final double minDelta;
        private final double minRate;
        private boolean seen;
        private double best;
        private int wait;
        private int reductions;

        Plateau(double factor, int patience, double minDelta, double minRate) {
            this.factor = factor;
            this.patience = patience;
            this.minDelta = minDelta;
            this.minRate = minRate;
        }

        @Override
        public double rate(int epoch, double initialRate) {
            return Math.max(minRate, initialRate * Math.pow(factor, reductions));
        }

        @Override
        public void observe(int epoch, double trainLoss, double validationLoss) {
            double loss = Double.isNaN(validationLoss) ? trainLoss : validationLoss;
            if (!Double.isFinite(loss)) {
                return;
            }
            if (!seen || loss < best - minDelta) {
                seen = true;
                best = loss;
                wait = 0;
            } else if (++wait >= patience) {
                reductions++;
                wait = 0;
            }
        }

        @Override
        public double[] state() {
            return new double[] {seen ? 1 : 0, seen ? best : 0, wait, reductions};
        }

        @Override
        public void restore(double[] s) {
            requireState(this, s, 4);
            if ((s[0] != 0 && s[0] != 1) || s[2] < 0 || s[2] != Math.rint(s[2]) || s[3] < 0 || s[3] != Math.rint(s[3])) {
                throw new IllegalArgumentException("reduce-on-plateau state " + Arrays.toString(s)
                        + " is not [seen 0/1, best, wait ≥ 0, reductions ≥ 0]");
            }
            seen = s[0] == 1;
            best = s[1];
            wait = (int) s[2];
            reductions = (int) s[3];
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "reduceOnPlateau(%s, patience %d, min delta %s, min %s): %d reduction(s)", factor, patience,
                    minDelta, minRate, reductions);
        }
    }

    /**
     * The side-record entries that resume a schedule: save them with {@link CheckpointMetadata#save} beside the
     * checkpoint of the model and optimizer.
     *
     * @param schedule the schedule
     * @param initialRate r₀ of the run
     * @param epochsDone epochs completed so far, across every resumed part of the run
     * @return {@value #PROGRESS_KEY} → [r₀, epochs done], {@value #STATE_KEY} → the schedule's {@link LearningRateSchedule#state()}
     * @throws IllegalArgumentException if schedule is null, r₀ is not positive and finite, or epochsDone &lt; 0
     */
    public static Map<String, double[]> record(LearningRateSchedule schedule, double initialRate, int epochsDone) {
        Checks.requireNonNull("schedule", schedule);
        requireRate(initialRate);
        if (epochsDone < 0) {
            throw new IllegalArgumentException("epochsDone must be ≥ 0, got " + epochsDone);
        }
        Map<String, double[]> m = new LinkedHashMap<>();
        m.put(PROGRESS_KEY, new double[] {initialRate, epochsDone});
        m.put(STATE_KEY, schedule.state());
        return m;
    }

    /** Where a saved run stood: what {@link Trainer.Builder#resume} takes. */
    public static final class Progress {
        private final double initialRate;
        private final int epochsDone;

        Progress(double initialRate, int epochsDone) {
            this.initialRate = initialRate;
            this.epochsDone = epochsDone;
        }

        /** {@return r₀ of the run} */
        public double initialRate() {
            return initialRate;
        }

        /** {@return the epochs completed} */
        public int epochsDone() {
            return epochsDone;
        }
    }

    /**
     * Restores a schedule's state from what {@link #record} saved.
     *
     * @param record the side record ({@link CheckpointMetadata#load})
     * @param schedule a schedule built as the saved one was; its state is overwritten
     * @param checkpoint what messages call the checkpoint
     * @return the initial rate and epochs done, for {@link Trainer.Builder#resume}
     * @throws IllegalArgumentException if record or schedule is null
     * @throws CheckpointException if the entries are missing or do not fit the schedule
     */
    public static Progress restore(Map<String, double[]> record, LearningRateSchedule schedule, java.nio.file.Path checkpoint)
            throws CheckpointException {
        Checks.requireNonNull("record", record);
        Checks.requireNonNull("schedule", schedule);
        double[] p = CheckpointMetadata.require(record, PROGRESS_KEY, 2, checkpoint);
        double[] s = CheckpointMetadata.require(record, STATE_KEY, -1, checkpoint);
        try {
            requireRate(p[0]);
            if (p[1] < 0 || p[1] > Integer.MAX_VALUE || p[1] != Math.rint(p[1])) {
                throw new IllegalArgumentException("epochs done " + p[1] + " is not an int ≥ 0");
            }
            schedule.restore(s);
        } catch (IllegalArgumentException e) {
            throw new CheckpointException("the schedule saved with " + checkpoint + " does not fit " + schedule + ": " + e.getMessage(), e);
        }
        return new Progress(p[0], (int) p[1]);
    }

    /** Checks a restored state's length; for {@link LearningRateSchedule#restore} implementations. */
    static void requireState(LearningRateSchedule s, double[] state, int length) {
        Checks.requireNonNull("state", state);
        if (state.length != length) {
            throw new IllegalArgumentException(s + " keeps " + length + " value(s) of state; got " + state.length);
        }
    }

    private static void requireFactor(double factor) {
        if (!(factor > 0 && factor <= 1)) {
            throw new IllegalArgumentException("factor must be in (0, 1], got " + factor);
        }
    }

    private static void requireMinRate(double minRate) {
        if (!(minRate >= 0) || !Double.isFinite(minRate)) {
            throw new IllegalArgumentException("minRate must be finite and ≥ 0, got " + minRate);
        }
    }

    private static void requireRate(double r) {
        if (!(r > 0) || !Double.isFinite(r)) {
            throw new IllegalArgumentException("initial rate must be positive and finite, got " + r);
        }
    }

    /** A stateless schedule with a name for messages and the progress log. */
    private static LearningRateSchedule named(String name, LearningRateSchedule f) {
        return new LearningRateSchedule() {
            @Override
            public double rate(int epoch, double initialRate) {
                return f.rate(epoch, initialRate);
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }
}
