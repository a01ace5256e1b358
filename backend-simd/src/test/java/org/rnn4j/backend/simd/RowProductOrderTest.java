package org.rnn4j.backend.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rnn4j.api.DType;
import org.rnn4j.api.Tensor;

/**
 * A one-row product ({@code x·Bᵀ}, one dot product per row of B, one or four rows a call) gives the
 * same bits on every call, before and after C2 compiles its kernel: each element equals a scalar
 * replay of its order (lane l of a vector accumulates a fused multiply-add chain over k = l, l + V, …;
 * the lanes are then added in order, the tail's products follow in order, and α scales the sum). With {@code reduceLanes(ADD)},
 * whose order the Vector API leaves to the implementation, this test passed on JDK 17 and failed on
 * JDK 25 once C2 had compiled the kernel (FLOAT64 at call 1735, FLOAT32 at call 6996, in the last bit).
 */
class RowProductOrderTest {
    private static final int CALLS = 20_000;
    private static final double ALPHA = -0.75;

    /** One row a call (7 rows), and four rows a call with three left over (FOUR_ROWS_MIN + 3 rows). */
    @ParameterizedTest(name = "{0} n={1}")
    @CsvSource({"FLOAT32, 7", "FLOAT64, 7", "FLOAT32, 259", "FLOAT64, 259"})
    void everyCallGivesTheBitsOfItsOrder(DType dtype, int n) {
        assertEquals(GemmD.FOUR_ROWS_MIN + 3, 259);
        assertEquals(GemmF.FOUR_ROWS_MIN + 3, 259);
        SimdBackend be = new SimdBackend(1);
        int lanes = dtype == DType.FLOAT64 ? GemmD.V : GemmF.V;
        int k = 5 * lanes + 3;
        SplittableRandom r = new SplittableRandom(11);
        Tensor a = be.fromArray(dtype, 1, k, r.doubles(k, -1, 1).toArray());
        Tensor b = be.fromArray(dtype, n, k, r.doubles((long) n * k, -1, 1).toArray());
        Tensor c = be.zeros(dtype, 1, n);
        double[] expected = replay(dtype, a.toDoubleArray(), b.toDoubleArray(), k, n, lanes);
        for (int call = 0; call < CALLS; call++) {
            be.gemmInto(ALPHA, a, false, b, true, 0, c);
            double[] got = c.toDoubleArray();
            if (!Arrays.equals(expected, got)) {
                assertArrayEquals(expected, got, "call " + call + " of " + CALLS);
            }
        }
    }

    /** The order the kernel defines, in scalar code: per-lane fma chains, lanes added in order, the tail, α. */
    private static double[] replay(DType dtype, double[] a, double[] b, int k, int n, int lanes) {
        int kv = k - k % lanes;
        double[] out = new double[n];
        for (int j = 0; j < n; j++) {
            int row = j * k;
            if (dtype == DType.FLOAT64) {
                double[] acc = new double[lanes];
                for (int kk = 0; kk < kv; kk += lanes) {
                    for (int l = 0; l < lanes; l++) {
                        acc[l] = Math.fma(a[kk + l], b[row + kk + l], acc[l]);
                    }
                }
                double s = acc[0];
                for (int l = 1; l < lanes; l++) {
                    s += acc[l];
                }
                for (int kk = kv; kk < k; kk++) {
                    s = Math.fma(a[kk], b[row + kk], s);
                }
                out[j] = s * ALPHA;
            } else {
                float[] acc = new float[lanes];
                for (int kk = 0; kk < kv; kk += lanes) {
                    for (int l = 0; l < lanes; l++) {
                        acc[l] = Math.fma((float) a[kk + l], (float) b[row + kk + l], acc[l]);
                    }
                }
                float s = acc[0];
                for (int l = 1; l < lanes; l++) {
                    s += acc[l];
                }
                for (int kk = kv; kk < k; kk++) {
                    s = Math.fma((float) a[kk], (float) b[row + kk], s);
                }
                out[j] = s * (float) ALPHA;
            }
        }
        return out;
    }
}
