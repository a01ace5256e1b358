package org.rnn4j.core;

/** Receives training progress; the examples draw their progress bars from it. Every method is optional. */
public interface TrainingListener {

    /**
     * Called before an epoch.
     *
     * @param epoch the epoch, from 1
     * @param epochs the planned number of epochs
     * @param stepsPerEpoch updates per epoch
     */
    default void onEpochStart(int epoch, int epochs, int stepsPerEpoch) {
    }

    /**
     * Called after each update.
     *
     * @param epoch the epoch, from 1
     * @param step the update within the epoch, from 1
     * @param stepsPerEpoch updates per epoch
     * @param loss the loss of this update's batch (or chunk)
     */
    default void onStep(int epoch, int step, int stepsPerEpoch, double loss) {
    }

    /**
     * Called after an epoch, with its figures.
     *
     * @param summary the epoch's figures
     */
    default void onEpochEnd(EpochSummary summary) {
    }

    /**
     * Called when training diverged, before the exception is thrown (the model is already at the
     * state the exception describes).
     *
     * @param e what went wrong and where
     */
    default void onDiverged(TrainingDivergedException e) {
    }

    /** One epoch's figures. */
    final class EpochSummary {
        private final int epoch;
        private final double trainLoss;
        private final double validationLoss;
        private final double learningRate;
        private final long millis;

        EpochSummary(int epoch, double trainLoss, double validationLoss, double learningRate, long millis) {
            this.epoch = epoch;
            this.trainLoss = trainLoss;
            this.validationLoss = validationLoss;
            this.learningRate = learningRate;
            this.millis = millis;
        }

        /** {@return the epoch, from 1} */
        public int epoch() {
            return epoch;
        }

        /** {@return the mean training loss over the epoch's updates} */
        public double trainLoss() {
            return trainLoss;
        }

        /** {@return the validation loss after the epoch, NaN without validation data} */
        public double validationLoss() {
            return validationLoss;
        }

        /** {@return the learning rate used in the epoch} */
        public double learningRate() {
            return learningRate;
        }

        /** {@return wall-clock milliseconds of the epoch, validation included} */
        public long millis() {
            return millis;
        }
    }
}
