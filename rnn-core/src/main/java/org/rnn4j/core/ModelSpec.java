package org.rnn4j.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.rnn4j.api.Activation;
import org.rnn4j.api.Cell;
import org.rnn4j.api.DType;
import org.rnn4j.core.cell.CellType;

/**
 * What a network is, as plain immutable data: cell, activation, dtype, the sizes I, H, O, the number of stacked
 * levels, the direction, the dropout between levels and the initialisation seed; and from these, the name and shape
 * of every parameter and the name of every state tensor, in the order the model's registry
 * ({@link Rnn#parameters()}, {@link Rnn#stateNames()}) lists them. {@link Rnn.Builder#spec}, {@link Checkpoint} and
 * rnn-interop's {@code Architecture} all read this one type, and every check of these settings lives here.
 * It holds no tensors and no backend, is not {@code java.io.Serializable}, and travels as text
 * ({@link #toText()}, {@link #parse(String)}).
 *
 * <h2>Parameter names and shapes</h2>
 * With g the cell's gate count (Elman 1, GRU 3, LSTM 4), D = {@link Direction#count()} and level k's input width
 * I<sub>k</sub> = I for k = 0 and H·D above, each recurrent layer (level k, direction d) has, under its
 * {@link #layerPrefix prefix} p:
 * <pre>
 * p U   gH × I_k     input weights of all gates
 * p W   gH × H       recurrent weights of all gates
 * p b   1 × gH       bias (b_x + b_h summed)
 * p bh  1 × gH       GRU only: the recurrent bias, kept apart (it sits inside r ⊙ (·))
 * </pre>
 * then the read-out {@code out.V} (O × H·D) and {@code out.c} (1 × O). A forward one-layer Elman network keeps the
 * tutorial's names {@code U, W, b, V, c}; every other network qualifies them: {@code l0.U, l0.W, l0.b, l1.U, …,
 * out.V, out.c}, and a layer that runs backwards in time (a bidirectional level's second, every layer of a
 * {@link Direction#REVERSE} network) is {@code l0r.U, …}. State names follow the same prefixes: {@code h}, or
 * {@code l0.h, l0.c, l0r.h, …}.
 *
 * <h2>Text form, version {@value #TEXT_VERSION}</h2>
 * One line of ASCII: a header, then space-separated {@code key=value} pairs.
 * <pre>
 * spec    := "rnn4j-spec/" version ( " " key "=" value )*
 * version := "1"
 * key     := cell | activation | dtype | input | hidden | output | layers | direction | dropout | seed
 *            (each exactly once, in any order; toText writes this order)
 * cell       elman | lstm | gru                        (CellType, lower case)
 * activation an Activation name, e.g. TANH, RELU       (TANH for LSTM and GRU)
 * dtype      FLOAT32 | FLOAT64
 * input, hidden, output, layers   decimal int ≥ 1 (layers ≤ {@value #MAX_LAYERS})
 * direction  forward | reverse | bidirectional         (Direction, lower case)
 * dropout    a Java double literal in [0, 1) (Double.toString; parse reads it back exactly)
 * seed       decimal long
 * </pre>
 * For example {@code rnn4j-spec/1 cell=lstm activation=TANH dtype=FLOAT64 input=3 hidden=5 output=2 layers=2
 * direction=bidirectional dropout=0.25 seed=42}. {@code parse(spec.toText())} equals {@code spec}; a reader of a later
 * version refuses an unknown version by number.
 */
public final class ModelSpec {
    /** The version of the text form {@link #toText()} writes and {@link #parse(String)} reads. */
    public static final int TEXT_VERSION = 1;
    /** The most weights a model may have (values and gradients must each fit in a Java array). */
    public static final long MAX_WEIGHTS = Integer.MAX_VALUE / 2;
    /** The most stacked levels a spec may have (its name lists grow with them; no trainable network comes near). */
    public static final int MAX_LAYERS = 1 << 16;
    private static final String HEADER = "rnn4j-spec/";
    private static final List<String> KEYS =
            List.of("cell", "activation", "dtype", "input", "hidden", "output", "layers", "direction", "dropout", "seed");

    private final CellType cell;
    private final Activation activation;
    private final DType dtype;
    private final int inputSize;
    private final int hiddenSize;
    private final int outputSize;
    private final int layers;
    private final Direction direction;
    private final double dropout;
    private final long seed;
    private final int gates;
    private final List<ParameterShape> parameters;
    private final List<String> stateNames;

    private ModelSpec(Builder b) {
        this.cell = b.cell;
        this.activation = b.activation;
        this.dtype = b.dtype;
        this.inputSize = b.inputSize;
        this.hiddenSize = b.hiddenSize;
        this.outputSize = b.outputSize;
        this.layers = b.layers;
        this.direction = b.direction;
        this.dropout = b.dropout + 0.0; // −0.0 becomes 0.0: one spec, one text form
        this.seed = b.seed;
        Cell c = cell.create(activation);
        this.gates = c.gates();
        List<ParameterShape> ps = new ArrayList<>();
        List<String> states = new ArrayList<>();
        int gh = gates * hiddenSize;
        int in = inputSize;
        for (int k = 0; k < layers; k++) {
            for (int d = 0; d < direction.count(); d++) {
                String p = layerPrefix(k, d);
                ps.add(new ParameterShape(p + "U", gh, in));
                ps.add(new ParameterShape(p + "W", gh, hiddenSize));
                ps.add(new ParameterShape(p + "b", 1, gh));
                if (c.separateRecurrentPath()) {
                    ps.add(new ParameterShape(p + "bh", 1, gh));
                }
                for (String s : c.stateNames()) {
                    states.add(p + s);
                }
            }
            in = hiddenSize * direction.count();
        }
        ps.add(new ParameterShape(readoutPrefix() + "V", outputSize, hiddenSize * direction.count()));
        ps.add(new ParameterShape(readoutPrefix() + "c", 1, outputSize));
        this.parameters = Collections.unmodifiableList(ps);
        this.stateNames = List.copyOf(states);
    }

    /**
     * Starts a spec. Required: {@link Builder#inputSize}, {@link Builder#hiddenSize}, {@link Builder#outputSize}.
     * Defaults: ELMAN, TANH, FLOAT32, one level, FORWARD, dropout 0, seed {@value Rnn#DEFAULT_SEED}.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return a builder holding every setting of this spec, to derive a changed copy} */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.cell = cell;
        b.activation = activation;
        b.dtype = dtype;
        b.inputSize = inputSize;
        b.hiddenSize = hiddenSize;
        b.outputSize = outputSize;
        b.layers = layers;
        b.direction = direction;
        b.dropout = dropout;
        b.seed = seed;
        return b;
    }

    /** {@return the cell of every recurrent layer} */
    public CellType cell() {
        return cell;
    }

    /** {@return the activation f of Elman cells (TANH for the gated cells, which do not use it)} */
    public Activation activation() {
        return activation;
    }

    /** {@return the element type of the model's tensors} */
    public DType dtype() {
        return dtype;
    }

    /** {@return I, the input features per step} */
    public int inputSize() {
        return inputSize;
    }

    /** {@return H, the hidden units of every recurrent layer} */
    public int hiddenSize() {
        return hiddenSize;
    }

    /** {@return O, the outputs per step} */
    public int outputSize() {
        return outputSize;
    }

    /** {@return the number of stacked levels (each of {@link #directions()} recurrent layers)} */
    public int layers() {
        return layers;
    }

    /** {@return which way in time the layers run} */
    public Direction direction() {
        return direction;
    }

    /** {@return the recurrent layers per level: 1, or 2 for BIDIRECTIONAL} */
    public int directions() {
        return direction.count();
    }

    /** {@return the dropout probability between levels in training, in [0, 1)} */
    public double dropout() {
        return dropout;
    }

    /** {@return the seed the parameters are initialised from} */
    public long seed() {
        return seed;
    }

    /** {@return g, the gate blocks of the cell (Elman 1, GRU 3, LSTM 4): U and W have g·H rows} */
    public int gates() {
        return gates;
    }

    /**
     * Returns the prefix of a recurrent layer's parameter and state names: {@code "l0."} for level 0's forward layer,
     * {@code "l0r."} for a layer that runs backwards in time, and {@code ""} for the one layer of a forward one-layer
     * Elman network, which keeps the tutorial's names.
     *
     * @param level the level, from 0 at the bottom
     * @param d the layer within the level, 0 to {@link #directions()} − 1
     * @return the prefix, e.g. {@code "l1r."}
     * @throws IllegalArgumentException if level or d is out of range
     */
    public String layerPrefix(int level, int d) {
        if (level < 0 || level >= layers || d < 0 || d >= directions()) {
            throw new IllegalArgumentException("layer (" + level + ", " + d + ") is outside a network of " + layers + " level(s) of "
                    + directions() + " layer(s)");
        }
        return plain() ? "" : "l" + level + (d == 1 || direction == Direction.REVERSE ? "r" : "") + ".";
    }

    /** {@return the prefix of the read-out's parameter names: {@code "out."}, or {@code ""} where {@link #layerPrefix} is} */
    public String readoutPrefix() {
        return plain() ? "" : "out.";
    }

    private boolean plain() {
        return cell == CellType.ELMAN && layers == 1 && direction == Direction.FORWARD;
    }

    /** {@return every parameter's qualified name and shape, in registry order: layer by layer (U, W, b[, bh]), then V, c} */
    public List<ParameterShape> parameters() {
        return parameters;
    }

    /** {@return every parameter's qualified name, in registry order (see {@link #parameters()})} */
    public List<String> parameterNames() {
        List<String> names = new ArrayList<>(parameters.size());
        for (ParameterShape p : parameters) {
            names.add(p.name());
        }
        return names;
    }

    /** {@return every state tensor's name (each B×H), in {@link State} order: {@code [h]}, {@code [l0.h, l0.c]}, …} */
    public List<String> stateNames() {
        return stateNames;
    }

    /** {@return the number of trainable values, the sum of rows·cols over {@link #parameters()}} */
    public long parameterCount() {
        long n = 0;
        for (ParameterShape p : parameters) {
            n += p.size();
        }
        return n;
    }

    /** {@return a phrase for messages, e.g. {@code "2-layer bidirectional LSTM (I=3, H=5, O=2)"}} */
    public String describe() {
        return layers + "-layer " + direction.qualifier() + cell + " (I=" + inputSize + ", H=" + hiddenSize + ", O=" + outputSize + ")";
    }

    /**
     * Writes the text form (see the class comment); {@link #parse} reads it back to an equal spec.
     *
     * @return one line, e.g. {@code rnn4j-spec/1 cell=elman activation=TANH dtype=FLOAT32 input=1 hidden=8 output=1
     *     layers=1 direction=forward dropout=0.0 seed=42}
     */
    public String toText() {
        return HEADER + TEXT_VERSION + " cell=" + cell.name().toLowerCase(Locale.ROOT) + " activation=" + activation.name()
                + " dtype=" + dtype.name() + " input=" + inputSize + " hidden=" + hiddenSize + " output=" + outputSize + " layers="
                + layers + " direction=" + direction.name().toLowerCase(Locale.ROOT) + " dropout=" + dropout + " seed=" + seed;
    }

    /**
     * Reads the text form {@link #toText()} writes (grammar in the class comment).
     *
     * @param text one line of text
     * @return the spec, validated as {@link Builder#build()} does
     * @throws IllegalArgumentException if text is null, has another header or version, lacks a key, repeats one, has one
     *     this version does not know, or a value does not parse or is out of range: the message names the key and value
     */
    public static ModelSpec parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("spec text is null");
        }
        String[] tokens = text.strip().split(" +");
        if (!tokens[0].startsWith(HEADER)) {
            throw new IllegalArgumentException("spec text must start with '" + HEADER + TEXT_VERSION + "', got '" + abbreviate(tokens[0])
                    + "'");
        }
        String version = tokens[0].substring(HEADER.length());
        if (!version.equals(Integer.toString(TEXT_VERSION))) {
            throw new IllegalArgumentException("spec text has version '" + abbreviate(version) + "'; this rnn4j reads version "
                    + TEXT_VERSION);
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 1; i < tokens.length; i++) {
            int eq = tokens[i].indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("spec text token " + i + " '" + abbreviate(tokens[i]) + "' is not key=value");
            }
            String key = tokens[i].substring(0, eq);
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException("spec text has unknown key '" + abbreviate(key) + "'; version " + TEXT_VERSION
                        + " has " + KEYS);
            }
            if (values.put(key, tokens[i].substring(eq + 1)) != null) {
                throw new IllegalArgumentException("spec text gives " + key + " twice");
            }
        }
        for (String key : KEYS) {
            if (!values.containsKey(key)) {
                throw new IllegalArgumentException("spec text lacks " + key + " (version " + TEXT_VERSION + " needs " + KEYS + ")");
            }
        }
        Builder b = builder();
        b.cell(CellType.ofKind(enumValue("cell", values, List.of("elman", "lstm", "gru"))));
        b.activation(Activation.valueOf(enumValue("activation", values, names(Activation.values()))));
        b.dtype(DType.valueOf(enumValue("dtype", values, names(DType.values()))));
        b.inputSize(intValue("input", values));
        b.hiddenSize(intValue("hidden", values));
        b.outputSize(intValue("output", values));
        b.layers(intValue("layers", values));
        b.direction(Direction.valueOf(enumValue("direction", values, List.of("forward", "reverse", "bidirectional"))
                .toUpperCase(Locale.ROOT)));
        String dropout = values.get("dropout");
        try {
            b.dropout(Double.parseDouble(dropout));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("spec text has dropout='" + abbreviate(dropout) + "', not a number");
        }
        String seed = values.get("seed");
        try {
            b.seed(Long.parseLong(seed));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("spec text has seed='" + abbreviate(seed) + "', not a decimal long");
        }
        return b.build();
    }

    private static List<String> names(Enum<?>[] values) {
        List<String> names = new ArrayList<>();
        for (Enum<?> v : values) {
            names.add(v.name());
        }
        return names;
    }

    private static String enumValue(String key, Map<String, String> values, List<String> allowed) {
        String v = values.get(key);
        if (!allowed.contains(v)) {
            throw new IllegalArgumentException("spec text has " + key + "='" + abbreviate(v) + "'; expected one of " + allowed);
        }
        return v;
    }

    private static int intValue(String key, Map<String, String> values) {
        String v = values.get(key);
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("spec text has " + key + "='" + abbreviate(v) + "', not a decimal int");
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }

    /** Two specs are equal when every setting is; dropout compares by its bits, as {@link Double#equals} does. */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ModelSpec)) {
            return false;
        }
        ModelSpec s = (ModelSpec) o;
        return cell == s.cell && activation == s.activation && dtype == s.dtype && inputSize == s.inputSize
                && hiddenSize == s.hiddenSize && outputSize == s.outputSize && layers == s.layers && direction == s.direction
                && Double.compare(dropout, s.dropout) == 0 && seed == s.seed;
    }

    @Override
    public int hashCode() {
        return Objects.hash(cell, activation, dtype, inputSize, hiddenSize, outputSize, layers, direction, dropout, seed);
    }

    /** {@return the text form, {@link #toText()}} */
    @Override
    public String toString() {
        return toText();
    }

    /**
     * A parameter's qualified name and shape, as {@link ModelSpec#parameters()} lists them.
     *
     * @param name the qualified name, e.g. {@code l0r.W}
     * @param rows its rows
     * @param cols its columns
     */
    public record ParameterShape(String name, int rows, int cols) {
        /** {@return rows·cols} */
        public long size() {
            return (long) rows * cols;
        }
    }

    /**
     * Collects the settings of a spec; {@link #build()} validates them all. Required: {@link #inputSize},
     * {@link #hiddenSize}, {@link #outputSize}; defaults as {@link ModelSpec#builder()} lists them.
     */
    public static final class Builder {
        private CellType cell = CellType.ELMAN;
        private Activation activation = Activation.TANH;
        private DType dtype = DType.FLOAT32;
        private int inputSize;
        private int hiddenSize;
        private int outputSize;
        private int layers = 1;
        private Direction direction = Direction.FORWARD;
        private double dropout;
        private long seed = Rnn.DEFAULT_SEED;

        private Builder() {
        }

        /**
         * Sets the cell of every layer.
         *
         * @param c ELMAN (default), LSTM or GRU
         * @return this builder
         */
        public Builder cell(CellType c) {
            this.cell = c;
            return this;
        }

        /**
         * Sets the activation f of an Elman cell.
         *
         * @param f the activation (default TANH); LSTM and GRU refuse any other
         * @return this builder
         */
        public Builder activation(Activation f) {
            this.activation = f;
            return this;
        }

        /**
         * Sets the element type.
         *
         * @param d FLOAT32 (default) or FLOAT64
         * @return this builder
         */
        public Builder dtype(DType d) {
            this.dtype = d;
            return this;
        }

        /**
         * Sets I.
         *
         * @param n input features per step (required, at least 1)
         * @return this builder
         */
        public Builder inputSize(int n) {
            this.inputSize = n;
            return this;
        }

        /**
         * Sets H.
         *
         * @param n hidden units of every layer (required, at least 1)
         * @return this builder
         */
        public Builder hiddenSize(int n) {
            this.hiddenSize = n;
            return this;
        }

        /**
         * Sets O.
         *
         * @param n outputs per step (required, at least 1)
         * @return this builder
         */
        public Builder outputSize(int n) {
            this.outputSize = n;
            return this;
        }

        /**
         * Sets the number of stacked levels.
         *
         * @param n levels (default 1, at least 1)
         * @return this builder
         */
        public Builder layers(int n) {
            this.layers = n;
            return this;
        }

        /**
         * Sets which way in time every layer runs.
         *
         * @param d FORWARD (default), REVERSE or BIDIRECTIONAL
         * @return this builder
         */
        public Builder direction(Direction d) {
            this.direction = d;
            return this;
        }

        /**
         * Sets the dropout between levels in training.
         *
         * @param p the probability, in [0, 1) (default 0)
         * @return this builder
         */
        public Builder dropout(double p) {
            this.dropout = p;
            return this;
        }

        /**
         * Sets the seed of every initializer and of the dropout masks.
         *
         * @param s the seed (default {@value Rnn#DEFAULT_SEED})
         * @return this builder
         */
        public Builder seed(long s) {
            this.seed = s;
            return this;
        }

        /**
         * Validates the settings and builds the spec.
         *
         * @return an immutable spec
         * @throws IllegalArgumentException naming the first bad setting and its value
         */
        public ModelSpec build() {
            Checks.requirePositive("inputSize", inputSize);
            Checks.requirePositive("hiddenSize", hiddenSize);
            Checks.requirePositive("outputSize", outputSize);
            Checks.requirePositive("layers", layers);
            if (layers > MAX_LAYERS) {
                throw new IllegalArgumentException("layers must be at most " + MAX_LAYERS + ", got " + layers);
            }
            if (!(dropout >= 0 && dropout < 1)) {
                throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
            }
            if (cell == null) {
                throw new IllegalArgumentException("cell is null");
            }
            if (direction == null) {
                throw new IllegalArgumentException("direction is null");
            }
            if (activation == null) {
                throw new IllegalArgumentException("activation is null");
            }
            if (cell != CellType.ELMAN && activation != Activation.TANH) {
                throw new IllegalArgumentException("activation " + activation + " applies to Elman cells only; a "
                        + cell + " cell uses sigmoid gates and tanh");
            }
            if (dtype == null) {
                throw new IllegalArgumentException("dtype is null");
            }
            long gH = (long) cell.create(activation).gates() * hiddenSize;
            int dirs = direction.count();
            long total = dirs * (gH * inputSize + gH * hiddenSize + (layers - 1L) * gH * ((dirs + 1L) * hiddenSize))
                    + (long) outputSize * hiddenSize * dirs;
            if (total > MAX_WEIGHTS) {
                throw new IllegalArgumentException("sizes I=" + inputSize + ", H=" + hiddenSize + ", O=" + outputSize + ", "
                        + layers + " " + cell + " layer(s) need " + total + " weights; at most " + MAX_WEIGHTS + " are supported");
            }
            return new ModelSpec(this);
        }
    }
}
