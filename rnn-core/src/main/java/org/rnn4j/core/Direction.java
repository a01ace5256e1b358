package org.rnn4j.core;

import java.util.Locale;

/**
 * Which way in time every layer of a network runs ({@link Rnn.Builder#direction}). Outputs are in time
 * order whatever the direction: row t·B + b of every layer's output belongs to step t.
 */
public enum Direction {
    /** Each layer runs from the first step to the last: h_t depends on x_0 … x_t. Streams step by step. */
    FORWARD(1),
    /**
     * Each layer runs from the last step to the first: h_t depends on x_t … x_{T−1} (ONNX's
     * {@code direction="reverse"}). It needs the whole sequence before its first output, so it cannot stream.
     */
    REVERSE(1),
    /**
     * Each layer runs both ways and concatenates the two outputs of a step, [forward, backward], as
     * PyTorch's {@code bidirectional=True}. It cannot stream.
     */
    BIDIRECTIONAL(2);

    private final int count;

    Direction(int count) {
        this.count = count;
    }

    /** {@return the recurrent layers per level, and the factor of H in each level's output width: 1, or 2 for BIDIRECTIONAL} */
    public int count() {
        return count;
    }

    /** {@return how descriptions of a network name it before its cell: "" for FORWARD, else e.g. "reverse "} */
    String qualifier() {
        return this == FORWARD ? "" : name().toLowerCase(Locale.ROOT) + " ";
    }
}
