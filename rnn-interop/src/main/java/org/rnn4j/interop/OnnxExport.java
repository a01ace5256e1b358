package org.rnn4j.interop;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.rnn4j.api.Activation;
import org.rnn4j.api.DType;
import org.rnn4j.core.Rnn;
import org.rnn4j.core.cell.CellType;

/**
 * Writes an rnn4j model as an ONNX model (IR version 7, opset 14) that ONNX Runtime runs. The graph:
 * <pre>
 * input  X: [T, B, I]                                    (T and B symbolic)
 * layer k: RNN | LSTM | GRU node (direction forward, reverse or bidirectional: the model's {@link Rnn#direction()}),
 *          X_k → Y_k [T, D, B, H] (Y in time order whatever the direction),
 *          final states l{k}.h (and l{k}.c) [D, B, H] as graph outputs
 *          between layers Transpose(perm 0,2,1,3) and Reshape [T, B, D·H]: PyTorch's [forward, backward]
 * read-out Y = MatMul(X_top, Vᵀ) + c: [T, B, O]           (every step, as rnn4j's forward)
 * </pre>
 * Weights convert exactly: U and W become W and R with the gate blocks reordered to ONNX's
 * (LSTM i,f,g,o → i,o,f,c; GRU r,z,n → z,r,h); B is [Wb, Rb] with the summed bias b in Wb and zeros
 * in Rb for Elman and LSTM, and GRU's b and bh as Wb and Rb with {@code linear_before_reset = 1}
 * (rnn4j's GRU applies the reset after the recurrent product). An Elman activation other than tanh
 * becomes the {@code activations} attribute (Relu, Sigmoid; identity as Affine with α = 1, β = 0).
 * The initial states are zeros (the graph has no state inputs). FLOAT32 models are written as
 * float, FLOAT64 as double tensors (valid ONNX; ONNX Runtime 1.19's CPU kernels of these three
 * operators run float only).
 */
public final class OnnxExport {
    /** The operator set version the model imports. */
    public static final int OPSET = 14;
    /** The IR version written (ONNX 1.8, the first with opset 14). */
    public static final int IR_VERSION = 7;

    private OnnxExport() {
    }

    /**
     * Writes a model's ONNX form to a file.
     *
     * @param model the model (not modified)
     * @param file where to write (replaced if it exists)
     * @throws IOException if the file cannot be written
     * @throws IllegalArgumentException if model or file is null
     */
    public static void write(Rnn model, Path file) throws IOException {
        if (file == null) {
            throw new IllegalArgumentException("the ONNX file's path is null");
        }
        Files.write(file, toBytes(model));
    }

    /**
     * Serialises a model as an ONNX ModelProto.
     *
     * @param model the model (not modified)
     * @return the ModelProto's bytes
     * @throws IllegalArgumentException if model is null
     */
    public static byte[] toBytes(Rnn model) {
        return toBytes(model, Tweak.NONE);
    }

    /**
     * Lets tests write variants of the graph that rnn4j itself never writes (attributes it must refuse
     * on import, extra node inputs, extra nodes).
     */
    interface Tweak {
        /** Writes the model as it is. */
        Tweak NONE = new Tweak() {
        };

        /** {@return whether to write the standard attribute of this name on layer k's node} */
        default boolean keep(int layer, String attribute) {
            return true;
        }

        /** Adds to layer k's node (attributes, inputs) or to the graph (initializers, nodes before it). */
        default void extend(int layer, ProtoWriter node, ProtoWriter graph) {
        }

        /**
         * Writes another read-out of x, the top layer's sequence [T, B, F], with its graph output.
         *
         * @param v rnn4j's V [O, F], row-major
         * @param c rnn4j's c [O]
         * @return whether it wrote one; if not, the standard MatMul + Add is written
         */
        default boolean readout(ProtoWriter graph, String x, int elem, double[] v, double[] c) {
            return false;
        }
    }

    static byte[] toBytes(Rnn model, Tweak tweak) {
        if (model == null) {
            throw new IllegalArgumentException("model is null");
        }
        int elem = model.dtype() == DType.FLOAT64 ? Onnx.DOUBLE : Onnx.FLOAT;
        int h = model.hiddenSize();
        int dirs = model.directions();
        CellType cell = model.cellType();
        int g = gates(cell);
        ProtoWriter graph = new ProtoWriter().string(Onnx.GRAPH_NAME, "rnn4j");
        graph.message(Onnx.GRAPH_INPUT, valueInfo("X", elem, "T", "B", model.inputSize()));
        graph.message(Onnx.GRAPH_INITIALIZER, int64Tensor("shape.TBF", new long[] {0, 0, -1}, 3));
        String x = "X";
        for (int k = 0; k < model.depth(); k++) {
            int in = k == 0 ? model.inputSize() : h * dirs;
            double[] w = new double[dirs * g * h * in];
            double[] r = new double[dirs * g * h * h];
            double[] bias = new double[dirs * 2 * g * h];
            for (int d = 0; d < dirs; d++) {
                String q = model.layerPrefix(k, d);
                permuteRows(cell, h, in, model.parameter(q + "U").value().toDoubleArray(), w, d * g * h * in);
                permuteRows(cell, h, h, model.parameter(q + "W").value().toDoubleArray(), r, d * g * h * h);
                permuteRows(cell, h, 1, model.parameter(q + "b").value().toDoubleArray(), bias, d * 2 * g * h);
                if (cell == CellType.GRU) {
                    permuteRows(cell, h, 1, model.parameter(q + "bh").value().toDoubleArray(), bias, d * 2 * g * h + g * h);
                }
            }
            String l = "l" + k + ".";
            graph.message(Onnx.GRAPH_INITIALIZER, tensor(l + "W", elem, w, dirs, g * h, in));
            graph.message(Onnx.GRAPH_INITIALIZER, tensor(l + "R", elem, r, dirs, g * h, h));
            graph.message(Onnx.GRAPH_INITIALIZER, tensor(l + "B", elem, bias, dirs, 2 * g * h));
            String y = l + "Y";
            ProtoWriter node = new ProtoWriter().string(Onnx.NODE_INPUT, x).string(Onnx.NODE_INPUT, l + "W").string(Onnx.NODE_INPUT, l + "R")
                    .string(Onnx.NODE_INPUT, l + "B").string(Onnx.NODE_OUTPUT, y).string(Onnx.NODE_OUTPUT, l + "h");
            if (cell == CellType.LSTM) {
                node.string(Onnx.NODE_OUTPUT, l + "c");
            }
            node.string(Onnx.NODE_NAME, "layer" + k).string(Onnx.NODE_OP_TYPE, opType(cell));
            if (tweak.keep(k, "hidden_size")) {
                node.message(Onnx.NODE_ATTRIBUTE, intAttribute("hidden_size", h));
            }
            if (tweak.keep(k, "direction")) {
                node.message(Onnx.NODE_ATTRIBUTE, stringAttribute("direction", model.direction().name().toLowerCase(Locale.ROOT)));
            }
            if (cell == CellType.GRU && tweak.keep(k, "linear_before_reset")) {
                node.message(Onnx.NODE_ATTRIBUTE, intAttribute("linear_before_reset", 1));
            }
            if (cell == CellType.ELMAN && model.activation() != Activation.TANH && tweak.keep(k, "activations")) {
                activations(node, model.activation(), dirs);
            }
            tweak.extend(k, node, graph);
            graph.message(Onnx.GRAPH_NODE, node);
            graph.message(Onnx.GRAPH_OUTPUT, valueInfo(l + "h", elem, dirs, "B", h));
            if (cell == CellType.LSTM) {
                graph.message(Onnx.GRAPH_OUTPUT, valueInfo(l + "c", elem, dirs, "B", h));
            }
            // [T, D, B, H] → [T, B, D, H] → [T, B, D·H]: each step's [forward, backward] features.
            graph.message(Onnx.GRAPH_NODE, new ProtoWriter().string(Onnx.NODE_INPUT, y).string(Onnx.NODE_OUTPUT, l + "YT")
                    .string(Onnx.NODE_NAME, "transpose" + k).string(Onnx.NODE_OP_TYPE, "Transpose")
                    .message(Onnx.NODE_ATTRIBUTE, intsAttribute("perm", 0, 2, 1, 3)));
            graph.message(Onnx.GRAPH_NODE, new ProtoWriter().string(Onnx.NODE_INPUT, l + "YT").string(Onnx.NODE_INPUT, "shape.TBF")
                    .string(Onnx.NODE_OUTPUT, l + "out").string(Onnx.NODE_NAME, "reshape" + k).string(Onnx.NODE_OP_TYPE, "Reshape"));
            x = l + "out";
        }
        double[] v = model.readout().weights().value().toDoubleArray();
        double[] c = model.readout().bias().value().toDoubleArray();
        if (!tweak.readout(graph, x, elem, v, c)) {
            int outputs = model.outputSize();
            graph.message(Onnx.GRAPH_INITIALIZER, tensor("out.VT", elem, transpose(v, outputs, h * dirs), h * dirs, outputs));
            graph.message(Onnx.GRAPH_INITIALIZER, tensor("out.c", elem, c, outputs));
            graph.message(Onnx.GRAPH_NODE, new ProtoWriter().string(Onnx.NODE_INPUT, x).string(Onnx.NODE_INPUT, "out.VT")
                    .string(Onnx.NODE_OUTPUT, "out.XV").string(Onnx.NODE_NAME, "readout").string(Onnx.NODE_OP_TYPE, "MatMul"));
            graph.message(Onnx.GRAPH_NODE, new ProtoWriter().string(Onnx.NODE_INPUT, "out.XV").string(Onnx.NODE_INPUT, "out.c")
                    .string(Onnx.NODE_OUTPUT, "Y").string(Onnx.NODE_NAME, "readout_bias").string(Onnx.NODE_OP_TYPE, "Add"));
            graph.message(Onnx.GRAPH_OUTPUT, valueInfo("Y", elem, "T", "B", outputs));
        }
        return new ProtoWriter().varint(Onnx.MODEL_IR_VERSION, IR_VERSION).string(Onnx.MODEL_PRODUCER_NAME, "rnn4j")
                .string(Onnx.MODEL_PRODUCER_VERSION, "0.1").message(Onnx.MODEL_GRAPH, graph)
                .message(Onnx.MODEL_OPSET_IMPORT, new ProtoWriter().string(Onnx.OPSET_DOMAIN, "").varint(Onnx.OPSET_VERSION, OPSET))
                .toByteArray();
    }

    /**
     * Transposes a row-major matrix.
     *
     * @param m (input, not modified) rows×cols
     * @return a new cols×rows matrix
     */
    static double[] transpose(double[] m, int rows, int cols) {
        double[] t = new double[m.length];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                t[j * rows + i] = m[i * cols + j];
            }
        }
        return t;
    }

    static String opType(CellType cell) {
        return cell == CellType.LSTM ? "LSTM" : cell == CellType.GRU ? "GRU" : "RNN";
    }

    static int gates(CellType cell) {
        return cell == CellType.LSTM ? 4 : cell == CellType.GRU ? 3 : 1;
    }

    /**
     * ONNX gate block j holds rnn4j's block order[j]: LSTM i,o,f,c from i,f,g,o; GRU z,r,h from r,z,n.
     *
     * @param cell the cell
     * @return rnn4j's block index of each ONNX block
     */
    static int[] onnxBlocks(CellType cell) {
        switch (cell) {
            case LSTM:
                return new int[] {0, 3, 1, 2};
            case GRU:
                return new int[] {1, 0, 2};
            default:
                return new int[] {0};
        }
    }

    /** Copies a (g·H)×cols row-major matrix into out at offset with its gate blocks in ONNX order. */
    private static void permuteRows(CellType cell, int h, int cols, double[] ours, double[] out, int offset) {
        int[] blocks = onnxBlocks(cell);
        for (int j = 0; j < blocks.length; j++) {
            System.arraycopy(ours, blocks[j] * h * cols, out, offset + j * h * cols, h * cols);
        }
    }

    private static void activations(ProtoWriter node, Activation f, int dirs) {
        String name;
        switch (f) {
            case RELU:
                name = "Relu";
                break;
            case SIGMOID:
                name = "Sigmoid";
                break;
            case IDENTITY:
                name = "Affine";
                break;
            default:
                throw new AssertionError(f);
        }
        ProtoWriter a = new ProtoWriter().string(Onnx.ATTR_NAME, "activations").varint(Onnx.ATTR_TYPE, Onnx.TYPE_STRINGS);
        for (int d = 0; d < dirs; d++) {
            a.string(Onnx.ATTR_STRINGS, name);
        }
        node.message(Onnx.NODE_ATTRIBUTE, a);
        if (f == Activation.IDENTITY) {
            node.message(Onnx.NODE_ATTRIBUTE, floatsAttribute("activation_alpha", 1f, dirs));
            node.message(Onnx.NODE_ATTRIBUTE, floatsAttribute("activation_beta", 0f, dirs));
        }
    }

    static ProtoWriter intAttribute(String name, long value) {
        return new ProtoWriter().string(Onnx.ATTR_NAME, name).varint(Onnx.ATTR_TYPE, Onnx.TYPE_INT).varint(Onnx.ATTR_I, value);
    }

    static ProtoWriter intsAttribute(String name, long... values) {
        ProtoWriter a = new ProtoWriter().string(Onnx.ATTR_NAME, name).varint(Onnx.ATTR_TYPE, Onnx.TYPE_INTS);
        for (long v : values) {
            a.varint(Onnx.ATTR_INTS, v);
        }
        return a;
    }

    static ProtoWriter floatsAttribute(String name, float value, int count) {
        ProtoWriter a = new ProtoWriter().string(Onnx.ATTR_NAME, name).varint(Onnx.ATTR_TYPE, Onnx.TYPE_FLOATS);
        for (int i = 0; i < count; i++) {
            a.fixed32(Onnx.ATTR_FLOATS, value);
        }
        return a;
    }

    static ProtoWriter stringAttribute(String name, String value) {
        return new ProtoWriter().string(Onnx.ATTR_NAME, name).varint(Onnx.ATTR_TYPE, Onnx.TYPE_STRING).string(Onnx.ATTR_S, value);
    }

    /** A float or double tensor stored as raw little-endian data. */
    static ProtoWriter tensor(String name, int elem, double[] values, int... dims) {
        ProtoWriter t = new ProtoWriter();
        for (int d : dims) {
            t.varint(Onnx.TENSOR_DIMS, d);
        }
        t.varint(Onnx.TENSOR_DATA_TYPE, elem).string(Onnx.TENSOR_NAME, name);
        ByteBuffer raw = ByteBuffer.allocate(values.length * (elem == Onnx.DOUBLE ? 8 : 4)).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : values) {
            if (elem == Onnx.DOUBLE) {
                raw.putDouble(v);
            } else {
                raw.putFloat((float) v);
            }
        }
        return t.bytes(Onnx.TENSOR_RAW_DATA, raw.array());
    }

    /** An int64 tensor stored as raw little-endian data (no dims: a scalar). */
    static ProtoWriter int64Tensor(String name, long[] values, int... dims) {
        ProtoWriter t = new ProtoWriter();
        for (int d : dims) {
            t.varint(Onnx.TENSOR_DIMS, d);
        }
        t.varint(Onnx.TENSOR_DATA_TYPE, Onnx.INT64).string(Onnx.TENSOR_NAME, name);
        ByteBuffer raw = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            raw.putLong(v);
        }
        return t.bytes(Onnx.TENSOR_RAW_DATA, raw.array());
    }

    /** A tensor-typed value with a shape of fixed sizes (Integer) and symbolic ones (String). */
    static ProtoWriter valueInfo(String name, int elem, Object... dims) {
        ProtoWriter shape = new ProtoWriter();
        for (Object d : dims) {
            ProtoWriter dim = new ProtoWriter();
            if (d instanceof String) {
                dim.string(Onnx.DIM_PARAM, (String) d);
            } else {
                dim.varint(Onnx.DIM_VALUE, (Integer) d);
            }
            shape.message(Onnx.SHAPE_DIM, dim);
        }
        ProtoWriter tensorType = new ProtoWriter().varint(Onnx.TENSOR_TYPE_ELEM_TYPE, elem).message(Onnx.TENSOR_TYPE_SHAPE, shape);
        return new ProtoWriter().string(Onnx.VALUE_NAME, name)
                .message(Onnx.VALUE_TYPE, new ProtoWriter().message(Onnx.TYPE_TENSOR_TYPE, tensorType));
    }
}
