package org.rnn4j.backend.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.rnn4j.api.DType;
import org.rnn4j.api.Tensor;

/**
 * The thread count does not change results: products large enough to be split agree bit for bit on
 * 1, 2 and 3 threads (each element is computed by the same operations whichever thread runs it), and
 * repeat bit for bit run to run, wherever the boundary between two threads' blocks falls; the
 * thread-count property is read and checked.
 */
class ThreadCountTest {

    /** A rows×cols tensor of values uniform in (−bound, bound), from a seed (the thread-count, pin and split tests). */
    static Tensor random(SimdBackend be, DType dtype, int rows, int cols, long seed, double bound) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextDouble(-bound, bound);
        }
        return be.fromArray(dtype, rows, cols, v);
    }

    /** A rows×cols tensor of values uniform in (−1, 1), from a seed. */
    static Tensor random(SimdBackend be, DType dtype, int rows, int cols, long seed) {
        return random(be, dtype, rows, cols, seed, 1);
    }

    /** {@code C = 0.7·op(A)·op(B) + 0.3·C} onto a random m×n C (seed 3): the product the thread-count and pin tests compare. */
    static double[] product(SimdBackend be, Tensor a, boolean ta, Tensor b, boolean tb, DType dtype, int m, int n) {
        Tensor c = random(be, dtype, m, n, 3);
        be.gemmInto(0.7, a, ta, b, tb, 0.3, c);
        return c.toDoubleArray();
    }

    private static double[] product(int threads, DType dtype, boolean ta, boolean tb, int m, int k, int n) {
        SimdBackend be = new SimdBackend(threads);
        Tensor a = ta ? random(be, dtype, k, m, 1) : random(be, dtype, m, k, 1);
        Tensor b = tb ? random(be, dtype, n, k, 2) : random(be, dtype, k, n, 2);
        return product(be, a, ta, b, tb, dtype, m, n);
    }

    @ParameterizedTest(name = "{0} transA={1} transB={2} m={3} k={4} n={5}")
    @CsvSource({
        "FLOAT32, false, true, 128, 300, 250", "FLOAT32, true, false, 250, 600, 130", "FLOAT32, false, false, 300, 90, 70",
        "FLOAT64, false, true, 128, 300, 250", "FLOAT64, true, false, 250, 600, 130", "FLOAT64, true, true, 70, 90, 300",
        // Above SimdBackend.SWAP_MAX_ROWS, C = A·Bᵀ is not computed as Cᵀ: split by columns, then by rows.
        "FLOAT32, false, true, 260, 40, 300", "FLOAT64, false, true, 300, 50, 280",
    })
    void oneTwoAndThreeThreadsAgreeBitForBit(DType dtype, boolean ta, boolean tb, int m, int k, int n) {
        assertFalse((long) m * n * k < SimdBackend.PARALLEL_MIN, "the case must be large enough to be split");
        double[] one = product(1, dtype, ta, tb, m, k, n);
        assertArrayEquals(one, product(2, dtype, ta, tb, m, k, n), "2 threads");
        assertArrayEquals(one, product(3, dtype, ta, tb, m, k, n), "3 threads");
    }

    @Test
    void theSameThreadCountRepeatsBitForBit() {
        double[] first = product(2, DType.FLOAT32, false, true, 256, 256, 256);
        for (int run = 0; run < 5; run++) {
            assertArrayEquals(first, product(2, DType.FLOAT32, false, true, 256, 256, 256), "run " + run);
        }
        assertFalse(Arrays.stream(first).allMatch(v -> v == 0), "the product must not be trivial");
    }

    /**
     * A two-way split sizes the caller's block by measurement, so the boundary moves from call to call:
     * any boundary, on a tile or not, in rows or in columns, gives the bits of the whole product, and one
     * backend's repeated products (whose boundaries adapt) give the one-thread bits every time.
     */
    @ParameterizedTest(name = "transA={0} transB={1}")
    @CsvSource({"false, false", "false, true", "true, false", "true, true"})
    void anyBoundaryBetweenTheBlocksGivesTheSameBits(boolean ta, boolean tb) {
        int m = 100;
        int k = 300;
        int n = 70;
        SplittableRandom r = new SplittableRandom(9);
        double[] a = r.doubles(m * k, -1, 1).toArray();
        double[] b = r.doubles(k * n, -1, 1).toArray();
        double[] c0 = r.doubles(m * n, -1, 1).toArray();
        int lda = ta ? m : k;
        int ldb = tb ? k : n;
        double[] whole = c0.clone();
        GemmD.block(0.7, a, lda, ta, b, ldb, tb, 0.3, whole, n, 1, k, 0, m, 0, n);
        for (int cut : new int[] {1, 6, 12, 31, 48, 94}) {
            double[] split = c0.clone();
            GemmD.block(0.7, a, lda, ta, b, ldb, tb, 0.3, split, n, 1, k, 0, cut, 0, n);
            GemmD.block(0.7, a, lda, ta, b, ldb, tb, 0.3, split, n, 1, k, cut, m, 0, n);
            assertArrayEquals(whole, split, "rows split at " + cut);
        }
        for (int cut : new int[] {1, 8, 16, 33, 64}) {
            double[] split = c0.clone();
            GemmD.block(0.7, a, lda, ta, b, ldb, tb, 0.3, split, n, 1, k, 0, m, 0, cut);
            GemmD.block(0.7, a, lda, ta, b, ldb, tb, 0.3, split, n, 1, k, 0, m, cut, n);
            assertArrayEquals(whole, split, "columns split at " + cut);
        }
        double[] one = product(1, DType.FLOAT32, ta, tb, 200, 300, 260);
        SimdBackend be = new SimdBackend(2);
        Tensor x = ta ? random(be, DType.FLOAT32, 300, 200, 1) : random(be, DType.FLOAT32, 200, 300, 1);
        Tensor y = tb ? random(be, DType.FLOAT32, 260, 300, 2) : random(be, DType.FLOAT32, 300, 260, 2);
        for (int call = 0; call < 40; call++) {
            Tensor c = random(be, DType.FLOAT32, 200, 260, 3);
            be.gemmInto(0.7, x, ta, y, tb, 0.3, c);
            assertArrayEquals(one, c.toDoubleArray(), "call " + call);
        }
    }

    @Test
    void thePropertyIsReadAndBadValuesAreRejected() {
        assertEquals(Runtime.getRuntime().availableProcessors(), SimdBackend.threadsFromProperty(null));
        assertEquals(Runtime.getRuntime().availableProcessors(), SimdBackend.threadsFromProperty(" "));
        assertEquals(3, SimdBackend.threadsFromProperty(" 3 "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SimdBackend.threadsFromProperty("0"));
        assertEquals("rnn4j.simd.threads must be a positive integer, got '0'", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SimdBackend.threadsFromProperty("two"));
        assertEquals("threads must be at least 1, got 0", assertThrows(IllegalArgumentException.class, () -> new SimdBackend(0)).getMessage());
        assertEquals(1, new SimdBackend(1).threads());
    }

    @Test
    void aThreadCountAboveTheCapIsRefusedBeforeAnyThreadStarts() {
        int cpus = Runtime.getRuntime().availableProcessors();
        int max = SimdBackend.maxThreads();
        assertEquals(SimdBackend.MAX_THREADS_PER_PROCESSOR * cpus, max);
        int before = Thread.activeCount();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SimdBackend.threadsFromProperty("100000"));
        assertEquals("rnn4j.simd.threads is 100000; at most " + max + " are allowed (" + SimdBackend.MAX_THREADS_PER_PROCESSOR
                + " × the " + cpus + " available processor" + (cpus == 1 ? "" : "s") + "): more threads than cores only add switching",
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SimdBackend.threadsFromProperty("99999999999"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new SimdBackend(max + 1)).getMessage()
                .startsWith("threads is " + (max + 1) + "; at most " + max));
        assertTrue(Thread.activeCount() <= before, "a refused count must start no thread");
        // The cap itself is allowed.
        assertEquals(max, SimdBackend.threadsFromProperty(String.valueOf(max)));
    }
}
