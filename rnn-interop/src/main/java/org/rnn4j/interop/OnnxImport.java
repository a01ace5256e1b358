package org.rnn4j.interop;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.rnn4j.api.Activation;
import org.rnn4j.api.DType;
import org.rnn4j.core.Rnn;
import org.rnn4j.core.cell.CellType;
import org.rnn4j.spi.Backend;

/**
 * Reads an ONNX model (ai.onnx opsets 7 to 22) made of the operators {@link OnnxExport} writes: a
 * chain of {@code RNN}, {@code LSTM} or {@code GRU} nodes (direction forward or bidirectional,
 * weights from initializers or {@code Constant} nodes), {@code Transpose}(0, 2, 1, 3) and
 * {@code Reshape}(0, 0, −1) or {@code Squeeze}(axis 1) between layers, and a {@code MatMul} read-out with
 * an optional {@code Add} bias; also the graphs {@code torch.onnx.export} writes for {@code nn.RNN},
 * {@code nn.LSTM}, {@code nn.GRU} and {@code nn.Linear}, whose zero initial states are built beside the
 * chain by {@code Shape}, {@code Gather}, {@code Unsqueeze}, {@code Concat} and an {@code Expand} of a
 * zero constant (such side nodes reach the layers only as initial states, which must be zeros). Gate blocks are put back into rnn4j's order (LSTM i,o,f,c → i,f,g,o;
 * GRU z,r,h → r,z,n); B = [Wb, Rb] becomes b = Wb + Rb (Elman, LSTM) or b = Wb, bh = Rb (GRU).
 *
 * <p>Everything that would change the numbers and that rnn4j cannot reproduce is refused with its
 * name, never approximated: {@code linear_before_reset = 0} (a different GRU), non-default
 * {@code activations} (for Elman: Tanh, Relu, Sigmoid and Affine(1, 0) are rnn4j's activations),
 * {@code clip}, {@code input_forget}, non-zero peepholes {@code P}, {@code layout = 1},
 * {@code direction = reverse}, {@code sequence_lens}, constant non-zero initial states, unknown
 * attributes and any other operator. Initial states fed as graph inputs are run-time inputs, as
 * the {@code initial} argument of {@link Rnn#forward}.
 */
public final class OnnxImport {
    /** The oldest and newest ai.onnx opset read (the recurrent operators' semantics are those of 7 to 22). */
    public static final int MIN_OPSET = 7;
    /** The newest ai.onnx opset read. */
    public static final int MAX_OPSET = 22;

    /** Operators that only compute shapes and states beside the chain of layers (as PyTorch's exporter emits them). */
    private static final Set<String> SIDE_OPERATORS = Set.of("Shape", "Gather", "Unsqueeze", "Concat", "Expand");

    private static final Set<String> COMMON_ATTRIBUTES = Set.of("activation_alpha", "activation_beta", "activations", "clip", "direction",
            "hidden_size", "layout");

    private OnnxImport() {
    }

    /**
     * Reads an ONNX file.
     *
     * @param file the .onnx file (not modified)
     * @param backend where the model's tensors live, or null for the default backend
     * @param dtype FLOAT32 or FLOAT64
     * @return a new model with the file's weights
     * @throws InteropException if the file is malformed or uses something rnn4j cannot reproduce exactly, naming it
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException if file or dtype is null
     */
    public static Rnn load(Path file, Backend backend, DType dtype) throws IOException {
        if (file == null) {
            throw new IllegalArgumentException("file is null");
        }
        long size = Files.size(file);
        if (size > Integer.MAX_VALUE - 8) {
            throw new InteropException("ONNX model " + file + " has " + size + " bytes; at most " + (Integer.MAX_VALUE - 8) + " are read");
        }
        return load(Files.readAllBytes(file), file.toString(), backend, dtype);
    }

    /**
     * Reads an ONNX model held in memory.
     *
     * @param bytes (input, not modified) the serialised ModelProto
     * @param source where it came from, for messages
     * @param backend where the model's tensors live, or null for the default backend
     * @param dtype FLOAT32 or FLOAT64
     * @return a new model with the model's weights
     * @throws InteropException if the model is malformed or uses something rnn4j cannot reproduce exactly, naming it
     * @throws IllegalArgumentException if bytes, source or dtype is null
     */
    public static Rnn load(byte[] bytes, String source, Backend backend, DType dtype) throws InteropException {
        if (bytes == null || source == null || dtype == null) {
            throw new IllegalArgumentException("bytes, source and dtype must not be null");
        }
        return new Reader(source).read(bytes, backend, dtype);
    }

    /** A tensor from an initializer or a Constant node. */
    private record Constant(String name, long[] dims, double[] values) {
        int dim(int i) {
            return (int) dims[i];
        }
    }

    /** One recurrent node's layer, its weights already in rnn4j's gate order, per direction. */
    private record Layer(String node, CellType cell, Activation activation, int directions, int hidden, int inputs, double[][] u,
            double[][] w, double[][] b, double[][] bh) {
    }

    private static final class Reader {
        private final String what;
        private final Map<String, Constant> constants = new HashMap<>();
        private final Set<String> runtimeInputs = new HashSet<>();
        /** Values that are an Expand of an all-zero constant: zero initial states of any shape. */
        private final Set<String> zeroStates = new HashSet<>();

        Reader(String source) {
            this.what = "ONNX model " + source;
        }

        private InteropException refuse(String message) {
            return new InteropException(what + ": " + message);
        }

        Rnn read(byte[] bytes, Backend backend, DType dtype) throws InteropException {
            ProtoReader model = ProtoReader.of(bytes, what);
            long opset = -1;
            for (ProtoReader op : model.messages(Onnx.MODEL_OPSET_IMPORT, "opset_import")) {
                String domain = op.string(Onnx.OPSET_DOMAIN, "");
                if (domain.isEmpty() || domain.equals("ai.onnx")) {
                    opset = op.varint(Onnx.OPSET_VERSION, -1);
                }
            }
            if (opset < MIN_OPSET || opset > MAX_OPSET) {
                throw refuse("ai.onnx opset " + opset + " is outside the " + MIN_OPSET + "–" + MAX_OPSET + " read (opset_import)");
            }
            ProtoReader graph = model.message(Onnx.MODEL_GRAPH, "graph");
            if (graph == null) {
                throw refuse("the model has no graph");
            }
            for (ProtoReader t : graph.messages(Onnx.GRAPH_INITIALIZER, "initializer")) {
                Constant c = tensor(t, t.string(Onnx.TENSOR_NAME, ""));
                constants.put(c.name, c);
            }
            for (ProtoReader in : graph.messages(Onnx.GRAPH_INPUT, "input")) {
                String name = in.string(Onnx.VALUE_NAME, "");
                if (!constants.containsKey(name)) {
                    runtimeInputs.add(name);
                }
            }
            List<ProtoReader> nodes = graph.messages(Onnx.GRAPH_NODE, "node");
            for (ProtoReader n : nodes) {
                if (n.string(Onnx.NODE_OP_TYPE, "").equals("Constant")) {
                    constant(n);
                }
            }
            List<Layer> layers = new ArrayList<>();
            String cur = null;
            String form = "input";          // input, TDBH (a recurrent node's Y), TBDH (transposed), TBF (features)
            double[] v = null;
            int vRows = 0;
            double[] c = null;
            for (ProtoReader n : nodes) {
                String op = n.string(Onnx.NODE_OP_TYPE, "");
                String name = "node '" + n.string(Onnx.NODE_NAME, "") + "' (" + op + ")";
                String domain = n.string(Onnx.NODE_DOMAIN, "");
                if (!domain.isEmpty() && !domain.equals("ai.onnx")) {
                    throw refuse(name + " is in domain '" + domain + "'; only ai.onnx operators are read");
                }
                List<String> in = n.strings(Onnx.NODE_INPUT);
                List<String> out = n.strings(Onnx.NODE_OUTPUT);
                if (op.equals("Constant")) {
                    continue;
                }
                if (v != null && !(op.equals("Add") && c == null)) {
                    throw refuse(name + " follows the read-out; rnn4j's models end in MatMul (+ Add)");
                }
                if (out.isEmpty()) {
                    throw refuse(name + " has no output");
                }
                if (SIDE_OPERATORS.contains(op)) {
                    // Shape arithmetic beside the chain (PyTorch builds its zero initial states so); its values
                    // reach the layers only as initial states, which must then be an Expand of zeros.
                    if (op.equals("Expand") && !in.isEmpty() && allZero(constants.get(in.get(0)))) {
                        zeroStates.add(out.get(0));
                    }
                    continue;
                }
                switch (op) {
                    case "RNN":
                    case "LSTM":
                    case "GRU": {
                        if (in.isEmpty() || !(cur == null ? runtimeInputs.contains(in.get(0)) : in.get(0).equals(cur)) || !(form.equals("input")
                                || form.equals("TBF"))) {
                            throw refuse(name + " reads '" + (in.isEmpty() ? "" : in.get(0)) + "', not the sequence "
                                    + (cur == null ? "of a graph input" : "'" + cur + "' as [T, B, features]"));
                        }
                        layers.add(layer(n, name, op, in));
                        cur = out.get(0);
                        if (cur.isEmpty()) {
                            throw refuse(name + " has no output Y, so nothing reads its sequence");
                        }
                        form = "TDBH";
                        break;
                    }
                    case "Transpose": {
                        requireInput(name, in, cur, form.equals("TDBH"));
                        List<Long> perm = attributes(n).containsKey("perm") ? attributes(n).get("perm").varints(Onnx.ATTR_INTS) : List.of();
                        if (!perm.equals(List.of(0L, 2L, 1L, 3L))) {
                            throw refuse(name + " has perm " + perm + "; only [0, 2, 1, 3] (Y [T, D, B, H] → [T, B, D, H]) is read");
                        }
                        cur = out.get(0);
                        form = "TBDH";
                        break;
                    }
                    case "Reshape": {
                        requireInput(name, in, cur, form.equals("TBDH"));
                        Layer last = layers.get(layers.size() - 1);
                        if (attributes(n).containsKey("allowzero") && attributes(n).get("allowzero").varint(Onnx.ATTR_I, 0) != 0) {
                            throw refuse(name + " has allowzero=1, under which its 0s are sizes, not copies; only allowzero=0 is read");
                        }
                        Constant shape = in.size() > 1 ? constants.get(in.get(1)) : null;
                        double[] s = shape == null ? null : shape.values;
                        long features = (long) last.directions * last.hidden;
                        if (s == null || s.length != 3 || s[0] != 0 || s[1] != 0 || (s[2] != -1 && s[2] != features)) {
                            throw refuse(name + " reshapes to " + (s == null ? "a shape that is not a constant" : Arrays.toString(s))
                                    + "; only [0, 0, -1] or [0, 0, " + features + "] is read");
                        }
                        cur = out.get(0);
                        form = "TBF";
                        break;
                    }
                    case "Squeeze": {
                        requireInput(name, in, cur, form.equals("TDBH") && layers.get(layers.size() - 1).directions == 1);
                        List<Long> axes = in.size() > 1 ? longs(in.get(1), name)
                                : attributes(n).containsKey("axes") ? attributes(n).get("axes").varints(Onnx.ATTR_INTS) : List.of();
                        if (!axes.equals(List.of(1L))) {
                            throw refuse(name + " squeezes axes " + axes + "; only [1] (the direction axis of a forward layer) is read");
                        }
                        cur = out.get(0);
                        form = "TBF";
                        break;
                    }
                    case "MatMul": {
                        requireInput(name, in, cur, form.equals("TBF") && !layers.isEmpty());
                        Constant m = in.size() > 1 ? constants.get(in.get(1)) : null;
                        Layer last = layers.get(layers.size() - 1);
                        int features = last.directions * last.hidden;
                        if (m == null || m.dims.length != 2 || m.dims[0] != features || m.dims[1] == 0) {
                            throw refuse(name + " multiplies by " + (m == null ? "a non-constant" : Arrays.toString(m.dims))
                                    + "; the read-out needs a constant [" + features + ", O]");
                        }
                        v = m.values;
                        vRows = m.dim(1);
                        cur = out.get(0);
                        break;
                    }
                    case "Add": {
                        if (v == null || in.size() != 2 || !in.contains(cur)) {
                            throw refuse(name + " is not the read-out's bias (an Add of the MatMul output and a constant)");
                        }
                        Constant bias = constants.get(in.get(0).equals(cur) ? in.get(1) : in.get(0));
                        if (bias == null || bias.values.length != vRows || (bias.dims.length != 1 && !(bias.dims.length == 2 && bias.dims[0] == 1))) {
                            throw refuse(name + " adds " + (bias == null ? "a non-constant" : Arrays.toString(bias.dims))
                                    + "; the read-out bias must be a constant [" + vRows + "]");
                        }
                        c = bias.values;
                        cur = out.get(0);
                        break;
                    }
                    default:
                        throw refuse(name + " is not read: rnn4j imports RNN, LSTM, GRU, Transpose, Reshape, Squeeze, MatMul, Add, Constant and "
                                + "the shape operators " + SIDE_OPERATORS + " beside them");
                }
            }
            if (layers.isEmpty()) {
                throw refuse("the graph has no RNN, LSTM or GRU node");
            }
            if (v == null) {
                throw refuse("the graph has no MatMul read-out after its last recurrent layer; rnn4j's models end in one");
            }
            boolean outputFound = false;
            for (ProtoReader o : graph.messages(Onnx.GRAPH_OUTPUT, "output")) {
                outputFound |= o.string(Onnx.VALUE_NAME, "").equals(cur);
            }
            if (!outputFound) {
                throw refuse("the read-out's value '" + cur + "' is not a graph output");
            }
            return build(layers, v, vRows, c, backend, dtype);
        }

        private void requireInput(String name, List<String> in, String cur, boolean formOk) throws InteropException {
            if (in.isEmpty() || cur == null || !in.get(0).equals(cur) || !formOk) {
                throw refuse(name + " reads '" + (in.isEmpty() ? "" : in.get(0)) + "' where rnn4j's chain of layers expects "
                        + (cur == null ? "a recurrent node first" : "'" + cur + "' in another layout"));
            }
        }

        private List<Long> longs(String constant, String name) throws InteropException {
            Constant c = constants.get(constant);
            if (c == null) {
                throw refuse(name + " takes '" + constant + "', which is not a constant");
            }
            List<Long> out = new ArrayList<>();
            for (double d : c.values) {
                out.add((long) d);
            }
            return out;
        }

        private Map<String, ProtoReader> attributes(ProtoReader node) throws InteropException {
            Map<String, ProtoReader> out = new HashMap<>();
            for (ProtoReader a : node.messages(Onnx.NODE_ATTRIBUTE, "attribute")) {
                String n = a.string(Onnx.ATTR_NAME, "");
                if (out.put(n, a) != null) {
                    throw refuse("node '" + node.string(Onnx.NODE_NAME, "") + "' has attribute " + n + " twice");
                }
            }
            return out;
        }

        private void constant(ProtoReader n) throws InteropException {
            Map<String, ProtoReader> a = attributes(n);
            List<String> out = n.strings(Onnx.NODE_OUTPUT);
            if (a.size() != 1 || !a.containsKey("value") || out.size() != 1) {
                throw refuse("Constant node '" + n.string(Onnx.NODE_NAME, "") + "' has attributes " + a.keySet() + "; only 'value' is read");
            }
            ProtoReader t = a.get("value").message(Onnx.ATTR_T, "value");
            if (t == null) {
                throw refuse("Constant node '" + n.string(Onnx.NODE_NAME, "") + "' has no tensor value");
            }
            constants.put(out.get(0), tensor(t, out.get(0)));
        }

        private Constant tensor(ProtoReader t, String name) throws InteropException {
            String at = "tensor '" + name + "'";
            if (t.varint(Onnx.TENSOR_DATA_LOCATION, 0) != 0 || t.has(Onnx.TENSOR_EXTERNAL_DATA)) {
                throw refuse(at + " keeps its data in an external file, which is not read");
            }
            List<Long> dimList = t.varints(Onnx.TENSOR_DIMS);
            long[] dims = new long[dimList.size()];
            long count = 1;
            for (int i = 0; i < dims.length; i++) {
                dims[i] = dimList.get(i);
                if (dims[i] < 0 || dims[i] > Integer.MAX_VALUE) {
                    throw refuse(at + " has dimension " + i + " of " + dims[i]);
                }
                count *= dims[i];
                if (count > Integer.MAX_VALUE - 8) {
                    throw refuse(at + " has dims " + dimList + ": too many elements");
                }
            }
            int type = (int) t.varint(Onnx.TENSOR_DATA_TYPE, 0);
            int width = type == Onnx.FLOAT ? 4 : type == Onnx.DOUBLE || type == Onnx.INT64 ? 8 : 0;
            if (width == 0) {
                throw refuse(at + " has data_type " + type + "; only FLOAT (1), DOUBLE (11) and INT64 (7) are read");
            }
            byte[] raw = t.bytes(Onnx.TENSOR_RAW_DATA);
            double[] values;
            if (raw != null) {
                if (raw.length != count * width) {
                    throw refuse(at + " has " + raw.length + " bytes of raw_data but dims " + dimList + " need " + count * width);
                }
                ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
                values = new double[(int) count];
                for (int i = 0; i < values.length; i++) {
                    values[i] = type == Onnx.FLOAT ? b.getFloat() : type == Onnx.DOUBLE ? b.getDouble() : (double) b.getLong();
                }
            } else {
                List<? extends Number> list = type == Onnx.FLOAT ? t.floats(Onnx.TENSOR_FLOAT_DATA)
                        : type == Onnx.DOUBLE ? t.doubles(Onnx.TENSOR_DOUBLE_DATA) : t.varints(Onnx.TENSOR_INT64_DATA);
                if (list.size() != count) {
                    throw refuse(at + " has " + list.size() + " values but dims " + dimList + " need " + count);
                }
                values = new double[(int) count];
                for (int i = 0; i < values.length; i++) {
                    values[i] = list.get(i).doubleValue();
                }
            }
            return new Constant(name, dims, values);
        }

        private Layer layer(ProtoReader n, String name, String op, List<String> in) throws InteropException {
            CellType cell = op.equals("LSTM") ? CellType.LSTM : op.equals("GRU") ? CellType.GRU : CellType.ELMAN;
            Map<String, ProtoReader> a = attributes(n);
            for (String key : a.keySet()) {
                boolean known = COMMON_ATTRIBUTES.contains(key) || (cell == CellType.LSTM && key.equals("input_forget"))
                        || (cell == CellType.GRU && key.equals("linear_before_reset"));
                if (!known) {
                    throw refuse(name + " has attribute " + key + ", unknown to " + op + "; refused rather than ignored");
                }
            }
            String direction = a.containsKey("direction") ? a.get("direction").string(Onnx.ATTR_S, "") : "forward";
            int dirs;
            if (direction.equals("forward")) {
                dirs = 1;
            } else if (direction.equals("bidirectional")) {
                dirs = 2;
            } else {
                throw refuse(name + " has direction=" + direction + "; rnn4j has forward and bidirectional layers, no reverse-only one");
            }
            if (a.containsKey("layout") && a.get("layout").varint(Onnx.ATTR_I, 0) != 0) {
                throw refuse(name + " has layout=" + a.get("layout").varint(Onnx.ATTR_I, 0) + " (batch first); only layout=0 is read");
            }
            if (a.containsKey("clip")) {
                throw refuse(name + " has clip=" + a.get("clip").float32(Onnx.ATTR_F, Float.NaN) + "; rnn4j's cells do not clip");
            }
            if (a.containsKey("input_forget") && a.get("input_forget").varint(Onnx.ATTR_I, 0) != 0) {
                throw refuse(name + " has input_forget=" + a.get("input_forget").varint(Onnx.ATTR_I, 0)
                        + " (coupled input and forget gates); rnn4j's LSTM has independent gates");
            }
            if (cell == CellType.GRU) {
                long lbr = a.containsKey("linear_before_reset") ? a.get("linear_before_reset").varint(Onnx.ATTR_I, 0) : 0;
                if (lbr != 1) {
                    throw refuse(name + " has linear_before_reset=" + lbr + ": a GRU that resets before the recurrent product, "
                            + "which differs from rnn4j's (PyTorch's) GRU, linear_before_reset=1");
                }
            }
            Activation activation = activation(a, name, cell, dirs);
            Constant w = weight(in, 1, "W", name, true);
            Constant r = weight(in, 2, "R", name, true);
            Constant bias = weight(in, 3, "B", name, false);
            int g = OnnxExport.gates(cell);
            if (w.dims.length != 3 || r.dims.length != 3 || w.dims[0] != dirs || r.dims[0] != dirs || r.dims[1] % g != 0
                    || r.dims[1] / g != r.dims[2] || w.dims[1] != r.dims[1] || r.dims[2] == 0) {
                throw refuse(name + " has W " + Arrays.toString(w.dims) + " and R " + Arrays.toString(r.dims) + "; " + op + " with "
                        + dirs + " direction(s) needs [" + dirs + ", " + g + "·H, I] and [" + dirs + ", " + g + "·H, H]");
            }
            int h = r.dim(2);
            int inputs = w.dim(2);
            if (inputs == 0) {
                throw refuse(name + " has W " + Arrays.toString(w.dims) + ": no input features");
            }
            if (a.containsKey("hidden_size") && a.get("hidden_size").varint(Onnx.ATTR_I, -1) != h) {
                throw refuse(name + " has hidden_size=" + a.get("hidden_size").varint(Onnx.ATTR_I, -1) + " but R " + Arrays.toString(r.dims)
                        + " gives H=" + h);
            }
            if (bias != null && (bias.dims.length != 2 || bias.dims[0] != dirs || bias.dims[1] != 2L * g * h)) {
                throw refuse(name + " has B " + Arrays.toString(bias.dims) + "; it needs [" + dirs + ", " + 2 * g * h + "]");
            }
            if (in.size() > 4 && !in.get(4).isEmpty()) {
                throw refuse(name + " has sequence_lens '" + in.get(4) + "'; pass a Mask to rnn4j's forward instead");
            }
            for (int i = 5; i < Math.min(in.size(), cell == CellType.LSTM ? 8 : 6); i++) {
                String what = i == 5 ? "initial_h" : i == 6 ? "initial_c" : "P (peepholes)";
                if (i != 7 && zeroStates.contains(in.get(i))) {
                    continue;
                }
                if (!in.get(i).isEmpty() && !runtimeInputs.contains(in.get(i))) {
                    Constant k = constants.get(in.get(i));
                    if (k == null) {
                        throw refuse(name + " takes " + what + " from '" + in.get(i) + "', computed in the graph; not read");
                    }
                    for (double x : k.values) {
                        if (x != 0) {
                            throw refuse(name + " has a non-zero constant " + what + " '" + in.get(i) + "'"
                                    + (i == 7 ? "; rnn4j's LSTM has no peepholes" : "; pass the initial state to rnn4j's forward"));
                        }
                    }
                } else if (i == 7 && !in.get(i).isEmpty()) {
                    throw refuse(name + " takes P (peepholes) from the graph input '" + in.get(i) + "'; rnn4j's LSTM has no peepholes");
                }
            }
            if (in.size() > (cell == CellType.LSTM ? 8 : 6)) {
                throw refuse(name + " has " + in.size() + " inputs; " + op + " takes at most " + (cell == CellType.LSTM ? 8 : 6));
            }
            int[] blocks = OnnxExport.onnxBlocks(cell);
            double[][] u = new double[dirs][];
            double[][] ww = new double[dirs][];
            double[][] b = new double[dirs][];
            double[][] bh = new double[dirs][];
            int gh = g * h;
            for (int d = 0; d < dirs; d++) {
                u[d] = unpermute(blocks, h, inputs, w.values, d * gh * inputs);
                ww[d] = unpermute(blocks, h, h, r.values, d * gh * h);
                double[] wb = bias == null ? new double[gh] : unpermute(blocks, h, 1, bias.values, d * 2 * gh);
                double[] rb = bias == null ? new double[gh] : unpermute(blocks, h, 1, bias.values, d * 2 * gh + gh);
                if (cell == CellType.GRU) {
                    b[d] = wb;
                    bh[d] = rb;
                } else {
                    for (int i = 0; i < gh; i++) {
                        wb[i] += rb[i];
                    }
                    b[d] = wb;
                }
            }
            return new Layer(name, cell, activation, dirs, h, inputs, u, ww, b, bh);
        }

        private Constant weight(List<String> in, int index, String role, String name, boolean required) throws InteropException {
            String value = index < in.size() ? in.get(index) : "";
            if (value.isEmpty()) {
                if (required) {
                    throw refuse(name + " has no " + role);
                }
                return null;
            }
            Constant c = constants.get(value);
            if (c == null) {
                throw refuse(name + " takes " + role + " from '" + value + "', which is not an initializer or Constant");
            }
            return c;
        }

        private Activation activation(Map<String, ProtoReader> a, String name, CellType cell, int dirs) throws InteropException {
            List<String> given = a.containsKey("activations") ? a.get("activations").strings(Onnx.ATTR_STRINGS) : List.of();
            List<Float> alpha = a.containsKey("activation_alpha") ? a.get("activation_alpha").floats(Onnx.ATTR_FLOATS) : List.of();
            List<Float> beta = a.containsKey("activation_beta") ? a.get("activation_beta").floats(Onnx.ATTR_FLOATS) : List.of();
            if (cell != CellType.ELMAN) {
                List<String> defaults = cell == CellType.LSTM ? List.of("Sigmoid", "Tanh", "Tanh") : List.of("Sigmoid", "Tanh");
                List<String> expected = new ArrayList<>();
                for (int d = 0; d < dirs; d++) {
                    expected.addAll(defaults);
                }
                if (!given.isEmpty() && !given.equals(expected)) {
                    throw refuse(name + " has activations " + given + "; rnn4j's " + cell + " uses the defaults " + expected);
                }
                if (!alpha.isEmpty() || !beta.isEmpty()) {
                    throw refuse(name + " has activation_alpha/activation_beta, which the default activations do not take");
                }
                return Activation.TANH;
            }
            if (given.isEmpty()) {
                given = new ArrayList<>();
                for (int d = 0; d < dirs; d++) {
                    given.add("Tanh");
                }
            }
            if (given.size() != dirs || (dirs == 2 && !given.get(0).equals(given.get(1)))) {
                throw refuse(name + " has activations " + given + "; rnn4j needs one activation, the same for every direction");
            }
            switch (given.get(0)) {
                case "Tanh":
                case "Relu":
                case "Sigmoid":
                    if (!alpha.isEmpty() || !beta.isEmpty()) {
                        throw refuse(name + " has activation_alpha/activation_beta with activations " + given);
                    }
                    return given.get(0).equals("Tanh") ? Activation.TANH : given.get(0).equals("Relu") ? Activation.RELU : Activation.SIGMOID;
                case "Affine":
                    for (int d = 0; d < dirs; d++) {
                        if (alpha.size() != dirs || beta.size() != dirs || alpha.get(d) != 1f || beta.get(d) != 0f) {
                            throw refuse(name + " has activations Affine with alpha " + alpha + " and beta " + beta
                                    + "; only Affine(1, 0), the identity, is read");
                        }
                    }
                    return Activation.IDENTITY;
                default:
                    throw refuse(name + " has activations " + given + "; rnn4j's Elman cell reads Tanh, Relu, Sigmoid or Affine(1, 0)");
            }
        }

        private static boolean allZero(Constant c) {
            if (c == null) {
                return false;
            }
            for (double x : c.values) {
                if (x != 0) {
                    return false;
                }
            }
            return true;
        }

        private static double[] unpermute(int[] blocks, int h, int cols, double[] onnx, int offset) {
            double[] ours = new double[blocks.length * h * cols];
            for (int j = 0; j < blocks.length; j++) {
                System.arraycopy(onnx, offset + j * h * cols, ours, blocks[j] * h * cols, h * cols);
            }
            return ours;
        }

        private Rnn build(List<Layer> layers, double[] vt, int outputs, double[] c, Backend backend, DType dtype) throws InteropException {
            Layer first = layers.get(0);
            for (int k = 0; k < layers.size(); k++) {
                Layer l = layers.get(k);
                if (l.cell != first.cell || l.activation != first.activation || l.directions != first.directions || l.hidden != first.hidden) {
                    throw refuse(l.node + " is a " + l.cell + " (" + l.activation + ", H=" + l.hidden + ", " + l.directions
                            + " direction(s)) but " + first.node + " is a " + first.cell + " (" + first.activation + ", H=" + first.hidden
                            + ", " + first.directions + "); rnn4j stacks layers of one kind");
                }
                if (k > 0 && l.inputs != first.hidden * first.directions) {
                    throw refuse(l.node + " reads " + l.inputs + " features but the layer below gives " + first.hidden * first.directions);
                }
            }
            Rnn.Builder bd = Rnn.builder().inputSize(first.inputs).hiddenSize(first.hidden).outputSize(outputs).cell(first.cell)
                    .layers(layers.size()).bidirectional(first.directions == 2).dtype(dtype).backend(backend);
            if (first.cell == CellType.ELMAN) {
                bd.activation(first.activation);
            }
            Rnn model = bd.build();
            boolean plain = first.cell == CellType.ELMAN && layers.size() == 1 && first.directions == 1;
            for (int k = 0; k < layers.size(); k++) {
                Layer l = layers.get(k);
                for (int d = 0; d < l.directions; d++) {
                    String q = plain ? "" : "l" + k + (d == 1 ? "r" : "") + ".";
                    model.parameter(q + "U").value().copyFrom(l.u[d]);
                    model.parameter(q + "W").value().copyFrom(l.w[d]);
                    model.parameter(q + "b").value().copyFrom(l.b[d]);
                    if (l.cell == CellType.GRU) {
                        model.parameter(q + "bh").value().copyFrom(l.bh[d]);
                    }
                }
            }
            int features = first.hidden * first.directions;
            double[] v = new double[vt.length];
            for (int i = 0; i < outputs; i++) {
                for (int j = 0; j < features; j++) {
                    v[i * features + j] = vt[j * outputs + i];
                }
            }
            String o = plain ? "" : "out.";
            model.parameter(o + "V").value().copyFrom(v);
            model.parameter(o + "c").value().copyFrom(c == null ? new double[outputs] : c);
            return model;
        }
    }
}
