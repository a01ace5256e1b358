/**
 * The rnn4j API ({@code org.rnn4j.api}) and the backend service-provider interface
 * ({@code org.rnn4j.spi}). Depends on nothing but {@code java.base} (and {@code java.logging}
 * is not needed: warnings go through {@link java.lang.System.Logger}).
 */
module org.rnn4j.api {
    exports org.rnn4j.api;
    exports org.rnn4j.spi;
    exports org.rnn4j.spi.kit;

    uses org.rnn4j.spi.BackendProvider;
}
