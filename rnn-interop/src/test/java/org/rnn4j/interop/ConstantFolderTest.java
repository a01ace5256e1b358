package org.rnn4j.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The constant folder on small tensors whose results follow from the operators' definitions by hand (the values are
 * 0, 1, 2, ... so each output element names the input element it came from); OnnxImportCompleteTest checks the
 * operators against ONNX Runtime in a graph.
 */
class ConstantFolderTest {
    /** [2, 3] holding 0 .. 5. */
    static final long[] DIMS = {2, 3};
    static final double[] VALUES = {0, 1, 2, 3, 4, 5};

    @Test
    void sliceClampsEndsAndCountsNegativeIndexesFromTheEnd() {
        ConstantFolder.Value v = ConstantFolder.slice(DIMS, VALUES, List.of(-2L), List.of(Long.MAX_VALUE), List.of(1L), null);
        assertArrayEquals(new long[] {2, 2}, v.dims());
        assertArrayEquals(new double[] {1, 2, 4, 5}, v.values());
    }

    @Test
    void sliceWithANegativeStepReversesAnAxis() {
        ConstantFolder.Value v = ConstantFolder.slice(DIMS, VALUES, List.of(-1L, -1L), List.of(Long.MIN_VALUE, Long.MIN_VALUE),
                List.of(0L, 1L), List.of(-1L, -2L));
        assertArrayEquals(new long[] {2, 2}, v.dims());
        assertArrayEquals(new double[] {5, 3, 2, 0}, v.values());
    }

    @Test
    void concatOnTheInnerAxisInterleavesRows() {
        ConstantFolder.Value a = new ConstantFolder.Value(DIMS, VALUES);
        ConstantFolder.Value b = new ConstantFolder.Value(new long[] {2, 1}, new double[] {10, 11});
        ConstantFolder.Value v = ConstantFolder.concat(List.of(a, b), -1);
        assertArrayEquals(new long[] {2, 4}, v.dims());
        assertArrayEquals(new double[] {0, 1, 2, 10, 3, 4, 5, 11}, v.values());
    }

    @Test
    void transposeDefaultsToReversedAxes() {
        ConstantFolder.Value v = ConstantFolder.transpose(DIMS, VALUES, List.of());
        assertArrayEquals(new long[] {3, 2}, v.dims());
        assertArrayEquals(new double[] {0, 3, 1, 4, 2, 5}, v.values());
    }

    @Test
    void unsqueezeThenSqueezeWithoutAxesRestoresTheShape() {
        ConstantFolder.Value u = ConstantFolder.unsqueeze(DIMS, VALUES, List.of(0L, -1L));
        assertArrayEquals(new long[] {1, 2, 3, 1}, u.dims());
        assertArrayEquals(DIMS, ConstantFolder.squeeze(u.dims(), u.values(), List.of()).dims());
    }

    @Test
    void badArgumentsAreNamed() {
        assertMessage(() -> ConstantFolder.squeeze(DIMS, VALUES, List.of(1L)), "axis 1 of shape [2, 3] has size 3, not 1");
        assertMessage(() -> ConstantFolder.transpose(DIMS, VALUES, List.of(0L, 0L)), "perm [0, 0] does not permute");
        assertMessage(() -> ConstantFolder.slice(DIMS, VALUES, List.of(0L), List.of(1L), List.of(0L), List.of(0L)), "steps [0] has a 0");
        assertMessage(() -> ConstantFolder.slice(DIMS, VALUES, List.of(0L), List.of(1L), List.of(2L), null), "axes entry 2 is outside");
        assertMessage(() -> ConstantFolder.concat(List.of(new ConstantFolder.Value(DIMS, VALUES), new ConstantFolder.Value(new long[] {3, 2},
                VALUES)), 0), "cannot be concatenated on axis 0");
        assertMessage(() -> ConstantFolder.unsqueeze(DIMS, VALUES, List.of(1L, 1L)), "repeat axis 1");
    }

    private static void assertMessage(Runnable r, String part) {
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, r::run);
        assertTrue(ex.getMessage().contains(part), ex.getMessage());
    }
}
