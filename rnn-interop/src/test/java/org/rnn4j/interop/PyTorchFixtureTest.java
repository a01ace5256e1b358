package org.rnn4j.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rnn4j.api.DType;
import org.rnn4j.api.Tensor;
import org.rnn4j.backend.ejml.EjmlBackend;
import org.rnn4j.backend.nd4j.Nd4jBackend;
import org.rnn4j.core.Direction;
import org.rnn4j.core.Rnn;
import org.rnn4j.core.State;
import org.rnn4j.core.Stepper;
import org.rnn4j.core.cell.CellType;
import org.rnn4j.spi.Backend;

/**
 * Every PyTorch fixture (make_fixtures.py) imported on EJML and ND4J: outputs linear(out) at every step,
 * h_n and c_n equal PyTorch's within 1e-5 (float32 fixtures, run in FLOAT32) and 1e-12 (float64, float16
 * and bfloat16 fixtures, run in FLOAT64). Unidirectional imports stream step by step to the same outputs.
 */
class PyTorchFixtureTest {
    static final Backend EJML = new EjmlBackend();
    static final Backend ND4J = new Nd4jBackend();
    /** Where each run's largest error is written, for the record (not printed: tests keep stdout clean). */
    static final Path REPORT = Path.of("target", "pytorch-fixture-errors.txt");

    static Stream<Arguments> fixtures() {
        List<Arguments> out = new ArrayList<>();
        for (Backend be : List.of(EJML, ND4J)) {
            for (String name : Fixture.NAMES) {
                out.add(Arguments.of(name, be));
            }
        }
        return out.stream();
    }

    static Stream<Arguments> unidirectional() throws IOException {
        List<Arguments> out = new ArrayList<>();
        for (Arguments a : fixtures().toList()) {
            if (!Fixture.of((String) a.get()[0]).bidirectional()) {
                out.add(a);
            }
        }
        return out.stream();
    }

    /** An imported model, its inputs and initial state, on one backend. */
    record Run(Fixture f, Rnn model, Tensor xs, State initial, int batch, double tolerance) {
        static Run of(String name, Backend be) throws IOException {
            Fixture f = Fixture.of(name);
            DType dtype = f.float64() ? DType.FLOAT64 : DType.FLOAT32;
            Architecture arch = PyTorchImport.inferArchitecture(f.safetensors, "rnn.", "out.", f.nonlinearity());
            Rnn model = PyTorchImport.load(f.safetensors, arch, be, dtype);
            int b = f.integer("B");
            Tensor xs = be.fromArray(dtype, f.integer("T") * b, f.integer("I"), f.values("x"));
            State initial = PyTorchImport.initialState(model, b, f.values("h0"), f.has("c0") ? f.values("c0") : null);
            return new Run(f, model, xs, initial, b, f.float64() ? 1e-12 : 1e-5);
        }
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("fixtures")
    void importedModelMatchesPyTorch(String name, Backend be) throws IOException {
        Run r = Run.of(name, be);
        Rnn.Output out = r.model.forward(r.xs, r.batch, r.initial, null);
        double ey = maxAbsError(r.f.values("y"), out.outputs().toDoubleArray());
        double eh = maxAbsError(r.f.values("h_n"), PyTorchImport.finalHidden(r.model, out.finalState()));
        double ec = r.f.has("c_n") ? maxAbsError(r.f.values("c_n"), PyTorchImport.finalCell(r.model, out.finalState())) : 0;
        Files.createDirectories(REPORT.getParent());
        Files.writeString(REPORT, String.format("%-20s %-5s %-8s y %.2e  h_n %.2e  c_n %.2e%n", name, be.name(), r.model.dtype(), ey, eh, ec),
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        assertTrue(ey <= r.tolerance, name + ": outputs differ from PyTorch's by " + ey);
        assertTrue(eh <= r.tolerance, name + ": h_n differs from PyTorch's by " + eh);
        assertTrue(ec <= r.tolerance, name + ": c_n differs from PyTorch's by " + ec);
    }

    @Test
    void inferredArchitectureIsTheScriptsForEveryFixture() throws IOException {
        for (String name : Fixture.NAMES) {
            Fixture f = Fixture.of(name);
            Architecture a = PyTorchImport.inferArchitecture(f.safetensors, "rnn.", "out.", f.nonlinearity());
            assertEquals(f.cell(), a.spec().cell(), name);
            assertEquals(f.integer("I"), a.spec().inputSize(), name);
            assertEquals(f.integer("H"), a.spec().hiddenSize(), name);
            assertEquals(f.integer("O"), a.spec().outputSize(), name);
            assertEquals(f.integer("layers"), a.spec().layers(), name);
            assertEquals(f.bidirectional(), a.spec().direction() == Direction.BIDIRECTIONAL, name);
            if (f.cell() == CellType.ELMAN) {
                assertEquals(f.nonlinearity(), a.spec().activation(), name);
            }
        }
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("unidirectional")
    void importedUnidirectionalModelStreamsAsItsForward(String name, Backend be) throws IOException {
        Run r = Run.of(name, be);
        double[] full = r.model.forward(r.xs, r.batch, r.initial, null).outputs().toDoubleArray();
        Stepper s = r.model.stepper(r.batch);
        s.reset(r.initial);
        int steps = r.xs.rows() / r.batch;
        int o = r.model.outputSize();
        Tensor xt = be.zeros(r.model.dtype(), r.batch, r.model.inputSize());
        double[] streamed = new double[full.length];
        for (int t = 0; t < steps; t++) {
            be.copyRowsInto(r.xs, t * r.batch, r.batch, xt, 0);
            System.arraycopy(s.step(xt).toDoubleArray(), 0, streamed, t * r.batch * o, r.batch * o);
        }
        assertArrayEquals(full, streamed, 0.0, name + ": streaming differs from the full forward");
        assertTrue(maxAbsError(r.f.values("y"), streamed) <= r.tolerance, name + ": streamed outputs differ from PyTorch's");
    }

    /** Control: one recurrent weight off by 0.05 moves the outputs past the float32 tolerance, so the comparison can fail. */
    @Test
    void controlPerturbedWeightFailsTheComparison() throws IOException {
        Run r = Run.of("lstm_2l_bi_f32", EJML);
        Tensor w = r.model.parameter("l1r.W").value();
        w.set(0, 0, w.get(0, 0) + 0.05);
        Rnn.Output out = r.model.forward(r.xs, r.batch, r.initial, null);
        double e = maxAbsError(r.f.values("y"), out.outputs().toDoubleArray());
        assertTrue(e > 1e-5, "error " + e);
    }

    /** Control: folding a GRU's recurrent bias into b (the "approximation" some importers make) is caught. */
    @Test
    void controlGruWithSummedBiasesFailsTheComparison() throws IOException {
        Run r = Run.of("gru_2l_f64", EJML);
        for (String layer : List.of("l0.", "l1.")) {
            Tensor b = r.model.parameter(layer + "b").value();
            Tensor bh = r.model.parameter(layer + "bh").value();
            double[] sum = b.toDoubleArray();
            double[] rec = bh.toDoubleArray();
            for (int i = 0; i < sum.length; i++) {
                sum[i] += rec[i];
            }
            b.copyFrom(sum);
            bh.copyFrom(new double[rec.length]);
        }
        Rnn.Output out = r.model.forward(r.xs, r.batch, r.initial, null);
        assertTrue(maxAbsError(r.f.values("y"), out.outputs().toDoubleArray()) > 1e-5);
    }

    /** Control: the state mapping matters; a zero initial state instead of PyTorch's h_0 is caught. */
    @Test
    void controlZeroInitialStateFailsTheComparison() throws IOException {
        Run r = Run.of("rnn_tanh_2l_bi_f64", EJML);
        Rnn.Output out = r.model.forward(r.xs, r.batch, null, null);
        assertTrue(maxAbsError(r.f.values("h_n"), PyTorchImport.finalHidden(r.model, out.finalState())) > 1e-5);
    }

    static double maxAbsError(double[] expected, double[] actual) {
        assertEquals(expected.length, actual.length, "lengths");
        double m = 0;
        for (int i = 0; i < expected.length; i++) {
            double e = Math.abs(expected[i] - actual[i]);
            m = Double.isNaN(e) ? Double.POSITIVE_INFINITY : Math.max(m, e);
        }
        return m;
    }
}
