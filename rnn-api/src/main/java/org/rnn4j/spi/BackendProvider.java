package org.rnn4j.spi;

/**
 * The {@link java.util.ServiceLoader} type through which a backend announces itself.
 *
 * <p>Register the implementation in {@code META-INF/services/org.rnn4j.spi.BackendProvider} and,
 * for the module path, with {@code provides org.rnn4j.spi.BackendProvider with ...} in the
 * backend's {@code module-info}. The no-argument constructor must be cheap and must not touch
 * native code: {@link #isAvailable()} is where a backend probes what it needs.
 */
public interface BackendProvider {

    /**
     * Returns the backend's name, the value that selects it through {@code -Drnn4j.backend}.
     *
     * @return a short lowercase name, e.g. {@code "ejml"}
     */
    String name();

    /**
     * Returns the priority among available backends when none is chosen explicitly: the highest wins.
     *
     * @return the priority (rnn4j's own: simd 200, ejml 100, nd4j 50)
     */
    int priority();

    /**
     * Probes whether the backend can run here (for example, whether native libraries load).
     * Never throws.
     *
     * @return {@code null} if available, otherwise a one-line reason it is not
     */
    String unavailableReason();

    /**
     * Returns whether the backend can run here.
     *
     * @return {@code unavailableReason() == null}
     */
    default boolean isAvailable() {
        return unavailableReason() == null;
    }

    /**
     * Creates the backend. Called only when {@link #isAvailable()} is true.
     *
     * @return a ready backend
     */
    Backend create();
}
