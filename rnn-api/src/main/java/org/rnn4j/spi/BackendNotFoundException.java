package org.rnn4j.spi;

/**
 * Thrown when no backend can be chosen: none is on the class path, none is available, or the
 * explicitly requested one is missing or unavailable. The message says what was seen and what
 * to add or change.
 */
public class BackendNotFoundException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was seen and what to do
     */
    public BackendNotFoundException(String message) {
        super(message);
    }

    /**
     * Creates the exception with the failure that caused it.
     *
     * @param message what was seen and what to do
     * @param cause the underlying failure
     */
    public BackendNotFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}
