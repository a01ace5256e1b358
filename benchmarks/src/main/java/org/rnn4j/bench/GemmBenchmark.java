package org.rnn4j.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.rnn4j.api.Tensor;

/**
 * One square gemm, {@code C = A·B} (β = 0, so C is overwritten and the state does not drift).
 * Work: 2·n³ flops per operation.
 */
public class GemmBenchmark extends BenchmarkBase {

    /** The side of the square matrices. */
    @Param({"8", "32", "100", "256", "512", "1024"})
    public int n;

    private Tensor a;
    private Tensor b;
    private Tensor c;

    /** Creates the operands. */
    @Setup
    public void setUp() {
        setUpBackend();
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
        backend.gemmInto(1.0, a, false, b, false, 0.0, c);
        return c;
    }
}
