package org.rnn4j.core.layer;

/** Which (step, sequence) pairs are padding. A masked step carries every state through unchanged. */
@FunctionalInterface
public interface StepMask {
    /**
     * Tells whether a step of a sequence is padding.
     *
     * @param step the absolute step t
     * @param sequence the sequence b of the batch
     * @return true if the step is padding (no input, no update, no loss)
     */
    boolean masked(int step, int sequence);
}
