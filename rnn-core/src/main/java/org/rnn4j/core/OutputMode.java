package org.rnn4j.core;

/** Where the loss reads the outputs. */
public enum OutputMode {
    /** Many-to-one: only the output of the last step counts (one target per sequence). */
    LAST_STEP,
    /** Many-to-many: the output of every step counts (one target per sequence and step). */
    EVERY_STEP
}
