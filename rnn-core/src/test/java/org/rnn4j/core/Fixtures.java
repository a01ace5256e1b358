package org.rnn4j.core;

import java.util.SplittableRandom;
import org.rnn4j.api.Activation;
import org.rnn4j.api.DType;
import org.rnn4j.api.Tensor;
import org.rnn4j.backend.ejml.EjmlBackend;
import org.rnn4j.spi.Backend;

/** Seeded models and data shared by the core tests. Sizes differ (I ≠ H ≠ O) so transposes are caught. */
final class Fixtures {
    static final Backend EJML = new EjmlBackend();
    static final int I = 2;
    static final int H = 4;
    static final int O = 3;

    private Fixtures() {
    }

    static Rnn model(Activation f, DType dtype, long seed) {
        // Uniform(-0.8, 0.8) everywhere, biases included, so no unit saturates and ReLU units are mixed.
        Rnn m = Rnn.builder().inputSize(I).hiddenSize(H).outputSize(O).activation(f).dtype(dtype).backend(EJML).seed(seed)
                .inputInit(Initializer.uniform(-0.8, 0.8)).recurrentInit(Initializer.uniform(-0.8, 0.8))
                .outputInit(Initializer.uniform(-0.8, 0.8)).build();
        SplittableRandom r = new SplittableRandom(seed + 1);
        for (String bias : new String[] {"b", "c"}) {
            Tensor t = m.parameter(bias).value();
            for (int j = 0; j < t.cols(); j++) {
                t.set(0, j, r.nextDouble(-0.3, 0.3));
            }
        }
        return m;
    }

    static double[] random(int n, long seed, double lo, double hi) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextDouble(lo, hi);
        }
        return v;
    }

    static Tensor inputs(Rnn m, int steps, int batch, long seed) {
        return m.backend().fromArray(m.dtype(), steps * batch, m.inputSize(), random(steps * batch * m.inputSize(), seed, -1, 1));
    }

    static Targets targets(Loss loss, OutputMode mode, int steps, int batch, int outputs, long seed) {
        int rows = mode == OutputMode.LAST_STEP ? batch : steps * batch;
        if (loss == Loss.MSE) {
            double[] v = random(rows * outputs, seed, -1, 1);
            return mode == OutputMode.LAST_STEP ? Targets.lastStep(loss, batch, outputs, v) : Targets.everyStep(loss, steps, batch, outputs, v);
        }
        SplittableRandom r = new SplittableRandom(seed);
        int[] labels = new int[rows];
        for (int i = 0; i < rows; i++) {
            labels[i] = r.nextInt(outputs);
        }
        return mode == OutputMode.LAST_STEP ? Targets.lastStepClasses(batch, outputs, labels) : Targets.everyStepClasses(steps, batch, outputs, labels);
    }

    /** A mask with at least one zero for every (steps, batch): element i of t·B + b is 0 when i % 3 == 0. */
    static Mask sparseMask(int steps, int batch) {
        double[] m = new double[steps * batch];
        for (int i = 0; i < m.length; i++) {
            m[i] = i % 3 == 0 ? 0 : 1;
        }
        return Mask.of(steps, batch, m);
    }
}
