package org.rnn4j.backend.simd;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rnn4j.api.DType;
import org.rnn4j.api.Tensor;
import org.rnn4j.core.Loss;
import org.rnn4j.core.Optimizer;
import org.rnn4j.core.Rnn;
import org.rnn4j.core.Targets;
import org.rnn4j.testkit.Allocations;

/**
 * After warm-up, gemm on every path (one row, packed, split over the pool) and a whole training step
 * allocate nothing on the calling thread (the JVM's per-thread allocation counter). Before C2 has
 * compiled the kernels the Vector API boxes its vectors, so rounds go on until one is clean
 * ({@link Allocations#fewestBytesPerRound}).
 */
class AllocationTest {
    private static final int CALLS = 2000;

    private static long bytesPerRound(Runnable op) {
        return Allocations.fewestBytesPerRound(op, CALLS, CALLS);
    }

    @ParameterizedTest(name = "{0} m={1} k={2} n={3} threads={4}")
    @CsvSource({"FLOAT32, 1, 64, 64, 1", "FLOAT32, 24, 19, 24, 1", "FLOAT32, 128, 128, 128, 2", "FLOAT64, 128, 128, 128, 2", "FLOAT64, 33, 20, 1, 2"})
    void gemmAllocatesNothingAfterWarmUp(DType dtype, int m, int k, int n, int threads) {
        SimdBackend be = new SimdBackend(threads);
        Tensor a = be.zeros(dtype, m, k);
        Tensor b = be.zeros(dtype, n, k);
        Tensor c = be.zeros(dtype, m, n);
        long bytes = bytesPerRound(() -> be.gemmInto(1, a, false, b, true, 0.5, c));
        assertTrue(bytes < CALLS, bytes + " bytes in the best round of " + CALLS + " gemms");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"FLOAT32", "FLOAT64"})
    void aTrainingStepAllocatesNothingAfterWarmUp(DType dtype) {
        SimdBackend be = new SimdBackend(2);
        int steps = 10;
        int batch = 8;
        Rnn m = Rnn.builder().inputSize(1).hiddenSize(64).outputSize(1).dtype(dtype).backend(be).seed(3).build();
        Tensor xs = be.zeros(dtype, steps * batch, 1);
        Targets targets = Targets.lastStep(Loss.MSE, batch, 1, new double[batch]);
        Optimizer sgd = Optimizer.sgd(0.01);
        long bytes = bytesPerRound(() -> {
            m.bptt().lossAndGradients(xs, batch, targets, null, null);
            sgd.step(m.parameters());
        });
        assertTrue(bytes < CALLS, bytes + " bytes in the best round of " + CALLS + " training steps");
    }
}
