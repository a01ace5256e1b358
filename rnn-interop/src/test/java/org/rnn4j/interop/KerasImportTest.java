package org.rnn4j.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.rnn4j.api.DType;
import org.rnn4j.backend.ejml.EjmlBackend;
import org.rnn4j.backend.nd4j.Nd4jBackend;
import org.rnn4j.core.Rnn;
import org.rnn4j.core.SequenceBatch;
import org.rnn4j.spi.Backend;

/**
 * Keras import against the files make_keras_fixtures.py writes in Keras 3 (.keras) and Keras 2 (.h5) layouts, with
 * outputs from its NumPy implementation of Keras's equations: within 1e-12 in FLOAT64 and 1e-6 in FLOAT32, on both
 * backends; and each refused setting named.
 */
class KerasImportTest {
    static final List<String> NAMES = List.of("k3_lstm_seq_dense_f32", "k3_gru_2l_last_dense_f32", "k3_simplernn_relu_bi_2l_dense_f32",
            "k3_lstm_bare_f32", "k3_lstm_2l_last_dense_f64", "k2_lstm_2l_last_dense_f32", "k2_gru_bi_seq_dense_f32",
            "k2_simplernn_tanh_dense_f64");
    static final Backend[] BACKENDS = {new EjmlBackend(), new Nd4jBackend()};

    static Path resource(String file) {
        try {
            return Path.of(KerasImportTest.class.getResource("/keras/" + file).toURI());
        } catch (URISyntaxException | NullPointerException ex) {
            throw new IllegalStateException("missing test resource keras/" + file, ex);
        }
    }

    static Path modelFile(String name) {
        return resource(name + (name.startsWith("k3") || name.startsWith("refused_k3") ? ".keras" : ".h5"));
    }

    static Stream<Arguments> cases() {
        return NAMES.stream().flatMap(n -> Stream.of(DType.FLOAT64, DType.FLOAT32).flatMap(d -> Arrays.stream(BACKENDS)
                .map(b -> Arguments.of(n, d, b.name()))));
    }

    private static double[] numbers(Map<?, ?> json, String key) {
        return ((List<?>) json.get(key)).stream().mapToDouble(o -> ((BigDecimal) o).doubleValue()).toArray();
    }

    private static int integer(Map<?, ?> json, String key) {
        return ((BigDecimal) json.get(key)).intValueExact();
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("cases")
    void importGivesTheKerasEquationsOutputs(String name, DType dtype, String backendName) throws IOException {
        Backend backend = Arrays.stream(BACKENDS).filter(b -> b.name().equals(backendName)).findFirst().orElseThrow();
        Map<?, ?> json = (Map<?, ?>) Json.parse(Files.readString(resource(name + ".json"), StandardCharsets.UTF_8), name);
        KerasImport.Imported imported = KerasImport.read(modelFile(name), backend, dtype);
        assertEquals(json.get("last_step"), imported.lastStepOnly(), "lastStepOnly");
        assertEquals(!(Boolean) json.get("dense"), imported.hiddenStates(), "hiddenStates");
        assertEquals(json.get("format").equals("keras") ? 3 : 2, imported.kerasVersion());
        Rnn m = imported.model();
        assertEquals(List.of(integer(json, "layers"), (Boolean) json.get("bidirectional") ? 2 : 1, integer(json, "O")), List.of(m.depth(),
                m.directions(), m.outputSize()));
        int t = integer(json, "T");
        int b = integer(json, "B");
        int in = integer(json, "I");
        double[] x = numbers(json, "x");
        double[][][] sequences = new double[b][t][in];
        for (int s = 0; s < b; s++) {
            for (int i = 0; i < t; i++) {
                System.arraycopy(x, (s * t + i) * in, sequences[s][i], 0, in);
            }
        }
        double[] ours;
        if (imported.lastStepOnly()) {
            ours = Arrays.stream(m.predict(sequences)).flatMapToDouble(Arrays::stream).toArray();
        } else {
            // forward gives time-major rows (t, b); Keras's output is (b, t).
            ours = PyTorchCompleteFixtureTest.swapLeadingAxes(m.forward(SequenceBatch.of(m, sequences), null).outputs().toDoubleArray(), t,
                    b, m.outputSize());
        }
        double e = PyTorchFixtureTest.maxAbsError(numbers(json, "y"), ours);
        assertTrue(e <= (dtype == DType.FLOAT64 ? 1e-12 : 1e-6), name + " " + dtype + ": " + e);
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of("refused_k2_gru_reset_before", List.of("layer 'gru' (GRU)", "reset_after=False", "linear_before_reset=0")),
                Arguments.of("refused_k2_lstm_hard_sigmoid", List.of("layer 'lstm' (LSTM)", "recurrent_activation=hard_sigmoid",
                        "0.2·x + 0.5", "x/6 + 0.5")),
                Arguments.of("refused_k3_bi_merge_sum", List.of("layer 'bidirectional' (Bidirectional)", "merge_mode=sum")),
                Arguments.of("refused_k3_bi_last_step", List.of("layer 'bidirectional'", "return_sequences=False",
                        "state after the whole reversed sequence")),
                Arguments.of("refused_k3_dense_softmax", List.of("layer 'dense' (Dense)", "activation=softmax")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void refusedSettingIsNamed(String name, List<String> parts) {
        InteropException ex = assertThrows(InteropException.class, () -> KerasImport.read(modelFile(name), BACKENDS[0], DType.FLOAT64));
        for (String p : parts) {
            assertTrue(ex.getMessage().contains(p), "message lacks '" + p + "': " + ex.getMessage());
        }
    }

    /** Rewrites a .keras archive's config.json (the weights unchanged). */
    private static byte[] withConfig(byte[] keras, String from, String to) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipInputStream in = new ZipInputStream(new java.io.ByteArrayInputStream(keras)); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                byte[] data = in.readAllBytes();
                if (e.getName().equals("config.json")) {
                    String text = new String(data, StandardCharsets.UTF_8);
                    assertTrue(text.contains(from), "config.json lacks " + from);
                    data = text.replace(from, to).getBytes(StandardCharsets.UTF_8);
                }
                zip.putNextEntry(new ZipEntry(e.getName()));
                zip.write(data);
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }

    /** Control for the config edits below: the archive rewritten without a change imports the same model. */
    @Test
    void rewrittenArchiveWithoutAChangeImports() throws IOException {
        byte[] keras = Files.readAllBytes(modelFile("k3_lstm_seq_dense_f32"));
        Rnn original = KerasImport.read(keras, "original", BACKENDS[0], DType.FLOAT64).model();
        Rnn rewritten = KerasImport.read(withConfig(keras, "\"units\": 4", "\"units\": 4"), "unchanged", BACKENDS[0], DType.FLOAT64).model();
        double[][][] x = new double[2][5][original.inputSize()];
        for (int s = 0; s < x.length; s++) {
            for (int t = 0; t < x[s].length; t++) {
                for (int i = 0; i < x[s][t].length; i++) {
                    x[s][t][i] = Math.sin(1 + s + 0.3 * t + 0.7 * i);
                }
            }
        }
        assertArrayEquals(original.predict(x), rewritten.predict(x));
    }

    @Test
    void configEditsAreRefusedByName() throws IOException {
        byte[] keras = Files.readAllBytes(modelFile("k3_lstm_seq_dense_f32"));
        String[][] edits = {
            {"\"class_name\": \"Sequential\"", "\"class_name\": \"Functional\"", "Functional model; only Sequential"},
            {"\"go_backwards\": false", "\"go_backwards\": true", "go_backwards=True outside a Bidirectional"},
            {"\"return_state\": false", "\"return_state\": true", "return_state=True"},
            {"\"stateful\": false", "\"stateful\": true", "stateful=True"},
            {"\"units\": 4", "\"units\": 5", "layer 'lstm' kernel has shape [3, 16]; the config needs [3, 20]"},
            {"\"activation\": \"tanh\"", "\"activation\": \"relu\"", "activation=relu; rnn4j's LSTM uses tanh"},
            {"\"class_name\": \"Dense\"", "\"class_name\": \"TimeDistributed\"", "(TimeDistributed) is not read"}};
        for (String[] e : edits) {
            InteropException ex = assertThrows(InteropException.class, () -> KerasImport.read(withConfig(keras, e[0], e[1]), "edited",
                    BACKENDS[0], DType.FLOAT64), e[1]);
            assertTrue(ex.getMessage().contains(e[2]), "message lacks '" + e[2] + "': " + ex.getMessage());
        }
    }

    @Test
    void neitherZipNorHdf5IsRefused() {
        InteropException ex = assertThrows(InteropException.class, () -> KerasImport.read("not a model".getBytes(StandardCharsets.UTF_8),
                "text", BACKENDS[0], DType.FLOAT32));
        assertTrue(ex.getMessage().contains("neither a .keras archive"), ex.getMessage());
    }

    @Test
    void everyTruncationGivesAModelOrAnInteropException() throws IOException {
        for (String name : List.of("k3_gru_2l_last_dense_f32", "k2_gru_bi_seq_dense_f32")) {
            byte[] bytes = Files.readAllBytes(modelFile(name));
            for (int n = 0; n < bytes.length; n += Math.max(1, bytes.length / 97)) {
                byte[] cut = Arrays.copyOf(bytes, n);
                try {
                    KerasImport.read(cut, name + " cut at " + n, BACKENDS[0], DType.FLOAT32);
                } catch (InteropException expected) {
                    // refused, as it should be
                }
            }
        }
    }
}
