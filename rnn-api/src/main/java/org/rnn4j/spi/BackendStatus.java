package org.rnn4j.spi;

import java.util.Objects;

/**
 * What discovery saw of one provider: its name, priority, and whether it can be used (and if not, why).
 *
 * <p>A provider that failed to load (its class is missing, its constructor threw) is reported with
 * its class name as {@link #name()}, priority 0 and the failure as {@link #reason()}.
 */
public final class BackendStatus {
    private final String name;
    private final String providerClass;
    private final int priority;
    private final String reason;
    private final boolean loaded;

    BackendStatus(String name, String providerClass, int priority, String reason, boolean loaded) {
        this.name = Objects.requireNonNull(name);
        this.providerClass = Objects.requireNonNull(providerClass);
        this.priority = priority;
        this.reason = reason;
        this.loaded = loaded;
    }

    /**
     * Returns the backend's name, or the provider's class name if it failed to load.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * Returns the provider's class name, as listed in the service registration.
     *
     * @return a fully qualified class name
     */
    public String providerClass() {
        return providerClass;
    }

    /**
     * Returns the provider's priority (0 if it failed to load).
     *
     * @return the priority; higher wins
     */
    public int priority() {
        return priority;
    }

    /**
     * Returns whether the backend can be created here.
     *
     * @return true if it loaded and reported itself available
     */
    public boolean available() {
        return reason == null;
    }

    /**
     * Returns why the backend cannot be used.
     *
     * @return {@code null} if available, else the reason
     */
    public String reason() {
        return reason;
    }

    /**
     * Returns whether the provider class was instantiated (false if loading it failed).
     *
     * @return true if the provider loaded
     */
    public boolean loaded() {
        return loaded;
    }

    /**
     * Describes the status in one line, as the discovery messages do.
     *
     * @return e.g. {@code "ejml (priority 100, available)"} or
     *         {@code "nd4j (priority 50, unavailable: no native library)"}
     */
    @Override
    public String toString() {
        if (!loaded) {
            return name + " (failed to load: " + reason + ")";
        }
        return name + " (priority " + priority + ", " + (reason == null ? "available" : "unavailable: " + reason) + ")";
    }
}
