package org.rnn4j.interop;

import java.io.IOException;

/**
 * A model file could not be read or mapped exactly: malformed or truncated, of an unsupported dtype,
 * or holding a tensor or attribute rnn4j cannot reproduce exactly. The message names the file's
 * problem: the tensor, its shape, the offset.
 */
public class InteropException extends IOException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates one.
     *
     * @param message what is wrong, naming the tensor, shape or offset
     */
    public InteropException(String message) {
        super(message);
    }

    /**
     * Creates one with its cause.
     *
     * @param message what is wrong
     * @param cause the underlying failure
     */
    public InteropException(String message, Throwable cause) {
        super(message, cause);
    }
}
