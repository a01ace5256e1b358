package org.rnn4j.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtException;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rnn4j.api.Activation;
import org.rnn4j.api.DType;
import org.rnn4j.backend.ejml.EjmlBackend;
import org.rnn4j.core.Rnn;
import org.rnn4j.core.cell.CellType;
import org.rnn4j.spi.Backend;

/**
 * Hand-built graphs for issue 25's import paths, each run by ONNX Runtime as the oracle: per-layer slices of a state
 * input (read when PyTorch's, refused with the feature named otherwise), weights that pass through every folded
 * operator, operators the folder does not evaluate, and a bare graph ending in a layout that is not read.
 */
class OnnxImportCompleteTest {
    static final Backend EJML = new EjmlBackend();
    static final int B = 2;

    private static ProtoWriter graphNode(String op, String output, String... inputs) {
        ProtoWriter n = new ProtoWriter();
        for (String in : inputs) {
            n.string(Onnx.NODE_INPUT, in);
        }
        return n.string(Onnx.NODE_OUTPUT, output).string(Onnx.NODE_NAME, output).string(Onnx.NODE_OP_TYPE, op);
    }

    private static InteropException refused(byte[] model) {
        return assertThrows(InteropException.class, () -> OnnxImport.load(model, "tweaked", EJML, DType.FLOAT32));
    }

    private static void assertMentions(Exception ex, String... parts) {
        for (String p : parts) {
            assertTrue(ex.getMessage().contains(p), "message lacks '" + p + "': " + ex.getMessage());
        }
    }

    /**
     * A graph input h0 [layers, B, H] and, for layer k, initial_h = Slice(h0, [ranges[k][0]], [ranges[k][1]], axes [0],
     * steps [step]); a null range leaves layer k's initial state out (zeros).
     */
    private static OnnxExport.Tweak stateSlices(int layers, long step, long[]... ranges) {
        return new OnnxExport.Tweak() {
            @Override
            public void extend(int layer, ProtoWriter node, ProtoWriter graph) {
                if (layer == 0) {
                    graph.message(Onnx.GRAPH_INPUT, OnnxExport.valueInfo("h0", Onnx.FLOAT, layers, "B", OnnxExportTest.H));
                }
                if (ranges[layer] == null) {
                    return;
                }
                String p = "s" + layer + ".";
                graph.message(Onnx.GRAPH_INITIALIZER, OnnxExport.int64Tensor(p + "start", new long[] {ranges[layer][0]}, 1));
                graph.message(Onnx.GRAPH_INITIALIZER, OnnxExport.int64Tensor(p + "end", new long[] {ranges[layer][1]}, 1));
                graph.message(Onnx.GRAPH_INITIALIZER, OnnxExport.int64Tensor(p + "axes", new long[] {0}, 1));
                graph.message(Onnx.GRAPH_INITIALIZER, OnnxExport.int64Tensor(p + "steps", new long[] {step}, 1));
                graph.message(Onnx.GRAPH_NODE, graphNode("Slice", p + "h0", "h0", p + "start", p + "end", p + "axes", p + "steps"));
                node.string(Onnx.NODE_INPUT, "").string(Onnx.NODE_INPUT, p + "h0");
            }
        };
    }

    @Test
    void stateInputSlicedPerLayerAsPyTorchDoesRunsAsInOnnxRuntime() throws IOException, OrtException {
        Rnn m = OnnxExportTest.model(CellType.GRU, Activation.TANH, 2, false, DType.FLOAT32, 41);
        byte[] bytes = OnnxExport.toBytes(m, stateSlices(2, 1, new long[] {0, 1}, new long[] {1, 2}));
        OnnxImport.Imported imported = OnnxImport.read(bytes, "sliced", EJML, DType.FLOAT32);
        assertEquals(List.of("h0"), imported.initialStateInputs());
        OnnxImportTest.assertSameParameters(m, imported.model());
        int t = OnnxExportTest.T;
        int in = OnnxExportTest.I;
        int h = OnnxExportTest.H;
        SplittableRandom random = new SplittableRandom(5);
        double[] x = random.doubles(t * B * in, -1, 1).toArray();
        double[] h0 = random.doubles(2 * B * h, -1, 1).toArray();
        Map<String, OnnxRuntimeOracle.Input> feed = new LinkedHashMap<>();
        feed.put("X", new OnnxRuntimeOracle.Input(x, t, B, in));
        feed.put("h0", new OnnxRuntimeOracle.Input(h0, 2, B, h));
        double[] ort = OnnxRuntimeOracle.run(bytes, false, feed).get("Y");
        double[] ours = m.forward(m.backend().fromArray(DType.FLOAT32, t * B, in, x), B, PyTorchImport.initialState(m, B, h0, null), null)
                .outputs().toDoubleArray();
        assertTrue(PyTorchFixtureTest.maxAbsError(ort, ours) <= 1e-5);
    }

    @Test
    void stateSlicesInAnotherOrderThanTheLayersAreRefused() {
        Rnn m = OnnxExportTest.model(CellType.GRU, Activation.TANH, 2, false, DType.FLOAT32, 42);
        assertMentions(refused(OnnxExport.toBytes(m, stateSlices(2, 1, new long[] {1, 2}, new long[] {0, 1}))), "'layer0' (GRU)",
                "rows [1, 2) of the graph input 'h0'", "stacked state inputs are read only as PyTorch slices them", "[0, 1)");
    }

    @Test
    void stateInputForOnlySomeLayersIsRefused() {
        Rnn m = OnnxExportTest.model(CellType.ELMAN, Activation.TANH, 2, false, DType.FLOAT32, 43);
        assertMentions(refused(OnnxExport.toBytes(m, stateSlices(2, 1, new long[] {0, 1}, null))), "'layer1' (RNN)", "from zeros",
                "initial states given for only some layers are not read");
    }

    @Test
    void stateInputSlicedWithAStepIsRefused() {
        Rnn m = OnnxExportTest.model(CellType.GRU, Activation.TANH, 2, false, DType.FLOAT32, 44);
        assertMentions(refused(OnnxExport.toBytes(m, stateSlices(2, 2, new long[] {0, 1}, new long[] {1, 2}))), "'s0.h0' (Slice)",
                "steps [2]", "a graph input is read only as initial states, sliced per layer");
    }

    /**
     * The read-out's weight [F, O] computed from initializers by all five folded operators, as do_constant_folding=False
     * leaves them: V's first row and its other rows stored with their columns reversed, joined by a Concat, the columns
     * put back by a Slice of step −1, then Unsqueeze, Transpose (0, 2, 1) and Squeeze to [F, O]; or, if other is given,
     * Vᵀ through that operator alone.
     */
    private static OnnxExport.Tweak foldedReadout(String other) {
        return new OnnxExport.Tweak() {
            @Override
            public boolean readout(ProtoWriter graph, String x, int elem, double[] v, double[] c) {
                int o = c.length;
                int f = v.length / o;
                if (other != null) {
                    double[] vt = OnnxExport.transpose(v, o, f);
                    graph.message(Onnx.GRAPH_INITIALIZER, OnnxExport.tensor("v.raw", elem, vt, f, o));
                    graph.message(Onnx.GRAPH_NODE, graphNode(other, "v.FO", "v.raw"));
                } else {
                    double[] reversed = new double[o * f];
                    for (int r = 0; r < o; r++) {
                        for (int j = 0; j < f; j++) {
                            reversed[r * f + j] = v[r * f + f - 1 - j];
                        }
                    }
                    graph.message(Onnx.GRAPH_INITIALIZER, OnnxExport.tensor("v.top", elem, Arrays.copyOf(reversed, f), 1, f));
                    graph.message(Onnx.GRAPH_INITIALIZER, OnnxExport.tensor("v.rest", elem, Arrays.copyOfRange(reversed, f, o * f), o - 1, f));
                    graph.message(Onnx.GRAPH_INITIALIZER, OnnxExport.int64Tensor("k.minus1", new long[] {-1}, 1));
                    graph.message(Onnx.GRAPH_INITIALIZER, OnnxExport.int64Tensor("k.before", new long[] {Long.MIN_VALUE}, 1));
                    graph.message(Onnx.GRAPH_INITIALIZER, OnnxExport.int64Tensor("k.zero", new long[] {0}, 1));
                    graph.message(Onnx.GRAPH_INITIALIZER, OnnxExport.int64Tensor("k.one", new long[] {1}, 1));
                    graph.message(Onnx.GRAPH_NODE, graphNode("Concat", "v.reversed", "v.top", "v.rest")
                            .message(Onnx.NODE_ATTRIBUTE, OnnxExport.intAttribute("axis", 0)));
                    graph.message(Onnx.GRAPH_NODE, graphNode("Slice", "v.OF", "v.reversed", "k.minus1", "k.before", "k.one", "k.minus1"));
                    graph.message(Onnx.GRAPH_NODE, graphNode("Unsqueeze", "v.1OF", "v.OF", "k.zero"));
                    graph.message(Onnx.GRAPH_NODE, graphNode("Transpose", "v.1FO", "v.1OF")
                            .message(Onnx.NODE_ATTRIBUTE, OnnxExport.intsAttribute("perm", 0, 2, 1)));
                    graph.message(Onnx.GRAPH_NODE, graphNode("Squeeze", "v.FO", "v.1FO", "k.zero"));
                }
                graph.message(Onnx.GRAPH_INITIALIZER, OnnxExport.tensor("c", elem, c, o));
                graph.message(Onnx.GRAPH_NODE, graphNode("MatMul", "xv", x, "v.FO"));
                graph.message(Onnx.GRAPH_NODE, graphNode("Add", "Y", "xv", "c"));
                graph.message(Onnx.GRAPH_OUTPUT, OnnxExport.valueInfo("Y", elem, "T", "B", o));
                return true;
            }
        };
    }

    @Test
    void weightsThroughEveryFoldedOperatorAreReadAndRunAsInOnnxRuntime() throws IOException, OrtException {
        Rnn m = OnnxExportTest.model(CellType.LSTM, Activation.TANH, 2, true, DType.FLOAT32, 45);
        assertTrue(m.outputSize() > 1, "the Concat needs at least two outputs");
        byte[] bytes = OnnxExport.toBytes(m, foldedReadout(null));
        OnnxImportTest.assertSameParameters(m, OnnxImport.load(bytes, "folded", EJML, DType.FLOAT32));
        int t = OnnxExportTest.T;
        int in = OnnxExportTest.I;
        double[] x = new SplittableRandom(6).doubles(t * B * in, -1, 1).toArray();
        double[] ours = m.forward(m.backend().fromArray(DType.FLOAT32, t * B, in, x), B, null, null).outputs().toDoubleArray();
        double[] ort = OnnxRuntimeOracle.run(bytes, x, false, t, B, in).get("Y");
        assertTrue(PyTorchFixtureTest.maxAbsError(ort, ours) <= 1e-5);
    }

    @Test
    void weightThroughAnOperatorTheFolderDoesNotEvaluateIsRefusedByName() {
        Rnn m = OnnxExportTest.model(CellType.GRU, Activation.TANH, 1, false, DType.FLOAT32, 46);
        assertMentions(refused(OnnxExport.toBytes(m, foldedReadout("Identity"))), "'v.FO' (Identity)", "computes a value from constants only",
                "the constant folder evaluates only", "do_constant_folding=True");
    }

    /** Control: the same graph with the Identity replaced by a folded operator of no effect (a Squeeze of nothing) is read. */
    @Test
    void controlTheSameGraphWithASqueezeOfNothingIsRead() throws InteropException {
        Rnn m = OnnxExportTest.model(CellType.GRU, Activation.TANH, 1, false, DType.FLOAT32, 46);
        OnnxImportTest.assertSameParameters(m, OnnxImport.load(OnnxExport.toBytes(m, foldedReadout("Squeeze")), "squeezed", EJML,
                DType.FLOAT32));
    }

    @Test
    void bareGraphEndingInAKeptLastStepIsRefusedNamingTheLayout() {
        Rnn m = OnnxExportTest.model(CellType.LSTM, Activation.TANH, 1, false, DType.FLOAT32, 47);
        byte[] bytes = OnnxExport.toBytes(m, new OnnxExport.Tweak() {
            @Override
            public boolean readout(ProtoWriter graph, String x, int elem, double[] v, double[] c) {
                graph.message(Onnx.GRAPH_INITIALIZER, OnnxExport.int64Tensor("k.start", new long[] {-1}, 1));
                graph.message(Onnx.GRAPH_INITIALIZER, OnnxExport.int64Tensor("k.end", new long[] {Long.MAX_VALUE}, 1));
                graph.message(Onnx.GRAPH_INITIALIZER, OnnxExport.int64Tensor("k.axes", new long[] {0}, 1));
                graph.message(Onnx.GRAPH_NODE, graphNode("Slice", "Y", x, "k.start", "k.end", "k.axes"));
                graph.message(Onnx.GRAPH_OUTPUT, OnnxExport.valueInfo("Y", elem, 1, "B", OnnxExportTest.H));
                return true;
            }
        });
        assertMentions(refused(bytes), "'Y' [1, B, F]", "a bare module's output of another layout is not read");
    }

    @Test
    void bareGraphEndingInTheSequenceReadsOutTheIdentity() throws IOException, OrtException {
        Rnn m = OnnxExportTest.model(CellType.ELMAN, Activation.RELU, 2, true, DType.FLOAT32, 48);
        byte[] bytes = OnnxExport.toBytes(m, new OnnxExport.Tweak() {
            @Override
            public boolean readout(ProtoWriter graph, String x, int elem, double[] v, double[] c) {
                graph.message(Onnx.GRAPH_OUTPUT, OnnxExport.valueInfo(x, elem, "T", "B", 2 * OnnxExportTest.H));
                return true;
            }
        });
        OnnxImport.Imported imported = OnnxImport.read(bytes, "bare", EJML, DType.FLOAT32);
        assertTrue(imported.hiddenStates());
        Rnn bare = imported.model();
        assertEquals(2 * OnnxExportTest.H, bare.outputSize());
        int t = OnnxExportTest.T;
        int in = OnnxExportTest.I;
        double[] x = new SplittableRandom(8).doubles(t * B * in, -1, 1).toArray();
        double[] ours = bare.forward(EJML.fromArray(DType.FLOAT32, t * B, in, x), B, null, null).outputs().toDoubleArray();
        double[] ort = OnnxRuntimeOracle.run(bytes, x, false, t, B, in).get("l1.out");
        assertTrue(PyTorchFixtureTest.maxAbsError(ort, ours) <= 1e-5);
    }
}
