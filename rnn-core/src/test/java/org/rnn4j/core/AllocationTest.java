package org.rnn4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rnn4j.api.Activation;
import org.rnn4j.api.DType;
import org.rnn4j.api.Tensor;
import org.rnn4j.spi.Backend;
import org.rnn4j.testkit.Allocations;

/** After the first batch of a shape, training allocates no tensors, and the core loop no memory at all. */
class AllocationTest {

    /** A backend that counts the tensors it creates and forwards everything to EJML. */
    static Backend counting(AtomicInteger created) {
        return (Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(), new Class<?>[] {Backend.class}, (p, method, args) -> {
            if (method.getName().equals("zeros") || method.getName().equals("fromArray")) {
                created.incrementAndGet();
            }
            try {
                return method.invoke(Fixtures.EJML, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }

    @Test
    void trainingCreatesNoTensorsAfterTheFirstBatchOfEachShape() {
        AtomicInteger created = new AtomicInteger();
        Rnn m = Rnn.builder().inputSize(1).hiddenSize(5).outputSize(1).dtype(DType.FLOAT32).backend(counting(created)).build();
        // 10 sequences in batches of 4: shapes 4 and 2, plus validation batches.
        Trainer t = Trainer.builder(m, Optimizer.adam(0.01)).epochs(1).batchSize(4).clipByGlobalNorm(1).validation(TrainerTest.sineWindows(40, 6)).build();
        t.fit(TrainerTest.sineWindows(0, 10));
        int afterWarmUp = created.get();
        assertTrue(afterWarmUp > 0);
        t.fit(TrainerTest.sineWindows(0, 10));
        t.fit(TrainerTest.sineWindows(0, 10));
        assertEquals(afterWarmUp, created.get(), "tensors created after the first batch of each shape");
    }

    @Test
    void truncatedTrainingCreatesNoTensorsAfterWarmUp() {
        AtomicInteger created = new AtomicInteger();
        Rnn m = Rnn.builder().inputSize(1).hiddenSize(5).outputSize(1).dtype(DType.FLOAT64).backend(counting(created)).build();
        double[][][] x = new double[2][13][1];
        double[][][] y = new double[2][13][1];
        Trainer t = Trainer.builder(m, Optimizer.adagrad(0.1)).epochs(1).batchSize(2).truncated(5, 7).build();
        SequenceDataset d = SequenceDataset.everyStep(Loss.MSE, x, y, new int[] {13, 9});
        t.fit(d);
        int afterWarmUp = created.get();
        t.fit(d);
        assertEquals(afterWarmUp, created.get());
    }

    /** On every backend: with row views (ND4J) the layer's step operands are views, made once per workspace. */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("org.rnn4j.core.Fixtures#backendsAndCells")
    void theCoreTrainingStepAllocatesNoMemory(String backend, Fixtures.Spec spec) {
        Rnn m = Fixtures.model(spec.cell, spec.activation, 2, GradientCheckTest.backend(backend), DType.FLOAT32, 111);
        Tensor xs = Fixtures.inputs(m, 10, 4, 112);
        Targets targets = Fixtures.targets(Loss.SOFTMAX_CROSS_ENTROPY, OutputMode.EVERY_STEP, 10, 4, m.outputSize(), 113);
        Mask mask = Fixtures.sparseMask(10, 4);
        Optimizer adam = Optimizer.adam(0.001);
        Runnable step = () -> {
            m.bptt().lossAndGradients(xs, 4, targets, mask, null);
            Clipping.byGlobalNorm(m.parameters(), 5);
            adam.step(m.parameters());
        };
        int calls = 500;
        // SIMD's kernels allocate (boxed vectors) until C2 has compiled them, which on a loaded 2-core
        // machine once took longer than 2,000 steps of warm-up (612 KB a step; 960 KB with C1 alone).
        long fewest = Allocations.fewestBytesPerRound(step, 2000, calls);
        assertTrue(fewest < calls, "a training step allocated: " + fewest + " bytes in " + calls + " steps");
    }
}
