package org.rnn4j.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtException;
import java.io.IOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rnn4j.api.DType;
import org.rnn4j.backend.ejml.EjmlBackend;
import org.rnn4j.core.Direction;
import org.rnn4j.core.ModelSpec;
import org.rnn4j.core.Rnn;
import org.rnn4j.core.State;
import org.rnn4j.core.cell.CellType;
import org.rnn4j.spi.Backend;

/**
 * Issue 25's PyTorch exports, each of which an earlier import refused: stacks whose h0 (and c0) are graph inputs
 * sliced per layer, batch_first modules with an every-step read-out, graphs exported with
 * do_constant_folding=False, and bare modules (ONNX and safetensors). Each gives PyTorch's own outputs within 1e-5
 * through the calls {@link OnnxImport.Imported} names, and ONNX Runtime's on PyTorch's file for other inputs.
 */
class PyTorchCompleteFixtureTest {
    static final Backend EJML = new EjmlBackend();

    static Stream<String> fixtures() {
        return Fixture.COMPLETE_NAMES.stream();
    }

    static Stream<String> stateFixtures() {
        return fixtures().filter(n -> n.contains("_h0_"));
    }

    static Stream<String> bareFixtures() {
        return fixtures().filter(n -> n.contains("_bare_"));
    }

    /** Reorders [B, T, n] rows to time-major [T, B, n] rows, or back (transposing the first two axes). */
    static double[] swapLeadingAxes(double[] x, int first, int second, int n) {
        double[] out = new double[x.length];
        for (int i = 0; i < first; i++) {
            for (int j = 0; j < second; j++) {
                System.arraycopy(x, (i * second + j) * n, out, (j * first + i) * n, n);
            }
        }
        return out;
    }

    /** Runs the imported model as the graph runs: x as the graph takes it, the initial states (or null), the output as the graph gives it. */
    static double[] run(OnnxImport.Imported imported, double[] x, int t, int b, int in, double[] h0, double[] c0) {
        Rnn m = imported.model();
        double[] rows = imported.batchFirst() ? swapLeadingAxes(x, b, t, in) : x;
        State initial = h0 == null ? null : PyTorchImport.initialState(m, b, h0, c0);
        double[] out = m.forward(EJML.fromArray(DType.FLOAT32, t * b, in, rows), b, initial, null).outputs().toDoubleArray();
        return imported.outputsBatchFirst() ? swapLeadingAxes(out, t, b, m.outputSize()) : out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void importGivesPyTorchsOutputs(String name) throws IOException {
        Fixture f = Fixture.of(name);
        OnnxImport.Imported imported = OnnxImport.read(f.onnx(), EJML, DType.FLOAT32);
        boolean batchFirst = f.flag("batch_first");
        boolean states = f.has("h0");
        assertEquals(batchFirst, imported.batchFirst(), "batchFirst");
        assertEquals(batchFirst, imported.outputsBatchFirst(), "outputsBatchFirst");
        assertEquals(f.string("idiom").equals("bare"), imported.hiddenStates(), "hiddenStates");
        assertEquals(!states ? List.of() : f.has("c0") ? List.of("h0", "c0") : List.of("h0"), imported.initialStateInputs());
        Rnn m = imported.model();
        assertEquals(List.of(f.integer("layers"), f.bidirectional() ? 2 : 1, f.integer("O")), List.of(m.depth(), m.directions(),
                m.outputSize()));
        double[] ours = run(imported, f.values("x"), f.integer("T"), f.integer("B"), f.integer("I"), states ? f.values("h0") : null,
                f.has("c0") ? f.values("c0") : null);
        double e = PyTorchFixtureTest.maxAbsError(f.values("y"), ours);
        assertTrue(e <= 1e-5, name + ": " + e);
    }

    /** Random inputs (and initial states) of the file's fixed shapes: ONNX Runtime on PyTorch's file agrees with the import. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void onnxRuntimeOnPyTorchsFileAgreesForOtherInputs(String name) throws IOException, OrtException {
        Fixture f = Fixture.of(name);
        byte[] bytes = Files.readAllBytes(f.onnx());
        OnnxImport.Imported imported = OnnxImport.read(bytes, name, EJML, DType.FLOAT32);
        int t = f.integer("T");
        int b = f.integer("B");
        int in = f.integer("I");
        int states = f.integer("layers") * (f.bidirectional() ? 2 : 1);
        SplittableRandom random = new SplittableRandom(name.hashCode());
        Map<String, OnnxRuntimeOracle.Input> feed = new LinkedHashMap<>();
        double[] x = random.doubles(t * b * in, -1, 1).toArray();
        feed.put("X", new OnnxRuntimeOracle.Input(x, f.flag("batch_first") ? new long[] {b, t, in} : new long[] {t, b, in}));
        double[] h0 = null;
        double[] c0 = null;
        if (f.has("h0")) {
            h0 = random.doubles(states * b * f.integer("H"), -1, 1).toArray();
            feed.put("h0", new OnnxRuntimeOracle.Input(h0, states, b, f.integer("H")));
        }
        if (f.has("c0")) {
            c0 = random.doubles(states * b * f.integer("H"), -1, 1).toArray();
            feed.put("c0", new OnnxRuntimeOracle.Input(c0, states, b, f.integer("H")));
        }
        double[] ort = OnnxRuntimeOracle.run(bytes, false, feed).get("Y");
        double e = PyTorchFixtureTest.maxAbsError(ort, run(imported, x, t, b, in, h0, c0));
        assertTrue(e <= 1e-5, name + ": " + e);
    }

    /** A bare module's state_dict (no prefix, no nn.Linear) loads as the ONNX graph of the same module does: identical parameters. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("bareFixtures")
    void bareStateDictLoadsAsItsOnnxGraph(String name) throws IOException {
        Fixture f = Fixture.of(name);
        Architecture arch = PyTorchImport.inferArchitecture(f.safetensors, "", null, f.nonlinearity());
        assertEquals(false, arch.hasReadout());
        Rnn fromSafetensors = PyTorchImport.load(f.safetensors, arch, EJML, DType.FLOAT32);
        Rnn fromOnnx = OnnxImport.load(f.onnx(), EJML, DType.FLOAT32);
        OnnxImportTest.assertSameParameters(fromSafetensors, fromOnnx);
        int features = f.integer("H") * (f.bidirectional() ? 2 : 1);
        assertEquals(features, fromSafetensors.outputSize());
        double[] identity = new double[features * features];
        for (int i = 0; i < features; i++) {
            identity[i * features + i] = 1;
        }
        assertArrayEquals(identity, fromSafetensors.readout().weights().value().toDoubleArray(), 0.0, "V = I");
        assertArrayEquals(new double[features], fromSafetensors.readout().bias().value().toDoubleArray(), 0.0, "c = 0");
    }

    /** predict on a bare module returns each sequence's last hidden state: PyTorch's output at the last step. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("bareFixtures")
    void bareModulePredictReturnsTheLastHiddenStates(String name) throws IOException {
        Fixture f = Fixture.of(name);
        Rnn m = PyTorchImport.load(f.safetensors, PyTorchImport.inferArchitecture(f.safetensors, "", null, f.nonlinearity()), EJML,
                DType.FLOAT32);
        int t = f.integer("T");
        int b = f.integer("B");
        int in = f.integer("I");
        int o = m.outputSize();
        double[] x = f.values("x");
        double[] y = f.values("y");
        boolean bf = f.flag("batch_first");
        double[][][] sequences = new double[b][t][in];
        for (int s = 0; s < b; s++) {
            for (int i = 0; i < t; i++) {
                System.arraycopy(x, (bf ? s * t + i : i * b + s) * in, sequences[s][i], 0, in);
            }
        }
        double[][] last = m.predict(sequences);
        double e = 0;
        for (int s = 0; s < b; s++) {
            for (int j = 0; j < o; j++) {
                e = Math.max(e, Math.abs(last[s][j] - y[(bf ? s * t + t - 1 : (t - 1) * b + s) * o + j]));
            }
        }
        assertTrue(e <= 1e-5, name + ": " + e);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bareFixtures")
    void bareStateDictWithAReadoutPrefixNamesTheBareOption(String name) throws IOException {
        Fixture f = Fixture.of(name);
        InteropException ex = assertThrows(InteropException.class, () -> PyTorchImport.inferArchitecture(f.safetensors, "", "out.",
                f.nonlinearity()));
        assertTrue(ex.getMessage().contains("'out.weight' is missing") && ex.getMessage().contains("pass readoutPrefix null for a bare"),
                ex.getMessage());
    }

    @Test
    void bareArchitectureNeedsTheHiddenStatesAsItsOutputSize() {
        ModelSpec ok = ModelSpec.builder().cell(CellType.GRU).inputSize(3).hiddenSize(5).outputSize(10).direction(Direction.BIDIRECTIONAL)
                .build();
        Architecture bare = Architecture.bare(ok, "");
        assertFalse(bare.hasReadout());
        assertTrue(bare.toString().contains("bare module"), bare.toString());
        ModelSpec wrong = ok.toBuilder().outputSize(5).build();
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> Architecture.bare(wrong, ""));
        assertTrue(ex.getMessage().contains("H·directions = 10"), ex.getMessage());
        assertTrue(Architecture.of(ok).hasReadout());
    }

    /** Control: the same stacked file run from zero states instead of its h0 differs from PyTorch, so the state test can fail. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("stateFixtures")
    void controlStackedStateFixtureFromZerosDiffers(String name) throws IOException {
        Fixture f = Fixture.of(name);
        OnnxImport.Imported imported = OnnxImport.read(f.onnx(), EJML, DType.FLOAT32);
        double[] fromZeros = run(imported, f.values("x"), f.integer("T"), f.integer("B"), f.integer("I"), null, null);
        assertTrue(PyTorchFixtureTest.maxAbsError(f.values("y"), fromZeros) > 1e-3, name);
        assertEquals(imported.model().cellType() == CellType.LSTM ? 2 : 1, imported.initialStateInputs().size());
    }
}
