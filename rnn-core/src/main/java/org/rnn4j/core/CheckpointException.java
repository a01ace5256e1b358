package org.rnn4j.core;

import java.io.IOException;

/** A checkpoint could not be read or written: truncated, corrupted, of another version, or an I/O failure. */
public class CheckpointException extends IOException {
    private static final long serialVersionUID = 1L;

    CheckpointException(String message) {
        super(message);
    }

    /**
     * For code that reads what it saved beside a checkpoint (e.g. {@link CheckpointMetadata}'s entries) and finds it invalid.
     *
     * @param message what is wrong, naming the file
     * @param cause the failure underneath, or null
     */
    public CheckpointException(String message, Throwable cause) {
        super(message, cause);
    }
}
