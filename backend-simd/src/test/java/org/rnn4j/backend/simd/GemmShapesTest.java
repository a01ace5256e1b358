package org.rnn4j.backend.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.rnn4j.api.DType;
import org.rnn4j.api.Tensor;
import org.rnn4j.testkit.Reference;

/**
 * Gemm against the plain-Java reference at the shapes the kernels treat specially: tails of the
 * vector length and of the 6-row and two-vector tiles, one row, one column, k = 1, k across
 * several cache blocks, every transpose, α and β, on one thread and split over two and three.
 */
class GemmShapesTest {

    private static double[] random(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextDouble(-1, 1);
        }
        return v;
    }

    static Stream<Arguments> cases() {
        int[][] mkn = {
            {1, 1, 1}, {1, 7, 1}, {1, 300, 77}, {77, 300, 1}, {5, 1, 29}, {1, 1, 40},
            {4, 8, 24}, {4, 8, 25}, {3, 9, 23}, {7, 17, 31}, {13, 33, 50}, {33, 257, 49},
            {6, 8, 16}, {12, 20, 32}, {70, 513, 70}, {1, 70, 259}, {1, 5, 259}, {64, 64, 250}, {100, 100, 100}, {130, 70, 300}, {260, 40, 300}, {40, 300, 1100},
        };
        List<Arguments> out = new ArrayList<>();
        for (DType d : DType.values()) {
            for (int threads : new int[] {1, 2, 3}) {
                for (boolean ta : new boolean[] {false, true}) {
                    for (boolean tb : new boolean[] {false, true}) {
                        for (int[] s : mkn) {
                            out.add(Arguments.of(d, threads, ta, tb, s[0], s[1], s[2]));
                        }
                    }
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} threads={1} transA={2} transB={3} m={4} k={5} n={6}")
    @MethodSource("cases")
    void gemmMatchesReferenceWithAlphaAndBeta(DType dtype, int threads, boolean ta, boolean tb, int m, int k, int n) {
        SimdBackend be = new SimdBackend(threads);
        int aRows = ta ? k : m;
        int aCols = ta ? m : k;
        int bRows = tb ? n : k;
        int bCols = tb ? k : n;
        Tensor a = be.fromArray(dtype, aRows, aCols, random(aRows * aCols, 1));
        Tensor b = be.fromArray(dtype, bRows, bCols, random(bRows * bCols, 2));
        for (double[] ab : new double[][] {{1, 0}, {-0.75, 1}, {1.5, -0.5}}) {
            Tensor c = be.fromArray(dtype, m, n, random(m * n, 3));
            double[] expected = c.toDoubleArray();
            Reference.gemm(ab[0], a.toDoubleArray(), aRows, aCols, ta, b.toDoubleArray(), bRows, bCols, tb, ab[1], expected);
            be.gemmInto(ab[0], a, ta, b, tb, ab[1], c);
            assertClose(expected, c.toDoubleArray(), (dtype == DType.FLOAT64 ? 1e-14 : 1e-6) * (k + 1),
                    "alpha=" + ab[0] + " beta=" + ab[1]);
        }
    }

    static Stream<Arguments> betaZeroShapes() {
        List<Arguments> out = new ArrayList<>();
        for (DType d : DType.values()) {
            for (int[] mkn : new int[][] {{1, 5, 9}, {9, 5, 1}, {7, 1, 30}, {30, 300, 50}, {110, 100, 100}}) {
                for (boolean ta : new boolean[] {false, true}) {
                    for (boolean tb : new boolean[] {false, true}) {
                        out.add(Arguments.of(d, ta, tb, mkn[0], mkn[1], mkn[2]));
                    }
                }
            }
        }
        return out.stream();
    }

    /** NaN in C must not leak through β = 0 on any path: row, column, outer product, packed, parallel (110·100·100 ≥ PARALLEL_MIN). */
    @ParameterizedTest(name = "{0} transA={1} transB={2} m={3} k={4} n={5}")
    @MethodSource("betaZeroShapes")
    void betaZeroDoesNotReadNaNInC(DType dtype, boolean ta, boolean tb, int m, int k, int n) {
        SimdBackend be = new SimdBackend(2);
        Tensor a = be.fromArray(dtype, ta ? k : m, ta ? m : k, random(m * k, 1));
        Tensor b = be.fromArray(dtype, tb ? n : k, tb ? k : n, random(k * n, 2));
        Tensor c = be.zeros(dtype, m, n);
        be.fillInto(Double.NaN, c);
        be.gemmInto(1, a, ta, b, tb, 0, c);
        for (double v : c.toDoubleArray()) {
            assertTrue(Double.isFinite(v), "NaN in C leaked through beta = 0");
        }
    }

    /**
     * k = 1 runs as an outer product ({@link GemmD#outer}); it gives the bits of the packed path (a
     * fused multiply-add onto zero, then α and β), which products with k = 1 took before, so results
     * made before it (the examples' tables, with one input feature) stay the same.
     */
    @ParameterizedTest(name = "m={0} n={1}")
    @CsvSource({"2, 2", "6, 32", "7, 33", "128, 512", "13, 100"})
    void theOuterProductGivesThePackedPathsBits(int m, int n) {
        double[] a = random(m, 4);
        double[] b = random(n, 5);
        a[0] = -0.0;                                               // a signed zero times b: fma onto +0 gives +0
        for (double[] ab : new double[][] {{1, 0}, {1, 1}, {-0.75, 1}, {1.5, -0.5}}) {
            double[] c0 = random(m * n, 6);
            double[] viaBlock = c0.clone();
            double[] viaOuter = c0.clone();
            GemmD.block(ab[0], a, 1, false, b, n, false, ab[1], viaBlock, n, 1, 1, 0, m, 0, n);
            GemmD.outer(ab[0], a, b, ab[1], viaOuter, m, n);
            assertArrayEquals(viaBlock, viaOuter, "FLOAT64 alpha=" + ab[0] + " beta=" + ab[1]);

            float[] af = RowAndColumnKernelsTest.floats(a);
            float[] bf = RowAndColumnKernelsTest.floats(b);
            float[] blockF = RowAndColumnKernelsTest.floats(c0);
            float[] outerF = RowAndColumnKernelsTest.floats(c0);
            GemmF.block((float) ab[0], af, 1, false, bf, n, false, (float) ab[1], blockF, n, 1, 1, 0, m, 0, n);
            GemmF.outer((float) ab[0], af, bf, (float) ab[1], outerF, m, n);
            assertArrayEquals(blockF, outerF, "FLOAT32 alpha=" + ab[0] + " beta=" + ab[1]);
        }
    }

    /** Control: the comparison used above catches one wrong element. */
    @Test
    void theComparisonCatchesOneCorruptedElement() {
        double[] expected = random(50, 1);
        double[] got = expected.clone();
        got[17] += 1e-4;
        try {
            assertClose(expected, got, 1e-6, "control");
        } catch (AssertionError e) {
            assertTrue(e.getMessage().contains("[17]"), e.getMessage());
            return;
        }
        fail("a corrupted element went unnoticed");
    }

    static void assertClose(double[] expected, double[] got, double tol, String what) {
        for (int i = 0; i < expected.length; i++) {
            if (!(Math.abs(expected[i] - got[i]) <= tol * (1 + Math.abs(expected[i])))) {
                fail(what + ": [" + i + "] expected " + expected[i] + " but was " + got[i] + " (tolerance " + tol + ")");
            }
        }
    }
}
