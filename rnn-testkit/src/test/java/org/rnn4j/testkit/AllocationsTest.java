package org.rnn4j.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class AllocationsTest {
    /** Where the allocating operations put their objects, so that escape analysis cannot remove them. */
    static volatile Object sink;

    @Test
    void codeThatAllocatesNothingHasACleanRound() {
        long[] count = new long[1];
        long fewest = Allocations.fewestBytesPerRound(() -> count[0]++, 1000, 1000);
        assertTrue(fewest < 1000, fewest + " bytes in 1000 calls");
    }

    @Test
    void codeThatAllocatesAtEveryCallHasNone() {
        long fewest = Allocations.fewestBytesPerRound(() -> sink = new long[4], 1000, 1000, Duration.ofMillis(200));
        assertTrue(fewest >= 16 * 1000, fewest + " bytes in 1000 calls, each of which allocated an array");
    }

    /** Code that allocates until something warms up (C2 compiling a Vector API kernel) is waited for. */
    @Test
    void roundsGoOnUntilTheAllocationsStop() {
        long[] count = new long[1];
        Runnable warmingUp = () -> {
            if (count[0]++ < 60_000) {
                sink = new long[4];
            }
        };
        long fewest = Allocations.fewestBytesPerRound(warmingUp, 0, 1000);
        assertTrue(fewest < 1000, fewest + " bytes in the best round");
        assertTrue(count[0] > 60_000, "stopped after " + count[0] + " calls");
    }

    @Test
    void badArgumentsAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Allocations.fewestBytesPerRound(() -> { }, 0, 0));
        assertEquals("warmUp must be at least 0, calls at least 1 and patience not negative, got 0, 0 and PT30S", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Allocations.fewestBytesPerRound(() -> { }, -1, 1));
        assertThrows(IllegalArgumentException.class, () -> Allocations.fewestBytesPerRound(() -> { }, 0, 1, Duration.ofSeconds(-1)));
    }
}
