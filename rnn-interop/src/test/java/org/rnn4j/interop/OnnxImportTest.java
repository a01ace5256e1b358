package org.rnn4j.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rnn4j.api.Activation;
import org.rnn4j.api.DType;
import org.rnn4j.api.Parameter;
import org.rnn4j.backend.ejml.EjmlBackend;
import org.rnn4j.core.Direction;
import org.rnn4j.core.Rnn;
import org.rnn4j.core.cell.CellType;
import org.rnn4j.spi.Backend;

/** ONNX import: export → import and import → export → import keep every parameter exactly; each refused attribute is named. */
class OnnxImportTest {
    static final Backend EJML = new EjmlBackend();

    @TempDir
    Path dir;

    static Stream<Arguments> models() {
        List<Arguments> out = new ArrayList<>();
        Object[][] cells = {{CellType.ELMAN, Activation.TANH}, {CellType.ELMAN, Activation.RELU}, {CellType.ELMAN, Activation.SIGMOID},
            {CellType.ELMAN, Activation.IDENTITY}, {CellType.LSTM, Activation.TANH}, {CellType.GRU, Activation.TANH}};
        for (DType dtype : DType.values()) {
            for (Object[] c : cells) {
                out.add(Arguments.of(c[0], c[1], 1, Direction.FORWARD, dtype));
                out.add(Arguments.of(c[0], c[1], 2, Direction.BIDIRECTIONAL, dtype));
                out.add(Arguments.of(c[0], c[1], 2, Direction.REVERSE, dtype));
            }
        }
        return out.stream();
    }

    static void assertSameParameters(Rnn expected, Rnn actual) {
        assertEquals(expected.parameters().size(), actual.parameters().size());
        for (int i = 0; i < expected.parameters().size(); i++) {
            Parameter e = expected.parameters().get(i);
            Parameter a = actual.parameters().get(i);
            assertEquals(e.name(), a.name());
            assertArrayEquals(e.value().toDoubleArray(), a.value().toDoubleArray(), 0.0, e.name());
        }
        assertEquals(expected.cellType(), actual.cellType());
        assertEquals(expected.activation(), actual.activation());
        assertEquals(expected.depth(), actual.depth());
        assertEquals(expected.direction(), actual.direction());
    }

    @ParameterizedTest(name = "{0} {1} layers={2} {3} {4}")
    @MethodSource("models")
    void exportThenImportGivesIdenticalParameters(CellType cell, Activation f, int layers, Direction direction, DType dtype)
            throws IOException {
        Rnn m = OnnxExportTest.model(cell, f, layers, direction, dtype, 5);
        Path file = dir.resolve("m.onnx");
        OnnxExport.write(m, file);
        assertSameParameters(m, OnnxImport.load(file, EJML, dtype));
    }

    @ParameterizedTest(name = "{0} {1} layers={2} {3} {4}")
    @MethodSource("models")
    void importExportImportGivesIdenticalParametersAndBytes(CellType cell, Activation f, int layers, Direction direction, DType dtype)
            throws IOException {
        byte[] first = OnnxExport.toBytes(OnnxExportTest.model(cell, f, layers, direction, dtype, 6));
        Rnn once = OnnxImport.load(first, "first", EJML, dtype);
        byte[] second = OnnxExport.toBytes(once);
        Rnn twice = OnnxImport.load(second, "second", EJML, dtype);
        assertSameParameters(once, twice);
        assertArrayEquals(first, second);
    }

    /** An exported single-layer model with one change to its recurrent node. */
    private static byte[] tweaked(CellType cell, boolean bi, OnnxExport.Tweak tweak) {
        return OnnxExport.toBytes(OnnxExportTest.model(cell, Activation.TANH, 1, bi, DType.FLOAT32, 3), tweak);
    }

    private static OnnxExport.Tweak adding(ProtoWriter attribute) {
        return new OnnxExport.Tweak() {
            @Override
            public void extend(int layer, ProtoWriter node, ProtoWriter graph) {
                node.message(Onnx.NODE_ATTRIBUTE, attribute);
            }
        };
    }

    private static void assertRefused(byte[] model, String... parts) {
        InteropException ex = assertThrows(InteropException.class, () -> OnnxImport.load(model, "tweaked", EJML, DType.FLOAT32));
        for (String p : parts) {
            assertTrue(ex.getMessage().contains(p), "message lacks '" + p + "': " + ex.getMessage());
        }
    }

    @Test
    void nonFiniteInitializersAreRefusedNamingTensorAndIndex() {
        for (DType dtype : DType.values()) {
            Rnn m = OnnxExportTest.model(CellType.ELMAN, Activation.TANH, 1, false, dtype, 3);
            m.parameter("W").value().set(2, 1, Double.NaN);
            InteropException ex = assertThrows(InteropException.class, () -> OnnxImport.load(OnnxExport.toBytes(m), "nan", EJML, dtype));
            assertTrue(ex.getMessage().contains("R' holds NaN at index [0, 2, 1]"), ex.getMessage());
        }
    }

    @Test
    void aDoubleInitializerBeyondFloatRangeIsRefusedForAFloat32ModelOnly() throws InteropException {
        Rnn m = OnnxExportTest.model(CellType.ELMAN, Activation.TANH, 1, false, DType.FLOAT64, 3);
        m.parameter("W").value().set(2, 1, -1e300);
        byte[] model = OnnxExport.toBytes(m);
        InteropException ex = assertThrows(InteropException.class, () -> OnnxImport.load(model, "wide", EJML, DType.FLOAT32));
        assertTrue(ex.getMessage().contains("W[2,1] -Infinity: beyond FLOAT32's range"), ex.getMessage());
        assertEquals(-1e300, OnnxImport.load(model, "wide", EJML, DType.FLOAT64).parameter("W").value().get(2, 1));
    }

    @Test
    void aTensorWithBothRawDataAndFloatDataIsRefused() {
        assertRefused(tweaked(CellType.LSTM, false, new OnnxExport.Tweak() {
            @Override
            public void extend(int layer, ProtoWriter node, ProtoWriter graph) {
                graph.message(Onnx.GRAPH_INITIALIZER, OnnxExport.tensor("twice", Onnx.FLOAT, new double[] {1, 2}, 2)
                        .fixed32(Onnx.TENSOR_FLOAT_DATA, 3f).fixed32(Onnx.TENSOR_FLOAT_DATA, 4f));
            }
        }), "tensor 'twice' has both raw_data and float_data");
    }

    @Test
    void aNullPathIsNamedAsAPath() {
        assertEquals("the ONNX file's path is null",
                assertThrows(IllegalArgumentException.class, () -> OnnxImport.read((Path) null, EJML, DType.FLOAT32)).getMessage());
        Rnn m = OnnxExportTest.model(CellType.GRU, Activation.TANH, 1, false, DType.FLOAT32, 3);
        assertEquals("the ONNX file's path is null", assertThrows(IllegalArgumentException.class, () -> OnnxExport.write(m, null)).getMessage());
        assertEquals("the safetensors file's path is null",
                assertThrows(IllegalArgumentException.class, () -> Safetensors.read((Path) null)).getMessage());
    }

    @Test
    void anEmptyOrForeignFileSaysItIsNotOnnx() {
        assertRefused(new byte[0], "the content is empty (0 bytes): not an ONNX model");
        // A valid protobuf message with neither field 7 (graph) nor 8 (opset_import), e.g. another tool's file.
        assertRefused(new byte[] {0x08, 0x01, 0x12, 0x01, 0x41}, "neither a graph nor an opset_import: not an ONNX model");
    }

    @Test
    void gruWithLinearBeforeReset0IsRefused() {
        assertRefused(tweaked(CellType.GRU, false, new OnnxExport.Tweak() {
            @Override
            public boolean keep(int layer, String attribute) {
                return !attribute.equals("linear_before_reset");
            }
        }), "linear_before_reset=0");
        assertRefused(tweaked(CellType.GRU, false, new OnnxExport.Tweak() {
            @Override
            public boolean keep(int layer, String attribute) {
                return !attribute.equals("linear_before_reset");
            }

            @Override
            public void extend(int layer, ProtoWriter node, ProtoWriter graph) {
                node.message(Onnx.NODE_ATTRIBUTE, OnnxExport.intAttribute("linear_before_reset", 0));
            }
        }), "linear_before_reset=0");
    }

    @Test
    void lstmWithNonDefaultActivationsIsRefused() {
        ProtoWriter a = new ProtoWriter().string(Onnx.ATTR_NAME, "activations").varint(Onnx.ATTR_TYPE, Onnx.TYPE_STRINGS)
                .string(Onnx.ATTR_STRINGS, "Sigmoid").string(Onnx.ATTR_STRINGS, "Tanh").string(Onnx.ATTR_STRINGS, "Relu");
        assertRefused(tweaked(CellType.LSTM, false, adding(a)), "activations", "Relu");
    }

    @Test
    void lstmWithTheDefaultActivationsSpelledOutIsRead() throws InteropException {
        ProtoWriter a = new ProtoWriter().string(Onnx.ATTR_NAME, "activations").varint(Onnx.ATTR_TYPE, Onnx.TYPE_STRINGS)
                .string(Onnx.ATTR_STRINGS, "Sigmoid").string(Onnx.ATTR_STRINGS, "Tanh").string(Onnx.ATTR_STRINGS, "Tanh");
        assertEquals(CellType.LSTM, OnnxImport.load(tweaked(CellType.LSTM, false, adding(a)), "t", EJML, DType.FLOAT32).cellType());
    }

    @Test
    void elmanWithAnUnreadActivationIsRefused() {
        ProtoWriter a = new ProtoWriter().string(Onnx.ATTR_NAME, "activations").varint(Onnx.ATTR_TYPE, Onnx.TYPE_STRINGS)
                .string(Onnx.ATTR_STRINGS, "Softsign");
        assertRefused(tweaked(CellType.ELMAN, false, adding(a)), "activations", "Softsign");
    }

    @Test
    void elmanAffineOtherThanIdentityIsRefused() {
        Rnn m = OnnxExportTest.model(CellType.ELMAN, Activation.IDENTITY, 1, false, DType.FLOAT32, 3);
        byte[] b = OnnxExport.toBytes(m, new OnnxExport.Tweak() {
            @Override
            public boolean keep(int layer, String attribute) {
                return !attribute.equals("activations");
            }

            @Override
            public void extend(int layer, ProtoWriter node, ProtoWriter graph) {
                node.message(Onnx.NODE_ATTRIBUTE, new ProtoWriter().string(Onnx.ATTR_NAME, "activations").varint(Onnx.ATTR_TYPE,
                        Onnx.TYPE_STRINGS).string(Onnx.ATTR_STRINGS, "Affine"));
                node.message(Onnx.NODE_ATTRIBUTE, OnnxExport.floatsAttribute("activation_alpha", 2f, 1));
                node.message(Onnx.NODE_ATTRIBUTE, OnnxExport.floatsAttribute("activation_beta", 0f, 1));
            }
        });
        assertRefused(b, "Affine", "alpha [2.0]");
    }

    @Test
    void clipIsRefused() {
        ProtoWriter clip = new ProtoWriter().string(Onnx.ATTR_NAME, "clip").varint(Onnx.ATTR_TYPE, Onnx.TYPE_FLOAT).fixed32(Onnx.ATTR_F, 3f);
        assertRefused(tweaked(CellType.LSTM, false, adding(clip)), "clip=3.0");
    }

    @Test
    void inputForgetIsRefused() {
        assertRefused(tweaked(CellType.LSTM, false, adding(OnnxExport.intAttribute("input_forget", 1))), "input_forget=1");
    }

    @Test
    void layout1IsRefused() {
        assertRefused(tweaked(CellType.GRU, false, adding(OnnxExport.intAttribute("layout", 1))), "layout=1");
    }

    /** Writes direction={@code direction} instead of the model's own on the nodes of the layers chosen. */
    private static OnnxExport.Tweak directing(String direction, int... layers) {
        return new OnnxExport.Tweak() {
            private boolean chosen(int layer) {
                return Arrays.stream(layers).anyMatch(k -> k == layer);
            }

            @Override
            public boolean keep(int layer, String attribute) {
                return !(chosen(layer) && attribute.equals("direction"));
            }

            @Override
            public void extend(int layer, ProtoWriter node, ProtoWriter graph) {
                if (chosen(layer)) {
                    node.message(Onnx.NODE_ATTRIBUTE, OnnxExport.stringAttribute("direction", direction));
                }
            }
        };
    }

    @Test
    void unknownDirectionIsRefused() {
        assertRefused(tweaked(CellType.ELMAN, false, directing("sideways", 0)), "'layer0' (RNN)", "direction=sideways");
    }

    static Stream<Arguments> reverseGraphs() {
        List<Arguments> out = new ArrayList<>();
        for (CellType cell : CellType.values()) {
            out.add(Arguments.of(cell, 1));
            out.add(Arguments.of(cell, 2));
        }
        return out.stream();
    }

    /**
     * A graph whose nodes say direction="reverse", written by hand from a forward model's weights (not by the
     * exporter's own direction): ONNX Runtime runs it as the imported model's forward runs, within 1e-5, outputs
     * and final states; the forward model itself does not (the control).
     */
    @ParameterizedTest(name = "{0} layers={1}")
    @MethodSource("reverseGraphs")
    void handBuiltReverseGraphRunsInOnnxRuntimeAsTheImportedModel(CellType cell, int layers) throws IOException, OrtException {
        Rnn forward = OnnxExportTest.model(cell, Activation.TANH, layers, Direction.FORWARD, DType.FLOAT32, 31);
        int[] all = new int[layers];
        Arrays.setAll(all, k -> k);
        byte[] bytes = OnnxExport.toBytes(forward, directing("reverse", all));
        Rnn m = OnnxImport.load(bytes, "reverse", EJML, DType.FLOAT32);
        assertEquals(Direction.REVERSE, m.direction());
        for (int k = 0; k < layers; k++) {
            List<Parameter> from = forward.layers().get(k).parameters();
            List<Parameter> to = m.layers().get(k).parameters();
            for (int i = 0; i < from.size(); i++) {
                assertArrayEquals(from.get(i).value().toDoubleArray(), to.get(i).value().toDoubleArray(), 0.0, to.get(i).name());
            }
        }
        int t = OnnxExportTest.T;
        int b = OnnxExportTest.B;
        double[] x = OnnxExportTest.inputs(32);
        Rnn.Output ours = m.forward(m.backend().fromArray(DType.FLOAT32, t * b, OnnxExportTest.I, x), b, null, null);
        Map<String, double[]> ort = OnnxRuntimeOracle.run(bytes, x, false, t, b, OnnxExportTest.I);
        double worst = PyTorchFixtureTest.maxAbsError(ours.outputs().toDoubleArray(), ort.get("Y"));
        int perLayer = cell == CellType.LSTM ? 2 : 1;
        for (int k = 0; k < layers; k++) {
            for (int j = 0; j < perLayer; j++) {
                double[] state = ours.finalState().get(k * perLayer + j).toDoubleArray();
                worst = Math.max(worst, PyTorchFixtureTest.maxAbsError(state, ort.get("l" + k + (j == 0 ? ".h" : ".c"))));
            }
        }
        assertTrue(worst <= 1e-5, "ONNX Runtime differs from the imported reverse model by " + worst);
        double[] forwardOutputs = forward.forward(forward.backend().fromArray(DType.FLOAT32, t * b, OnnxExportTest.I, x), b, null, null)
                .outputs().toDoubleArray();
        assertTrue(PyTorchFixtureTest.maxAbsError(forwardOutputs, ort.get("Y")) > 1e-3, "the graph cannot tell the direction");
    }

    @Test
    void layersOfDifferentDirectionsAreRefused() {
        byte[] mixed = OnnxExport.toBytes(OnnxExportTest.model(CellType.LSTM, Activation.TANH, 2, Direction.FORWARD, DType.FLOAT32, 33),
                directing("reverse", 1));
        assertRefused(mixed, "node 'layer1' (LSTM) has direction=reverse but node 'layer0' (LSTM) has direction=forward");
    }

    @Test
    void finalStateOfAReverseLayerIsRefused() {
        LastStepGemm gemm = new LastStepGemm();
        gemm.gathered = "l0.h";
        assertRefused(OnnxExport.toBytes(OnnxExportTest.model(CellType.GRU, Activation.TANH, 1, Direction.REVERSE, DType.FLOAT32, 34), gemm),
                "'last_step' (Gather)", "'l0.h'", "reverse");
    }

    @Test
    void lastStepOfAReverseNetworkIsItsOutputAtTheLastStep() throws IOException, OrtException {
        assertImportsAsTheLastStep(OnnxExportTest.model(CellType.LSTM, Activation.TANH, 2, Direction.REVERSE, DType.FLOAT32, 35),
                new LastStepGemm());
    }

    @Test
    void unknownAttributeIsRefused() {
        assertRefused(tweaked(CellType.GRU, false, adding(OnnxExport.intAttribute("fused_gates", 1))), "fused_gates");
    }

    /** Adds the optional inputs sequence_lens, initial_h, initial_c and P, with the given constant for P. */
    private static OnnxExport.Tweak peepholes(double value) {
        return new OnnxExport.Tweak() {
            @Override
            public void extend(int layer, ProtoWriter node, ProtoWriter graph) {
                double[] p = new double[3 * 4];
                p[5] = value;
                graph.message(Onnx.GRAPH_INITIALIZER, OnnxExport.tensor("l0.P", Onnx.FLOAT, p, 1, 12));
                node.string(Onnx.NODE_INPUT, "").string(Onnx.NODE_INPUT, "").string(Onnx.NODE_INPUT, "").string(Onnx.NODE_INPUT, "l0.P");
            }
        };
    }

    @Test
    void nonZeroPeepholesAreRefused() {
        assertRefused(tweaked(CellType.LSTM, false, peepholes(0.5)), "P (peepholes)", "l0.P");
    }

    @Test
    void zeroPeepholesAreReadAsNone() throws InteropException {
        Rnn m = OnnxExportTest.model(CellType.LSTM, Activation.TANH, 1, false, DType.FLOAT32, 3);
        assertSameParameters(m, OnnxImport.load(OnnxExport.toBytes(m, peepholes(0)), "p0", EJML, DType.FLOAT32));
    }

    @Test
    void sequenceLensIsRefused() {
        assertRefused(tweaked(CellType.GRU, false, new OnnxExport.Tweak() {
            @Override
            public void extend(int layer, ProtoWriter node, ProtoWriter graph) {
                node.string(Onnx.NODE_INPUT, "X");
            }
        }), "sequence_lens");
    }

    @Test
    void nonZeroConstantInitialStateIsRefused() {
        assertRefused(tweaked(CellType.GRU, false, new OnnxExport.Tweak() {
            @Override
            public void extend(int layer, ProtoWriter node, ProtoWriter graph) {
                double[] h0 = new double[4];
                Arrays.fill(h0, 0.25);
                graph.message(Onnx.GRAPH_INITIALIZER, OnnxExport.tensor("h0", Onnx.FLOAT, h0, 1, 1, 4));
                node.string(Onnx.NODE_INPUT, "").string(Onnx.NODE_INPUT, "h0");
            }
        }), "initial_h", "'h0'");
    }

    /** PyTorch's exporter builds zero initial states as an Expand of a zero constant; an Expand of anything else is refused. */
    private static OnnxExport.Tweak expandedInitialState(double value) {
        return new OnnxExport.Tweak() {
            @Override
            public void extend(int layer, ProtoWriter node, ProtoWriter graph) {
                graph.message(Onnx.GRAPH_INITIALIZER, OnnxExport.tensor("one", Onnx.FLOAT, new double[] {value}, 1));
                graph.message(Onnx.GRAPH_NODE, new ProtoWriter().string(Onnx.NODE_INPUT, "X").string(Onnx.NODE_OUTPUT, "shapeX")
                        .string(Onnx.NODE_NAME, "shape").string(Onnx.NODE_OP_TYPE, "Shape"));
                graph.message(Onnx.GRAPH_NODE, new ProtoWriter().string(Onnx.NODE_INPUT, "one").string(Onnx.NODE_INPUT, "shapeX")
                        .string(Onnx.NODE_OUTPUT, "h0").string(Onnx.NODE_NAME, "expand").string(Onnx.NODE_OP_TYPE, "Expand"));
                node.string(Onnx.NODE_INPUT, "").string(Onnx.NODE_INPUT, "h0");
            }
        };
    }

    @Test
    void initialStateExpandedFromZerosIsRead() throws InteropException {
        Rnn m = OnnxExportTest.model(CellType.GRU, Activation.TANH, 1, false, DType.FLOAT32, 3);
        assertSameParameters(m, OnnxImport.load(OnnxExport.toBytes(m, expandedInitialState(0)), "zeros", EJML, DType.FLOAT32));
    }

    @Test
    void initialStateExpandedFromNonZerosIsRefused() {
        assertRefused(tweaked(CellType.GRU, false, expandedInitialState(1)), "initial_h", "'h0'", "computed in the graph");
    }

    private static ProtoWriter graphNode(String op, String output, String... inputs) {
        ProtoWriter n = new ProtoWriter();
        for (String in : inputs) {
            n.string(Onnx.NODE_INPUT, in);
        }
        return n.string(Onnx.NODE_OUTPUT, output).string(Onnx.NODE_NAME, output).string(Onnx.NODE_OP_TYPE, op);
    }

    /**
     * initial_h built as torch.onnx.export builds it with dynamic_axes: a ConstantOfShape of [n, B, H], B taken from
     * X's run-time shape, and for a stack a Slice of the layer's [1, B, H].
     *
     * @param value the fill, or null to leave the attribute out (the operator's default, a float 0)
     * @param sliced whether to fill [2, B, H] and Slice [1:2] of it, else fill [1, B, H]
     */
    private static OnnxExport.Tweak constantOfShapeState(Double value, boolean sliced) {
        return new OnnxExport.Tweak() {
            @Override
            public void extend(int layer, ProtoWriter node, ProtoWriter graph) {
                graph.message(Onnx.GRAPH_INITIALIZER, OnnxExport.int64Tensor("zs.lead", new long[] {sliced ? 2 : 1}, 1));
                graph.message(Onnx.GRAPH_INITIALIZER, OnnxExport.int64Tensor("zs.hidden", new long[] {OnnxExportTest.H}, 1));
                graph.message(Onnx.GRAPH_INITIALIZER, OnnxExport.int64Tensor("zs.batchAxis", new long[] {1}));
                graph.message(Onnx.GRAPH_INITIALIZER, OnnxExport.int64Tensor("zs.axes", new long[] {0}, 1));
                graph.message(Onnx.GRAPH_NODE, graphNode("Shape", "zs.shape", "X"));
                graph.message(Onnx.GRAPH_NODE, graphNode("Gather", "zs.B", "zs.shape", "zs.batchAxis"));
                graph.message(Onnx.GRAPH_NODE, graphNode("Unsqueeze", "zs.B1", "zs.B", "zs.axes"));
                graph.message(Onnx.GRAPH_NODE, graphNode("Concat", "zs.dims", "zs.lead", "zs.B1", "zs.hidden")
                        .message(Onnx.NODE_ATTRIBUTE, OnnxExport.intAttribute("axis", 0)));
                ProtoWriter fill = graphNode("ConstantOfShape", "h0", "zs.dims");
                if (value != null) {
                    fill.message(Onnx.NODE_ATTRIBUTE, new ProtoWriter().string(Onnx.ATTR_NAME, "value").varint(Onnx.ATTR_TYPE, Onnx.TYPE_TENSOR)
                            .message(Onnx.ATTR_T, OnnxExport.tensor("zs.value", Onnx.FLOAT, new double[] {value}, 1)));
                }
                graph.message(Onnx.GRAPH_NODE, fill);
                String h0 = "h0";
                if (sliced) {
                    graph.message(Onnx.GRAPH_INITIALIZER, OnnxExport.int64Tensor("zs.start", new long[] {1}, 1));
                    graph.message(Onnx.GRAPH_INITIALIZER, OnnxExport.int64Tensor("zs.end", new long[] {2}, 1));
                    graph.message(Onnx.GRAPH_NODE, graphNode("Slice", "h0.l0", "h0", "zs.start", "zs.end", "zs.axes"));
                    h0 = "h0.l0";
                }
                node.string(Onnx.NODE_INPUT, "").string(Onnx.NODE_INPUT, h0);
            }
        };
    }

    /** The graph imports to m's parameters, and ONNX Runtime runs it (at B = 2) as m's forward from zeros, within 1e-5. */
    private static void assertZeroStateGraph(Rnn m, OnnxExport.Tweak tweak) throws IOException, OrtException {
        byte[] bytes = OnnxExport.toBytes(m, tweak);
        assertSameParameters(m, OnnxImport.load(bytes, "zero state", EJML, DType.FLOAT32));
        int t = OnnxExportTest.T;
        int b = 2;
        double[] x = Arrays.copyOf(OnnxExportTest.inputs(36), t * b * OnnxExportTest.I);
        double[] ours = m.forward(m.backend().fromArray(DType.FLOAT32, t * b, OnnxExportTest.I, x), b, null, null).outputs()
                .toDoubleArray();
        double[] ort = OnnxRuntimeOracle.run(bytes, x, false, t, b, OnnxExportTest.I).get("Y");
        assertTrue(PyTorchFixtureTest.maxAbsError(ours, ort) <= 1e-5, "ONNX Runtime differs from zero initial states");
    }

    @Test
    void constantOfShapeWithoutValueIsAZeroState() throws IOException, OrtException {
        assertZeroStateGraph(OnnxExportTest.model(CellType.GRU, Activation.TANH, 1, false, DType.FLOAT32, 37), constantOfShapeState(null, false));
    }

    @Test
    void sliceOfAConstantOfShapeOfZeroIsAZeroState() throws IOException, OrtException {
        assertZeroStateGraph(OnnxExportTest.model(CellType.ELMAN, Activation.TANH, 1, false, DType.FLOAT32, 38), constantOfShapeState(0.0, true));
    }

    @Test
    void constantOfShapeOfNonZeroIsRefusedAsAnInitialState() {
        assertRefused(tweaked(CellType.GRU, false, constantOfShapeState(0.5, false)), "'layer0' (GRU)", "initial_h", "'h0'",
                "computed in the graph");
        assertRefused(tweaked(CellType.GRU, false, constantOfShapeState(0.5, true)), "'layer0' (GRU)", "initial_h", "'h0.l0'",
                "not known to be zeros");
    }

    @Test
    void unknownOperatorIsRefused() {
        assertRefused(tweaked(CellType.GRU, false, new OnnxExport.Tweak() {
            @Override
            public void extend(int layer, ProtoWriter node, ProtoWriter graph) {
                graph.message(Onnx.GRAPH_NODE, new ProtoWriter().string(Onnx.NODE_INPUT, "X").string(Onnx.NODE_OUTPUT, "X2")
                        .string(Onnx.NODE_NAME, "extra").string(Onnx.NODE_OP_TYPE, "Relu"));
            }
        }), "'extra' (Relu)");
    }

    /**
     * The exported model's read-out replaced by out[-1] (Gather of index -1 on the time axis) and a Gemm,
     * as torch.onnx.export writes nn.Linear on the last step; each field is a variant to honour or refuse.
     */
    private static final class LastStepGemm implements OnnxExport.Tweak {
        String gathered;            // the value Gather reads; null: the top layer's sequence
        long index = -1;
        boolean transB = true;
        boolean transposedAsTransBSays = true;  // false: B written [F, O] under transB=1, or [O, F] under 0
        int[] cDims;                // null: [O]; empty: no C
        boolean bFromGraphInput;
        final List<ProtoWriter> attributes = new ArrayList<>();

        @Override
        public boolean readout(ProtoWriter graph, String x, int elem, double[] v, double[] c) {
            int o = c.length;
            int f = v.length / o;
            boolean oFirst = transB == transposedAsTransBSays;
            graph.message(Onnx.GRAPH_INITIALIZER, OnnxExport.int64Tensor("step", new long[] {index}));
            graph.message(Onnx.GRAPH_NODE, new ProtoWriter().string(Onnx.NODE_INPUT, gathered == null ? x : gathered)
                    .string(Onnx.NODE_INPUT, "step").string(Onnx.NODE_OUTPUT, "x.last").string(Onnx.NODE_NAME, "last_step")
                    .string(Onnx.NODE_OP_TYPE, "Gather").message(Onnx.NODE_ATTRIBUTE, OnnxExport.intAttribute("axis", 0)));
            if (bFromGraphInput) {
                graph.message(Onnx.GRAPH_INPUT, OnnxExport.valueInfo("gemm.B", elem, o, f));
            } else {
                graph.message(Onnx.GRAPH_INITIALIZER, oFirst ? OnnxExport.tensor("gemm.B", elem, v, o, f)
                        : OnnxExport.tensor("gemm.B", elem, OnnxExport.transpose(v, o, f), f, o));
            }
            ProtoWriter gemm = new ProtoWriter().string(Onnx.NODE_INPUT, "x.last").string(Onnx.NODE_INPUT, "gemm.B");
            if (cDims == null || cDims.length > 0) {
                graph.message(Onnx.GRAPH_INITIALIZER, OnnxExport.tensor("gemm.C", elem, c, cDims == null ? new int[] {o} : cDims));
                gemm.string(Onnx.NODE_INPUT, "gemm.C");
            }
            gemm.string(Onnx.NODE_OUTPUT, "Y").string(Onnx.NODE_NAME, "readout").string(Onnx.NODE_OP_TYPE, "Gemm");
            if (transB) {
                gemm.message(Onnx.NODE_ATTRIBUTE, OnnxExport.intAttribute("transB", 1));
            }
            for (ProtoWriter a : attributes) {
                gemm.message(Onnx.NODE_ATTRIBUTE, a);
            }
            graph.message(Onnx.GRAPH_NODE, gemm);
            graph.message(Onnx.GRAPH_OUTPUT, OnnxExport.valueInfo("Y", elem, "B", o));
            return true;
        }
    }

    private static ProtoWriter floatAttribute(String name, float value) {
        return new ProtoWriter().string(Onnx.ATTR_NAME, name).varint(Onnx.ATTR_TYPE, Onnx.TYPE_FLOAT).fixed32(Onnx.ATTR_F, value);
    }

    /**
     * The graph, run by ONNX Runtime, gives m's last step within 1e-5 (so the graph is what the test means), and
     * imports to m's parameters exactly, read as a last-step graph.
     */
    private static void assertImportsAsTheLastStep(Rnn m, LastStepGemm gemm) throws IOException, OrtException {
        int t = OnnxExportTest.T;
        int b = OnnxExportTest.B;
        double[] x = OnnxExportTest.inputs(13);
        double[] every = m.forward(m.backend().fromArray(DType.FLOAT32, t * b, OnnxExportTest.I, x), b, null, null).outputs().toDoubleArray();
        double[] last = Arrays.copyOfRange(every, (t - 1) * b * m.outputSize(), every.length);
        byte[] bytes = OnnxExport.toBytes(m, gemm);
        double[] ort = OnnxRuntimeOracle.run(bytes, x, false, t, b, OnnxExportTest.I).get("Y");
        assertTrue(PyTorchFixtureTest.maxAbsError(last, ort) <= 1e-5, "ONNX Runtime differs from the last step");
        OnnxImport.Imported imported = OnnxImport.read(bytes, "gemm", EJML, DType.FLOAT32);
        assertTrue(imported.lastStepOnly());
        assertFalse(imported.batchFirst());
        assertSameParameters(m, imported.model());
    }

    @Test
    void gemmWithTransB1AndBiasOfShapeOReadsTheLastStep() throws IOException, OrtException {
        assertImportsAsTheLastStep(OnnxExportTest.model(CellType.LSTM, Activation.TANH, 1, false, DType.FLOAT32, 21), new LastStepGemm());
    }

    @Test
    void gemmWithTransB0AndBiasOfShape1xOReadsTheLastStep() throws IOException, OrtException {
        LastStepGemm gemm = new LastStepGemm();
        gemm.transB = false;
        gemm.cDims = new int[] {1, OnnxExportTest.O};
        assertImportsAsTheLastStep(OnnxExportTest.model(CellType.GRU, Activation.TANH, 2, true, DType.FLOAT32, 22), gemm);
    }

    @Test
    void gemmWithoutBiasReadsTheLastStep() throws IOException, OrtException {
        Rnn m = OnnxExportTest.model(CellType.ELMAN, Activation.RELU, 1, false, DType.FLOAT32, 23);
        m.parameter("c").value().copyFrom(new double[OnnxExportTest.O]);
        LastStepGemm gemm = new LastStepGemm();
        gemm.cDims = new int[0];
        assertImportsAsTheLastStep(m, gemm);
    }

    private static byte[] lastStepGemm(LastStepGemm gemm) {
        return OnnxExport.toBytes(OnnxExportTest.model(CellType.GRU, Activation.TANH, 1, false, DType.FLOAT32, 24), gemm);
    }

    @Test
    void gemmWithAlphaOtherThan1IsRefused() {
        LastStepGemm gemm = new LastStepGemm();
        gemm.attributes.add(floatAttribute("alpha", 0.5f));
        assertRefused(lastStepGemm(gemm), "'readout' (Gemm)", "alpha=0.5");
    }

    @Test
    void gemmWithBetaOtherThan1AndABiasIsRefused() {
        LastStepGemm gemm = new LastStepGemm();
        gemm.attributes.add(floatAttribute("beta", 2f));
        assertRefused(lastStepGemm(gemm), "'readout' (Gemm)", "beta=2.0");
    }

    @Test
    void gemmWithTransA1IsRefused() {
        LastStepGemm gemm = new LastStepGemm();
        gemm.attributes.add(OnnxExport.intAttribute("transA", 1));
        assertRefused(lastStepGemm(gemm), "'readout' (Gemm)", "transA=1");
    }

    @Test
    void gemmWithAnUnknownAttributeIsRefused() {
        LastStepGemm gemm = new LastStepGemm();
        gemm.attributes.add(OnnxExport.intAttribute("broadcast", 1));
        assertRefused(lastStepGemm(gemm), "'readout' (Gemm)", "broadcast");
    }

    @Test
    void gemmWithBiasOfShapeOx1IsRefused() {
        LastStepGemm gemm = new LastStepGemm();
        gemm.cDims = new int[] {OnnxExportTest.O, 1};
        assertRefused(lastStepGemm(gemm), "'readout' (Gemm)", "[2, 1]");
    }

    @Test
    void gemmWithWeightFromAGraphInputIsRefused() {
        LastStepGemm gemm = new LastStepGemm();
        gemm.bFromGraphInput = true;
        assertRefused(lastStepGemm(gemm), "'readout' (Gemm)", "'gemm.B', not an initializer or Constant");
    }

    @Test
    void gemmWithWeightOfShapeFxOAndTransB1IsRefused() {
        LastStepGemm gemm = new LastStepGemm();
        gemm.transposedAsTransBSays = false;
        assertRefused(lastStepGemm(gemm), "'readout' (Gemm)", "[4, 2] transposed (transB=1)", "[O, 4] with transB=1");
    }

    @Test
    void gatherOfAStepOtherThanTheLastIsRefused() {
        LastStepGemm gemm = new LastStepGemm();
        gemm.index = 2;
        assertRefused(lastStepGemm(gemm), "'last_step' (Gather)", "index 2");
    }

    @Test
    void finalStateOfABidirectionalLayerIsRefused() {
        LastStepGemm gemm = new LastStepGemm();
        gemm.gathered = "l0.h";
        assertRefused(OnnxExport.toBytes(OnnxExportTest.model(CellType.LSTM, Activation.TANH, 1, true, DType.FLOAT32, 25), gemm),
                "'last_step' (Gather)", "'l0.h'", "bidirectional");
    }

    @Test
    void finalStateOfAForwardLayerIsItsLastStep() throws IOException, OrtException {
        LastStepGemm gemm = new LastStepGemm();
        gemm.gathered = "l0.h";
        assertImportsAsTheLastStep(OnnxExportTest.model(CellType.LSTM, Activation.TANH, 1, false, DType.FLOAT32, 26), gemm);
    }

    @Test
    void everyTruncationAndCorruptionGivesAModelOrAnInteropException() {
        byte[] good = OnnxExport.toBytes(OnnxExportTest.model(CellType.LSTM, Activation.TANH, 2, true, DType.FLOAT32, 3));
        int refused = 0;
        for (int len = 0; len < good.length; len += 7) {
            refused += loadsOrRefuses(Arrays.copyOf(good, len));
        }
        assertEquals((good.length + 6) / 7, refused, "every truncation must be refused");
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 3000; i++) {
            byte[] bad = good.clone();
            int at = random.nextInt(bad.length);
            bad[at] = (byte) (bad[at] ^ (1 + random.nextInt(255)));
            loadsOrRefuses(bad);
        }
    }

    private static int loadsOrRefuses(byte[] bytes) {
        try {
            OnnxImport.load(bytes, "fuzz", EJML, DType.FLOAT32);
            return 0;
        } catch (InteropException expected) {
            return 1;
        }
    }
}
