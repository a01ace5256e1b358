package org.rnn4j.core;

import java.util.Locale;

/**
 * Fails fast, with the sizes and the estimate, before an allocation that cannot fit: the JVM's
 * maximum heap ({@code -Xmx}) bounds heap backends, and JavaCPP (ND4J) bounds its off-heap memory
 * by the same figure unless told otherwise.
 */
final class Memory {
    private Memory() {
    }

    /** The memory budget, in bytes (the JVM's maximum heap). */
    static long budget() {
        return Runtime.getRuntime().maxMemory();
    }

    /**
     * Throws if {@code bytes} exceed the budget.
     *
     * @param what what would be allocated, e.g. "a BPTT workspace"
     * @param bytes the estimate
     * @param detail the sizes it comes from, and what to do instead
     */
    static void require(String what, long bytes, String detail) {
        if (bytes > budget()) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "%s needs about %s %s, more than the %s this JVM may use (-Xmx)",
                    what, human(bytes), detail, human(budget())));
        }
    }

    static String human(long bytes) {
        if (bytes >= 1L << 30) {
            return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
        }
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1L << 20));
    }
}
