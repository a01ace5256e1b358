package org.rnn4j.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rnn4j.api.Activation;
import org.rnn4j.api.DType;
import org.rnn4j.api.Tensor;
import org.rnn4j.core.cell.CellType;

/** What the engine promises beyond the numbers: results that stay put, bounded memory, lean inference, honest means. */
class EngineContractTest {

    @Test
    void aResultKeepsItsGradientWhenAnotherBatchSizeRunsInBetween() {
        Rnn m = Fixtures.model(CellType.LSTM, Activation.TANH, 1, Fixtures.EJML, DType.FLOAT64, 201);
        Tensor xs3 = Fixtures.inputs(m, 4, 3, 202);
        Tensor xs2 = Fixtures.inputs(m, 4, 2, 203);
        Targets t3 = Fixtures.targets(Loss.MSE, OutputMode.LAST_STEP, 4, 3, m.outputSize(), 204);
        Targets t2 = Fixtures.targets(Loss.MSE, OutputMode.LAST_STEP, 4, 2, m.outputSize(), 205);
        Bptt.Result r3 = m.bptt().lossAndGradients(xs3, 3, t3, null, Fixtures.state(m, 3, 206));
        double[] before = r3.initialStateGradient().get(1).toDoubleArray();
        Bptt.Result r2 = m.bptt().lossAndGradients(xs2, 2, t2, null, null);
        assertEquals(2, r2.initialStateGradient().h().rows());
        assertEquals(3, r3.initialStateGradient().h().rows());
        assertArrayEquals(before, r3.initialStateGradient().get(1).toDoubleArray(), 0.0);
        Bptt.Result lossOnly = m.bptt().loss(xs2, 2, t2, null, null);
        assertEquals("this call computed the loss only; use lossAndGradients for dL/d(initial state)",
                assertThrows(IllegalStateException.class, lossOnly::initialStateGradient).getMessage());
    }

    @Test
    void workspacesStayBoundedWhateverTheSequenceLengths() {
        Rnn m = Fixtures.model(Activation.TANH, DType.FLOAT64, 211);
        for (int steps = 1; steps <= 40; steps++) {
            Tensor xs = Fixtures.inputs(m, steps, 2, 212 + steps);
            m.bptt().loss(xs, 2, Fixtures.targets(Loss.MSE, OutputMode.LAST_STEP, steps, 2, m.outputSize(), 7), null, null);
            assertTrue(m.bptt().workspaceCount() <= Bptt.MAX_WORKSPACES, "workspaces after " + steps + " lengths");
        }
        assertEquals(Bptt.MAX_WORKSPACES, m.bptt().workspaceCount());
    }

    @Test
    void forwardAllocatesNothingThatGrowsWithTheSequence() {
        AtomicInteger created = new AtomicInteger();
        Rnn m = Rnn.builder().inputSize(2).hiddenSize(3).outputSize(1).cell(CellType.LSTM).dtype(DType.FLOAT64)
                .backend(AllocationTest.counting(created)).build();
        int[] tensors = new int[2];
        int[] lengths = {5, 500};
        for (int i = 0; i < 2; i++) {
            Tensor xs = m.backend().zeros(DType.FLOAT64, lengths[i] * 2, 2);
            int before = created.get();
            m.forward(xs, 2, null, null);
            tensors[i] = created.get() - before;
        }
        assertEquals(tensors[0], tensors[1], "tensors created by forward over 5 and 500 steps");
        assertEquals(0, m.bptt().workspaceCount(), "forward must not build training workspaces");
    }

    @Test
    void oneOptimizerRefusesASecondModel() {
        Rnn a = Fixtures.model(Activation.TANH, DType.FLOAT64, 221);
        Rnn b = Fixtures.model(Activation.TANH, DType.FLOAT64, 221);
        Optimizer adam = Optimizer.adam(0.01);
        adam.step(a.parameters());
        adam.step(java.util.List.copyOf(a.parameters()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> adam.step(b.parameters()));
        assertTrue(e.getMessage().contains("use one optimizer per model"), e.getMessage());
    }

    static java.util.List<Integer> batchSizes() {
        return java.util.List.of(1, 2, 4);
    }

    @ParameterizedTest
    @MethodSource("batchSizes")
    void evaluationIsTheMeanOverCountedStepsWhateverTheBatchSize(int batchSize) {
        Rnn m = Fixtures.model(Activation.TANH, DType.FLOAT64, 231);
        double[][][] x = new double[5][6][Fixtures.I];
        double[][][] y = new double[5][6][Fixtures.O];
        java.util.SplittableRandom r = new java.util.SplittableRandom(232);
        for (double[][] s : x) {
            for (double[] step : s) {
                for (int i = 0; i < step.length; i++) {
                    step[i] = r.nextDouble(-1, 1);
                }
            }
        }
        for (double[][] s : y) {
            for (double[] step : s) {
                for (int i = 0; i < step.length; i++) {
                    step[i] = r.nextDouble(-1, 1);
                }
            }
        }
        SequenceDataset d = SequenceDataset.everyStep(Loss.MSE, x, y, new int[] {6, 1, 3, 6, 2});
        double expected = Trainer.builder(m, Optimizer.sgd(0.1)).batchSize(5).build().evaluate(d);
        double got = Trainer.builder(m, Optimizer.sgd(0.1)).batchSize(batchSize).build().evaluate(d);
        assertEquals(expected, got, 1e-14 * expected);
    }
}
