package org.rnn4j.core;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.rnn4j.api.Activation;
import org.rnn4j.api.DType;
import org.rnn4j.api.Parameter;
import org.rnn4j.api.Tensor;
import org.rnn4j.backend.ejml.EjmlBackend;
import org.rnn4j.core.cell.CellType;
import org.rnn4j.spi.Backend;
import org.rnn4j.spi.BackendStatus;
import org.rnn4j.spi.Backends;

/** Seeded models and data shared by the core tests. Sizes differ (I ≠ H ≠ O) so transposes are caught. */
final class Fixtures {
    static final Backend EJML = new EjmlBackend();
    static final int I = 2;
    static final int H = 4;
    static final int O = 3;

    /** A cell with its activation: every Elman activation, LSTM and GRU. */
    enum Spec {
        ELMAN_TANH(CellType.ELMAN, Activation.TANH),
        ELMAN_SIGMOID(CellType.ELMAN, Activation.SIGMOID),
        ELMAN_RELU(CellType.ELMAN, Activation.RELU),
        ELMAN_IDENTITY(CellType.ELMAN, Activation.IDENTITY),
        LSTM(CellType.LSTM, Activation.TANH),
        GRU(CellType.GRU, Activation.TANH);

        final CellType cell;
        final Activation activation;

        Spec(CellType cell, Activation activation) {
            this.cell = cell;
            this.activation = activation;
        }

        /** One spec per cell type (for tests where the activation does not matter). */
        static List<Spec> cells() {
            return List.of(ELMAN_TANH, LSTM, GRU);
        }
    }

    private static List<Backend> backends;

    /** {@return one spec per cell type, for parameterised tests} */
    static List<Spec> cellSpecs() {
        return Spec.cells();
    }

    private Fixtures() {
    }

    /**
     * Every backend on the test class path that is available, EJML first, less those named in the
     * system property {@code rnn4j.test.skipBackends} (comma-separated): rnn-core-tests skips EJML,
     * whose grid rnn-core's own build has just run.
     */
    static synchronized List<Backend> backends() {
        if (backends == null) {
            List<String> skip = List.of(System.getProperty("rnn4j.test.skipBackends", "").split(","));
            List<Backend> out = new ArrayList<>();
            out.add(EJML);
            for (BackendStatus s : Backends.available()) {
                if (s.available() && !s.name().equals(EJML.name())) {
                    out.add(Backends.get(s.name()));
                }
            }
            out.removeIf(be -> skip.contains(be.name()));
            if (out.isEmpty()) {
                throw new IllegalStateException("rnn4j.test.skipBackends=" + skip + " leaves no backend to test");
            }
            backends = List.copyOf(out);
        }
        return backends;
    }

    /** {@return (backend name, cell spec) for every backend of {@link #backends()} and every cell type} */
    static Stream<Arguments> backendsAndCells() {
        List<Arguments> out = new ArrayList<>();
        for (Backend be : backends()) {
            for (Spec spec : Spec.cells()) {
                out.add(Arguments.of(be.name(), spec));
            }
        }
        return out.stream();
    }

    static Rnn model(Activation f, DType dtype, long seed) {
        return model(Spec.ELMAN_TANH.cell, f, 1, EJML, dtype, seed);
    }

    static Rnn model(Spec spec, Backend be, DType dtype, long seed) {
        return model(spec.cell, spec.activation, 1, be, dtype, seed);
    }

    static Rnn model(CellType cell, Activation f, int layers, Backend be, DType dtype, long seed) {
        return model(cell, f, layers, false, 0, be, dtype, seed);
    }

    static Rnn model(CellType cell, Activation f, int layers, boolean bidirectional, double dropout, Backend be, DType dtype, long seed) {
        return model(cell, f, layers, bidirectional ? Direction.BIDIRECTIONAL : Direction.FORWARD, dropout, be, dtype, seed);
    }

    static Rnn model(CellType cell, Activation f, int layers, Direction direction, double dropout, Backend be, DType dtype, long seed) {
        // Uniform(-0.8, 0.8) everywhere, biases included, so no unit saturates and ReLU units are mixed.
        Rnn m = Rnn.builder().inputSize(I).hiddenSize(H).outputSize(O).cell(cell).layers(layers).direction(direction)
                .dropout(dropout).activation(f).dtype(dtype).backend(be).seed(seed).inputInit(Initializer.uniform(-0.8, 0.8))
                .recurrentInit(Initializer.uniform(-0.8, 0.8)).outputInit(Initializer.uniform(-0.8, 0.8)).build();
        SplittableRandom r = new SplittableRandom(seed + 1);
        for (Parameter p : m.parameters()) {
            Tensor t = p.value();
            if (t.rows() == 1) {
                for (int j = 0; j < t.cols(); j++) {
                    t.set(0, j, r.nextDouble(-0.3, 0.3));
                }
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

    /** Random initial states in (−0.5, 0.5), one tensor per state name. */
    static State state(Rnn m, int batch, long seed) {
        Tensor[] t = new Tensor[m.stateNames().size()];
        for (int i = 0; i < t.length; i++) {
            t[i] = m.backend().fromArray(m.dtype(), batch, m.hiddenSize(), random(batch * m.hiddenSize(), seed + i, -0.5, 0.5));
        }
        return State.of(t);
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

    static double[][] gradients(Rnn m) {
        double[][] g = new double[m.parameters().size()][];
        for (int i = 0; i < g.length; i++) {
            g[i] = m.parameters().get(i).gradient().toDoubleArray();
        }
        return g;
    }
}
