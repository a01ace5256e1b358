package org.rnn4j.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.rnn4j.api.Tensor;

/**
 * One square gemm, {@code C = op(A)·op(B)} (β = 0, so C is overwritten and the state does not drift),
 * in each transpose combination the RNN uses: NN (dh·W), NT (h·Wᵀ, the forward) and TN (daᵀ·h, the
 * weight gradients). Work: 2·n³ flops per operation.
 */
public class GemmBenchmark extends BenchmarkBase {

    /** The side of the square matrices. */
    @Param({"8", "32", "100", "256", "512", "1024"})
    public int n;

    /** Which operands are transposed: N or T for A, then for B. */
    @Param({"NN", "NT", "TN"})
    public String transpose;

    private Tensor a;
    private Tensor b;
    private Tensor c;
    private boolean transposeA;
    private boolean transposeB;

    /** Creates the operands. */
    @Setup
    public void setUp() {
        setUpBackend();
        if (!transpose.matches("[NT][NT]")) {
            throw new IllegalArgumentException("transpose must be two of N and T, got '" + transpose + "'");
        }
        transposeA = transpose.charAt(0) == 'T';
        transposeB = transpose.charAt(1) == 'T';
        a = random(n, n, 1);
        b = random(n, n, 2);
        c = backend.zeros(dtype, n, n);
    }

    /**
     * Multiplies.
     *
     * @return the product, so that JMH sinks it
     */
    @Benchmark
    public Tensor gemm() {
        backend.gemmInto(1.0, a, transposeA, b, transposeB, 0.0, c);
        return c;
    }
}
