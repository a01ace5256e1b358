package org.rnn4j.backend.nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.bytedeco.openblas.global.openblas;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.opentest4j.AssertionFailedError;
import org.rnn4j.api.DType;
import org.rnn4j.api.Tensor;
import org.rnn4j.backend.ejml.EjmlBackend;
import org.rnn4j.core.Bptt;
import org.rnn4j.core.Loss;
import org.rnn4j.core.OutputMode;
import org.rnn4j.core.Rnn;
import org.rnn4j.core.State;
import org.rnn4j.core.Targets;
import org.rnn4j.core.cell.CellType;
import org.rnn4j.spi.Backend;
import org.rnn4j.testkit.Allocations;

/**
 * The products that go to oneDNN (FLOAT32, at least {@link OneDnnGemm#MIN_WORK} multiply-adds): that
 * they do on Linux x86-64, where the build brings ND4J's -onednn natives; that they agree with a
 * FLOAT64 product of the same operands for every transpose pair and β, with row views as operands
 * and result; that they allocate nothing; that whole models agree with EJML through them.
 */
class OneDnnGemmTest {
    private static final Nd4jBackend ND4J = new Nd4jBackend();

    /** m×n×k = 128×512×512, the large Elman step's h·Wᵀ, 16 times MIN_WORK. */
    static final int M = 128;
    static final int N = 512;
    static final int K = 512;

    @Test
    @EnabledOnOs(value = OS.LINUX, architectures = "amd64")
    void largeFloat32ProductsGoToOneDnnOnLinuxX8664() {
        ND4J.gemmInto(1, ND4J.zeros(DType.FLOAT32, M, K), false, ND4J.zeros(DType.FLOAT32, K, N), false, 0, ND4J.zeros(DType.FLOAT32, M, N));
        String products = Nd4jBackend.matrixProducts();
        assertTrue(products.startsWith("oneDNN for FLOAT32 products"), products);
        assertTrue(OneDnnGemm.takes(M, N, K));
        assertFalse(OneDnnGemm.takes(32, 100, 100), "a 32×100×100 product stays on OpenBLAS");
        assertEquals(1, openblas.blas_get_num_threads(), "OpenBLAS's threads beside oneDNN's: " + products);
    }

    static Stream<Arguments> transposesAndBetas() {
        List<Arguments> out = new ArrayList<>();
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                for (double beta : new double[] {0, 1, 0.3}) {
                    out.add(Arguments.of(ta, tb, beta));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "ta={0} tb={1} beta={2}")
    @MethodSource("transposesAndBetas")
    void agreesWithAFloat64ProductOnRowViews(boolean ta, boolean tb, double beta) {
        double alpha = 0.5;
        // A and C are row views inside larger tensors, whose other rows must stay as they were.
        int aRows = ta ? K : M;
        int aCols = ta ? M : K;
        Tensor aBase = ND4J.fromArray(DType.FLOAT32, aRows + 5, aCols, ParityTest.random((aRows + 5) * aCols, 1));
        Tensor a = ND4J.rowView(aBase, 3, aRows);
        Tensor b = ND4J.fromArray(DType.FLOAT32, tb ? N : K, tb ? K : N, ParityTest.random(K * N, 2));
        double[] c0 = ParityTest.random((M + 4) * N, 3);
        if (beta == 0) {
            // With β = 0, C is not read: NaN there must not come through.
            Arrays.fill(c0, 2 * N, (2 + M) * N, Double.NaN);
        }
        Tensor cBase = ND4J.fromArray(DType.FLOAT32, M + 4, N, c0);
        Tensor c = ND4J.rowView(cBase, 2, M);
        double[] cBefore = cBase.toDoubleArray();

        ND4J.gemmInto(alpha, a, ta, b, tb, beta, c);

        double[] expected = reference(alpha, a.toDoubleArray(), ta, b.toDoubleArray(), tb, beta, Arrays.copyOfRange(cBefore, 2 * N, (2 + M) * N));
        assertProductClose(expected, c.toDoubleArray(), a.toDoubleArray(), ta, b.toDoubleArray(), tb, "C");
        double[] after = cBase.toDoubleArray();
        for (int i = 0; i < after.length; i++) {
            if (i < 2 * N || i >= (2 + M) * N) {
                assertEquals(cBefore[i], after[i], "element " + i + " of C's base, outside the view");
            }
        }
    }

    /** Control: the comparison above catches a product with B used the wrong way round. */
    @Test
    void theComparisonCatchesAWrongProduct() {
        // A·Bᵀ where A·B is expected (B is square, so the shapes pass).
        Tensor[] abc = productOfRandomOperands(DType.FLOAT32, true, 4);
        double[] a = abc[0].toDoubleArray();
        double[] b = abc[1].toDoubleArray();
        double[] expected = reference(1, a, false, b, false, 0, new double[M * N]);
        assertThrows(AssertionFailedError.class, () -> assertProductClose(expected, abc[2].toDoubleArray(), a, false, b, false, "C"));
    }

    @Test
    void float64ProductsRunOnOpenBlasWithItsOwnThreadCount() {
        Tensor[] abc = productOfRandomOperands(DType.FLOAT64, false, 6);
        double[] expected = reference(1, abc[0].toDoubleArray(), false, abc[1].toDoubleArray(), false, 0, new double[M * N]);
        double[] actual = abc[2].toDoubleArray();
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-12 * K, "C[" + i + "]");
        }
        String products = Nd4jBackend.matrixProducts();
        if (products.startsWith("oneDNN")) {
            // FLOAT64 work gets OpenBLAS's count from before, FLOAT32 work one thread.
            int threads = openblas.blas_get_num_threads();
            assertTrue(products.endsWith("(on 1 thread for FLOAT32 work, " + threads + " for FLOAT64)"), threads + " threads: " + products);
            ND4J.gemmInto(1, ND4J.zeros(DType.FLOAT32, 8, 8), false, ND4J.zeros(DType.FLOAT32, 8, 8), false, 0, ND4J.zeros(DType.FLOAT32, 8, 8));
            assertEquals(1, openblas.blas_get_num_threads(), "OpenBLAS's threads for FLOAT32 work");
        }
    }

    @Test
    void aLargeProductAllocatesNothingAfterWarmUp() {
        Tensor a = ND4J.fromArray(DType.FLOAT32, M, K, ParityTest.random(M * K, 8));
        Tensor b = ND4J.fromArray(DType.FLOAT32, N, K, ParityTest.random(K * N, 9));
        Tensor cBase = ND4J.zeros(DType.FLOAT32, 2 * M, N);
        Tensor c = ND4J.rowView(cBase, M, M);
        long bytes = Allocations.fewestBytesPerRound(() -> ND4J.gemmInto(1, a, false, b, true, 1, c), 200, 20);
        assertEquals(0, bytes, "bytes allocated by 20 products of " + M + "×" + N + "×" + K + " (" + Nd4jBackend.matrixProducts() + ")");
    }

    @ParameterizedTest
    @EnumSource(value = CellType.class)
    void aModelLargeEnoughForOneDnnAgreesWithEjml(CellType cell) {
        // Hidden 192, batch 64: the recurrent products are 64×(g·192)×192, at least 2.4 M multiply-adds.
        int steps = 4;
        int batch = 64;
        int input = 8;
        int hidden = 192;
        int output = 3;
        double[] x = ParityTest.random(steps * batch * input, 11);
        Targets targets = ParityTest.targets(Loss.SOFTMAX_CROSS_ENTROPY, OutputMode.EVERY_STEP, steps, batch, 12);
        Backend[] backends = {new EjmlBackend(), ND4J};
        double[] losses = new double[2];
        List<List<double[]>> grads = new ArrayList<>();
        for (int k = 0; k < 2; k++) {
            Backend be = backends[k];
            Rnn m = Rnn.builder().cell(cell).inputSize(input).hiddenSize(hidden).outputSize(output).dtype(DType.FLOAT32)
                    .backend(be).seed(13).build();
            Tensor xs = be.fromArray(DType.FLOAT32, steps * batch, input, x);
            Bptt.Result r = m.bptt().lossAndGradients(xs, batch, targets, null, (State) null);
            losses[k] = r.loss();
            List<double[]> g = new ArrayList<>();
            m.parameters().forEach(p -> g.add(p.gradient().toDoubleArray()));
            grads.add(g);
        }
        assertTrue((long) batch * hidden * hidden >= OneDnnGemm.MIN_WORK, "the smallest recurrent product reaches oneDNN's threshold");
        ParityTest.assertClose(new double[] {losses[0]}, new double[] {losses[1]}, 1e-4, ParityTest.floor(DType.FLOAT32), "loss");
        for (int i = 0; i < grads.get(0).size(); i++) {
            ParityTest.assertClose(grads.get(0).get(i), grads.get(1).get(i), 1e-4, ParityTest.floor(DType.FLOAT32), cell + " gradient " + i);
        }
    }

    @Test
    void thePropertyAcceptsTrueOrFalseOnly() {
        assertTrue(OneDnnGemm.enabled(null));
        assertTrue(OneDnnGemm.enabled(" TRUE "));
        assertFalse(OneDnnGemm.enabled("false"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OneDnnGemm.enabled("no"));
        assertEquals("-Drnn4j.nd4j.onednn=no: expected true or false", e.getMessage());
    }

    /** A (M×K) and B (K×N) of random values, and C = A·B, or A·Bᵀ if transposeB. */
    static Tensor[] productOfRandomOperands(DType dtype, boolean transposeB, long seed) {
        Tensor a = ND4J.fromArray(dtype, M, K, ParityTest.random(M * K, seed));
        Tensor b = ND4J.fromArray(dtype, K, N, ParityTest.random(K * N, seed + 1));
        Tensor c = ND4J.zeros(dtype, M, N);
        ND4J.gemmInto(1, a, false, b, transposeB, 0, c);
        return new Tensor[] {a, b, c};
    }

    /** α·op(A)·op(B) + β·C in FLOAT64, row-major; β = 0 does not read C. */
    static double[] reference(double alpha, double[] a, boolean ta, double[] b, boolean tb, double beta, double[] c) {
        double[] out = new double[M * N];
        for (int i = 0; i < M; i++) {
            for (int j = 0; j < N; j++) {
                double s = 0;
                for (int k = 0; k < K; k++) {
                    s += (ta ? a[k * M + i] : a[i * K + k]) * (tb ? b[j * K + k] : b[k * N + j]);
                }
                out[i * N + j] = alpha * s + (beta == 0 ? 0 : beta * c[i * N + j]);
            }
        }
        return out;
    }

    /**
     * Each element within 1e-5 of its own Σ|a||b| plus the magnitude of the expected value: a
     * FLOAT32 product of k = 512 terms rounds by about √k·2⁻²⁴ of that sum (1.3e-6).
     */
    static void assertProductClose(double[] expected, double[] actual, double[] a, boolean ta, double[] b, boolean tb, String what) {
        for (int i = 0; i < M; i++) {
            for (int j = 0; j < N; j++) {
                double abs = 0;
                for (int k = 0; k < K; k++) {
                    abs += Math.abs((ta ? a[k * M + i] : a[i * K + k]) * (tb ? b[j * K + k] : b[k * N + j]));
                }
                double e = expected[i * N + j];
                double bound = 1e-5 * (abs + Math.abs(e));
                if (!(Math.abs(actual[i * N + j] - e) <= bound)) {
                    fail(what + "[" + i + "][" + j + "]: expected " + e + ", got " + actual[i * N + j] + " (bound " + bound + ")");
                }
            }
        }
    }
}
