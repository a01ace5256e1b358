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
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.rnn4j.api.Activation;
import org.rnn4j.api.DType;
import org.rnn4j.core.Direction;
import org.rnn4j.core.Rnn;
import org.rnn4j.core.cell.CellType;
import org.rnn4j.spi.Backend;

/**
 * Reads an ONNX model (ai.onnx opsets 7 to 22) made of the operators {@link OnnxExport} writes: a
 * chain of {@code RNN}, {@code LSTM} or {@code GRU} nodes (direction forward, reverse or bidirectional,
 * the same for every node: a reverse node becomes a layer of a {@link Direction#REVERSE} network;
 * weights from initializers or {@code Constant} nodes), {@code Transpose}(0, 2, 1, 3) and
 * {@code Reshape}(0, 0, −1) or {@code Squeeze}(axis 1) between layers, and a read-out (below); also the graphs
 * {@code torch.onnx.export} writes for {@code nn.RNN}, {@code nn.LSTM}, {@code nn.GRU} and {@code nn.Linear},
 * with fixed shapes or with {@code dynamic_axes}, whose zero initial states are built beside the chain
 * (below). Gate blocks are put back into rnn4j's order (LSTM i,o,f,c → i,f,g,o; GRU z,r,h → r,z,n);
 * B = [Wb, Rb] becomes b = Wb + Rb (Elman, LSTM) or b = Wb, bh = Rb (GRU).
 *
 * <p>Zero initial states: PyTorch's exporter builds them from the input's shape, by {@code Shape},
 * {@code Gather}, {@code Unsqueeze} and {@code Concat}, then a {@code ConstantOfShape} (with
 * {@code dynamic_axes}) or an {@code Expand} of a constant, and for a stack a {@code Slice} per layer. A
 * {@code ConstantOfShape} whose {@code value} is 0 (or absent: the operator's default is a float 0), an
 * all-zero constant, and a {@code Slice}, {@code Squeeze}, {@code Unsqueeze}, {@code Reshape} or
 * {@code Expand} of such a zero tensor are read as zeros, whatever their shape; any other value computed in
 * the graph that reaches a node's {@code initial_h} or {@code initial_c} is refused with its name.
 *
 * <p>The read-out is {@code MatMul} (+ {@code Add}) or {@code Gemm}, the form {@code nn.Linear} takes on
 * 2-D data, of one of:
 * <ul>
 * <li>the sequence [T, B, F] (MatMul only): every step, as rnn4j's forward;</li>
 * <li>its rows [T·B, F], a {@code Reshape} to [−1, F] ({@code linear(out.reshape(-1, F))}): every step,
 * optionally reshaped back after the read-out ({@code .view(T, B, -1)}), to any shape whose last size is O;</li>
 * <li>the last step [B, F]: {@code out[-1]}, or {@code out[:, -1]} of a batch-first model, as a
 * {@code Gather} of index −1 on the time axis (or a {@code Slice} [−1:] and a {@code Squeeze}, as opsets
 * before 11 write it), or {@code h_n[-1]}, the same taken from the top layer's {@code Y_h} or from every
 * layer's stacked by a {@code Concat} (a forward top layer only: a bidirectional one's {@code h_n[-1]} is its
 * backward direction alone, a reverse one's its state after the first step).</li>
 * </ul>
 * A batch-first model ({@code batch_first=True}) is read with the {@code Transpose}(1, 0, 2) of the graph
 * input before the first layer and of the sequence after the last, also with an every-step {@code MatMul}
 * read-out of that [B, T, F] sequence ({@link Imported#outputsBatchFirst()}). Gemm is read with its defaults
 * alpha = 1, beta = 1 and transA = 0, and transB 0 (B is [F, O]) or 1 (B is [O, F], as PyTorch writes
 * {@code nn.Linear}'s weight); its bias C, like Add's, must be a constant [O] or [1, O].
 *
 * <p>A graph without a read-out (a bare {@code nn.RNN}, {@code nn.LSTM} or {@code nn.GRU} exported on its own)
 * whose output is the top layer's sequence [T, B, F] or [B, T, F], or its last step [B, F], is read with the
 * identity read-out V = I, c = 0 of size F = H·D ({@link Imported#hiddenStates()}): the model's outputs are the
 * hidden states.
 *
 * <p>Initial states as graph inputs: a one-layer network's {@code initial_h} (and {@code initial_c}) may be a graph
 * input; a stack's are PyTorch's {@code h_0} (and {@code c_0}) [L·D, B, H], cut per layer by a {@code Slice} of
 * constant starts [k·D] and ends [(k+1)·D] on axis 0, every layer's from the same input
 * ({@link Imported#initialStateInputs()}; {@link PyTorchImport#initialState} turns their values into rnn4j's state).
 * States given for only some layers, slices of other ranges or steps, and an LSTM with only one of its two states
 * given are refused.
 *
 * <p>Constant folding: a node whose inputs are all constants and whose operator is one of {@code Slice},
 * {@code Concat}, {@code Unsqueeze}, {@code Squeeze} or {@code Transpose} is evaluated at load time (as
 * {@code torch.onnx.export(..., do_constant_folding=False)} leaves weights); any other operator of constants that
 * a weight or the chain reads is refused with its name.
 *
 * <p>Every refusal names the node and the feature that is not read (e.g. "stacked state inputs are read only as
 * PyTorch slices them"), so that a user knows whether another export would load.
 *
 * <p>What the graph computes: {@link #read} says whether the graph takes its input batch first and
 * whether it reads out the last step only. rnn4j's read-out runs at every step; the last step's is the
 * graph's output [B, O] in a last-step graph, so {@link Rnn#predict} (which returns each sequence's
 * last output, from zero states) reproduces it, as do the last B rows of {@link Rnn#forward}'s outputs.
 * An every-step graph's output holds {@link Rnn#forward}'s outputs ((T·B)×O, time-major) in its
 * row-major order.
 *
 * <p>Everything that would change the numbers and that rnn4j cannot reproduce is refused with its
 * name, never approximated: {@code linear_before_reset = 0} (a different GRU), non-default
 * {@code activations} (for Elman: Tanh, Relu, Sigmoid and Affine(1, 0) are rnn4j's activations),
 * {@code clip}, {@code input_forget}, non-zero peepholes {@code P}, {@code layout = 1}, layers of different directions,
 * {@code sequence_lens}, initial states that are not zeros (above) or graph inputs, Gemm's
 * {@code alpha ≠ 1}, {@code beta ≠ 1} with a bias, {@code transA = 1}, a read-out weight or bias that is
 * not a constant of the shapes above, any step but the last, unknown attributes and any other
 * operator. Initial states fed as graph inputs are run-time inputs, as the {@code initial} argument of
 * {@link Rnn#forward}.
 */
public final class OnnxImport {
    /** The oldest and newest ai.onnx opset read (the recurrent operators' semantics are those of 7 to 22). */
    public static final int MIN_OPSET = 7;
    /** The newest ai.onnx opset read. */
    public static final int MAX_OPSET = 22;

    /** Operators that only compute shapes and states beside the chain of layers (as PyTorch's exporter emits them). */
    private static final Set<String> SIDE_OPERATORS = Set.of("Shape", "Gather", "Unsqueeze", "Concat", "Expand", "ConstantOfShape");

    /** Operators whose output, when their first input is all zeros, is all zeros too (of another shape). */
    private static final Set<String> ZERO_PRESERVING = Set.of("Slice", "Squeeze", "Unsqueeze", "Reshape", "Expand");

    private static final Set<String> COMMON_ATTRIBUTES = Set.of("activation_alpha", "activation_beta", "activations", "clip", "direction",
            "hidden_size", "layout");

    private static final Set<String> GEMM_ATTRIBUTES = Set.of("alpha", "beta", "transA", "transB");

    private OnnxImport() {
    }

    /**
     * A model read from ONNX, and how its graph's input and output correspond to rnn4j's calls.
     */
    public static final class Imported {
        private final Rnn model;
        private final boolean batchFirst;
        private final boolean lastStepOnly;
        private final boolean outputsBatchFirst;
        private final boolean hiddenStates;
        private final List<String> initialStateInputs;

        Imported(Rnn model, boolean batchFirst, boolean lastStepOnly, boolean outputsBatchFirst, boolean hiddenStates,
                List<String> initialStateInputs) {
            this.model = model;
            this.batchFirst = batchFirst;
            this.lastStepOnly = lastStepOnly;
            this.outputsBatchFirst = outputsBatchFirst;
            this.hiddenStates = hiddenStates;
            this.initialStateInputs = List.copyOf(initialStateInputs);
        }

        /**
         * {@return whether an every-step graph's output is [B, T, O] (PyTorch's {@code batch_first=True}: the sequence
         *     transposed back before the read-out, or a bare module's hidden sequence), each sequence's steps in a row,
         *     rather than [T, B, O], the row-major order of {@link Rnn#forward}'s time-major outputs}
         */
        public boolean outputsBatchFirst() {
            return outputsBatchFirst;
        }

        /**
         * {@return whether the graph has no read-out (a bare {@code nn.RNN}, {@code nn.LSTM} or {@code nn.GRU}: its output
         *     is the top layer's hidden sequence, or its last step), so the model was given the identity read-out
         *     V = I, c = 0 of size H·directions and its outputs are the hidden states}
         */
        public boolean hiddenStates() {
            return hiddenStates;
        }

        /**
         * {@return the graph inputs that hold the initial states, {@code [h0]} or (LSTM) {@code [h0, c0]}, each
         *     [layers·D, B, H] as PyTorch's {@code h_0} (read per layer by a {@code Slice}, or whole by a one-layer
         *     network); turn their values into the {@code initial} argument of {@link Rnn#forward} with
         *     {@link PyTorchImport#initialState}. Empty if the graph starts from zero states.}
         */
        public List<String> initialStateInputs() {
            return initialStateInputs;
        }

        /** {@return the model, holding the graph's weights} */
        public Rnn model() {
            return model;
        }

        /**
         * {@return whether the graph takes its input as [B, T, I] (a {@code Transpose}(1, 0, 2) before the first
         *     layer: PyTorch's {@code batch_first=True}) rather than [T, B, I]; rnn4j's {@link Rnn#forward} takes
         *     time-major rows either way, {@link Rnn#predict} one array per sequence}
         */
        public boolean batchFirst() {
            return batchFirst;
        }

        /**
         * {@return whether the graph's output is the read-out of each sequence's last step only, [B, O], which
         *     {@link Rnn#predict} returns (and the last B rows of {@link Rnn#forward}'s outputs hold); otherwise it
         *     is every step's, which {@link Rnn#forward}'s outputs hold in the graph's row-major order}
         */
        public boolean lastStepOnly() {
            return lastStepOnly;
        }
    }

    /**
     * Reads an ONNX file.
     *
     * @param file the .onnx file (not modified)
     * @param backend where the model's tensors live, or null for the default backend
     * @param dtype FLOAT32 or FLOAT64
     * @return a new model with the file's weights (see {@link #read(Path, Backend, DType)} for what its graph outputs)
     * @throws InteropException if the file is malformed or uses something rnn4j cannot reproduce exactly, naming it
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException if file or dtype is null
     */
    public static Rnn load(Path file, Backend backend, DType dtype) throws IOException {
        return read(file, backend, dtype).model();
    }

    /**
     * Reads an ONNX model held in memory.
     *
     * @param bytes (input, not modified) the serialised ModelProto
     * @param source where it came from, for messages
     * @param backend where the model's tensors live, or null for the default backend
     * @param dtype FLOAT32 or FLOAT64
     * @return a new model with the model's weights (see {@link #read(byte[], String, Backend, DType)} for what its graph outputs)
     * @throws InteropException if the model is malformed or uses something rnn4j cannot reproduce exactly, naming it
     * @throws IllegalArgumentException if bytes, source or dtype is null
     */
    public static Rnn load(byte[] bytes, String source, Backend backend, DType dtype) throws InteropException {
        return read(bytes, source, backend, dtype).model();
    }

    /**
     * Reads an ONNX file and says how its graph's input and output correspond to the model's calls.
     *
     * @param file the .onnx file (not modified)
     * @param backend where the model's tensors live, or null for the default backend
     * @param dtype FLOAT32 or FLOAT64
     * @return a new model with the file's weights, whether the graph takes its input batch first and whether it reads out the last step only
     * @throws InteropException if the file is malformed or uses something rnn4j cannot reproduce exactly, naming it
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException if file or dtype is null
     */
    public static Imported read(Path file, Backend backend, DType dtype) throws IOException {
        if (file == null) {
            throw new IllegalArgumentException("the ONNX file's path is null");
        }
        long size = Files.size(file);
        if (size > Integer.MAX_VALUE - 8) {
            throw new InteropException("ONNX model " + file + " has " + size + " bytes; at most " + (Integer.MAX_VALUE - 8) + " are read");
        }
        return read(Files.readAllBytes(file), file.toString(), backend, dtype);
    }

    /**
     * Reads an ONNX model held in memory and says how its graph's input and output correspond to the model's calls.
     *
     * @param bytes (input, not modified) the serialised ModelProto
     * @param source where it came from, for messages
     * @param backend where the model's tensors live, or null for the default backend
     * @param dtype FLOAT32 or FLOAT64
     * @return a new model with the model's weights, whether the graph takes its input batch first and whether it reads out the last step only
     * @throws InteropException if the model is malformed or uses something rnn4j cannot reproduce exactly, naming it
     * @throws IllegalArgumentException if bytes, source or dtype is null
     */
    public static Imported read(byte[] bytes, String source, Backend backend, DType dtype) throws InteropException {
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

    /** One recurrent node's layer, its weights already in rnn4j's gate order, per direction; finalH names its output Y_h. */
    private record Layer(String node, CellType cell, Activation activation, Direction direction, int hidden, int inputs, double[][] u,
            double[][] w, double[][] b, double[][] bh, String finalH) {
        /** {@return D, the directions of the node's W, R, B, Y and Y_h} */
        int directions() {
            return direction.count();
        }
    }

    /** Rows [start, end) along axis 0 of a graph input (end −1: the whole input), as a layer's initial_h or initial_c. */
    private record StateSlice(String input, long start, long end) {
        @Override
        public String toString() {
            return end < 0 ? "the whole graph input '" + input + "'" : "rows [" + start + ", " + end + ") of the graph input '" + input + "'";
        }
    }

    /** What a value on the chain of layers holds, with its shape (F = D·H features of the top layer, O outputs). */
    private enum Layout {
        /** The graph input, or its batch-first Transpose. */
        INPUT("[T, B, I]"),
        /** A recurrent node's Y. */
        Y("[T, D, B, H]"),
        Y_TRANSPOSED("[T, B, D, H]"),
        SEQUENCE("[T, B, F]"),
        SEQUENCE_BATCH_FIRST("[B, T, F]"),
        /** The sequence flattened to time-major rows (step t of sequence b in row t·B + b). */
        ROWS("[T·B, F]"),
        /** The top layer's final hidden states Y_h, or every layer's stacked by a Concat on axis 0 (PyTorch's h_n). */
        FINAL_STATES("[L·D, B, H]"),
        LAST_STEP_KEPT("[1, B, F]"),
        LAST_STEP_KEPT_BATCH_FIRST("[B, 1, F]"),
        LAST_STEP("[B, F]"),
        /** The read-out of every step, as rnn4j's forward outputs in row-major order (any shape whose last size is O). */
        OUTPUTS("[T, B, O]"),
        OUTPUT_ROWS("[T·B, O]"),
        /** The read-out of every step of the batch-first sequence. */
        OUTPUTS_BATCH_FIRST("[B, T, O]"),
        LAST_OUTPUTS("[B, O]");

        final String shape;

        Layout(String shape) {
            this.shape = shape;
        }
    }

    private static final class Reader {
        private final String what;
        private final Map<String, Constant> constants = new HashMap<>();
        private final Set<String> runtimeInputs = new HashSet<>();
        /** Values known to be all zeros (see the class javadoc), of any shape: zero initial states. */
        private final Set<String> zeroStates = new HashSet<>();
        /** Other values computed beside the chain (shape arithmetic, fills that are not zeros): read only to refuse as states. */
        private final Set<String> side = new HashSet<>();
        /** Concat outputs along axis 0 whose inputs are all final hidden states, with those inputs. */
        private final Map<String, List<String>> stacks = new HashMap<>();
        private final List<Layer> layers = new ArrayList<>();
        /** Slices of graph inputs along axis 0 (PyTorch's h_0 cut per layer), by the Slice's output. */
        private final Map<String, StateSlice> stateSlices = new HashMap<>();
        /** Per layer, where its initial_h and initial_c come from: a graph input's rows, or null for zeros. */
        private final List<StateSlice[]> layerStates = new ArrayList<>();
        /** Outputs of nodes evaluated at load time (constants of constants), and of those not evaluated, by operator. */
        private final Set<String> folded = new HashSet<>();
        private final Map<String, String> unfolded = new HashMap<>();
        /** The graph input the first layer reads (directly or batch first). */
        private String sequenceInput;
        /** The value the chain of layers has reached (null before the first node of it), and what it holds. */
        private String cur;
        private Layout layout = Layout.INPUT;
        /** Whether the graph input goes through Transpose(1, 0, 2) before the first layer. */
        private boolean batchFirst;
        /** The read-out: rnn4j's V [O, F] (null until read), O, and its bias c (null if none yet). */
        private double[] v;
        private int outputs;
        private double[] c;

        Reader(String source) {
            this.what = "ONNX model " + source;
        }

        private InteropException refuse(String message) {
            return new InteropException(what + ": " + message);
        }

        Imported read(byte[] bytes, Backend backend, DType dtype) throws InteropException {
            if (bytes.length == 0) {
                throw refuse("the content is empty (0 bytes): not an ONNX model");
            }
            ProtoReader model = ProtoReader.of(bytes, what);
            if (!model.has(Onnx.MODEL_GRAPH) && !model.has(Onnx.MODEL_OPSET_IMPORT)) {
                throw refuse("it has neither a graph nor an opset_import: not an ONNX model (" + bytes.length + " bytes)");
            }
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
                Constant k = tensor(t, t.string(Onnx.TENSOR_NAME, ""));
                constants.put(k.name, k);
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
            for (ProtoReader n : nodes) {
                fold(n);
            }
            for (ProtoReader n : nodes) {
                node(n);
            }
            if (layers.isEmpty()) {
                throw refuse("the graph has no RNN, LSTM or GRU node");
            }
            boolean hidden = v == null;
            if (hidden) {
                identityReadout();
            }
            boolean outputFound = false;
            for (ProtoReader o : graph.messages(Onnx.GRAPH_OUTPUT, "output")) {
                outputFound |= o.string(Onnx.VALUE_NAME, "").equals(cur);
            }
            if (!outputFound) {
                throw refuse("the read-out's value '" + cur + "' is not a graph output");
            }
            List<String> states = initialStateInputs();
            return new Imported(build(backend, dtype), batchFirst, layout == Layout.LAST_OUTPUTS, layout == Layout.OUTPUTS_BATCH_FIRST, hidden,
                    states);
        }

        /**
         * A graph without a read-out (a bare nn.RNN, nn.LSTM or nn.GRU) whose output is the hidden sequence or its last
         * step: rnn4j's read-out becomes the identity V = I, c = 0 of size F = H·D, so the outputs are the hidden states.
         */
        private void identityReadout() throws InteropException {
            Layout to = layout == Layout.SEQUENCE ? Layout.OUTPUTS : layout == Layout.SEQUENCE_BATCH_FIRST ? Layout.OUTPUTS_BATCH_FIRST
                    : layout == Layout.LAST_STEP ? Layout.LAST_OUTPUTS : null;
            if (to == null) {
                throw refuse("the graph ends in '" + cur + "' " + layout.shape + " after its last recurrent layer, neither a read-out (MatMul or "
                        + "Gemm) nor the hidden sequence [T, B, F], [B, T, F] or its last step [B, F]; a bare module's output of another "
                        + "layout is not read");
            }
            Layer top = layers.get(layers.size() - 1);
            outputs = top.directions() * top.hidden;
            v = new double[outputs * outputs];
            for (int i = 0; i < outputs; i++) {
                v[i * outputs + i] = 1;
            }
            layout = to;
        }

        /**
         * Checks that the layers' initial states fed as graph inputs are PyTorch's h_0 (and c_0): every layer's from one
         * input [L·D, B, H], layer k's as rows [k·D, (k+1)·D) (or the whole input for a single layer).
         *
         * @return the inputs, [h0] or [h0, c0], or empty for zero states
         */
        private List<String> initialStateInputs() throws InteropException {
            List<String> names = new ArrayList<>();
            int kinds = layers.get(0).cell == CellType.LSTM ? 2 : 1;
            for (int s = 0; s < kinds; s++) {
                String role = s == 0 ? "initial_h" : "initial_c";
                int given = 0;
                for (StateSlice[] l : layerStates) {
                    given += l[s] == null ? 0 : 1;
                }
                if (given == 0) {
                    continue;
                }
                StateSlice first = layerStates.get(0)[s];
                for (int k = 0; k < layers.size(); k++) {
                    StateSlice sl = layerStates.get(k)[s];
                    long d = layers.get(k).directions();
                    if (sl == null || first == null) {
                        throw refuse(layers.get(k).node + " takes its " + role + " from " + (sl == null ? "zeros" : sl) + " while "
                                + (sl == null ? "other layers take theirs from a graph input" : "other layers start from zeros")
                                + "; initial states given for only some layers are not read (rnn4j reads every layer's from one graph "
                                + "input, as PyTorch's h_0)");
                    }
                    boolean whole = sl.end < 0 && layers.size() == 1;
                    if (!sl.input.equals(first.input) || !(whole || (sl.start == k * d && sl.end == (k + 1) * d))) {
                        throw refuse(layers.get(k).node + " (layer " + k + ") takes its " + role + " from " + sl + "; stacked state inputs "
                                + "are read only as PyTorch slices them, layer k from rows [k·D, (k+1)·D) = [" + k * d + ", " + (k + 1) * d
                                + ") of the one input '" + first.input + "'");
                    }
                }
                if (first.input.equals(sequenceInput)) {
                    throw refuse("the graph input '" + first.input + "' is both the sequence and the " + role + "; not read");
                }
                names.add(first.input);
            }
            if (names.size() == 1 && kinds == 2) {
                throw refuse("the LSTM takes " + (layerStates.get(0)[0] == null ? "initial_c" : "initial_h") + " from the graph input '"
                        + names.get(0) + "' but starts the other state from zeros; an LSTM's initial states are read only both as inputs "
                        + "or both zeros");
            }
            return names;
        }

        /**
         * Evaluates a node of constants only, if it is one of {@link ConstantFolder#OPERATORS}, so that weights
         * passed through them (torch.onnx.export with do_constant_folding=False) are constants; remembers any other
         * operator of constants, to name it if a weight is taken from it.
         */
        private void fold(ProtoReader n) throws InteropException {
            String op = n.string(Onnx.NODE_OP_TYPE, "");
            List<String> in = n.strings(Onnx.NODE_INPUT);
            List<String> out = n.strings(Onnx.NODE_OUTPUT);
            if (op.equals("Constant") || in.isEmpty() || out.isEmpty() || constants.containsKey(out.get(0))) {
                return;
            }
            for (String s : in) {
                if (!s.isEmpty() && !constants.containsKey(s)) {
                    return;
                }
            }
            if (!ConstantFolder.OPERATORS.contains(op) || !n.string(Onnx.NODE_DOMAIN, "").isEmpty()) {
                unfolded.put(out.get(0), op);
                return;
            }
            String name = "node '" + n.string(Onnx.NODE_NAME, "") + "' (" + op + ")";
            Constant x = constants.get(in.get(0));
            ConstantFolder.Value r;
            try {
                switch (op) {
                    case "Slice": {
                        List<List<Long>> a = sliceArguments(n, name, in);
                        r = ConstantFolder.slice(x.dims, x.values, a.get(0), a.get(1), a.get(2), a.get(3));
                        break;
                    }
                    case "Concat": {
                        List<ConstantFolder.Value> parts = new ArrayList<>();
                        for (String s : in) {
                            parts.add(new ConstantFolder.Value(constants.get(s).dims, constants.get(s).values));
                        }
                        Map<String, ProtoReader> a = attributes(n);
                        if (!a.containsKey("axis")) {
                            throw refuse(name + " has no axis");
                        }
                        r = ConstantFolder.concat(parts, a.get("axis").varint(Onnx.ATTR_I, 0));
                        break;
                    }
                    case "Unsqueeze":
                        r = ConstantFolder.unsqueeze(x.dims, x.values, in.size() > 1 ? longs(in.get(1), name) : ints(n, "axes"));
                        break;
                    case "Squeeze":
                        r = ConstantFolder.squeeze(x.dims, x.values, in.size() > 1 ? longs(in.get(1), name) : ints(n, "axes"));
                        break;
                    default:
                        r = ConstantFolder.transpose(x.dims, x.values, ints(n, "perm"));
                        break;
                }
            } catch (IllegalArgumentException ex) {
                throw refuse(name + " of constants cannot be evaluated: " + ex.getMessage());
            }
            constants.put(out.get(0), new Constant(out.get(0), r.dims(), r.values()));
            folded.add(out.get(0));
        }

        /** Follows the chain of layers through one node, or skips it as shape arithmetic beside the chain. */
        private void node(ProtoReader n) throws InteropException {
            String op = n.string(Onnx.NODE_OP_TYPE, "");
            String name = "node '" + n.string(Onnx.NODE_NAME, "") + "' (" + op + ")";
            String domain = n.string(Onnx.NODE_DOMAIN, "");
            if (!domain.isEmpty() && !domain.equals("ai.onnx")) {
                throw refuse(name + " is in domain '" + domain + "'; only ai.onnx operators are read");
            }
            List<String> in = n.strings(Onnx.NODE_INPUT);
            List<String> out = n.strings(Onnx.NODE_OUTPUT);
            if (op.equals("Constant") || (!out.isEmpty() && folded.contains(out.get(0)))) {
                return;
            }
            boolean everyStep = layout == Layout.OUTPUTS || layout == Layout.OUTPUT_ROWS;
            if (v != null && !(op.equals("Add") && c == null) && !(op.equals("Reshape") && everyStep)) {
                throw refuse(name + " follows the read-out; rnn4j's models end in MatMul or Gemm (+ Add, + Reshape of every step's outputs)");
            }
            if (out.isEmpty()) {
                throw refuse(name + " has no output");
            }
            Layout from = in.isEmpty() ? null : layoutOf(in.get(0));
            if (op.equals("Concat") && stacksFinalStates(n, in)) {
                stacks.put(out.get(0), in);
                return;
            }
            if (ZERO_PRESERVING.contains(op) && !in.isEmpty() && (isZero(in.get(0)) || side.contains(in.get(0)))) {
                // Zeros sliced, squeezed, reshaped or expanded are zeros; anything else stays a value beside the chain.
                (isZero(in.get(0)) ? zeroStates : side).add(out.get(0));
                return;
            }
            if (op.equals("Slice") && !in.isEmpty() && runtimeInputs.contains(in.get(0))) {
                // PyTorch's h_0 (or c_0) of a stack, cut per layer: rows [k·D, (k+1)·D) for layer k.
                stateSlices.put(out.get(0), stateSlice(n, name, in));
                return;
            }
            if (op.equals("ConstantOfShape")) {
                (fillsZeros(n) ? zeroStates : side).add(out.get(0));
                return;
            }
            if (SIDE_OPERATORS.contains(op) && !(op.equals("Gather") && from != null)) {
                // Shape arithmetic beside the chain (PyTorch builds its zero initial states so); its values
                // reach the layers only as initial states, which must then be zeros.
                side.add(out.get(0));
                return;
            }
            Layout to;
            switch (op) {
                case "RNN":
                case "LSTM":
                case "GRU":
                    if (in.isEmpty() || !(cur == null ? runtimeInputs.contains(in.get(0)) : in.get(0).equals(cur)) || !(layout == Layout.INPUT
                            || layout == Layout.SEQUENCE)) {
                        throw refuse(name + " reads '" + (in.isEmpty() ? "" : in.get(0)) + "', not the sequence "
                                + (cur == null ? "of a graph input" : "'" + cur + "' as [T, B, features]"));
                    }
                    if (out.get(0).isEmpty()) {
                        throw refuse(name + " has no output Y, so nothing reads its sequence");
                    }
                    if (cur == null) {
                        sequenceInput = in.get(0);
                    }
                    layers.add(layer(n, name, op, in, out));
                    to = Layout.Y;
                    break;
                case "Transpose":
                    to = transpose(n, name, in, from);
                    break;
                case "Reshape":
                    to = reshape(n, name, in, from);
                    break;
                case "Squeeze":
                    to = squeeze(n, name, in, from);
                    break;
                case "Gather":
                    to = gather(n, name, in, from);
                    break;
                case "Slice":
                    to = slice(n, name, in, from);
                    break;
                case "MatMul":
                    requireInput(name, in, from == Layout.SEQUENCE || from == Layout.SEQUENCE_BATCH_FIRST || from == Layout.ROWS
                            || from == Layout.LAST_STEP, "a MatMul read-out of anything but the sequence, its rows or its last step");
                    v = readoutMatrix(name, in, false);
                    to = readoutOf(from);
                    break;
                case "Gemm":
                    to = gemm(n, name, in, from);
                    break;
                case "Add":
                    if (v == null || in.size() != 2 || !in.contains(cur)) {
                        throw refuse(name + " is not the read-out's bias (an Add of the MatMul or Gemm output and a constant)");
                    }
                    c = readoutBias(name, in.get(0).equals(cur) ? in.get(1) : in.get(0));
                    to = layout;
                    break;
                default:
                    if (unfolded.containsKey(out.get(0))) {
                        throw refuse(name + " computes a value from constants only, which is not evaluated: the constant folder evaluates "
                                + "only " + ConstantFolder.OPERATORS + " (re-export with do_constant_folding=True)");
                    }
                    throw refuse(name + " is not read: rnn4j imports RNN, LSTM, GRU, Transpose, Reshape, Squeeze, Gather, Slice, MatMul, Gemm, "
                            + "Add, Constant and the shape operators " + SIDE_OPERATORS + " beside them");
            }
            cur = out.get(0);
            layout = to;
        }

        /** {@return what value s holds if the chain can read it (the chain's value, or the top layer's final hidden states), else null} */
        private Layout layoutOf(String s) {
            if (s.equals(cur)) {
                return layout;
            }
            return finalStatesOf(s) > 0 ? Layout.FINAL_STATES : null;
        }

        /** {@return how many states s holds along its axis 0 if it is the top layer's Y_h or every layer's stacked, else 0} */
        private int finalStatesOf(String s) {
            if (layers.isEmpty()) {
                return 0;
            }
            Layer top = layers.get(layers.size() - 1);
            if (!top.finalH.isEmpty() && s.equals(top.finalH)) {
                return top.directions();
            }
            List<String> all = new ArrayList<>();
            for (Layer l : layers) {
                all.add(l.finalH);
            }
            return all.equals(stacks.get(s)) ? layers.size() * top.directions() : 0;
        }

        /**
         * {@return how many states the final hidden states s stack, refusing those of a bidirectional top layer (their
         *     last one is the backward direction's alone, which rnn4j's read-out never sees apart from the forward one) and
         *     of a reverse one (its final state is that of step 0, not the last step's output the read-out would take)}
         */
        private int finalStates(String name, String s) throws InteropException {
            Layer top = layers.get(layers.size() - 1);
            if (top.direction == Direction.BIDIRECTIONAL) {
                throw refuse(name + " reads the final hidden states '" + s + "' of the bidirectional " + top.node + ", which hold each "
                        + "direction apart (the backward one's from the first step), while rnn4j's read-out reads [forward, backward] of one "
                        + "step (out[-1] is read)");
            }
            if (top.direction == Direction.REVERSE) {
                throw refuse(name + " reads the final hidden states '" + s + "' of the reverse " + top.node + ", which it computes last, "
                        + "at the first step, while rnn4j's last-step read-out reads the last step's output (out[-1] is read)");
            }
            return finalStatesOf(s);
        }

        /** {@return whether a Concat stacks final hidden states of the layers along axis 0 (as PyTorch's h_n of several layers)} */
        private boolean stacksFinalStates(ProtoReader n, List<String> in) throws InteropException {
            Map<String, ProtoReader> a = attributes(n);
            if (in.isEmpty() || !a.containsKey("axis") || a.get("axis").varint(Onnx.ATTR_I, -1) != 0) {
                return false;
            }
            for (String s : in) {
                boolean found = false;
                for (Layer l : layers) {
                    found |= !l.finalH.isEmpty() && l.finalH.equals(s);
                }
                if (!found) {
                    return false;
                }
            }
            return true;
        }

        /** Refuses a node that reads what the chain of layers cannot take there, naming the feature that is not read. */
        private void requireInput(String name, List<String> in, boolean ok, String feature) throws InteropException {
            if (ok) {
                return;
            }
            String read = in.isEmpty() ? "" : in.get(0);
            Layout from = layoutOf(read);
            String source = runtimeInputs.contains(read) ? " (a graph input)" : unfolded.containsKey(read) ? " (a " + unfolded.get(read)
                    + " of constants, which the constant folder does not evaluate)" : from == null ? "" : " " + from.shape;
            throw refuse(name + " reads '" + read + "'" + source + " where rnn4j's chain of layers expects "
                    + (cur == null ? "a recurrent node first" : from == null ? "'" + cur + "' " + layout.shape : "another layout")
                    + "; not read: " + feature);
        }

        private Layout transpose(ProtoReader n, String name, List<String> in, Layout from) throws InteropException {
            List<Long> perm = ints(n, "perm");
            if (perm.equals(List.of(1L, 0L, 2L)) && cur == null && !in.isEmpty() && runtimeInputs.contains(in.get(0))) {
                batchFirst = true;          // X is [B, T, I]: PyTorch's batch_first=True
                sequenceInput = in.get(0);
                return Layout.INPUT;
            }
            requireInput(name, in, from == Layout.Y || from == Layout.SEQUENCE, "a Transpose other than batch first ([1, 0, 2] of the "
                    + "graph input or of the sequence) or [0, 2, 1, 3] of Y");
            if (from == Layout.Y && perm.equals(List.of(0L, 2L, 1L, 3L))) {
                return Layout.Y_TRANSPOSED;
            }
            if (from == Layout.SEQUENCE && perm.equals(List.of(1L, 0L, 2L))) {
                return Layout.SEQUENCE_BATCH_FIRST;
            }
            throw refuse(name + " has perm " + perm + " on " + from.shape + "; only [0, 2, 1, 3] (Y [T, D, B, H] → [T, B, D, H]) and "
                    + "[1, 0, 2] (batch first: the graph input [B, T, I], or the sequence [T, B, F] → [B, T, F]) are read");
        }

        private Layout reshape(ProtoReader n, String name, List<String> in, Layout from) throws InteropException {
            boolean states = from == Layout.FINAL_STATES && finalStates(name, in.get(0)) == 1;
            requireInput(name, in, from == Layout.Y_TRANSPOSED || from == Layout.SEQUENCE || states || from == Layout.OUTPUTS
                    || from == Layout.OUTPUT_ROWS, "a Reshape other than Y's directions merged, the sequence or the last state as rows, or "
                    + "the time-major read-out's outputs reshaped");
            Map<String, ProtoReader> a = attributes(n);
            if (a.containsKey("allowzero") && a.get("allowzero").varint(Onnx.ATTR_I, 0) != 0) {
                throw refuse(name + " has allowzero=1, under which its 0s are sizes, not copies; only allowzero=0 is read");
            }
            Constant shape = in.size() > 1 ? constants.get(in.get(1)) : null;
            double[] s = shape == null ? null : shape.values;
            String to = s == null ? "a shape that is not a constant" : Arrays.toString(s);
            Layer top = layers.get(layers.size() - 1);
            int features = top.directions() * top.hidden;
            if (from == Layout.Y_TRANSPOSED) {
                if (s == null || s.length != 3 || s[0] != 0 || s[1] != 0 || (s[2] != -1 && s[2] != features)) {
                    throw refuse(name + " reshapes to " + to + "; only [0, 0, -1] or [0, 0, " + features + "] is read");
                }
                return Layout.SEQUENCE;
            }
            if (from == Layout.OUTPUTS || from == Layout.OUTPUT_ROWS) {
                // Any shape keeps the row-major order of every step's outputs; the last size must stay O.
                if (s == null || (s.length != 2 && s.length != 3) || !sizes(s) || (s[s.length - 1] != outputs && s[s.length - 1] != -1)) {
                    throw refuse(name + " reshapes the read-out's outputs to " + to + "; only 2 or 3 sizes (positive, or one -1) ending in "
                            + outputs + " or -1 are read");
                }
                return s.length == 2 ? Layout.OUTPUT_ROWS : Layout.OUTPUTS;
            }
            // The sequence (or a last step) as rows of F features: [-1, F], or a fixed row count.
            if (s == null || s.length != 2 || !sizes(s) || (s[1] != features && !(s[1] == -1 && s[0] > 0))) {
                throw refuse(name + " reshapes " + from.shape + " to " + to + "; only [-1, " + features + "] or [n, " + features + "] (rows of "
                        + features + " features) is read");
            }
            return states ? Layout.LAST_STEP : Layout.ROWS;
        }

        /** {@return whether each size is positive or -1, with at most one -1} */
        private static boolean sizes(double[] s) {
            int inferred = 0;
            for (double d : s) {
                if (d == -1) {
                    inferred++;
                } else if (d < 1) {
                    return false;
                }
            }
            return inferred <= 1;
        }

        private Layout squeeze(ProtoReader n, String name, List<String> in, Layout from) throws InteropException {
            boolean single = from == Layout.Y && layers.get(layers.size() - 1).directions() == 1;
            boolean states = from == Layout.FINAL_STATES && finalStates(name, in.get(0)) == 1;
            requireInput(name, in, single || states || from == Layout.LAST_STEP_KEPT || from == Layout.LAST_STEP_KEPT_BATCH_FIRST,
                    "a Squeeze other than of a one-direction Y's direction axis or of a kept last step");
            List<Long> axes = axes(in.size() > 1 ? longs(in.get(1), name) : ints(n, "axes"), from == Layout.Y ? 4 : 3);
            if (single && axes.equals(List.of(1L))) {
                return Layout.SEQUENCE;
            }
            if ((states || from == Layout.LAST_STEP_KEPT) && axes.equals(List.of(0L))
                    || from == Layout.LAST_STEP_KEPT_BATCH_FIRST && axes.equals(List.of(1L))) {
                return Layout.LAST_STEP;
            }
            throw refuse(name + " squeezes axes " + axes + " of " + from.shape + "; only [1] of a forward or reverse layer's Y (its "
                    + "direction axis) "
                    + "and the kept step axis of a last step ([0] of [1, B, F], [1] of [B, 1, F]) are read");
        }

        /** {@return the axes, each negative one counted from the end of a tensor of the given rank} */
        private static List<Long> axes(List<Long> given, int rank) {
            List<Long> out = new ArrayList<>();
            for (long a : given) {
                out.add(a < 0 ? a + rank : a);
            }
            return out;
        }

        /** Reads out[-1] (time-major), out[:, -1] (batch first) or h_n[-1]: one scalar index along the time or layer axis. */
        private Layout gather(ProtoReader n, String name, List<String> in, Layout from) throws InteropException {
            int count = from == Layout.FINAL_STATES ? finalStates(name, in.get(0)) : 0;
            requireInput(name, in, from == Layout.SEQUENCE || from == Layout.SEQUENCE_BATCH_FIRST || from == Layout.FINAL_STATES,
                    "a Gather other than the last step (out[-1], out[:, -1], h_n[-1])");
            Map<String, ProtoReader> a = attributes(n);
            long axis = axes(List.of(a.containsKey("axis") ? a.get("axis").varint(Onnx.ATTR_I, 0) : 0L), 3).get(0);
            int time = from == Layout.SEQUENCE_BATCH_FIRST ? 1 : 0;
            if (axis != time) {
                throw refuse(name + " gathers along axis " + axis + " of " + from.shape + "; only axis " + time + " (the last step) is read");
            }
            Constant index = in.size() > 1 ? constants.get(in.get(1)) : null;
            if (index == null || index.dims.length != 0) {
                throw refuse(name + " gathers " + (index == null ? "indices that are not a constant" : "indices of shape "
                        + Arrays.toString(index.dims)) + "; only a scalar index -1 (the last step) is read");
            }
            long i = (long) index.values[0];
            if (i != -1 && !(count > 0 && i == count - 1)) {
                throw refuse(name + " gathers index " + i + " of " + from.shape + "; only -1 (the last step" + (count > 0 ? ", " + (count - 1)
                        + " for the top layer's final state" : "") + ") is read");
            }
            return Layout.LAST_STEP;
        }

        /** Reads out[-1:] or h_n[-1:] (as PyTorch writes out[-1] and h_n[-1] for opsets before 11): the last step, its axis kept. */
        private Layout slice(ProtoReader n, String name, List<String> in, Layout from) throws InteropException {
            if (from == Layout.FINAL_STATES) {
                finalStates(name, in.get(0));
            }
            requireInput(name, in, from == Layout.SEQUENCE || from == Layout.SEQUENCE_BATCH_FIRST || from == Layout.FINAL_STATES,
                    "a Slice other than the last step (out[-1:]) or a per-layer slice of a graph input holding the initial states");
            List<List<Long>> args = sliceArguments(n, name, in);
            List<Long> starts = args.get(0);
            List<Long> ends = args.get(1);
            List<Long> axes = args.get(2) == null ? List.of(0L) : args.get(2);
            List<Long> steps = args.get(3) == null ? List.of(1L) : args.get(3);
            long time = from == Layout.SEQUENCE_BATCH_FIRST ? 1 : 0;
            if (!starts.equals(List.of(-1L)) || ends.size() != 1 || ends.get(0) < Integer.MAX_VALUE || !axes(axes, 3).equals(List.of(time))
                    || !steps.equals(List.of(1L))) {
                throw refuse(name + " slices " + from.shape + " with starts " + starts + ", ends " + ends + ", axes " + axes + ", steps " + steps
                        + "; only the last step (starts [-1], ends [" + Integer.MAX_VALUE + "] or more, axes [" + time + "], steps [1]) is read");
            }
            return time == 1 ? Layout.LAST_STEP_KEPT_BATCH_FIRST : Layout.LAST_STEP_KEPT;
        }

        /** {@return a Slice's starts, ends, axes (null if absent) and steps (null if absent), from its inputs or (opset &lt; 10) attributes} */
        private List<List<Long>> sliceArguments(ProtoReader n, String name, List<String> in) throws InteropException {
            List<List<Long>> out = new ArrayList<>();
            if (in.size() > 1) {
                out.add(longs(in.get(1), name));
                out.add(in.size() > 2 && !in.get(2).isEmpty() ? longs(in.get(2), name) : List.of());
                out.add(in.size() > 3 && !in.get(3).isEmpty() ? longs(in.get(3), name) : null);
                out.add(in.size() > 4 && !in.get(4).isEmpty() ? longs(in.get(4), name) : null);
            } else {
                out.add(ints(n, "starts"));
                out.add(ints(n, "ends"));
                out.add(attributes(n).containsKey("axes") ? ints(n, "axes") : null);
                out.add(null);
            }
            return out;
        }

        /** Reads a Slice of a graph input holding initial states: one constant range [start, end) along axis 0, step 1. */
        private StateSlice stateSlice(ProtoReader n, String name, List<String> in) throws InteropException {
            List<List<Long>> a = sliceArguments(n, name, in);
            List<Long> axes = a.get(2) == null ? List.of(0L) : a.get(2);
            List<Long> steps = a.get(3) == null ? List.of(1L) : a.get(3);
            if (a.get(0).size() != 1 || a.get(1).size() != 1 || !axes.equals(List.of(0L)) || !steps.equals(List.of(1L)) || a.get(0).get(0) < 0
                    || a.get(1).get(0) <= a.get(0).get(0)) {
                throw refuse(name + " slices the graph input '" + in.get(0) + "' with starts " + a.get(0) + ", ends " + a.get(1) + ", axes "
                        + axes + ", steps " + steps + "; a graph input is read only as initial states, sliced per layer along axis 0 "
                        + "(non-negative starts [k·D], ends [(k+1)·D], step 1)");
            }
            return new StateSlice(in.get(0), a.get(0).get(0), a.get(1).get(0));
        }

        /** Y = A·B' + C with alpha = beta = 1 and transA = 0: the read-out of the sequence's rows or of its last step. */
        private Layout gemm(ProtoReader n, String name, List<String> in, Layout from) throws InteropException {
            requireInput(name, in, from == Layout.ROWS || from == Layout.LAST_STEP, "a Gemm read-out of anything but the sequence's rows or "
                    + "its last step");
            Map<String, ProtoReader> a = attributes(n);
            for (String key : a.keySet()) {
                if (!GEMM_ATTRIBUTES.contains(key)) {
                    throw refuse(name + " has attribute " + key + ", unknown to Gemm; refused rather than ignored");
                }
            }
            long transA = a.containsKey("transA") ? a.get("transA").varint(Onnx.ATTR_I, 0) : 0;
            long transB = a.containsKey("transB") ? a.get("transB").varint(Onnx.ATTR_I, 0) : 0;
            float alpha = a.containsKey("alpha") ? a.get("alpha").float32(Onnx.ATTR_F, 1f) : 1f;
            float beta = a.containsKey("beta") ? a.get("beta").float32(Onnx.ATTR_F, 1f) : 1f;
            if (transA != 0) {
                throw refuse(name + " has transA=" + transA + "; only transA=0 is read (A is the read-out's input " + from.shape + ")");
            }
            if (transB != 0 && transB != 1) {
                throw refuse(name + " has transB=" + transB + "; only 0 and 1 are read");
            }
            if (alpha != 1f) {
                throw refuse(name + " has alpha=" + alpha + "; only alpha=1 is read (weights scaled by alpha would not give the same numbers)");
            }
            v = readoutMatrix(name, in, transB == 1);
            if (in.size() > 2 && !in.get(2).isEmpty()) {
                // beta scales C alone: without C it changes nothing.
                if (beta != 1f) {
                    throw refuse(name + " has beta=" + beta + " and C; only beta=1 is read (a bias scaled by beta would not give the same "
                            + "numbers)");
                }
                c = readoutBias(name, in.get(2));
            }
            return readoutOf(from);
        }

        private static Layout readoutOf(Layout from) {
            return from == Layout.SEQUENCE ? Layout.OUTPUTS : from == Layout.SEQUENCE_BATCH_FIRST ? Layout.OUTPUTS_BATCH_FIRST
                    : from == Layout.ROWS ? Layout.OUTPUT_ROWS : Layout.LAST_OUTPUTS;
        }

        /** {@return rnn4j's V [O, F] from MatMul's or Gemm's B: [F, O], or [O, F] if transposed (Gemm's transB=1)} */
        private double[] readoutMatrix(String name, List<String> in, boolean transposed) throws InteropException {
            Layer top = layers.get(layers.size() - 1);
            int features = top.directions() * top.hidden;
            Constant m = in.size() > 1 ? constants.get(in.get(1)) : null;
            int f = transposed ? 1 : 0;
            if (m == null || m.dims.length != 2 || m.dims[f] != features || m.dims[1 - f] == 0) {
                throw refuse(name + " multiplies by " + (m == null ? "'" + (in.size() > 1 ? in.get(1) : "") + "', not an initializer or Constant"
                        : Arrays.toString(m.dims) + (transposed ? " transposed (transB=1)" : "")) + "; the read-out needs a constant "
                        + (transposed ? "[O, " + features + "] with transB=1" : "[" + features + ", O]"));
            }
            outputs = m.dim(1 - f);
            return transposed ? m.values : OnnxExport.transpose(m.values, features, outputs);
        }

        /** {@return the read-out bias from Add's or Gemm's constant [O] or [1, O]} */
        private double[] readoutBias(String name, String value) throws InteropException {
            Constant bias = constants.get(value);
            if (bias == null || bias.values.length != outputs || (bias.dims.length != 1 && !(bias.dims.length == 2 && bias.dims[0] == 1))) {
                throw refuse(name + " adds " + (bias == null ? "'" + value + "', not an initializer or Constant" : Arrays.toString(bias.dims))
                        + "; the read-out bias must be a constant [" + outputs + "] or [1, " + outputs + "]");
            }
            return bias.values;
        }

        /** {@return the ints attribute of this name, or an empty list} */
        private List<Long> ints(ProtoReader n, String attribute) throws InteropException {
            Map<String, ProtoReader> a = attributes(n);
            return a.containsKey(attribute) ? a.get(attribute).varints(Onnx.ATTR_INTS) : List.of();
        }

        private List<Long> longs(String constant, String name) throws InteropException {
            Constant k = constants.get(constant);
            if (k == null) {
                throw refuse(name + " takes '" + constant + "', which is not a constant");
            }
            List<Long> out = new ArrayList<>();
            for (double d : k.values) {
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
            int typed = type == Onnx.FLOAT ? Onnx.TENSOR_FLOAT_DATA : type == Onnx.DOUBLE ? Onnx.TENSOR_DOUBLE_DATA : Onnx.TENSOR_INT64_DATA;
            if (raw != null && t.has(typed)) {
                throw refuse(at + " has both raw_data and " + (type == Onnx.FLOAT ? "float_data" : type == Onnx.DOUBLE ? "double_data"
                        : "int64_data") + "; ONNX allows one, and which is meant is unknown");
            }
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
            Weights.requireFinite(what + ": " + at, values, dims);
            return new Constant(name, dims, values);
        }

        private Layer layer(ProtoReader n, String name, String op, List<String> in, List<String> out) throws InteropException {
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
            Direction way;
            switch (direction) {
                case "forward":
                    way = Direction.FORWARD;
                    break;
                case "reverse":
                    way = Direction.REVERSE;
                    break;
                case "bidirectional":
                    way = Direction.BIDIRECTIONAL;
                    break;
                default:
                    throw refuse(name + " has direction=" + direction + "; ONNX's directions are forward, reverse and bidirectional");
            }
            int dirs = way.count();
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
            StateSlice[] states = new StateSlice[2];
            for (int i = 5; i < Math.min(in.size(), cell == CellType.LSTM ? 8 : 6); i++) {
                String what = i == 5 ? "initial_h" : i == 6 ? "initial_c" : "P (peepholes)";
                if (i != 7 && (stateSlices.containsKey(in.get(i)) || runtimeInputs.contains(in.get(i)))) {
                    states[i - 5] = stateSlices.containsKey(in.get(i)) ? stateSlices.get(in.get(i)) : new StateSlice(in.get(i), 0, -1);
                    continue;
                }
                if (i != 7 && zeroStates.contains(in.get(i))) {
                    continue;
                }
                if (!in.get(i).isEmpty() && !runtimeInputs.contains(in.get(i))) {
                    Constant k = constants.get(in.get(i));
                    if (k == null) {
                        throw refuse(name + " takes " + what + " from '" + in.get(i) + "', computed in the graph and not known to be "
                                + "zeros (a ConstantOfShape of 0, or a Slice, Squeeze, Unsqueeze, Reshape or Expand of zeros); not read");
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
            layerStates.add(states);
            return new Layer(name, cell, activation, way, h, inputs, u, ww, b, bh, out.size() > 1 ? out.get(1) : "");
        }

        private Constant weight(List<String> in, int index, String role, String name, boolean required) throws InteropException {
            String value = index < in.size() ? in.get(index) : "";
            if (value.isEmpty()) {
                if (required) {
                    throw refuse(name + " has no " + role);
                }
                return null;
            }
            Constant k = constants.get(value);
            if (k == null && unfolded.containsKey(value)) {
                throw refuse(name + " takes " + role + " from '" + value + "', a " + unfolded.get(value) + " of constants; the constant folder "
                        + "evaluates only " + ConstantFolder.OPERATORS + " (re-export with do_constant_folding=True)");
            }
            if (k == null) {
                throw refuse(name + " takes " + role + " from '" + value + "', which is not an initializer or Constant");
            }
            return k;
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

        /** {@return whether value s is known to be all zeros: an all-zero constant, or one derived from zeros} */
        private boolean isZero(String s) {
            return zeroStates.contains(s) || allZero(constants.get(s));
        }

        /**
         * {@return whether a ConstantOfShape fills its output with zeros: its value is a one-element tensor 0, or absent
         *     (the operator's default, a float 0); a value of a type this reader does not decode counts as not zero}
         */
        private boolean fillsZeros(ProtoReader n) throws InteropException {
            Map<String, ProtoReader> a = attributes(n);
            ProtoReader value = a.containsKey("value") ? a.get("value").message(Onnx.ATTR_T, "value") : null;
            if (value == null) {
                return !a.containsKey("value");
            }
            int type = (int) value.varint(Onnx.TENSOR_DATA_TYPE, 0);
            if (type != Onnx.FLOAT && type != Onnx.DOUBLE && type != Onnx.INT64) {
                return false;
            }
            Constant c = tensor(value, "value of node '" + n.string(Onnx.NODE_NAME, "") + "'");
            return c.values.length == 1 && allZero(c);
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

        private Rnn build(Backend backend, DType dtype) throws InteropException {
            Layer first = layers.get(0);
            for (int k = 0; k < layers.size(); k++) {
                Layer l = layers.get(k);
                if (l.direction != first.direction) {
                    throw refuse(l.node + " has direction=" + l.direction.name().toLowerCase(Locale.ROOT) + " but " + first.node
                            + " has direction=" + first.direction.name().toLowerCase(Locale.ROOT) + "; every layer of an rnn4j network runs "
                            + "in one direction");
                }
                if (l.cell != first.cell || l.activation != first.activation || l.hidden != first.hidden) {
                    throw refuse(l.node + " is a " + l.cell + " (" + l.activation + ", H=" + l.hidden + ") but " + first.node + " is a "
                            + first.cell + " (" + first.activation + ", H=" + first.hidden + "); rnn4j stacks layers of one kind");
                }
                if (k > 0 && l.inputs != first.hidden * first.directions()) {
                    throw refuse(l.node + " reads " + l.inputs + " features but the layer below gives " + first.hidden * first.directions());
                }
            }
            Rnn.Builder bd = Rnn.builder().inputSize(first.inputs).hiddenSize(first.hidden).outputSize(outputs).cell(first.cell)
                    .layers(layers.size()).direction(first.direction).dtype(dtype).backend(backend);
            if (first.cell == CellType.ELMAN) {
                bd.activation(first.activation);
            }
            Rnn model = bd.build();
            for (int k = 0; k < layers.size(); k++) {
                Layer l = layers.get(k);
                for (int d = 0; d < l.directions(); d++) {
                    String q = model.layerPrefix(k, d);
                    model.parameter(q + "U").value().copyFrom(l.u[d]);
                    model.parameter(q + "W").value().copyFrom(l.w[d]);
                    model.parameter(q + "b").value().copyFrom(l.b[d]);
                    if (l.cell == CellType.GRU) {
                        model.parameter(q + "bh").value().copyFrom(l.bh[d]);
                    }
                }
            }
            model.readout().weights().value().copyFrom(v);
            model.readout().bias().value().copyFrom(c == null ? new double[outputs] : c);
            Weights.requireFinite(model, what);
            return model;
        }
    }
}
