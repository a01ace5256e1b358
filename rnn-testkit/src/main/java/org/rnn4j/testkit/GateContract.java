package org.rnn4j.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.rnn4j.api.DType;
import org.rnn4j.api.Tensor;
import org.rnn4j.spi.Backend;

/**
 * The contract of the gate operations ({@link Backend#lstmForwardInto}, {@link Backend#lstmBackwardInto},
 * {@link Backend#gruForwardInto}, {@link Backend#gruBackwardInto}), the part of {@link BackendContract}
 * that it inherits. FLOAT64 results must match {@link Reference} to 1e-12; FLOAT32 results must be
 * its float bits exactly, as the Backend contract promises every backend gives the same bits.
 * Sizes cover H below, at and above a SIMD vector, with a remainder, rows wider than the kit's
 * chunks and batches that take several chunks; saturating pre-activations; in-place error outputs.
 */
public abstract class GateContract {

    /** (B, H) pairs: vector remainders, one-row chunks (H = 1400) and several chunks (B = 100, H = 33). */
    static final int[][] GATE_SHAPES = {{1, 1}, {3, 7}, {5, 17}, {2, 33}, {4, 64}, {100, 33}, {2, 1400}};

    /** The backend under test, made fresh for every test. */
    protected Backend backend;

    /** For subclasses: a backend's test class extends {@link BackendContract}. */
    protected GateContract() {
    }

    /**
     * Creates the backend under test.
     *
     * @return a new backend instance
     */
    protected abstract Backend createBackend();

    @BeforeEach
    void setUpBackend() {
        backend = createBackend();
    }

    static Stream<Arguments> gateCases() {
        List<Arguments> out = new ArrayList<>();
        for (DType d : DType.values()) {
            for (String cell : List.of("lstm", "gru")) {
                for (int[] s : GATE_SHAPES) {
                    out.add(Arguments.of(d, cell, s[0], s[1], 2.0));
                }
                out.add(Arguments.of(d, cell, 3, 40, 30.0));   // saturating gates
            }
        }
        return out.stream();
    }

    /** n values in [−scale, scale) from a fixed seed: the inputs of every contract test. */
    static double[] randomValues(int n, long seed, double scale) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextDouble(-scale, scale);
        }
        return v;
    }

    /** A tensor of {@link #randomValues}, rounded to the dtype as the tensor stores them. */
    Tensor random(DType dtype, int rows, int cols, long seed, double scale) {
        return backend.fromArray(dtype, rows, cols, randomValues(rows * cols, seed, scale));
    }

    /** FLOAT32: every element equal to the reference's float bits; FLOAT64: within 1e-12 relative. */
    private static void assertMatches(double[] expected, Tensor actual, String what) {
        double[] got = actual.toDoubleArray();
        assertEquals(expected.length, got.length, what + ": length");
        boolean exact = actual.dtype() == DType.FLOAT32;
        for (int i = 0; i < got.length; i++) {
            double e = expected[i];
            double g = got[i];
            boolean ok = exact ? Double.compare((float) e, (float) g) == 0 : Math.abs(e - g) <= 1e-12 * (1 + Math.abs(e));
            if (!ok) {
                fail(what + ": element " + i + " (row " + i / actual.cols() + ", col " + i % actual.cols() + ") expected " + e
                        + " but was " + g + (exact ? " (FLOAT32 must match the reference's float bits)" : " (tolerance 1e-12)"));
            }
        }
    }

    @ParameterizedTest(name = "{0} {1} B={2} H={3} scale={4}")
    @MethodSource("gateCases")
    void gateOperationsMatchReference(DType dtype, String cell, int batch, int hidden, double scale) {
        boolean f32 = dtype == DType.FLOAT32;
        long seed = cell.hashCode() * 31L + batch * 7L + hidden;
        Tensor dh = random(dtype, batch, hidden, seed + 5, 1);
        if (cell.equals("lstm")) {
            Tensor gates = random(dtype, batch, 4 * hidden, seed, scale);
            Tensor cPrev = random(dtype, batch, hidden, seed + 1, 2);
            Tensor h = backend.zeros(dtype, batch, hidden);
            Tensor c = backend.zeros(dtype, batch, hidden);
            Tensor cache = backend.zeros(dtype, batch, 6 * hidden);
            double[][] fwd = Reference.lstmForward(gates.toDoubleArray(), cPrev.toDoubleArray(), hidden, f32);
            backend.lstmForwardInto(gates, cPrev, h, c, cache);
            assertMatches(fwd[0], h, "lstm h");
            assertMatches(fwd[1], c, "lstm c");
            assertMatches(fwd[2], cache, "lstm cache");
            Tensor dc = random(dtype, batch, hidden, seed + 6, 1);
            Tensor dGates = backend.zeros(dtype, batch, 4 * hidden);
            Tensor dcPrev = backend.zeros(dtype, batch, hidden);
            double[][] bwd = Reference.lstmBackward(cache.toDoubleArray(), dh.toDoubleArray(), dc.toDoubleArray(), hidden, f32);
            backend.lstmBackwardInto(cache, dh, dc, dGates, dcPrev);
            assertMatches(bwd[0], dGates, "lstm dGates");
            assertMatches(bwd[1], dcPrev, "lstm dcPrev");
            backend.fillInto(0, dGates);
            backend.lstmBackwardInto(cache, dh, dc, dGates, dc);
            assertMatches(bwd[0], dGates, "lstm dGates with dcPrev = dc");
            assertMatches(bwd[1], dc, "lstm dcPrev written over dc");
        } else {
            Tensor gx = random(dtype, batch, 3 * hidden, seed, scale);
            Tensor gh = random(dtype, batch, 3 * hidden, seed + 2, scale);
            Tensor hPrev = random(dtype, batch, hidden, seed + 1, 1);
            Tensor h = backend.zeros(dtype, batch, hidden);
            Tensor cache = backend.zeros(dtype, batch, 5 * hidden);
            double[][] fwd = Reference.gruForward(gx.toDoubleArray(), gh.toDoubleArray(), hPrev.toDoubleArray(), hidden, f32);
            backend.gruForwardInto(gx, gh, hPrev, h, cache);
            assertMatches(fwd[0], h, "gru h");
            assertMatches(fwd[1], cache, "gru cache");
            Tensor dGx = backend.zeros(dtype, batch, 3 * hidden);
            Tensor dGh = backend.zeros(dtype, batch, 3 * hidden);
            Tensor dhPrev = backend.zeros(dtype, batch, hidden);
            double[][] bwd = Reference.gruBackward(cache.toDoubleArray(), dh.toDoubleArray(), hidden, f32);
            backend.gruBackwardInto(cache, dh, dGx, dGh, dhPrev);
            assertMatches(bwd[0], dGx, "gru dGx");
            assertMatches(bwd[1], dGh, "gru dGh");
            assertMatches(bwd[2], dhPrev, "gru dhPrev");
            backend.fillInto(0, dGx);
            backend.gruBackwardInto(cache, dh, dGx, dGh, dh);
            assertMatches(bwd[0], dGx, "gru dGx with dhPrev = dh");
            assertMatches(bwd[2], dh, "gru dhPrev written over dh");
        }
    }

    @Test
    void gateOperationsNameBadShapes() {
        Tensor g = backend.zeros(DType.FLOAT64, 2, 10);
        Tensor hb = backend.zeros(DType.FLOAT64, 2, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> backend.lstmForwardInto(g, hb, hb, hb, hb));
        assertEquals("lstmForwardInto: gates is 2×10 FLOAT64; its columns must be 4 blocks of H, one per hidden unit, so a"
                + " multiple of 4", e.getMessage());
        Tensor gates = backend.zeros(DType.FLOAT64, 2, 12);
        Tensor cPrev = backend.zeros(DType.FLOAT64, 2, 4);
        e = assertThrows(IllegalArgumentException.class, () -> backend.lstmForwardInto(gates, cPrev, hb, hb, hb));
        assertEquals("lstmForwardInto: cPrev is 2×4 FLOAT64 but must be 2×3 (H with H = 3 and B = 2 from gates, which is 2×12"
                + " FLOAT64)", e.getMessage());
        Tensor cache = backend.zeros(DType.FLOAT64, 2, 15);
        e = assertThrows(IllegalArgumentException.class, () -> backend.gruForwardInto(backend.zeros(DType.FLOAT64, 2, 9),
                backend.zeros(DType.FLOAT64, 2, 9), hb, backend.zeros(DType.FLOAT64, 2, 3), backend.zeros(DType.FLOAT64, 3, 15)));
        assertEquals("gruForwardInto: cache is 3×15 FLOAT64 but must be 2×15 (5·H with H = 3 and B = 2 from gx, which is 2×9"
                + " FLOAT64)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> backend.gruBackwardInto(cache, hb, backend.zeros(DType.FLOAT32, 2, 9),
                backend.zeros(DType.FLOAT64, 2, 9), backend.zeros(DType.FLOAT64, 2, 3)));
        assertEquals("gruBackwardInto: cache is 2×15 FLOAT64 but dGx is 2×9 FLOAT32; dtypes must match", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> backend.lstmBackwardInto(null, hb, hb, gates, hb));
        assertEquals("lstmBackwardInto: cache is null", e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void gateOperationsRefuseSharedOutputsAndLeaveThemUnchanged(DType dtype) {
        Tensor gates = random(dtype, 2, 12, 1, 1);
        Tensor cPrev = random(dtype, 2, 3, 2, 1);
        Tensor h = random(dtype, 2, 3, 3, 1);
        Tensor cache = random(dtype, 2, 18, 4, 1);
        double[] hBefore = h.toDoubleArray();
        double[] cacheBefore = cache.toDoubleArray();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> backend.lstmForwardInto(gates, cPrev, h, h, cache));
        assertTrue(e.getMessage().startsWith("lstmForwardInto: c is the same tensor as h"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> backend.lstmForwardInto(gates, cPrev, cPrev, h, cache));
        assertTrue(e.getMessage().startsWith("lstmForwardInto: h is the same tensor as cPrev"), e.getMessage());
        Tensor dGx = random(dtype, 2, 9, 5, 1);
        double[] dGxBefore = dGx.toDoubleArray();
        Tensor gruCache = random(dtype, 2, 15, 6, 1);
        e = assertThrows(IllegalArgumentException.class, () -> backend.gruBackwardInto(gruCache, h, dGx, dGx, cPrev));
        assertTrue(e.getMessage().startsWith("gruBackwardInto: dGx is the same tensor as dGh"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> backend.gruForwardInto(dGx, dGx, cPrev, cPrev, gruCache));
        assertTrue(e.getMessage().startsWith("gruForwardInto: h is the same tensor as hPrev"), e.getMessage());
        assertArrayEquals(hBefore, h.toDoubleArray(), "a refused call must leave h unchanged");
        assertArrayEquals(cacheBefore, cache.toDoubleArray(), "a refused call must leave the cache unchanged");
        assertArrayEquals(dGxBefore, dGx.toDoubleArray(), "a refused call must leave dGx unchanged");
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void gateOperationsOnRowViewsMatchOperationsOnCopies(DType dtype) {
        if (!backend.supportsRowViews()) {
            assertThrows(UnsupportedOperationException.class, () -> backend.rowView(backend.zeros(dtype, 2, 2), 0, 1),
                    "a backend without views refuses them, and its gate operations see whole tensors only");
            return;
        }
        int b = 3;
        int hidden = 20;
        // One sequence tensor of three steps; the operation works on step 1's rows.
        Tensor gatesSeq = random(dtype, 3 * b, 4 * hidden, 11, 2);
        Tensor cSeq = random(dtype, 3 * b, hidden, 12, 1);
        Tensor gates = backend.rowView(gatesSeq, b, b);
        Tensor cPrev = backend.rowView(cSeq, b, b);
        Tensor hSeq = backend.zeros(dtype, 3 * b, hidden);
        Tensor h = backend.rowView(hSeq, 2 * b, b);
        Tensor c = backend.zeros(dtype, b, hidden);
        Tensor cache = backend.zeros(dtype, b, 6 * hidden);
        backend.lstmForwardInto(gates, cPrev, h, c, cache);
        double[][] fwd = Reference.lstmForward(gates.toDoubleArray(), cPrev.toDoubleArray(), hidden, dtype == DType.FLOAT32);
        assertMatches(fwd[0], h, "lstm h on a view");
        assertMatches(fwd[2], cache, "lstm cache from views");
        double[] untouched = new double[2 * b * hidden];
        double[] all = hSeq.toDoubleArray();
        System.arraycopy(all, 0, untouched, 0, untouched.length);
        assertArrayEquals(new double[2 * b * hidden], untouched, "rows outside the view must stay zero");
    }
}
