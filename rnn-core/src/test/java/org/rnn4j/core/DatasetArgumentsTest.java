package org.rnn4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Bad arguments of the {@link Targets} and {@link SequenceDataset} factories: each is rejected with an
 * {@link IllegalArgumentException} naming the argument, never a bare exception from deep inside.
 */
class DatasetArgumentsTest {

    private static String message(Executable call) {
        return assertThrows(IllegalArgumentException.class, call).getMessage();
    }

    /** n sequences of one step of one feature. */
    private static double[][][] inputs(int n) {
        double[][][] x = new double[n][1][1];
        for (double[][] s : x) {
            s[0][0] = 0.5;
        }
        return x;
    }

    @Test
    void everyStepClassesWithTooFewLabelsCountsLabelsNotOneHotValues() {
        assertEquals("labels has 5 values but 2 steps × 3 sequences = 6 labels are needed",
                message(() -> Targets.everyStepClasses(2, 3, 4, new int[5])));
    }

    @Test
    void lastStepClassesWithTooManyLabelsCountsLabels() {
        assertEquals("labels has 4 values but 3 sequences = 3 labels are needed", message(() -> Targets.lastStepClasses(3, 7, new int[4])));
    }

    @Test
    void classTargetsWithTheRightLabelCountAreOneHot() {
        Targets t = Targets.everyStepClasses(2, 1, 3, new int[] {2, 0});
        assertEquals(Arrays.toString(new double[] {0, 0, 1, 1, 0, 0}), Arrays.toString(t.values()));
    }

    @Test
    void nullValuesAndLabelsAreNamed() {
        assertEquals("the targets' value array is null", message(() -> Targets.lastStep(Loss.MSE, 2, 3, null)));
        assertEquals("the targets' value array is null", message(() -> Targets.everyStep(Loss.MSE, 2, 2, 3, null)));
        assertEquals("labels is null", message(() -> Targets.everyStepClasses(2, 2, 3, null)));
        assertEquals("labels is null", message(() -> Targets.lastStepClasses(2, 3, null)));
        assertEquals("loss is null", message(() -> Targets.lastStep(null, 1, 1, new double[1])));
    }

    @Test
    void emptyLastStepDataSetSaysItIsEmpty() {
        assertEquals("the data set is empty: inputs holds no sequence; a data set needs at least one",
                message(() -> SequenceDataset.lastStep(Loss.MSE, new double[0][][], new double[0][])));
    }

    @Test
    void emptyEveryStepDataSetSaysItIsEmpty() {
        assertEquals("the data set is empty: inputs holds no sequence; a data set needs at least one",
                message(() -> SequenceDataset.everyStep(Loss.MSE, new double[0][][], new double[0][][], null)));
    }

    @Test
    void nullDataSetArgumentsAreNamed() {
        double[][] y = {{1}, {2}};
        assertEquals("loss is null", message(() -> SequenceDataset.lastStep(null, inputs(2), y)));
        assertEquals("inputs is null", message(() -> SequenceDataset.lastStep(Loss.MSE, null, y)));
        assertEquals("targets is null", message(() -> SequenceDataset.lastStep(Loss.MSE, inputs(2), null)));
        assertEquals("targets is null", message(() -> SequenceDataset.everyStep(Loss.MSE, inputs(2), null, null)));
        assertEquals("loss is null", message(() -> SequenceDataset.everyStep(null, inputs(2), new double[2][1][1], null)));
    }

    @Test
    void nullRowsInsideDataSetArgumentsAreNamedWithTheirIndex() {
        double[][][] x = inputs(3);
        x[1] = null;
        assertEquals("sequence 1 (inputs[1]) is null", message(() -> SequenceDataset.lastStep(Loss.MSE, x, new double[3][1])));
        double[][][] x2 = inputs(3);
        x2[2][0] = null;
        assertEquals("sequence 2, step 0 (inputs[2][0]) is null", message(() -> SequenceDataset.lastStep(Loss.MSE, x2, new double[3][1])));
        double[][] y = new double[3][1];
        y[2] = null;
        assertEquals("the target of sequence 2 (targets[2]) is null", message(() -> SequenceDataset.lastStep(Loss.MSE, inputs(3), y)));
        double[][][] ys = new double[3][1][1];
        ys[1][0] = null;
        assertEquals("the target of sequence 1, step 0 (targets[1][0]) is null", message(() -> SequenceDataset.everyStep(Loss.MSE, inputs(3), ys, null)));
    }

    /**
     * 65,536 sequences × 256 steps × 256 features = 2³² values, which wraps to 0 in an int. Every
     * sequence shares one step array, so the test itself needs little memory.
     */
    @Test
    void inputsWhoseSizeOverflowsAnIntAreRejectedWithTheSizes() {
        double[][] steps = new double[256][];
        Arrays.fill(steps, new double[256]);
        double[][][] x = new double[65_536][][];
        Arrays.fill(x, steps);
        double[][] y = new double[65_536][];
        Arrays.fill(y, new double[1]);
        assertEquals("inputs: 65536 sequences × 256 steps × 256 features = 4294967296 values, more than one Java array holds ("
                + Checks.MAX_ARRAY_LENGTH + "); split the data set", message(() -> SequenceDataset.lastStep(Loss.MSE, x, y)));
    }

    @Test
    void everyStepInputsWhoseSizeOverflowsAnIntAreRejectedBeforeTargetsAreCopied() {
        double[][] steps = new double[256][];
        Arrays.fill(steps, new double[256]);
        double[][][] x = new double[40_000][][];
        Arrays.fill(x, steps);
        double[][][] y = new double[40_000][][];
        assertEquals("inputs: 40000 sequences × 256 steps × 256 features = 2621440000 values, more than one Java array holds ("
                + Checks.MAX_ARRAY_LENGTH + "); split the data set", message(() -> SequenceDataset.everyStep(Loss.MSE, x, y, null)));
    }

    @Test
    void aSmallValidDataSetStillBuilds() {
        SequenceDataset d = SequenceDataset.lastStep(Loss.MSE, inputs(3), new double[][] {{1}, {2}, {3}});
        assertEquals(3, d.size());
        assertEquals(1, d.steps());
        assertEquals(1, d.features());
        assertEquals(1, d.outputs());
    }
}
