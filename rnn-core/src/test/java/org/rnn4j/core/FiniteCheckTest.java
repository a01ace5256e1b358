package org.rnn4j.core;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.rnn4j.api.DType;
import org.rnn4j.api.Tensor;
import org.rnn4j.backend.ejml.EjmlBackend;
import org.rnn4j.spi.Backend;
import org.rnn4j.testkit.Allocations;

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
        int calls = 5_000;
        for (Tensor t : new Tensor[] {tensor(0.5, -0.25, 1, 2), tensor(1e200, -1e300, 0.5, 2)}) {
            long fewest = Allocations.fewestBytesPerRound(() -> Checks.requireFinite("xs", t, 1), calls, calls);
            // One object is at least 16 bytes: fewer bytes than calls means no call allocated.
            assertTrue(fewest < calls, "requireFinite allocated " + fewest + " bytes in " + calls + " calls on " + t);
        }
    }
}
