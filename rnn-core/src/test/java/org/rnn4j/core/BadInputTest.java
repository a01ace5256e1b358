package org.rnn4j.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.rnn4j.api.Activation;
import org.rnn4j.api.DType;
import org.rnn4j.api.Parameter;
import org.rnn4j.api.Tensor;

/** Every bad input gets an IllegalArgumentException naming the values, and changes nothing. */
class BadInputTest {
    private final Rnn m = Fixtures.model(Activation.TANH, DType.FLOAT64, 61);
    private final Targets targets = Fixtures.targets(Loss.MSE, OutputMode.LAST_STEP, 4, 2, Fixtures.O, 62);

    private static String message(Executable call) {
        return assertThrows(IllegalArgumentException.class, call).getMessage();
    }

    private Tensor xs(int rows, int cols) {
        return m.backend().zeros(DType.FLOAT64, rows, cols);
    }

    @Test
    void wrongInputWidth() {
        assertEquals("xs has 3 columns, U expects 2 input features", message(() -> m.bptt().lossAndGradients(xs(8, 3), 2, targets, null, null)));
    }

    @Test
    void rowsNotAMultipleOfTheBatch() {
        assertEquals("xs has 7 rows, which is not a whole number of steps of 2 sequences (rows must be steps × batch)",
                message(() -> m.bptt().lossAndGradients(xs(7, 2), 2, targets, null, null)));
    }

    @Test
    void targetsOfTheWrongBatchWidthOrLength() {
        assertEquals("targets are for 2 sequences but the batch has 4", message(() -> m.bptt().lossAndGradients(xs(8, 2), 4, targets, null, null)));
        Targets two = Targets.lastStep(Loss.MSE, 2, 2, new double[4]);
        assertEquals("targets have 2 outputs per row but V produces 3", message(() -> m.bptt().lossAndGradients(xs(8, 2), 2, two, null, null)));
        Targets every = Targets.everyStep(Loss.MSE, 3, 2, 3, new double[18]);
        assertEquals("targets cover 3 steps but the inputs have 4", message(() -> m.bptt().lossAndGradients(xs(8, 2), 2, every, null, null)));
        assertEquals("targets have 5 values but 2 sequences × 3 outputs = 6 are needed",
                message(() -> Targets.lastStep(Loss.MSE, 2, 3, new double[5])));
        assertEquals("targets have 5 values but 4 steps × 2 sequences × 3 outputs = 24 are needed",
                message(() -> Targets.everyStep(Loss.MSE, 4, 2, 3, new double[5])));
    }

    @Test
    void nonFiniteInputsAndTargets() {
        Tensor x = xs(8, 2);
        x.set(5, 1, Double.NaN);
        assertEquals("xs holds NaN at step 2, sequence 1, feature 1", message(() -> m.bptt().lossAndGradients(x, 2, targets, null, null)));
        x.set(5, 1, Double.POSITIVE_INFINITY);
        assertEquals("xs holds Infinity at step 2, sequence 1, feature 1", message(() -> m.forward(x, 2, null, null)));
        assertEquals("target 1 is NaN; targets must be finite", message(() -> Targets.lastStep(Loss.MSE, 1, 2, new double[] {0, Double.NaN})));
    }

    @Test
    void crossEntropyTargetsMustBeDistributions() {
        assertEquals("cross-entropy target row 0 sums to 0.5, not 1",
                message(() -> Targets.lastStep(Loss.SOFTMAX_CROSS_ENTROPY, 1, 2, new double[] {0.5, 0})));
        assertEquals("label 0 is 3 but must be in [0, 3)", message(() -> Targets.lastStepClasses(1, 3, new int[] {3})));
    }

    @Test
    void tensorsOfAnotherDtypeOrBackend() {
        Tensor f32 = m.backend().zeros(DType.FLOAT32, 8, 2);
        assertEquals("xs is FLOAT32 but the model is FLOAT64", message(() -> m.bptt().lossAndGradients(f32, 2, targets, null, null)));
        Rnn other = Fixtures.model(Activation.TANH, DType.FLOAT64, 61);
        Tensor foreign = new org.rnn4j.backend.ejml.EjmlBackend().zeros(DType.FLOAT64, 8, 2);
        assertEquals("xs was created by another 'ejml' backend instance than the model's; create it with model.backend()",
                message(() -> other.bptt().lossAndGradients(foreign, 2, targets, null, null)));
    }

    @Test
    void carriedStateOfTheWrongBatch() {
        Tensor h0 = m.backend().zeros(DType.FLOAT64, 3, Fixtures.H);
        assertEquals("initial state h is 3×4 but must be 2×4 (batch × hidden: 2 sequences, 4 hidden units)",
                message(() -> m.bptt().lossAndGradients(xs(8, 2), 2, targets, null, State.of(h0))));
        assertEquals("initial state has 2 tensors but the model's state is [h]",
                message(() -> m.bptt().lossAndGradients(xs(8, 2), 2, targets, null, State.of(h0, h0))));
        assertEquals("mask covers 4 steps × 3 sequences but the inputs are 4 steps × 2 sequences",
                message(() -> m.bptt().lossAndGradients(xs(8, 2), 2, targets, Mask.fromLengths(4, new int[] {4, 4, 4}), null)));
    }

    @Test
    void badMasks() {
        assertEquals("mask value at step 1, sequence 0 is 0.5; it must be 0 or 1", message(() -> Mask.of(2, 1, new double[] {1, 0.5})));
        assertEquals("sequence 1 has length 0 but must be in [1, 4]", message(() -> Mask.fromLengths(4, new int[] {4, 0})));
    }

    @Test
    void badBuilderSettings() {
        assertEquals("hiddenSize must be at least 1, got 0", message(() -> Rnn.builder().inputSize(1).outputSize(1).backend(Fixtures.EJML).build()));
        assertEquals("inputSize must be at least 1, got -2", message(() -> Rnn.builder().inputSize(-2).hiddenSize(3).outputSize(1).build()));
        assertEquals("outputSize must be at least 1, got 0", message(() -> Rnn.builder().inputSize(1).hiddenSize(3).build()));
    }

    @Test
    void rejectedCallsLeaveGradientsUntouched() {
        m.bptt().lossAndGradients(xs(8, 2), 2, targets, null, null);
        double[] before = m.parameter("W").gradient().toDoubleArray();
        Tensor bad = xs(8, 2);
        bad.set(0, 0, Double.NaN);
        message(() -> m.bptt().lossAndGradients(bad, 2, targets, null, null));
        assertArrayEquals(before, m.parameter("W").gradient().toDoubleArray());
        for (Parameter p : m.parameters()) {
            for (double v : p.value().toDoubleArray()) {
                assertEquals(v, v, "parameter " + p.name() + " changed to NaN");
            }
        }
    }
}
