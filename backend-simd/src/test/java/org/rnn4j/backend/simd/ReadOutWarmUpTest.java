package org.rnn4j.backend.simd;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.rnn4j.api.DType;
import org.rnn4j.api.Tensor;
import org.rnn4j.testkit.Allocations;

/**
 * The one-row products of a many-to-one read-out, {@code y = h·Vᵀ} and {@code dV = dyᵀ·h} (each once a
 * training step), allocate nothing after their first {@value #WARM_UP} products. Until C2 compiles a
 * Vector API method, every vector in it is a boxed object: when each product was one call of such a
 * method, a large LSTM or GRU step (I = H = 512, B = 64, FLOAT32) allocated 889 KB in every iteration
 * of a 12-second JMH fork, C2 never having compiled it ({@code benchmarks/results/readout-2026-12-06});
 * here that code allocated 909 KB a pair of products after 30 pairs, and four rows a call (the code
 * for products of {@link GemmD#FOUR_ROWS_MIN} rows or more) 444 KB.
 *
 * <p>The products run in a JVM of their own started with {@code -Xbatch}: a method is compiled when its
 * counters cross the compiler's thresholds while its caller waits, so the count depends on calls made,
 * not on how busy the compiler threads are.
 */
class ReadOutWarmUpTest {
    static final int WARM_UP = 30;
    static final int MEASURED = 10;

    @ParameterizedTest(name = "{0}")
    @EnumSource(DType.class)
    void theReadOutsProductsAllocateNothingAfterWarmUp(DType dtype) throws IOException, InterruptedException {
        List<String> options = new ArrayList<>(List.of("--add-modules", "jdk.incubator.vector", "-Xbatch"));
        String bits = System.getProperty("rnn4j.simd.vectorBits");
        if (bits != null) {
            options.add("-Drnn4j.simd.vectorBits=" + bits);
        }
        String out = ForkedJvm.run(options, Products.class, dtype.name());
        String last = out.strip().lines().reduce((a, b) -> b).orElse("");
        assertTrue(last.startsWith("allocated "), out);
        long bytes = Long.parseLong(last.substring("allocated ".length()));
        assertTrue(bytes < MEASURED, bytes + " bytes allocated by " + MEASURED + " read-out products after " + WARM_UP + ":\n" + out);
    }

    /** Run in the forked JVM: the read-out's products at a large step's shapes (H = 512, B = 64, one output). */
    static final class Products {
        private Products() {
        }

        public static void main(String[] args) {
            DType dtype = DType.valueOf(args[0]);
            SimdBackend be = new SimdBackend(1);
            Tensor h = be.zeros(dtype, 64, 512);
            Tensor v = be.zeros(dtype, 1, 512);
            Tensor y = be.zeros(dtype, 64, 1);
            Tensor dy = be.zeros(dtype, 64, 1);
            Tensor dv = be.zeros(dtype, 1, 512);
            Runnable products = () -> {
                be.gemmInto(1, h, false, v, true, 0, y);     // y = h·Vᵀ: one row of dot products
                be.gemmInto(1, dy, true, h, false, 1, dv);   // dV += dyᵀ·h: one row, sums of rows of h
            };
            // One round (no patience): what the products allocate right after the warm-up.
            System.out.println("allocated " + Allocations.fewestBytesPerRound(products, WARM_UP, MEASURED, Duration.ZERO));
        }
    }
}
