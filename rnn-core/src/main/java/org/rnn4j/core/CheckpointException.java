package org.rnn4j.core;

import java.io.IOException;

/** A checkpoint could not be read or written: truncated, corrupted, of another version, or an I/O failure. */
public class CheckpointException extends IOException {
    private static final long serialVersionUID = 1L;

    CheckpointException(String message) {
        super(message);
    }

    CheckpointException(String message, Throwable cause) {
        super(message, cause);
    }
}
