package org.rnn4j.testkit;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;

/**
 * Measures what code allocates on the calling thread, for tests that assert that it allocates
 * nothing after warm-up (the JVM's per-thread allocation counter).
 *
 * <p>One object is at least 16 bytes, so a round of n calls that allocated fewer than n bytes
 * allocated nothing. Code the JIT has not compiled yet may allocate: the Vector API boxes its
 * vectors until C2 has compiled a kernel, which on a loaded 2-core machine has taken longer than a
 * fixed number of short rounds. So rounds go on until one is clean or {@link #PATIENCE} has passed:
 * correct code stops at its first clean round, and only code that allocates at every call waits the
 * whole time (and then fails its test, since no round was clean).
 */
public final class Allocations {

    /** How long rounds go on waiting for a clean one. */
    public static final Duration PATIENCE = Duration.ofSeconds(30);

    private Allocations() {
    }

    /**
     * Runs an operation {@code warmUp} times, then in rounds of {@code calls} calls until a round
     * allocates fewer bytes than it has calls or {@link #PATIENCE} has passed (after at least one
     * round), and returns the fewest bytes the calling thread allocated in one round. The test is
     * skipped (an assumption fails) where the JVM has no per-thread allocation counter.
     *
     * @param op the operation
     * @param warmUp calls before the first round, at least 0
     * @param calls calls per round, at least 1
     * @return the fewest bytes allocated in one round: below {@code calls} means no call allocated
     * @throws IllegalArgumentException if warmUp is negative or calls is below 1
     */
    public static long fewestBytesPerRound(Runnable op, int warmUp, int calls) {
        return fewestBytesPerRound(op, warmUp, calls, PATIENCE);
    }

    /**
     * {@link #fewestBytesPerRound(Runnable, int, int)} with another patience.
     *
     * @param op the operation
     * @param warmUp calls before the first round, at least 0
     * @param calls calls per round, at least 1
     * @param patience how long rounds go on waiting for a clean one
     * @return the fewest bytes allocated in one round
     * @throws IllegalArgumentException if warmUp is negative, calls is below 1 or patience is negative
     */
    public static long fewestBytesPerRound(Runnable op, int warmUp, int calls, Duration patience) {
        if (warmUp < 0 || calls < 1 || patience.isNegative()) {
            throw new IllegalArgumentException("warmUp must be at least 0, calls at least 1 and patience not negative, got "
                    + warmUp + ", " + calls + " and " + patience);
        }
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "per-thread allocation counter unavailable");
        com.sun.management.ThreadMXBean hs = (com.sun.management.ThreadMXBean) bean;
        Assumptions.assumeTrue(hs.isThreadAllocatedMemorySupported() && hs.isThreadAllocatedMemoryEnabled(), "allocation counter disabled");
        long id = Thread.currentThread().getId();
        for (int i = 0; i < warmUp; i++) {
            op.run();
        }
        long deadline = System.nanoTime() + patience.toNanos();
        long fewest = Long.MAX_VALUE;
        do {
            long before = hs.getThreadAllocatedBytes(id);
            for (int i = 0; i < calls; i++) {
                op.run();
            }
            fewest = Math.min(fewest, hs.getThreadAllocatedBytes(id) - before);
        } while (fewest >= calls && System.nanoTime() - deadline < 0);
        return fewest;
    }
}
