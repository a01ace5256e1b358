package org.rnn4j.interop;

import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.rnn4j.api.Activation;
import org.rnn4j.api.DType;
import org.rnn4j.core.Rnn;
import org.rnn4j.core.cell.CellType;
import org.rnn4j.spi.Backend;

/**
 * Reads a Keras {@code Sequential} model of recurrent layers, exactly or not at all: a Keras 3 {@code .keras}
 * archive (a zip of {@code config.json} and {@code model.weights.h5}) or a Keras 2 {@code .h5} file (root attribute
 * {@code model_config}, weights under {@code model_weights}), told apart by their first bytes.
 *
 * <p>What is read: {@code SimpleRNN} (activation tanh, relu, sigmoid or linear), {@code LSTM} and {@code GRU}
 * (activation tanh, recurrent_activation sigmoid; GRU with {@code reset_after=True}), each alone or wrapped in
 * {@code Bidirectional(merge_mode="concat")}, stacked (every layer but the last with {@code return_sequences=True};
 * all of one class, units, activation and direction), then at most one {@code Dense} with a linear activation, read
 * out at every step ({@code return_sequences=True}) or at the last step only; {@code InputLayer} and {@code Dropout}
 * (nothing at inference) may appear. Without a {@code Dense} the model gets the identity read-out V = I, c = 0, so its
 * outputs are the hidden states ({@link Imported#hiddenStates()}).
 *
 * <p>The mapping: a kernel (I × gH) and recurrent_kernel (H × gH) become U and W (gH × I, gH × H), transposed, with
 * the gate blocks put into rnn4j's order (LSTM i, f, c, o is rnn4j's i, f, g, o; GRU z, r, h becomes r, z, n); an
 * LSTM's or SimpleRNN's single bias is b; a GRU's bias (2, 3H) is b (input row) and bh (recurrent row), its
 * recurrent row inside r ⊙ (·) as in PyTorch's GRU. Dense's kernel (F × O) is Vᵀ, its bias c. A Bidirectional's
 * forward layer is direction 0, its backward layer direction 1, whose outputs Keras flips back to the input's order
 * before the concatenation, as rnn4j's bidirectional layer gives them.
 *
 * <p>Refused, naming the setting: other model classes (Functional, subclassed), other layers, {@code hard_sigmoid}
 * or any other gate activation (Keras 2's hard_sigmoid is clip(0.2·x + 0.5, 0, 1), Keras 3's clip(x/6 + 0.5, 0, 1):
 * neither is rnn4j's sigmoid), {@code reset_after=False} (Keras 2's older GRU, ONNX's {@code linear_before_reset=0}:
 * not rnn4j's GRU), {@code merge_mode} other than concat, a Bidirectional last layer without
 * {@code return_sequences} (its backward half is the state after the whole reversed sequence, which rnn4j's
 * last-step read-out does not read), {@code go_backwards} outside a Bidirectional, {@code return_state},
 * {@code stateful}, {@code time_major}, a Dense activation other than linear, and weights of other shapes or dtypes
 * than float32 and float64.
 *
 * <p>Keras takes its input batch first, (B, T, I): {@link Rnn#predict} takes one [T][I] array per sequence, as Keras's
 * {@code predict} takes the batch; {@link Rnn#forward} takes the same steps as time-major rows.
 */
public final class KerasImport {
    /** The largest {@code model.weights.h5} read from a {@code .keras} archive (and the largest {@code .h5} file). */
    public static final int MAX_WEIGHTS_BYTES = Integer.MAX_VALUE - 8;

    private static final byte[] ZIP_MAGIC = {'P', 'K', 3, 4};
    private static final byte[] HDF5_MAGIC = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
    private static final Map<String, String> SNAKE_CASE = Map.of("SimpleRNN", "simple_rnn", "LSTM", "lstm", "GRU", "gru",
            "Bidirectional", "bidirectional", "Dense", "dense", "Dropout", "dropout");
    private static final Set<String> RECURRENT = Set.of("SimpleRNN", "LSTM", "GRU");

    private KerasImport() {
    }

    /** A model read from Keras, and how its output corresponds to rnn4j's calls. */
    public static final class Imported {
        private final Rnn model;
        private final boolean lastStepOnly;
        private final boolean hiddenStates;
        private final int kerasVersion;

        Imported(Rnn model, boolean lastStepOnly, boolean hiddenStates, int kerasVersion) {
            this.model = model;
            this.lastStepOnly = lastStepOnly;
            this.hiddenStates = hiddenStates;
            this.kerasVersion = kerasVersion;
        }

        /** {@return the model, holding the file's weights} */
        public Rnn model() {
            return model;
        }

        /**
         * {@return whether the Keras model outputs each sequence's last step only, (B, O) (its last recurrent layer has
         *     {@code return_sequences=False}), which {@link Rnn#predict} returns; otherwise every step's, (B, T, O), which
         *     {@link Rnn#forward} gives as time-major rows}
         */
        public boolean lastStepOnly() {
            return lastStepOnly;
        }

        /** {@return whether the model has no Dense, so it was given the identity read-out and outputs its hidden states} */
        public boolean hiddenStates() {
            return hiddenStates;
        }

        /** {@return 3 for a {@code .keras} archive, 2 for a Keras 2 {@code .h5} file} */
        public int kerasVersion() {
            return kerasVersion;
        }
    }

    /**
     * Reads a Keras file.
     *
     * @param file a {@code .keras} or {@code .h5} file (not modified)
     * @param backend where the model's tensors live, or null for the default backend
     * @param dtype FLOAT32 or FLOAT64 (float32 and float64 weights convert)
     * @return a new model holding the file's weights
     * @throws InteropException if the file is malformed or holds something rnn4j cannot reproduce exactly, naming it
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException if file or dtype is null
     */
    public static Rnn load(Path file, Backend backend, DType dtype) throws IOException {
        return read(file, backend, dtype).model();
    }

    /**
     * Reads a Keras file and says how its output corresponds to the model's calls.
     *
     * @param file a {@code .keras} or {@code .h5} file (not modified)
     * @param backend where the model's tensors live, or null for the default backend
     * @param dtype FLOAT32 or FLOAT64
     * @return the model, whether it reads out the last step only, and whether it has a Dense read-out
     * @throws InteropException if the file is malformed or holds something rnn4j cannot reproduce exactly, naming it
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException if file or dtype is null
     */
    public static Imported read(Path file, Backend backend, DType dtype) throws IOException {
        if (file == null) {
            throw new IllegalArgumentException("file is null");
        }
        long size = Files.size(file);
        if (size > MAX_WEIGHTS_BYTES) {
            throw new InteropException("Keras file " + file + " has " + size + " bytes; at most " + MAX_WEIGHTS_BYTES + " are read");
        }
        return read(Files.readAllBytes(file), file.toString(), backend, dtype);
    }

    /**
     * Reads a Keras file held in memory.
     *
     * @param bytes (input, not modified) the file's bytes: a {@code .keras} zip or a Keras 2 HDF5 file
     * @param source where it came from, for messages
     * @param backend where the model's tensors live, or null for the default backend
     * @param dtype FLOAT32 or FLOAT64
     * @return the model, whether it reads out the last step only, and whether it has a Dense read-out
     * @throws InteropException if the bytes are malformed or hold something rnn4j cannot reproduce exactly, naming it
     * @throws IllegalArgumentException if bytes, source or dtype is null
     */
    public static Imported read(byte[] bytes, String source, Backend backend, DType dtype) throws InteropException {
        if (bytes == null || source == null || dtype == null) {
            throw new IllegalArgumentException("bytes, source and dtype must not be null");
        }
        String what = "Keras file " + source;
        if (startsWith(bytes, ZIP_MAGIC)) {
            return keras3(bytes, what, backend, dtype);
        }
        if (startsWith(bytes, HDF5_MAGIC)) {
            return keras2(bytes, what, backend, dtype);
        }
        throw new InteropException(what + " is neither a .keras archive (a zip) nor an HDF5 .h5 file: its first bytes are "
                + Arrays.toString(Arrays.copyOf(bytes, Math.min(8, bytes.length))));
    }

    private static boolean startsWith(byte[] bytes, byte[] magic) {
        return bytes.length >= magic.length && Arrays.equals(Arrays.copyOf(bytes, magic.length), magic);
    }

    /** One recurrent layer (or Bidirectional pair) or the Dense, as its config describes it, with where its weights are. */
    private record Layer(String kerasClass, String name, String path, CellType cell, Activation activation, boolean bidirectional,
            boolean returnSequences, boolean useBias, int units) {
        boolean dense() {
            return kerasClass.equals("Dense");
        }
    }

    private static Imported keras3(byte[] bytes, String what, Backend backend, DType dtype) throws InteropException {
        Map<String, byte[]> entries = unzip(bytes, what, Set.of("config.json", "model.weights.h5"));
        if (!entries.containsKey("config.json") || !entries.containsKey("model.weights.h5")) {
            throw new InteropException(what + " lacks " + (entries.containsKey("config.json") ? "model.weights.h5" : "config.json")
                    + "; a .keras archive holds config.json and model.weights.h5 (an npz weights file is not read)");
        }
        Object config = Json.parse(new String(entries.get("config.json"), StandardCharsets.UTF_8), what + " config.json");
        List<Layer> layers = layers(config, what, true);
        try (HdfFile h5 = HdfFile.fromBytes(entries.get("model.weights.h5"))) {
            WeightSource w = (layer, direction) -> {
                String base = "layers/" + layer.path + (layer.dense() ? "" : layer.bidirectional ? (direction == 0 ? "/forward_layer"
                        : "/backward_layer") + "/cell" : "/cell") + "/vars";
                int count = layer.useBias ? 3 : 2;
                if (layer.dense()) {
                    count = layer.useBias ? 2 : 1;
                }
                List<Dataset> out = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    out.add(dataset(h5, base + "/" + i, what + " model.weights.h5"));
                }
                return out;
            };
            return build(layers, w, what, backend, dtype, 3);
        } catch (RuntimeException ex) {
            throw new InteropException(what + ": model.weights.h5 is not a readable HDF5 file: " + ex.getMessage(), ex);
        }
    }

    private static Imported keras2(byte[] bytes, String what, Backend backend, DType dtype) throws InteropException {
        try (HdfFile h5 = HdfFile.fromBytes(bytes)) {
            String modelConfig = stringAttribute(h5, "model_config", what);
            if (modelConfig == null) {
                throw new InteropException(what + " has no model_config attribute: a weights-only .h5 (save_weights) holds no "
                        + "architecture; save the model with model.save(\"model.h5\")");
            }
            List<Layer> layers = layers(Json.parse(modelConfig, what + " model_config"), what, false);
            Node weights = h5.getChild("model_weights");
            if (!(weights instanceof Group)) {
                throw new InteropException(what + " has no model_weights group");
            }
            Group mw = (Group) weights;
            List<String> names = strings(mw, "layer_names", what + " model_weights");
            WeightSource w = (layer, direction) -> {
                if (!names.contains(layer.name)) {
                    throw new InteropException(what + ": layer '" + layer.name + "' of model_config is not in model_weights' layer_names "
                            + names);
                }
                Node g = mw.getChild(layer.name);
                if (!(g instanceof Group)) {
                    throw new InteropException(what + ": model_weights has no group '" + layer.name + "'");
                }
                List<String> weightNames = strings(g, "weight_names", what + " model_weights/" + layer.name);
                int per = layer.dense() ? (layer.useBias ? 2 : 1) : (layer.useBias ? 3 : 2);
                int dirs = layer.bidirectional ? 2 : 1;
                if (weightNames.size() != per * dirs) {
                    throw new InteropException(what + ": layer '" + layer.name + "' has weight_names " + weightNames + "; its config needs "
                            + per * dirs);
                }
                List<Dataset> out = new ArrayList<>();
                for (String n : weightNames.subList(direction * per, (direction + 1) * per)) {
                    out.add(dataset((Group) g, n, what + " model_weights/" + layer.name));
                }
                return out;
            };
            return build(layers, w, what, backend, dtype, 2);
        } catch (RuntimeException ex) {
            throw new InteropException(what + " is not a readable HDF5 file: " + ex.getMessage(), ex);
        }
    }

    /** Where a layer's weights are: kernel, recurrent_kernel, bias (if any) of one direction, or a Dense's kernel, bias. */
    private interface WeightSource {
        List<Dataset> of(Layer layer, int direction) throws InteropException;
    }

    private static Dataset dataset(Group g, String path, String where) throws InteropException {
        Node n;
        try {
            n = g.getByPath(path);
        } catch (RuntimeException ex) {
            n = null;
        }
        if (!(n instanceof Dataset)) {
            throw new InteropException(where + " has no dataset '" + path + "'");
        }
        return (Dataset) n;
    }

    private static String stringAttribute(Node n, String name, String what) throws InteropException {
        Attribute a = n.getAttribute(name);
        if (a == null) {
            return null;
        }
        Object data = a.getData();
        if (data instanceof String) {
            return (String) data;
        }
        if (data instanceof String[] && ((String[]) data).length == 1) {
            return ((String[]) data)[0];
        }
        throw new InteropException(what + " has attribute " + name + " of type " + a.getJavaType() + "; a string was expected");
    }

    /** A list-of-strings attribute, or (as Keras 2 writes one too large for an object header) name0, name1, ... joined. */
    private static List<String> strings(Node n, String name, String what) throws InteropException {
        List<String> out = new ArrayList<>();
        if (n.getAttribute(name) == null) {
            for (int i = 0; n.getAttribute(name + i) != null; i++) {
                out.addAll(stringArray(n.getAttribute(name + i), name + i, what));
            }
            if (out.isEmpty()) {
                throw new InteropException(what + " has no attribute " + name);
            }
            return out;
        }
        return stringArray(n.getAttribute(name), name, what);
    }

    private static List<String> stringArray(Attribute a, String name, String what) throws InteropException {
        Object data = a.getData();
        if (data instanceof String[]) {
            return List.of((String[]) data);
        }
        if (data instanceof String) {
            return List.of((String) data);
        }
        throw new InteropException(what + " has attribute " + name + " of type " + a.getJavaType() + "; strings were expected");
    }

    private static Map<String, byte[]> unzip(byte[] bytes, String what, Set<String> wanted) throws InteropException {
        Map<String, byte[]> out = new HashMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(bytes))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                if (!wanted.contains(e.getName())) {
                    continue;
                }
                if (out.containsKey(e.getName())) {
                    throw new InteropException(what + " holds " + e.getName() + " twice");
                }
                out.put(e.getName(), readBounded(zip, what + " " + e.getName()));
            }
        } catch (InteropException ex) {
            throw ex;
        } catch (IOException | RuntimeException ex) {
            throw new InteropException(what + " is not a readable zip archive: " + ex.getMessage(), ex);
        }
        return out;
    }

    /** Reads an entry, stopping at {@link #MAX_WEIGHTS_BYTES} rather than running out of memory on a zip bomb. */
    private static byte[] readBounded(InputStream in, String what) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[65536];
        long total = 0;
        for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
            total += n;
            if (total > MAX_WEIGHTS_BYTES) {
                throw new InteropException(what + " inflates to more than " + MAX_WEIGHTS_BYTES + " bytes; not read");
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    // ---- the config ----

    /** {@return the model's recurrent layers and (last, if any) its Dense, from a Sequential config} */
    private static List<Layer> layers(Object root, String what, boolean keras3) throws InteropException {
        Map<?, ?> model = object(root, what + ": the model config");
        String cls = string(model, "class_name", what + ": the model config");
        if (!cls.equals("Sequential")) {
            throw new InteropException(what + " holds a " + cls + " model; only Sequential models (a stack of layers) are read");
        }
        Map<?, ?> config = object(model.get("config"), what + ": the Sequential's config");
        Object list = config.get("layers");
        if (!(list instanceof List)) {
            throw new InteropException(what + ": the Sequential's config has no list of layers");
        }
        List<Layer> out = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (Object o : (List<?>) list) {
            Map<?, ?> layer = object(o, what + ": a layer");
            String kind = string(layer, "class_name", what + ": a layer");
            Map<?, ?> c = object(layer.get("config"), what + ": the config of a " + kind);
            String name = c.get("name") instanceof String ? (String) c.get("name") : kind;
            String at = what + ": layer '" + name + "' (" + kind + ")";
            if (kind.equals("InputLayer")) {
                continue;               // Keras 3's Sequential.layers omits it, so it takes no weights path
            }
            String snake = SNAKE_CASE.get(kind);
            if (snake == null) {
                throw new InteropException(at + " is not read: rnn4j imports SimpleRNN, LSTM, GRU, Bidirectional of one of them, a "
                        + "Dense read-out, InputLayer and Dropout");
            }
            // Keras 3 names a Sequential's layers in model.weights.h5 by class, counted per class: lstm, lstm_1, ...
            int n = seen.merge(snake, 1, Integer::sum) - 1;
            String path = n == 0 ? snake : snake + "_" + n;
            if (kind.equals("Dropout")) {
                continue;               // the identity at inference
            }
            if (!out.isEmpty() && out.get(out.size() - 1).dense()) {
                throw new InteropException(at + " follows the Dense read-out; rnn4j's models end in one Dense");
            }
            if (kind.equals("Dense")) {
                String activation = activationName(c.get("activation"), at);
                if (activation != null && !activation.equals("linear")) {
                    throw new InteropException(at + " has activation=" + activation + "; rnn4j's read-out is linear (apply "
                            + activation + " to the outputs)");
                }
                if (out.isEmpty()) {
                    throw new InteropException(at + " comes before any recurrent layer; not read");
                }
                out.add(new Layer(kind, name, path, null, null, false, true, flag(c, "use_bias", true, at), positive(c, "units", at)));
                continue;
            }
            boolean bi = kind.equals("Bidirectional");
            Map<?, ?> inner = c;
            String innerKind = kind;
            if (bi) {
                Object mode = c.containsKey("merge_mode") ? c.get("merge_mode") : "concat";
                if (!"concat".equals(mode)) {
                    throw new InteropException(at + " has merge_mode=" + mode + "; only concat ([forward, backward] features, as "
                            + "rnn4j's bidirectional layer gives them) is read");
                }
                Map<?, ?> wrapped = object(c.get("layer"), at + ": its wrapped layer");
                innerKind = string(wrapped, "class_name", at + ": its wrapped layer");
                inner = object(wrapped.get("config"), at + ": its wrapped layer's config");
                if (c.get("backward_layer") != null) {
                    backwardMatches(inner, object(object(c.get("backward_layer"), at).get("config"), at + ": backward_layer's config"),
                            innerKind, string(object(c.get("backward_layer"), at), "class_name", at), at);
                }
                at = at + " wrapping a " + innerKind;
            }
            if (!RECURRENT.contains(innerKind)) {
                throw new InteropException(at + " is not read: a Bidirectional of SimpleRNN, LSTM or GRU is");
            }
            out.add(recurrent(innerKind, name, path, bi, inner, at, keras3));
        }
        if (out.isEmpty()) {
            throw new InteropException(what + " has no recurrent layer");
        }
        return out;
    }

    private static void backwardMatches(Map<?, ?> forward, Map<?, ?> backward, String forwardKind, String backwardKind, String at)
            throws InteropException {
        if (!forwardKind.equals(backwardKind)) {
            throw new InteropException(at + " has a " + forwardKind + " forward and a " + backwardKind + " backward layer; rnn4j's "
                    + "bidirectional layer runs one cell both ways");
        }
        for (String key : List.of("units", "activation", "recurrent_activation", "use_bias", "reset_after", "return_sequences")) {
            if (!Objects.equals(forward.get(key), backward.get(key))) {
                throw new InteropException(at + " has forward " + key + "=" + forward.get(key) + " but backward " + key + "="
                        + backward.get(key) + "; rnn4j's bidirectional layer runs one cell both ways");
            }
        }
    }

    private static Layer recurrent(String kind, String name, String path, boolean bi, Map<?, ?> c, String at, boolean keras3)
            throws InteropException {
        if (flag(c, "return_state", false, at)) {
            throw new InteropException(at + " has return_state=True; a Sequential of rnn4j's layers returns the outputs only");
        }
        if (flag(c, "stateful", false, at)) {
            throw new InteropException(at + " has stateful=True (state carried across batches); not read: pass states to rnn4j's "
                    + "forward or use its Stepper instead");
        }
        if (!bi && flag(c, "go_backwards", false, at)) {
            throw new InteropException(at + " has go_backwards=True outside a Bidirectional (its outputs come in reversed order); "
                    + "not read");
        }
        if (flag(c, "time_major", false, at)) {
            throw new InteropException(at + " has time_major=True; only batch-first Keras layers are read");
        }
        String activation = activationName(c.get("activation"), at);
        activation = activation == null ? "tanh" : activation;
        CellType cell = kind.equals("LSTM") ? CellType.LSTM : kind.equals("GRU") ? CellType.GRU : CellType.ELMAN;
        Activation f;
        if (cell == CellType.ELMAN) {
            switch (activation) {
                case "tanh":
                    f = Activation.TANH;
                    break;
                case "relu":
                    f = Activation.RELU;
                    break;
                case "sigmoid":
                    f = Activation.SIGMOID;
                    break;
                case "linear":
                    f = Activation.IDENTITY;
                    break;
                default:
                    throw new InteropException(at + " has activation=" + activation + "; rnn4j's Elman cell reads tanh, relu, sigmoid "
                            + "and linear");
            }
        } else {
            if (!activation.equals("tanh")) {
                throw new InteropException(at + " has activation=" + activation + "; rnn4j's " + cell + " uses tanh");
            }
            String gate = activationName(c.get("recurrent_activation"), at);
            gate = gate == null ? "sigmoid" : gate;
            if (gate.equals("hard_sigmoid")) {
                throw new InteropException(at + " has recurrent_activation=hard_sigmoid (Keras 2: clip(0.2·x + 0.5, 0, 1); Keras 3: "
                        + "clip(x/6 + 0.5, 0, 1)), a piecewise-linear gate that is not rnn4j's sigmoid; retrain with sigmoid");
            }
            if (!gate.equals("sigmoid")) {
                throw new InteropException(at + " has recurrent_activation=" + gate + "; rnn4j's " + cell + " gates are sigmoid");
            }
            f = Activation.TANH;
            if (cell == CellType.GRU && !flag(c, "reset_after", keras3, at)) {
                throw new InteropException(at + " has reset_after=False: a GRU that resets before the recurrent product (ONNX's "
                        + "linear_before_reset=0), which differs from rnn4j's (PyTorch's) GRU, reset_after=True; retrain with "
                        + "reset_after=True");
            }
        }
        boolean sequences = flag(c, "return_sequences", false, at);
        return new Layer(kind, name, path, cell, f, bi, sequences, flag(c, "use_bias", true, at), positive(c, "units", at));
    }

    /** {@return a Keras activation's name: a string, or a serialized function {"config": name}; null if absent} */
    private static String activationName(Object a, String at) throws InteropException {
        if (a == null || a instanceof String) {
            return (String) a;
        }
        if (a instanceof Map && ((Map<?, ?>) a).get("config") instanceof String) {
            return (String) ((Map<?, ?>) a).get("config");
        }
        throw new InteropException(at + " has an activation " + a + " that is not a built-in's name; not read");
    }

    private static Map<?, ?> object(Object o, String what) throws InteropException {
        if (!(o instanceof Map)) {
            throw new InteropException(what + " is not a JSON object");
        }
        return (Map<?, ?>) o;
    }

    private static String string(Map<?, ?> m, String key, String what) throws InteropException {
        if (!(m.get(key) instanceof String)) {
            throw new InteropException(what + " has no string " + key);
        }
        return (String) m.get(key);
    }

    private static boolean flag(Map<?, ?> m, String key, boolean absent, String at) throws InteropException {
        Object v = m.get(key);
        if (v == null) {
            return absent;
        }
        if (!(v instanceof Boolean)) {
            throw new InteropException(at + " has " + key + "=" + v + "; true or false was expected");
        }
        return (Boolean) v;
    }

    private static int positive(Map<?, ?> m, String key, String at) throws InteropException {
        Object v = m.get(key);
        try {
            int n = ((BigDecimal) v).intValueExact();
            if (n >= 1) {
                return n;
            }
        } catch (ClassCastException | NullPointerException | ArithmeticException ex) {
            // refused below
        }
        throw new InteropException(at + " has " + key + "=" + v + "; a positive integer was expected");
    }

    // ---- the model ----

    private static Imported build(List<Layer> layers, WeightSource weights, String what, Backend backend, DType dtype, int version)
            throws InteropException {
        boolean hasDense = layers.get(layers.size() - 1).dense();
        List<Layer> recurrent = hasDense ? layers.subList(0, layers.size() - 1) : layers;
        Layer first = recurrent.get(0);
        Layer top = recurrent.get(recurrent.size() - 1);
        for (int k = 0; k < recurrent.size(); k++) {
            Layer l = recurrent.get(k);
            if (l.cell != first.cell || l.activation != first.activation || l.units != first.units || l.bidirectional != first.bidirectional) {
                throw new InteropException(what + ": layer '" + l.name + "' is a " + describe(l) + " but layer '" + first.name + "' is a "
                        + describe(first) + "; rnn4j stacks layers of one cell, activation, size and direction");
            }
            if (k < recurrent.size() - 1 && !l.returnSequences) {
                throw new InteropException(what + ": layer '" + l.name + "' has return_sequences=False but layer '"
                        + recurrent.get(k + 1).name + "' follows it; a stack's inner layers return sequences");
            }
        }
        if (top.bidirectional && !top.returnSequences) {
            throw new InteropException(what + ": layer '" + top.name + "' is a Bidirectional with return_sequences=False, whose "
                    + "backward half is the state after the whole reversed sequence; rnn4j's last-step read-out reads both directions at "
                    + "the last step (use return_sequences=True and read the last step)");
        }
        int h = first.units;
        int dirs = first.bidirectional ? 2 : 1;
        int g = first.cell == CellType.LSTM ? 4 : first.cell == CellType.GRU ? 3 : 1;
        List<double[][]> read = new ArrayList<>();    // per layer and direction: U, W, b, bh
        int inputs = -1;
        for (int k = 0; k < recurrent.size(); k++) {
            Layer l = recurrent.get(k);
            for (int d = 0; d < dirs; d++) {
                List<Dataset> w = weights.of(l, d);
                String at = what + ": layer '" + l.name + "'" + (dirs == 2 ? (d == 0 ? " forward" : " backward") : "");
                int in = k == 0 ? shapeOf(w.get(0), at + " kernel")[0] : h * dirs;
                if (k == 0 && d == 0) {
                    inputs = in;
                }
                double[] kernel = values(w.get(0), at + " kernel", in, g * h);
                double[] recurrentKernel = values(w.get(1), at + " recurrent_kernel", h, g * h);
                double[] bias = l.useBias ? (l.cell == CellType.GRU ? values(w.get(2), at + " bias", 2, g * h) : values(w.get(2), at
                        + " bias", g * h)) : new double[(l.cell == CellType.GRU ? 2 : 1) * g * h];
                int[] blocks = l.cell == CellType.GRU ? new int[] {1, 0, 2} : identity(g);
                double[] b = permuted(bias, 0, blocks, h);
                double[] bh = l.cell == CellType.GRU ? permuted(bias, g * h, blocks, h) : null;
                read.add(new double[][] {transposed(kernel, in, blocks, h), transposed(recurrentKernel, h, blocks, h), b, bh});
            }
        }
        int features = h * dirs;
        int outputs = features;
        double[] v;
        double[] c;
        if (hasDense) {
            Layer dense = layers.get(layers.size() - 1);
            List<Dataset> w = weights.of(dense, 0);
            outputs = dense.units;
            v = transposed(values(w.get(0), what + ": layer '" + dense.name + "' kernel", features, outputs), features, new int[] {0},
                    outputs);
            c = dense.useBias ? values(w.get(1), what + ": layer '" + dense.name + "' bias", outputs) : new double[outputs];
        } else {
            v = new double[features * features];
            for (int i = 0; i < features; i++) {
                v[i * features + i] = 1;
            }
            c = new double[features];
        }
        Rnn.Builder bd = Rnn.builder().inputSize(inputs).hiddenSize(h).outputSize(outputs).cell(first.cell).layers(recurrent.size())
                .bidirectional(dirs == 2).dtype(dtype).backend(backend);
        if (first.cell == CellType.ELMAN) {
            bd.activation(first.activation);
        }
        Rnn model = bd.build();
        for (int k = 0; k < recurrent.size(); k++) {
            for (int d = 0; d < dirs; d++) {
                double[][] p = read.get(k * dirs + d);
                String q = model.layerPrefix(k, d);
                model.parameter(q + "U").value().copyFrom(p[0]);
                model.parameter(q + "W").value().copyFrom(p[1]);
                model.parameter(q + "b").value().copyFrom(p[2]);
                if (p[3] != null) {
                    model.parameter(q + "bh").value().copyFrom(p[3]);
                }
            }
        }
        model.readout().weights().value().copyFrom(v);
        model.readout().bias().value().copyFrom(c);
        Weights.requireFinite(model, what);
        return new Imported(model, !top.returnSequences, !hasDense, version);
    }

    private static String describe(Layer l) {
        return (l.bidirectional ? "Bidirectional " : "") + l.kerasClass + "(" + l.units + (l.cell == CellType.ELMAN ? ", " + l.activation
                : "") + ")";
    }

    private static int[] identity(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }

    private static int[] shapeOf(Dataset d, String what) throws InteropException {
        int[] dims = d.getDimensions();
        if (dims.length != 2) {
            throw new InteropException(what + " has shape " + Arrays.toString(dims) + "; a matrix was expected");
        }
        return dims;
    }

    /** {@return the dataset's values row-major, after checking its shape and that it is float32 or float64} */
    private static double[] values(Dataset d, String what, int... shape) throws InteropException {
        if (!Arrays.equals(d.getDimensions(), shape)) {
            throw new InteropException(what + " has shape " + Arrays.toString(d.getDimensions()) + "; the config needs "
                    + Arrays.toString(shape));
        }
        Class<?> type = d.getJavaType();
        if (type != float.class && type != double.class) {
            throw new InteropException(what + " holds " + type + " values; float32 and float64 are read");
        }
        Object flat = d.getDataFlat();
        double[] out;
        if (flat instanceof float[]) {
            float[] f = (float[]) flat;
            out = new double[f.length];
            for (int i = 0; i < f.length; i++) {
                out[i] = f[i];
            }
        } else {
            out = ((double[]) flat).clone();
        }
        Weights.requireFinite(what, out, Arrays.stream(shape).asLongStream().toArray());
        return out;
    }

    /** {@return rnn4j's (gH × rows) matrix from Keras's (rows × gH), rnn4j's block j taken from Keras's block blocks[j] of h columns} */
    private static double[] transposed(double[] m, int rows, int[] blocks, int h) {
        int cols = blocks.length * h;
        double[] out = new double[cols * rows];
        for (int j = 0; j < blocks.length; j++) {
            for (int u = 0; u < h; u++) {
                int from = blocks[j] * h + u;
                for (int r = 0; r < rows; r++) {
                    out[(j * h + u) * rows + r] = m[r * cols + from];
                }
            }
        }
        return out;
    }

    /** {@return the gH values from offset, rnn4j's block j taken from Keras's block blocks[j]} */
    private static double[] permuted(double[] bias, int offset, int[] blocks, int h) {
        double[] out = new double[blocks.length * h];
        for (int j = 0; j < blocks.length; j++) {
            System.arraycopy(bias, offset + blocks[j] * h, out, j * h, h);
        }
        return out;
    }
}
