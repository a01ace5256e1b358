package org.rnn4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The counts of {@link Flops}, worked by hand from the formulas in its javadoc. */
class FlopsTest {
    @Test
    void theLargeLstmStep() {
        // 2·4·512·(512 + 512)·64·25 = 6,710,886,400 forward; 3× plus 3·2·1·512·64 for the read-out.
        assertEquals(6_710_886_400.0, Flops.forward("lstm", 1, 1, 512, 512, 64, 25));
        assertEquals(3 * 6_710_886_400.0 + 196_608, Flops.trainStep("lstm", 1, 1, 512, 512, 1, 64, 25));
    }

    @Test
    void theLargeElmanStep() {
        // 2·1·512·(1 + 512)·128·50
        assertEquals(3_361_996_800.0, Flops.forward("elman", 1, 1, 1, 512, 128, 50));
        assertEquals(3 * 3_361_996_800.0 + 3 * 2 * 512 * 128, Flops.trainStep("elman", 1, 1, 1, 512, 1, 128, 50));
    }

    @Test
    void gruHasThreeGateBlocks() {
        assertEquals(3 * Flops.forward("elman", 1, 1, 7, 5, 3, 2), Flops.forward("GRU", 1, 1, 7, 5, 3, 2));
        assertEquals(4 * Flops.forward("elman", 1, 1, 7, 5, 3, 2), Flops.forward("lstm", 1, 1, 7, 5, 3, 2));
    }

    @Test
    void upperLayersOfABidirectionalStackReadBothDirections() {
        // layer 0: 2 directions · 2·1·5·(7 + 5)·3·2; layer 1: input 2·5 = 10, 2 · 2·5·(10 + 5)·3·2
        assertEquals(2 * 2 * 5 * 12 * 3 * 2 + 2 * 2 * 5 * 15 * 3 * 2, Flops.forward("elman", 2, 2, 7, 5, 3, 2));
        // read-out over H·directions = 10 features, O = 4
        assertEquals(3 * Flops.forward("elman", 2, 2, 7, 5, 3, 2) + 3 * 2 * 4 * 10 * 3, Flops.trainStep("elman", 2, 2, 7, 5, 4, 3, 2));
    }

    @Test
    void aSquareGemm() {
        assertEquals(2.0 * 1024 * 1024 * 1024, Flops.gemm(1024));
    }

    @Test
    void anUnknownCellIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Flops.gates("rnn"));
        assertEquals("cell must be elman, gru or lstm, got 'rnn'", e.getMessage());
    }
}
