package org.rnn4j.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rnn4j.api.DType;
import org.rnn4j.api.Tensor;
import org.rnn4j.backend.ejml.EjmlBackend;
import org.rnn4j.core.Rnn;
import org.rnn4j.core.SequenceBatch;
import org.rnn4j.core.Stepper;
import org.rnn4j.spi.Backend;

/**
 * The ONNX files torch.onnx.export wrote for the float32 and float64 fixtures: imported, they hold
 * exactly the weights the safetensors import gives; float32 ones, run by ONNX Runtime from PyTorch's
 * own file, agree with the imported model's forward within 1e-5. The read-out fixtures (nn.Linear on
 * 2-D data, written as Gemm) give PyTorch's own outputs within 1e-5 through the call the import names. The
 * dynamic_axes fixtures give PyTorch's outputs at their shape, and ONNX Runtime's at another T and B.
 */
class PyTorchOnnxFixtureTest {
    static final Backend EJML = new EjmlBackend();
    static final Path REPORT = Path.of("target", "pytorch-onnx-errors.txt");

    static Stream<String> fixtures() throws IOException {
        List<String> out = new ArrayList<>();
        for (String name : Fixture.NAMES) {
            if (Files.exists(Fixture.of(name).safetensors.resolveSibling(name + ".onnx"))) {
                out.add(name);
            }
        }
        assertTrue(out.size() >= 9, "the float32 and float64 fixtures have ONNX files: " + out);
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void onnxImportHoldsTheSafetensorsWeights(String name) throws IOException {
        Fixture f = Fixture.of(name);
        DType dtype = f.float64() ? DType.FLOAT64 : DType.FLOAT32;
        Rnn fromOnnx = OnnxImport.load(f.safetensors.resolveSibling(name + ".onnx"), EJML, dtype);
        Rnn fromSafetensors = PyTorchImport.load(f.safetensors, PyTorchImport.inferArchitecture(f.safetensors, "rnn.", "out.",
                f.nonlinearity()), EJML, dtype);
        OnnxImportTest.assertSameParameters(fromSafetensors, fromOnnx);
    }

    /** ONNX Runtime's CPU RNN/LSTM/GRU kernels take float only; the weights test covers the float64 files. */
    static Stream<String> float32Fixtures() throws IOException {
        List<String> out = new ArrayList<>();
        for (String name : fixtures().toList()) {
            if (!Fixture.of(name).float64()) {
                out.add(name);
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("float32Fixtures")
    void onnxRuntimeOnPyTorchsFileAgreesWithTheImport(String name) throws IOException, OrtException {
        Fixture f = Fixture.of(name);
        byte[] bytes = Files.readAllBytes(f.safetensors.resolveSibling(name + ".onnx"));
        Rnn m = OnnxImport.load(bytes, name, EJML, DType.FLOAT32);
        int t = f.integer("T");
        int b = f.integer("B");
        double[] x = f.values("x");
        double[] ours = m.forward(EJML.fromArray(DType.FLOAT32, t * b, f.integer("I"), x), b, null, null).outputs().toDoubleArray();
        Map<String, double[]> ort = OnnxRuntimeOracle.run(bytes, x, false, t, b, f.integer("I"));
        double e = PyTorchFixtureTest.maxAbsError(ort.get("Y"), ours);
        Files.createDirectories(REPORT.getParent());
        Files.writeString(REPORT, String.format("%-20s max |rnn4j(imported) - ORT(PyTorch's file)| %.2e%n", name, e),
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        assertTrue(e <= 1e-5, name + ": " + e);
    }

    static Stream<String> unidirectionalFixtures() throws IOException {
        List<String> out = new ArrayList<>();
        for (String name : fixtures().toList()) {
            if (!Fixture.of(name).bidirectional()) {
                out.add(name);
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unidirectionalFixtures")
    void onnxImportedUnidirectionalModelStreamsAsItsForward(String name) throws IOException {
        Fixture f = Fixture.of(name);
        DType dtype = f.float64() ? DType.FLOAT64 : DType.FLOAT32;
        Rnn m = OnnxImport.load(f.safetensors.resolveSibling(name + ".onnx"), EJML, dtype);
        int t = f.integer("T");
        int b = f.integer("B");
        Tensor xs = EJML.fromArray(dtype, t * b, f.integer("I"), f.values("x"));
        double[] full = m.forward(xs, b, null, null).outputs().toDoubleArray();
        Stepper s = m.stepper(b);
        Tensor xt = EJML.zeros(dtype, b, f.integer("I"));
        int o = m.outputSize();
        double[] streamed = new double[full.length];
        for (int i = 0; i < t; i++) {
            EJML.copyRowsInto(xs, i * b, b, xt, 0);
            System.arraycopy(s.step(xt).toDoubleArray(), 0, streamed, i * b * o, b * o);
        }
        assertArrayEquals(full, streamed, 0.0, name);
    }

    static Stream<String> readoutFixtures() {
        return Fixture.READOUT_NAMES.stream();
    }

    /**
     * A last-step graph is reproduced by predict on the sequences as they are ([B][T][I], whatever the
     * graph's layout), an every-step graph by forward's outputs on time-major rows.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("readoutFixtures")
    void gemmReadoutGivesPyTorchsOutputs(String name) throws IOException {
        Fixture f = Fixture.of(name);
        OnnxImport.Imported imported = OnnxImport.read(f.safetensors.resolveSibling(name + ".onnx"), EJML, DType.FLOAT32);
        assertEquals(f.flag("batch_first"), imported.batchFirst(), "batchFirst");
        assertEquals(f.flag("last_step"), imported.lastStepOnly(), "lastStepOnly");
        int t = f.integer("T");
        int b = f.integer("B");
        int in = f.integer("I");
        double[] x = f.values("x");
        double[][][] sequences = new double[b][t][in];
        for (int s = 0; s < b; s++) {
            for (int i = 0; i < t; i++) {
                int row = imported.batchFirst() ? s * t + i : i * b + s;
                System.arraycopy(x, row * in, sequences[s][i], 0, in);
            }
        }
        Rnn m = imported.model();
        double[] ours;
        if (imported.lastStepOnly()) {
            ours = Arrays.stream(m.predict(sequences)).flatMapToDouble(Arrays::stream).toArray();
        } else {
            ours = m.forward(SequenceBatch.of(m, sequences), null).outputs().toDoubleArray();
        }
        double e = PyTorchFixtureTest.maxAbsError(f.values("y"), ours);
        Files.createDirectories(REPORT.getParent());
        Files.writeString(REPORT, String.format("%-28s max |rnn4j(imported) - PyTorch| %.2e%n", name, e), StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        assertTrue(e <= 1e-5, name + ": " + e);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("readoutFixtures")
    void gemmReadoutImportExportImportKeepsEveryParameter(String name) throws IOException {
        Rnn once = OnnxImport.load(Fixture.of(name).safetensors.resolveSibling(name + ".onnx"), EJML, DType.FLOAT32);
        OnnxImportTest.assertSameParameters(once, OnnxImport.load(OnnxExport.toBytes(once), "re-exported " + name, EJML, DType.FLOAT32));
    }

    static Stream<String> dynamicFixtures() {
        return Fixture.DYNAMIC_NAMES.stream();
    }

    /** The largest |a − b| of the outputs, h_n and (for an LSTM) c_n a run gave, against the expected ones. */
    private static double worstError(Rnn m, Rnn.Output ours, double[] y, double[] hn, double[] cn) {
        double e = Math.max(PyTorchFixtureTest.maxAbsError(y, ours.outputs().toDoubleArray()),
                PyTorchFixtureTest.maxAbsError(hn, PyTorchImport.finalHidden(m, ours.finalState())));
        return cn == null ? e : Math.max(e, PyTorchFixtureTest.maxAbsError(cn, PyTorchImport.finalCell(m, ours.finalState())));
    }

    private static void report(String line) throws IOException {
        Files.createDirectories(REPORT.getParent());
        Files.writeString(REPORT, line + System.lineSeparator(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /**
     * A graph exported with dynamic_axes (zero initial states built from the input's run-time shape by Shape,
     * Gather, Unsqueeze, Concat, ConstantOfShape and a Slice per layer) imports, and gives PyTorch's outputs and
     * final states at the fixture's shape within 1e-5.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dynamicFixtures")
    void dynamicAxesGraphGivesPyTorchsOutputs(String name) throws IOException {
        Fixture f = Fixture.of(name);
        OnnxImport.Imported imported = OnnxImport.read(f.safetensors.resolveSibling(name + ".onnx"), EJML, DType.FLOAT32);
        assertFalse(imported.lastStepOnly(), "lastStepOnly");
        assertFalse(imported.batchFirst(), "batchFirst");
        Rnn m = imported.model();
        assertEquals(List.of(f.integer("layers"), f.bidirectional() ? 2 : 1), List.of(m.depth(), m.directions()));
        int t = f.integer("T");
        int b = f.integer("B");
        Rnn.Output ours = m.forward(EJML.fromArray(DType.FLOAT32, t * b, f.integer("I"), f.values("x")), b, null, null);
        double e = worstError(m, ours, f.values("y"), f.values("h_n"), f.has("c_n") ? f.values("c_n") : null);
        report(String.format("%-28s max |rnn4j(imported) - PyTorch| %.2e (T=%d, B=%d)", name, e, t, b));
        assertTrue(e <= 1e-5, name + ": " + e);
    }

    /** The same file at another T and B than it was exported with: ONNX Runtime runs it as the imported model does, within 1e-5. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dynamicFixtures")
    void dynamicAxesGraphRunsAtAnotherShapeAsInOnnxRuntime(String name) throws IOException, OrtException {
        Fixture f = Fixture.of(name);
        byte[] bytes = Files.readAllBytes(f.safetensors.resolveSibling(name + ".onnx"));
        Rnn m = OnnxImport.load(bytes, name, EJML, DType.FLOAT32);
        int t = f.integer("T") + 3;
        int b = f.integer("B") + 1;
        int in = f.integer("I");
        SplittableRandom random = new SplittableRandom(7);
        double[] x = new double[t * b * in];
        for (int i = 0; i < x.length; i++) {
            x[i] = 2 * random.nextDouble() - 1;
        }
        Rnn.Output ours = m.forward(EJML.fromArray(DType.FLOAT32, t * b, in, x), b, null, null);
        Map<String, double[]> ort = OnnxRuntimeOracle.run(bytes, x, false, t, b, in);
        double e = worstError(m, ours, ort.get("Y"), ort.get("h_n"), ort.get("c_n"));
        report(String.format("%-28s max |rnn4j(imported) - ORT(PyTorch's file)| %.2e (T=%d, B=%d)", name, e, t, b));
        assertTrue(e <= 1e-5, name + ": " + e);
    }
}
