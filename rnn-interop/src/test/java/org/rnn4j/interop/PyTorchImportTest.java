package org.rnn4j.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.api.Activation;
import org.rnn4j.api.DType;
import org.rnn4j.backend.ejml.EjmlBackend;
import org.rnn4j.core.Direction;
import org.rnn4j.core.ModelSpec;
import org.rnn4j.core.Rnn;
import org.rnn4j.core.cell.CellType;
import org.rnn4j.spi.Backend;

/** The mapping onto rnn4j's parameters and everything the import refuses, each refusal naming what it refuses. */
class PyTorchImportTest {
    static final Backend EJML = new EjmlBackend();

    @TempDir
    Path dir;

    private static void assertMentions(Exception ex, String... parts) {
        for (String p : parts) {
            assertTrue(ex.getMessage().contains(p), "message lacks '" + p + "': " + ex.getMessage());
        }
    }

    private static Architecture lstm(int inputSize) {
        return Architecture.of(ModelSpec.builder().cell(CellType.LSTM).inputSize(inputSize).hiddenSize(5).outputSize(2).build());
    }

    /** lstm_1l_f32's tensors, for a test to change and write again. */
    private Map<String, StFiles.T> lstmTensors() throws IOException {
        return StFiles.contents(Fixture.of("lstm_1l_f32").safetensors);
    }

    @Test
    void lstmBiasesAreSummedAndWeightsCopiedUnpermuted() throws IOException {
        Fixture f = Fixture.of("lstm_1l_f32");
        Safetensors st = Safetensors.read(f.safetensors);
        Rnn m = PyTorchImport.load(st, lstm(3), EJML, DType.FLOAT64);
        assertArrayEquals(st.get("rnn.weight_ih_l0").values(), m.parameter("l0.U").value().toDoubleArray(), 0.0);
        assertArrayEquals(st.get("rnn.weight_hh_l0").values(), m.parameter("l0.W").value().toDoubleArray(), 0.0);
        double[] bx = st.get("rnn.bias_ih_l0").values();
        double[] bh = st.get("rnn.bias_hh_l0").values();
        double[] b = m.parameter("l0.b").value().toDoubleArray();
        for (int i = 0; i < b.length; i++) {
            assertEquals(bx[i] + bh[i], b[i], 0.0, "b[" + i + "]");
        }
        assertArrayEquals(st.get("out.weight").values(), m.parameter("out.V").value().toDoubleArray(), 0.0);
        assertArrayEquals(st.get("out.bias").values(), m.parameter("out.c").value().toDoubleArray(), 0.0);
    }

    @Test
    void gruKeepsItsTwoBiasesApart() throws IOException {
        Safetensors st = Safetensors.read(Fixture.of("gru_2l_f64").safetensors);
        Architecture a = PyTorchImport.inferArchitecture(st, "rnn.", "out.", null);
        Rnn m = PyTorchImport.load(st, a, EJML, DType.FLOAT64);
        assertArrayEquals(st.get("rnn.bias_ih_l1").values(), m.parameter("l1.b").value().toDoubleArray(), 0.0);
        assertArrayEquals(st.get("rnn.bias_hh_l1").values(), m.parameter("l1.bh").value().toDoubleArray(), 0.0);
    }

    @Test
    void oneLayerElmanGetsTheTutorialNames() throws IOException {
        Safetensors st = Safetensors.read(Fixture.of("rnn_tanh_1l_f32").safetensors);
        Rnn m = PyTorchImport.load(st, PyTorchImport.inferArchitecture(st, "rnn.", "out.", Activation.TANH), EJML, DType.FLOAT32);
        assertArrayEquals(st.get("rnn.weight_hh_l0").values(), m.parameter("W").value().toDoubleArray(), 1e-7);
        assertArrayEquals(st.get("out.weight").values(), m.parameter("V").value().toDoubleArray(), 1e-7);
    }

    @Test
    void bareModuleStateDictLoadsWithAnEmptyPrefix() throws IOException {
        Map<String, StFiles.T> t = new LinkedHashMap<>();
        lstmTensors().forEach((k, v) -> t.put(k.startsWith("rnn.") ? k.substring(4) : "head." + k.substring(4), v));
        Path f = StFiles.write(dir.resolve("bare.safetensors"), t);
        Architecture a = PyTorchImport.inferArchitecture(f, "", "head.", null);
        assertEquals(CellType.LSTM, a.spec().cell());
        assertEquals(5, PyTorchImport.load(f, a, EJML, DType.FLOAT64).hiddenSize());
    }

    @Test
    void lstmProjectionWeightHrIsRefusedOnLoadAndInference() throws IOException {
        Map<String, StFiles.T> t = lstmTensors();
        t.put("rnn.weight_hr_l0", new StFiles.T("F32", new int[] {3, 5}, new double[15]));
        Path f = StFiles.write(dir.resolve("proj.safetensors"), t);
        assertMentions(assertThrows(InteropException.class, () -> PyTorchImport.load(f, lstm(3), EJML, DType.FLOAT32)),
                "'rnn.weight_hr_l0'", "proj_size");
        assertMentions(assertThrows(InteropException.class, () -> PyTorchImport.inferArchitecture(f, "rnn.", "out.", null)),
                "'rnn.weight_hr_l0'", "proj_size");
    }

    @Test
    void unknownTensorIsRefusedNamingIt() throws IOException {
        Map<String, StFiles.T> t = lstmTensors();
        t.put("embedding.weight", new StFiles.T("F32", new int[] {4, 3}, new double[12]));
        Path f = StFiles.write(dir.resolve("extra.safetensors"), t);
        assertMentions(assertThrows(InteropException.class, () -> PyTorchImport.load(f, lstm(3), EJML, DType.FLOAT32)),
                "'embedding.weight'", "not part of the architecture");
    }

    @Test
    void secondLayerBeyondTheArchitectureIsRefusedAsUnknown() throws IOException {
        Path f = Fixture.of("gru_2l_f64").safetensors;
        Architecture oneLayer = Architecture.of(ModelSpec.builder().cell(CellType.GRU).inputSize(3).hiddenSize(5).outputSize(2).build());
        assertMentions(assertThrows(InteropException.class, () -> PyTorchImport.load(f, oneLayer, EJML, DType.FLOAT64)),
                "'rnn.weight_ih_l1'", "not part of the architecture");
    }

    @Test
    void missingTensorIsRefusedNamingIt() throws IOException {
        Map<String, StFiles.T> t = lstmTensors();
        t.remove("rnn.bias_hh_l0");
        Path f = StFiles.write(dir.resolve("missing.safetensors"), t);
        assertMentions(assertThrows(InteropException.class, () -> PyTorchImport.load(f, lstm(3), EJML, DType.FLOAT32)),
                "'rnn.bias_hh_l0'", "missing");
    }

    @Test
    void missingReverseDirectionIsRefusedNamingIt() throws IOException {
        Path f = Fixture.of("lstm_1l_f32").safetensors;
        Architecture bi = Architecture.of(ModelSpec.builder().cell(CellType.LSTM).inputSize(3).hiddenSize(5).outputSize(2)
                .direction(Direction.BIDIRECTIONAL).build());
        assertMentions(assertThrows(InteropException.class, () -> PyTorchImport.load(f, bi, EJML, DType.FLOAT32)),
                "'rnn.weight_ih_l0_reverse'", "missing");
    }

    @Test
    void nonFiniteWeightsAreRefusedNamingTensorAndIndex() throws IOException {
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            Map<String, StFiles.T> t = lstmTensors();
            t.get("rnn.weight_hh_l0").values()[2 * 5 + 1] = bad;
            Path f = StFiles.write(dir.resolve("bad.safetensors"), t);
            assertMentions(assertThrows(InteropException.class, () -> PyTorchImport.load(f, lstm(3), EJML, DType.FLOAT64)),
                    "tensor 'rnn.weight_hh_l0'", "holds " + bad + " at index [2, 1]");
        }
    }

    @Test
    void anF64WeightBeyondFloatRangeIsRefusedForAFloat32ModelOnly() throws IOException {
        Map<String, StFiles.T> t = lstmTensors();
        Map<String, StFiles.T> wide = new java.util.LinkedHashMap<>();
        t.forEach((name, x) -> wide.put(name, new StFiles.T("F64", x.shape(), x.values())));
        wide.get("out.weight").values()[3] = 1e300;
        Path f = StFiles.write(dir.resolve("wide.safetensors"), wide);
        assertMentions(assertThrows(InteropException.class, () -> PyTorchImport.load(f, lstm(3), EJML, DType.FLOAT32)),
                "out.V[0,3] Infinity", "beyond FLOAT32's range");
        assertEquals(1e300, PyTorchImport.load(f, lstm(3), EJML, DType.FLOAT64).parameter("out.V").value().get(0, 3));
    }

    @Test
    void shapeMismatchIsRefusedNamingTensorAndShapes() throws IOException {
        Path f = Fixture.of("lstm_1l_f32").safetensors;
        assertMentions(assertThrows(InteropException.class, () -> PyTorchImport.load(f, lstm(4), EJML, DType.FLOAT32)),
                "'rnn.weight_ih_l0'", "[20, 3]", "[20, 4]");
    }

    @Test
    void gruFileLoadedAsLstmIsRefusedByShape() throws IOException {
        Path f = Fixture.of("gru_1l_f32").safetensors;
        assertMentions(assertThrows(InteropException.class, () -> PyTorchImport.load(f, lstm(3), EJML, DType.FLOAT32)),
                "'rnn.weight_ih_l0'", "[15, 3]", "[20, 3]");
    }

    @Test
    void readoutOfTheWrongWidthIsRefused() throws IOException {
        Map<String, StFiles.T> t = lstmTensors();
        t.put("out.weight", new StFiles.T("F32", new int[] {2, 10}, new double[20]));
        Path f = StFiles.write(dir.resolve("readout.safetensors"), t);
        assertMentions(assertThrows(InteropException.class, () -> PyTorchImport.load(f, lstm(3), EJML, DType.FLOAT32)),
                "'out.weight'", "[2, 10]", "[2, 5]");
    }

    @Test
    void elmanNonlinearityCannotBeInferredAndMustBeGiven() throws IOException {
        Path f = Fixture.of("rnn_tanh_1l_f32").safetensors;
        assertMentions(assertThrows(IllegalArgumentException.class, () -> PyTorchImport.inferArchitecture(f, "rnn.", "out.", null)),
                "nonlinearity", "TANH", "RELU");
        assertMentions(assertThrows(IllegalArgumentException.class, () -> PyTorchImport.inferArchitecture(f, "rnn.", "out.",
                Activation.SIGMOID)), "SIGMOID");
    }

    @Test
    void gatedCellRefusesANonlinearity() throws IOException {
        Path f = Fixture.of("gru_1l_f32").safetensors;
        assertMentions(assertThrows(IllegalArgumentException.class, () -> PyTorchImport.inferArchitecture(f, "rnn.", "out.",
                Activation.RELU)), "GRU", "RELU");
    }

    @Test
    void recurrentWeightOfNoKnownGateMultipleIsRefused() throws IOException {
        Map<String, StFiles.T> t = new LinkedHashMap<>();
        t.put("rnn.weight_ih_l0", new StFiles.T("F32", new int[] {10, 3}, new double[30]));
        t.put("rnn.weight_hh_l0", new StFiles.T("F32", new int[] {10, 5}, new double[50]));
        t.put("out.weight", new StFiles.T("F32", new int[] {2, 5}, new double[10]));
        Path f = StFiles.write(dir.resolve("two.safetensors"), t);
        assertMentions(assertThrows(InteropException.class, () -> PyTorchImport.inferArchitecture(f, "rnn.", "out.", null)),
                "'rnn.weight_hh_l0'", "[10, 5]");
    }

    @Test
    void wrongPrefixNamesTheTensorItLookedFor() throws IOException {
        Path f = Fixture.of("gru_1l_f32").safetensors;
        assertMentions(assertThrows(InteropException.class, () -> PyTorchImport.inferArchitecture(f, "lstm.", "out.", null)),
                "'lstm.weight_hh_l0'", "prefix");
    }

    @Test
    void architectureRefusesAReverseSpecNullsAndEqualPrefixes() {
        ModelSpec gru = ModelSpec.builder().cell(CellType.GRU).inputSize(1).hiddenSize(1).outputSize(1).build();
        assertMentions(assertThrows(IllegalArgumentException.class,
                () -> Architecture.of(gru.toBuilder().direction(Direction.REVERSE).build())), "REVERSE");
        assertMentions(assertThrows(IllegalArgumentException.class, () -> Architecture.of(null)), "spec");
        assertMentions(assertThrows(IllegalArgumentException.class, () -> Architecture.of(gru, null, "out.")), "rnnPrefix=null");
        assertMentions(assertThrows(IllegalArgumentException.class, () -> Architecture.of(gru, "m.", "m.")), "'m.'");
        assertEquals("m.", Architecture.of(gru, "m.", "o.").rnnPrefix());
    }

    @Test
    void initialStateRefusesWrongLengthsAndAMissingC0() throws IOException {
        Rnn m = PyTorchImport.load(Fixture.of("lstm_1l_f32").safetensors, lstm(3), EJML, DType.FLOAT32);
        assertMentions(assertThrows(IllegalArgumentException.class, () -> PyTorchImport.initialState(m, 2, new double[10], null)),
                "c0");
        assertMentions(assertThrows(IllegalArgumentException.class, () -> PyTorchImport.initialState(m, 2, new double[9], new double[10])),
                "h0 has 9 values", "needs 10");
        assertMentions(assertThrows(IllegalArgumentException.class, () -> PyTorchImport.finalCell(
                PyTorchImport.load(Fixture.of("gru_1l_f32").safetensors, PyTorchImport.inferArchitecture(Fixture.of("gru_1l_f32")
                        .safetensors, "rnn.", "out.", null), EJML, DType.FLOAT32), m.zeroState(2))), "LSTM");
    }
}
