package org.rnn4j.backend.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rnn4j.backend.simd.ThreadCountTest.product;
import static org.rnn4j.backend.simd.ThreadCountTest.random;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rnn4j.api.Activation;
import org.rnn4j.api.DType;
import org.rnn4j.api.Tensor;

/**
 * {@link SimdBackend#pin}: products with a pinned B read its panels packed once, with the bits of the
 * unpinned product (the forward's h·Wᵀ is then computed as C, not Cᵀ); a pin after a change packs the
 * new values; a pinned tensor is not written; pins nest and unpin checks them.
 */
class PinTest {

    @ParameterizedTest(name = "{0} {1} threads transA={2} transB={3} m={4} k={5} n={6}")
    @CsvSource({
        // the forward's h·Wᵀ (unpinned: computed as Cᵀ) and the backward's dG·W, Elman and GRU sizes
        "FLOAT32, 2, false, true, 128, 512, 512", "FLOAT32, 2, false, false, 128, 512, 512", "FLOAT32, 2, false, true, 64, 512, 1536",
        // columns not a multiple of the panel width, rows not of the tile, k beyond one k block, one thread
        "FLOAT32, 1, false, true, 37, 300, 250", "FLOAT32, 1, false, false, 100, 300, 70", "FLOAT32, 2, true, false, 90, 260, 130",
        "FLOAT64, 2, false, true, 128, 300, 250", "FLOAT64, 1, false, false, 13, 40, 33", "FLOAT64, 2, true, true, 70, 90, 300",
    })
    void aPinnedProductHasTheBitsOfTheUnpinnedOne(DType dtype, int threads, boolean ta, boolean tb, int m, int k, int n) {
        SimdBackend be = new SimdBackend(threads);
        Tensor a = ta ? random(be, dtype, k, m, 1) : random(be, dtype, m, k, 1);
        Tensor b = tb ? random(be, dtype, n, k, 2) : random(be, dtype, k, n, 2);
        double[] unpinned = product(be, a, ta, b, tb, dtype, m, n);
        be.pin(b, tb);
        try {
            assertArrayEquals(unpinned, product(be, a, ta, b, tb, dtype, m, n), "first pinned product (packs)");
            assertArrayEquals(unpinned, product(be, a, ta, b, tb, dtype, m, n), "second pinned product (reuses)");
        } finally {
            be.unpin(b, tb);
        }
        assertFalse(Arrays.stream(unpinned).allMatch(v -> v == unpinned[0]), "the product must not be trivial");
    }

    @Test
    void aPinAfterAChangePacksTheNewValues() {
        SimdBackend be = new SimdBackend(2);
        Tensor h = random(be, DType.FLOAT32, 128, 512, 1);
        Tensor w = random(be, DType.FLOAT32, 512, 512, 2);
        be.pin(w, true);
        product(be, h, false, w, true, DType.FLOAT32, 128, 512);
        be.unpin(w, true);
        be.scaleInto(-0.5, w, w);                                    // what an optimizer step does between windows
        double[] unpinned = product(be, h, false, w, true, DType.FLOAT32, 128, 512);
        be.pin(w, true);
        assertArrayEquals(unpinned, product(be, h, false, w, true, DType.FLOAT32, 128, 512));
        be.unpin(w, true);
    }

    @Test
    void aPinnedTensorIsNotWrittenAndPinsNest() {
        SimdBackend be = new SimdBackend(2);
        Tensor w = random(be, DType.FLOAT32, 64, 64, 2);
        Tensor x = random(be, DType.FLOAT32, 64, 64, 3);
        double[] before = w.toDoubleArray();
        be.pin(w, false);
        be.pin(w, true);
        be.unpin(w, true);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> be.fillInto(0, w));
        assertTrue(e.getMessage().contains("fillInto") && e.getMessage().contains("64×64") && e.getMessage().contains("pinned"),
                e.getMessage());
        assertThrows(IllegalStateException.class, () -> be.axpyInto(1, x, w));
        assertThrows(IllegalStateException.class, () -> be.gemmInto(1, x, false, x, false, 0, w));
        assertThrows(IllegalStateException.class, () -> be.copyInto(x, w));
        Tensor sums = be.zeros(DType.FLOAT32, 1, 64);
        be.pin(sums, false);
        assertThrows(IllegalStateException.class, () -> be.columnSumsInto(x, 0, sums));
        be.unpin(sums, false);
        assertThrows(IllegalStateException.class, () -> w.set(0, 0, 1));
        assertThrows(IllegalStateException.class, () -> w.copyFrom(new float[64 * 64]));
        assertArrayEquals(before, w.toDoubleArray(), "nothing written");
        be.gemmInto(1, w, false, w, false, 0, x);                    // read as an operand: allowed
        be.unpin(w, false);
        be.fillInto(0, w);
        assertTrue(Arrays.stream(w.toDoubleArray()).allMatch(v -> v == 0));
    }

    /** An operation that writes outs; pinned is the one of them pinned, named as the operation names it. */
    private static void refused(SimdBackend be, String message, Tensor pinned, Executable call, Tensor... outs) {
        List<double[]> before = new ArrayList<>();
        for (Tensor t : outs) {
            before.add(t.toDoubleArray());
        }
        be.pin(pinned, false);
        try {
            IllegalStateException e = assertThrows(IllegalStateException.class, call, message);
            assertTrue(e.getMessage().startsWith(message) && e.getMessage().contains("is pinned"), e.getMessage());
        } finally {
            be.unpin(pinned, false);
        }
        for (int i = 0; i < outs.length; i++) {
            assertArrayEquals(before.get(i), outs[i].toDoubleArray(), message + ": output " + i + " written");
        }
    }

    /** Every operation refuses a pinned output by name before it writes any output (the kit's beforeWrite). */
    @Test
    void everyOperationRefusesAPinnedOutputBeforeWritingAnything() {
        SimdBackend be = new SimdBackend(2);
        DType f = DType.FLOAT32;
        int b = 3;
        int h = 4;
        Tensor x = random(be, f, b, h, 1);
        Tensor out = random(be, f, b, h, 2);
        refused(be, "gemmInto: c (3×4 FLOAT32)", out, () -> be.gemmInto(1, x, false, random(be, f, h, h, 3), false, 0, out), out);
        refused(be, "addRowVectorInto: out", out, () -> be.addRowVectorInto(x, random(be, f, 1, h, 3), out), out);
        refused(be, "activateInto: out", out, () -> be.activateInto(Activation.SIGMOID, x, out), out);
        refused(be, "activationDerivativeInto: out", out, () -> be.activationDerivativeInto(Activation.RELU, x, x, out), out);
        refused(be, "multiplyInto: out", out, () -> be.multiplyInto(x, x, out), out);
        refused(be, "axpyInto: y", out, () -> be.axpyInto(2, x, out), out);
        refused(be, "scaleInto: out", out, () -> be.scaleInto(2, x, out), out);
        refused(be, "clipInto: out", out, () -> be.clipInto(-0.1, 0.1, x, out), out);
        refused(be, "fillInto: out", out, () -> be.fillInto(1, out), out);
        refused(be, "copyInto: dst", out, () -> be.copyInto(x, out), out);
        refused(be, "copyRowsInto: dst", out, () -> be.copyRowsInto(x, 1, 2, out, 0), out);
        Tensor sums = random(be, f, 1, h, 4);
        refused(be, "columnSumsInto: out", sums, () -> be.columnSumsInto(x, 0, sums), sums);
        Tensor cPrev = random(be, f, b, h, 5);
        Tensor c = random(be, f, b, h, 6);
        Tensor lstmCache = random(be, f, b, 6 * h, 7);
        Tensor gates = random(be, f, b, 4 * h, 8);
        refused(be, "lstmForwardInto: cache", lstmCache, () -> be.lstmForwardInto(gates, cPrev, out, c, lstmCache), out, c, lstmCache);
        Tensor dcPrev = random(be, f, b, h, 9);
        refused(be, "lstmBackwardInto: dcPrev", dcPrev, () -> be.lstmBackwardInto(lstmCache, x, cPrev, gates, dcPrev), gates, dcPrev);
        Tensor gx = random(be, f, b, 3 * h, 10);
        Tensor gh = random(be, f, b, 3 * h, 11);
        Tensor gruCache = random(be, f, b, 5 * h, 12);
        refused(be, "gruForwardInto: cache", gruCache, () -> be.gruForwardInto(gx, gh, x, out, gruCache), out, gruCache);
        refused(be, "gruBackwardInto: dhPrev", dcPrev, () -> be.gruBackwardInto(gruCache, x, gx, gh, dcPrev), gx, gh, dcPrev);
    }

    @Test
    void unpinChecksItsArguments() {
        SimdBackend be = new SimdBackend(1);
        Tensor w = random(be, DType.FLOAT64, 8, 8, 1);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> be.unpin(w, false));
        assertTrue(e.getMessage().contains("not pinned as is") && e.getMessage().contains("8×8"), e.getMessage());
        be.pin(w, false);
        assertThrows(IllegalStateException.class, () -> be.unpin(w, true));
        be.unpin(w, false);
        assertThrows(IllegalArgumentException.class, () -> be.pin(null, false));
    }
}
