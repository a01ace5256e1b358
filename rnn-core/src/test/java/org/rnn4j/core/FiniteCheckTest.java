package org.rnn4j.core;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.rnn4j.api.DType;
import org.rnn4j.api.Tensor;
import org.rnn4j.backend.ejml.EjmlBackend;
import org.rnn4j.spi.Backend;

/** {@link Checks#requireFinite}: finite inputs pass whatever their size (tanh saturates), NaN and infinity are named. */
class FiniteCheckTest {
    private static final Backend EJML = new EjmlBackend();

    private static Tensor tensor(double... values) {
        return EJML.fromArray(DType.FLOAT64, 2, values.length / 2, values);
    }

    @Test
    void finiteFloat64InputsAbove1e154AreAccepted() {
        // 1e200² overflows a double: a check that squares the values would call these infinite.
        assertDoesNotThrow(() -> Checks.requireFinite("xs", tensor(1e200, -1e300, 0.5, Double.MAX_VALUE), 1));
    }

    @Test
    void nanAmongHugeValuesIsNamedByStepSequenceAndFeature() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Checks.requireFinite("xs", tensor(1e200, 1, 2, 3, 4, Double.NaN), 1));
        assertEquals("xs holds NaN at step 1, sequence 0, feature 2", e.getMessage());
    }

    @Test
    void infinityIsNamedByRowAndColumn() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Checks.requireFinite("h0", tensor(0, 0, Double.NEGATIVE_INFINITY, 0), 0));
        assertEquals("h0 holds -Infinity at row 1, column 0", e.getMessage());
    }

    /** Runs at every training step: neither the fast path nor the huge-value path may allocate. */
    @Test
    void neitherPathAllocates() {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "per-thread allocation counter unavailable");
        com.sun.management.ThreadMXBean hs = (com.sun.management.ThreadMXBean) bean;
        Assumptions.assumeTrue(hs.isThreadAllocatedMemorySupported() && hs.isThreadAllocatedMemoryEnabled(), "allocation counter disabled");
        long id = Thread.currentThread().getId();
        int calls = 5_000;
        for (Tensor t : new Tensor[] {tensor(0.5, -0.25, 1, 2), tensor(1e200, -1e300, 0.5, 2)}) {
            long fewest = Long.MAX_VALUE;
            for (int round = 0; round < 4; round++) {
                long before = hs.getThreadAllocatedBytes(id);
                for (int i = 0; i < calls; i++) {
                    Checks.requireFinite("xs", t, 1);
                }
                fewest = Math.min(fewest, hs.getThreadAllocatedBytes(id) - before);
            }
            // One object is at least 16 bytes: fewer bytes than calls means no call allocated.
            assertTrue(fewest < calls, "requireFinite allocated " + fewest + " bytes in " + calls + " calls on " + t);
        }
    }
}
