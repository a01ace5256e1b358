package org.rnn4j.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rnn4j.api.DType;
import org.rnn4j.api.Parameter;
import org.rnn4j.api.Tensor;
import org.rnn4j.core.layer.Stack;
import org.rnn4j.spi.Backend;

/**
 * A window's workspace reused across calls: on a backend with row views each layer keeps views of the
 * output errors it was last given, and must notice a different tensor. (rnn-core-tests runs this on ND4J,
 * whose row views it is about.)
 */
class LayerWorkspaceTest {

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("org.rnn4j.core.Fixtures#backendsAndCells")
    void backwardReadsTheOutputErrorsItIsGivenEachTime(String backend, Fixtures.Spec spec) {
        Rnn m = Fixtures.model(spec, GradientCheckTest.backend(backend), DType.FLOAT64, 61);
        Stack stack = m.stack();
        Backend be = m.backend();
        int steps = 4;
        int batch = 3;
        Tensor xs = Fixtures.inputs(m, steps, batch, 62);
        Tensor dOut1 = random(be, steps * batch, m.hiddenSize(), 63);
        Tensor dOut2 = random(be, steps * batch, m.hiddenSize(), 64);

        Stack.Workspace reused = stack.workspace(batch, steps);
        reused.forward(xs, null, 0, true);
        reused.backward(xs, dOut1, 0, null, 0, null);
        double[][] first = gradients(m);
        reused.backward(xs, dOut2, 0, null, 0, null);
        double[][] second = gradients(m);
        reused.backward(xs, dOut1, 0, null, 0, null);
        double[][] firstAgain = gradients(m);

        Stack.Workspace fresh = stack.workspace(batch, steps);
        fresh.forward(xs, null, 0, true);
        fresh.backward(xs, dOut2, 0, null, 0, null);
        double[][] secondFresh = gradients(m);

        assertFalse(Arrays.deepEquals(first, second), "the two output errors give different gradients");
        for (int i = 0; i < first.length; i++) {
            String name = m.layers().get(0).parameters().get(i).name();
            assertArrayEquals(secondFresh[i], second[i], "a reused workspace read the earlier output errors (" + name + ")");
            assertArrayEquals(first[i], firstAgain[i], name);
        }
    }

    private static Tensor random(Backend be, int rows, int cols, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextDouble(-1, 1);
        }
        return be.fromArray(DType.FLOAT64, rows, cols, v);
    }

    private static double[][] gradients(Rnn m) {
        List<Parameter> ps = m.layers().get(0).parameters();
        double[][] g = new double[ps.size()][];
        for (int i = 0; i < g.length; i++) {
            g[i] = ps.get(i).gradient().toDoubleArray();
        }
        return g;
    }
}
