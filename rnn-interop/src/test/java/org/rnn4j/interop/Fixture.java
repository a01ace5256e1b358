package org.rnn4j.interop;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.rnn4j.api.Activation;
import org.rnn4j.core.cell.CellType;

/** One model written by make_fixtures.py: its safetensors file and what PyTorch computed. */
final class Fixture {
    static final List<String> NAMES = List.of("rnn_tanh_1l_f32", "rnn_relu_2l_bi_f32", "lstm_1l_f32", "lstm_2l_bi_f32", "gru_1l_f32",
            "gru_2l_bi_f32", "rnn_tanh_2l_bi_f64", "lstm_2l_bi_f64", "gru_2l_f64", "gru_1l_f16", "lstm_1l_bf16");
    /** ONNX files only: nn.Linear on 2-D data (a last step, or the sequence as rows), which torch.onnx.export writes as Gemm. */
    static final List<String> READOUT_NAMES = List.of("lstm_2l_bi_last_gemm_f32", "gru_2l_hn_gemm_f32", "lstm_1l_bf_last_gemm_f32",
            "gru_1l_bf_last_op9_gemm_f32", "rnn_relu_2l_hn_op9_gemm_f32", "lstm_1l_rows_gemm_f32");
    /** ONNX files only: every-step models exported with dynamic_axes on T and B (zero initial states from the input's shape). */
    static final List<String> DYNAMIC_NAMES = List.of("lstm_2l_dyn_f32", "gru_2l_bi_dyn_f32");
    /**
     * ONNX files (bare modules also safetensors) of issue 25: stacks with h0/c0 graph inputs sliced per layer, batch_first
     * with an every-step read-out, do_constant_folding=False, and bare modules.
     */
    static final List<String> COMPLETE_NAMES = List.of("lstm_2l_h0_f32", "gru_2l_bi_h0_f32", "rnn_tanh_3l_h0_f32", "gru_1l_bf_every_f32",
            "lstm_2l_bi_bf_every_f32", "lstm_2l_bi_nofold_f32", "gru_2l_nofold_f32", "rnn_relu_1l_bf_nofold_f32", "lstm_1l_bare_f32",
            "gru_2l_bi_bare_f32", "rnn_relu_2l_bf_bare_f32");

    final String name;
    final Path safetensors;
    final Map<?, ?> json;

    private Fixture(String name) throws IOException {
        this.name = name;
        try {
            Path dir = Path.of(Fixture.class.getResource("/pytorch/" + name + ".json").toURI()).getParent();
            this.safetensors = dir.resolve(name + ".safetensors");
            this.json = (Map<?, ?>) Json.parse(Files.readString(dir.resolve(name + ".json"), StandardCharsets.UTF_8), name + ".json");
        } catch (URISyntaxException ex) {
            throw new IOException(ex);
        }
    }

    static Fixture of(String name) throws IOException {
        return new Fixture(name);
    }

    int integer(String key) {
        return ((BigDecimal) json.get(key)).intValueExact();
    }

    double[] values(String key) {
        List<?> list = (List<?>) json.get(key);
        double[] out = new double[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ((BigDecimal) list.get(i)).doubleValue();
        }
        return out;
    }

    boolean flag(String key) {
        return (Boolean) json.get(key);
    }

    boolean has(String key) {
        return json.containsKey(key);
    }

    CellType cell() {
        return CellType.ofKind(json.get("cell").equals("rnn") ? "elman" : (String) json.get("cell"));
    }

    /** The nonlinearity the script gave nn.RNN, or null for the gated cells. */
    Activation nonlinearity() {
        Object n = json.get("nonlinearity");
        return n == null ? null : Activation.valueOf(((String) n).toUpperCase(Locale.ROOT));
    }

    boolean bidirectional() {
        return flag("bidirectional");
    }

    /** Whether PyTorch ran it in float64 (F64, F16 and BF16 fixtures). */
    boolean float64() {
        return json.get("run").equals("F64");
    }

    String string(String key) {
        return (String) json.get(key);
    }

    /** The ONNX file beside the JSON. */
    Path onnx() {
        return safetensors.resolveSibling(name + ".onnx");
    }

    @Override
    public String toString() {
        return name;
    }
}
