package org.rnn4j.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.rnn4j.api.Activation;
import org.rnn4j.api.Cell;
import org.rnn4j.api.DType;
import org.rnn4j.api.Parameter;
import org.rnn4j.api.Tensor;
import org.rnn4j.core.cell.CellType;
import org.rnn4j.core.layer.Readout;
import org.rnn4j.core.layer.RecurrentLayer;
import org.rnn4j.core.layer.Stack;
import org.rnn4j.spi.Backend;
import org.rnn4j.spi.Backends;

/**
 * A recurrent network: one or more stacked recurrent layers of one cell type and a linear read-out.
 * For the Elman cell (Elman, 1990), one layer:
 * <pre>
 * a_t = U·x_t + W·h_{t-1} + b      U: H×I (input → hidden)     b: 1×H
 * h_t = f(a_t)                     W: H×H (hidden → hidden)    f: the activation
 * y_t = V·h_t + c                  V: O×H (hidden → output)    c: 1×O
 * </pre>
 * The same U, W, b, V, c at every step. LSTM and GRU cells ({@link CellType}) compute g gate blocks
 * with U: gH×I and W: gH×H; see their classes for the equations. Layer k+1 reads layer k's h
 * sequence; the read-out reads the top layer's. Batch-major in code: {@code X_t} is B×I,
 * {@code H_t} B×H, {@code Y_t} B×O; sequences are time-major (T·B)×n, row t·B + b.
 *
 * <h2>Parameter names</h2>
 * A forward one-layer Elman network keeps the tutorial's names {@code U, W, b, V, c}. Every other network
 * qualifies them by layer: {@code l0.U, l0.W, l0.b} (and {@code l0.bh}, the GRU's recurrent bias),
 * {@code l1.U}, …, and {@code out.V, out.c}; a layer that runs backwards in time (the second of a
 * bidirectional level, every layer of a {@link Direction#REVERSE} network) is {@code l0r.U}, … .
 * {@link #parameters()} lists them in that order, layer by layer, then the read-out: the order
 * optimizers, clipping and checkpoints walk ({@link #layerPrefix} gives a layer's prefix). {@link ModelSpec} defines
 * these names and shapes; {@link #spec()} is this network's.
 *
 * <p>Build one with {@link #builder()} (or {@code builder().spec(spec)} from a {@link ModelSpec}); compute losses and gradients with {@link #bptt()}; run
 * inference with {@link #forward} or step by step with {@link #stepper}. Not thread-safe.
 */
public final class Rnn {
    /** Default seed, so that two models built without one are identical. */
    public static final long DEFAULT_SEED = 42L;

    private final Backend backend;
    private final ModelSpec spec;
    private final List<RecurrentLayer> layers;
    private final Readout readout;
    private final List<Parameter> parameters;
    private final Stack stack;
    private final boolean replica;
    final UseGuard guard = new UseGuard();
    private Bptt bptt;
    /** The window buffers of the last inference of a network that cannot stream, kept for the next call of its shape. */
    private Stack.Workspace inference;

    private Rnn(Builder bd, ModelSpec spec) {
        this.backend = bd.backend != null ? bd.backend : Backends.get();
        this.spec = spec;
        int directions = spec.directions();
        // One generator, drawn in a fixed order, so a seed fixes every parameter.
        SplittableRandom random = new SplittableRandom(spec.seed());
        List<RecurrentLayer> ls = new ArrayList<>();
        List<Parameter> ps = new ArrayList<>();
        int in = spec.inputSize();
        int hidden = spec.hiddenSize();
        for (int k = 0; k < spec.layers(); k++) {
            for (int d = 0; d < directions; d++) {
                Cell cell = spec.cell().create(spec.activation());
                int gh = cell.gates() * hidden;
                String p = spec.layerPrefix(k, d);
                Parameter u = parameter(p + "U", gh, in, bd.inputInit, random, bd.initialize);
                Parameter w = parameter(p + "W", gh, hidden, bd.recurrentInit, random, bd.initialize);
                Parameter b = parameter(p + "b", 1, gh, Initializer.zeros(), random, bd.initialize);
                Parameter bh = cell.separateRecurrentPath() ? parameter(p + "bh", 1, gh, Initializer.zeros(), random, bd.initialize) : null;
                RecurrentLayer layer = new RecurrentLayer(cell, u, w, b, bh);
                ls.add(layer);
                ps.addAll(layer.parameters());
            }
            in = hidden * directions;
        }
        String o = spec.readoutPrefix();
        Parameter v = parameter(o + "V", spec.outputSize(), hidden * directions, bd.outputInit, random, bd.initialize);
        Parameter c = parameter(o + "c", 1, spec.outputSize(), Initializer.zeros(), random, bd.initialize);
        ps.add(v);
        ps.add(c);
        this.layers = Collections.unmodifiableList(ls);
        this.readout = new Readout(v, c);
        this.parameters = Collections.unmodifiableList(ps);
        this.stack = stack(this.layers, spec);
        this.replica = false;
    }

    /** Dropout masks are drawn from the model's seed, scrambled so that they do not repeat the initializers' draws. */
    private static Stack stack(List<RecurrentLayer> layers, ModelSpec spec) {
        Direction d = spec.direction();
        return new Stack(layers, d != Direction.REVERSE, d != Direction.FORWARD, spec.dropout(), spec.seed() ^ 0x5DEECE66DL);
    }

    /** A replica: the original's parameters (shared, read only), its own cells and guard. */
    private Rnn(Rnn original) {
        this.backend = original.backend;
        this.spec = original.spec;
        List<RecurrentLayer> ls = new ArrayList<>();
        for (RecurrentLayer l : original.layers) {
            List<Parameter> p = l.parameters();
            ls.add(new RecurrentLayer(spec.cell().create(spec.activation()), p.get(0), p.get(1), p.get(2), p.size() > 3 ? p.get(3) : null));
        }
        this.layers = Collections.unmodifiableList(ls);
        this.readout = new Readout(original.readout.weights(), original.readout.bias());
        this.parameters = original.parameters;
        this.stack = stack(this.layers, spec);
        this.replica = true;
        guard.watch(parameters);
    }

    /**
     * Creates a replica for serving predictions from another thread: it shares this model's
     * parameter tensors (no copy, so it sees every later update) and has its own cells and working
     * memory, so each thread can run {@link #forward} or a {@link #stepper} on its own replica while
     * others run theirs. A replica cannot be trained ({@link #bptt()} refuses); do not train the
     * original while replicas run: a replica's call that overlaps an update of the parameters
     * ({@link Parameter#version()}) throws a {@link java.util.ConcurrentModificationException} rather
     * than return an output of mixed weights. Reading one tensor from several threads is safe on every backend.
     *
     * @return a new replica
     */
    public Rnn replica() {
        return new Rnn(this);
    }

    private Parameter parameter(String name, int rows, int cols, Initializer init, SplittableRandom random, boolean initialize) {
        double[] values = new double[rows * cols];
        if (initialize) {
            Initializer.fillChecked(init, name, values, rows, cols, random);
        }
        return new Parameter(name, backend.fromArray(spec.dtype(), rows, cols, values), backend.zeros(spec.dtype(), rows, cols));
    }

    /**
     * Starts building a network.
     *
     * @return a builder; input, hidden and output sizes are required
     */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return what this network is: cell, sizes, levels, direction, dtype, dropout, seed and its parameters' names and shapes} */
    public ModelSpec spec() {
        return spec;
    }

    /** {@return I, the input features per step} */
    public int inputSize() {
        return spec.inputSize();
    }

    /** {@return H, the hidden units of every layer} */
    public int hiddenSize() {
        return spec.hiddenSize();
    }

    /** {@return O, the outputs per step} */
    public int outputSize() {
        return spec.outputSize();
    }

    /** {@return the backend every tensor of this network lives on} */
    public Backend backend() {
        return backend;
    }

    /** {@return the element type of every tensor of this network} */
    public DType dtype() {
        return spec.dtype();
    }

    /** {@return the cell type of every layer} */
    public CellType cellType() {
        return spec.cell();
    }

    /** {@return the activation f of Elman cells (TANH for the gated cells, which do not use it)} */
    public Activation activation() {
        return spec.activation();
    }

    /** {@return the seed the parameters were initialised from} */
    public long seed() {
        return spec.seed();
    }

    /** {@return which way in time the layers run} */
    public Direction direction() {
        return spec.direction();
    }

    /** {@return the recurrent layers per level: 1, or 2 for a bidirectional network ({@link Direction#count()})} */
    public int directions() {
        return spec.directions();
    }

    /**
     * Returns the prefix of a recurrent layer's parameter and state names: {@code "l0."} for level 0's
     * forward layer, {@code "l0r."} for a layer that runs backwards in time (a bidirectional level's second,
     * every layer of a reverse network), and {@code ""} for the one layer of a forward one-layer Elman
     * network, which keeps the tutorial's names.
     *
     * @param level the level, from 0 at the bottom
     * @param d the layer within the level, 0 to {@link #directions()} − 1
     * @return the prefix, e.g. {@code "l1r."}
     * @throws IllegalArgumentException if level or d is out of range
     */
    public String layerPrefix(int level, int d) {
        return spec.layerPrefix(level, d);
    }

    /** {@return the number of stacked layers (each of {@link #directions()} recurrent layers)} */
    public int depth() {
        return spec.layers();
    }

    /** {@return the dropout probability between layers in training (0: none)} */
    public double dropout() {
        return spec.dropout();
    }

    /**
     * Throws if a layer of this network runs backwards in time, which streaming and truncated BPTT cannot run.
     *
     * @param what the operation, for the message
     */
    void requireForward(String what) {
        if (spec.direction() != Direction.FORWARD) {
            String which = spec.direction() == Direction.BIDIRECTIONAL ? "the backward direction of a bidirectional layer"
                    : "every layer of a reverse network";
            throw new IllegalStateException(what + " needs a forward network: " + which + " starts from the last step, so it needs "
                    + "the whole sequence before its first output");
        }
    }

    /**
     * {@return the recurrent layers, from the bottom (the one reading x) up; a bidirectional level's forward layer before its
     *     reversed one; every layer of a reverse network runs backwards in time}
     */
    public List<RecurrentLayer> layers() {
        return layers;
    }

    /** {@return the read-out y = V·h + c} */
    public Readout readout() {
        return readout;
    }

    /** {@return every state tensor's name, in {@link State} order: {@code [h]}, {@code [l0.h, l0.c]}, …} */
    public List<String> stateNames() {
        return spec.stateNames();
    }

    /** {@return every parameter with its gradient buffer, layer by layer and then V, c} */
    public List<Parameter> parameters() {
        return parameters;
    }

    /**
     * Looks a parameter up by name.
     *
     * @param name e.g. {@code W} or {@code l0.W}
     * @return the parameter
     * @throws IllegalArgumentException naming the parameters there are
     */
    public Parameter parameter(String name) {
        for (Parameter p : parameters) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        List<String> names = new ArrayList<>();
        for (Parameter p : parameters) {
            names.add(p.name());
        }
        throw new IllegalArgumentException("no parameter named '" + name + "'; the parameters are " + String.join(", ", names));
    }

    /** {@return the number of trainable values} */
    public int parameterCount() {
        int n = 0;
        for (Parameter p : parameters) {
            n += p.value().size();
        }
        return n;
    }

    /**
     * Creates zero states for a batch size.
     *
     * @param batch B
     * @return new B×H tensors of zeros, one per {@link #stateNames()} entry
     */
    public State zeroState(int batch) {
        Checks.requirePositive("batch", batch);
        Tensor[] t = new Tensor[spec.stateNames().size()];
        for (int i = 0; i < t.length; i++) {
            t[i] = backend.zeros(spec.dtype(), batch, hiddenSize());
        }
        return State.wrap(t);
    }

    /**
     * Returns this network's BPTT engine (created once; it reuses its workspaces between calls of the same shape).
     *
     * @return the engine
     */
    public Bptt bptt() {
        if (replica) {
            throw new IllegalStateException("a replica shares its parameters read only and cannot be trained; train the original model");
        }
        return engine();
    }

    private Bptt engine() {
        if (bptt == null) {
            bptt = new Bptt(this);
        }
        return bptt;
    }

    /** {@return the levels of recurrent layers, which training, streaming and inference all run} */
    Stack stack() {
        return stack;
    }

    /**
     * Runs the network over a sequence batch and returns every step's outputs and the final states.
     * A forward network runs exactly the steps of {@link #stepper}, so the outputs equal
     * streaming's bit for bit on one backend; a bidirectional or reverse one runs its whole window at once
     * (it needs the whole sequence) in buffers kept for the next call of the same shape, its outputs in time order. Allocates its results and one
     * step's buffers (use {@link #stepper} or {@link #bptt()} in loops).
     *
     * @param xs (input, not modified) (T·B)×I inputs, time-major (see {@link Sequences})
     * @param batch B
     * @param initial (input, not modified) the initial states, or null for zeros
     * @param mask which steps are real, or null for all
     * @return outputs ((T·B)×O) and the final states, all new tensors
     */
    public Output forward(Tensor xs, int batch, State initial, Mask mask) {
        guard.enter("forward");
        try {
            int steps = Inputs.validate(this, xs, batch, mask, initial);
            Memory.require("the outputs of a forward pass", (long) steps * batch * outputSize() * spec.dtype().bytes(),
                    "for T = " + steps + " steps × B = " + batch + " sequences × O = " + outputSize()
                            + " outputs; stream long sequences with model.stepper(batch)");
            if (spec.direction() != Direction.FORWARD) {
                Output out = window(xs, batch, initial, mask, steps);
                guard.requireUnchanged("forward");
                return out;
            }
            Stepper s = new Stepper(this, batch);
            if (initial != null) {
                s.reset(initial);
            }
            Tensor outputs = backend.zeros(spec.dtype(), steps * batch, outputSize());
            Tensor xt = backend.zeros(spec.dtype(), batch, inputSize());
            for (int t = 0; t < steps; t++) {
                backend.copyRowsInto(xs, t * batch, batch, xt, 0);
                Tensor y = s.advance(xt, mask, t);
                backend.copyRowsInto(y, 0, batch, outputs, t * batch);
            }
            guard.requireUnchanged("forward");
            return new Output(outputs, s.state().copy());
        } finally {
            guard.exit();
        }
    }

    /** Inference over the whole window at once, for networks that cannot stream; no dropout. */
    private Output window(Tensor xs, int batch, State initial, Mask mask, int steps) {
        if (inference == null || inference.batch() != batch || inference.steps() != steps) {
            inference = null;
            Memory.require("the workspace of a forward pass", stack.workspaceBytes(batch, steps), "for T = " + steps + " steps × B = "
                    + batch + " sequences (" + Bptt.describe(this) + ")" + Bptt.workspaceAdvice(spec.direction(), false));
            inference = stack.workspace(batch, steps);
        }
        Stack.Workspace ws = inference;
        if (initial == null) {
            ws.startFromZeros();
        } else {
            for (int i = 0; i < initial.size(); i++) {
                ws.setStart(i, initial.get(i));
            }
        }
        ws.forward(xs, mask, 0, false);
        Tensor outputs = backend.zeros(spec.dtype(), steps * batch, outputSize());
        readout.forward(ws.output(), outputs);
        return new Output(outputs, State.wrap(ws.finalStates()).copy());
    }

    /**
     * Runs the network over a batch that knows its own size and length.
     *
     * @param batch the sequences (see {@link SequenceBatch#of})
     * @param initial (input, not modified) the initial states, or null for zeros
     * @return outputs ((T·B)×O, time-major) and the final states (each sequence's state after its last real step)
     */
    public Output forward(SequenceBatch batch, State initial) {
        Checks.requireNonNull("batch", batch);
        return forward(batch.inputs(), batch.batch(), initial, batch.mask());
    }

    /**
     * Predicts in the shapes a data set has: the output after each sequence's last step, from zero
     * states.
     *
     * @param sequences {@code [sequence][step][feature]}; lengths may differ
     * @return {@code [sequence][output]}
     */
    public double[][] predict(double[][][] sequences) {
        SequenceBatch b = SequenceBatch.of(this, sequences);
        double[] y = forward(b, null).outputs().toDoubleArray();
        int o = outputSize();
        double[][] out = new double[b.batch()][o];
        for (int s = 0; s < b.batch(); s++) {
            // Row of the sequence's last real step (padding after it would repeat its state anyway).
            System.arraycopy(y, ((b.length(s) - 1) * b.batch() + s) * o, out[s], 0, o);
        }
        return out;
    }

    /**
     * Predicts every step's output, in the shapes a data set has, from zero states.
     *
     * @param sequences {@code [sequence][step][feature]}; lengths may differ
     * @return {@code [sequence][step][output]}, each sequence as long as its input
     */
    public double[][][] predictEveryStep(double[][][] sequences) {
        SequenceBatch b = SequenceBatch.of(this, sequences);
        double[] y = forward(b, null).outputs().toDoubleArray();
        int o = outputSize();
        double[][][] out = new double[b.batch()][][];
        for (int s = 0; s < b.batch(); s++) {
            out[s] = new double[b.length(s)][o];
            for (int t = 0; t < b.length(s); t++) {
                System.arraycopy(y, (t * b.batch() + s) * o, out[s][t], 0, o);
            }
        }
        return out;
    }

    /**
     * Creates a streaming runner: one step at a time, the states carried between calls.
     * Outputs equal those of {@link #forward}, bit for bit, on the same backend.
     *
     * @param batch B
     * @return a new stepper starting from zeros
     */
    public Stepper stepper(int batch) {
        return new Stepper(this, batch);
    }

    /** The outputs of {@link #forward}. */
    public static final class Output {
        private final Tensor outputs;
        private final State finalState;

        Output(Tensor outputs, State finalState) {
            this.outputs = outputs;
            this.finalState = finalState;
        }

        /** {@return (T·B)×O outputs of every step, time-major (row t·B + b)} */
        public Tensor outputs() {
            return outputs;
        }

        /** {@return the states after the last step (after each sequence's last real step, with a mask)} */
        public State finalState() {
            return finalState;
        }
    }

    /**
     * Configures a network. Required: {@link #inputSize}, {@link #hiddenSize}, {@link #outputSize}.
     * Defaults: the Elman cell with TANH, one layer, FLOAT32, the default backend
     * ({@link Backends#get()}), seed {@value Rnn#DEFAULT_SEED}, Xavier-uniform U and V, orthogonal W,
     * zero biases.
     */
    public static final class Builder {
        private ModelSpec.Builder spec = ModelSpec.builder();
        private Backend backend;
        private Initializer inputInit = Initializer.xavierUniform();
        private Initializer recurrentInit = Initializer.orthogonal(1.0);
        private Initializer outputInit = Initializer.xavierUniform();
        private boolean initialize = true;

        private Builder() {
        }

        /**
         * Sets every setting a {@link ModelSpec} holds (cell, activation, dtype, sizes, levels, direction, dropout,
         * seed) to the spec's; later calls of the single setters change them again. {@code Rnn.builder().spec(s).build()}
         * builds a network whose {@link Rnn#spec()} equals s, with the same parameters wherever it is built.
         *
         * @param s the spec
         * @return this builder
         * @throws IllegalArgumentException if s is null
         */
        public Builder spec(ModelSpec s) {
            if (s == null) {
                throw new IllegalArgumentException("spec is null");
            }
            this.spec = s.toBuilder();
            return this;
        }

        /**
         * Sets the input width I.
         *
         * @param n input features per step (required, at least 1)
         * @return this builder
         */
        public Builder inputSize(int n) {
            spec.inputSize(n);
            return this;
        }

        /**
         * Sets the hidden width H of every layer.
         *
         * @param n hidden units (required, at least 1)
         * @return this builder
         */
        public Builder hiddenSize(int n) {
            spec.hiddenSize(n);
            return this;
        }

        /**
         * Sets the output width O.
         *
         * @param n outputs per step (required, at least 1)
         * @return this builder
         */
        public Builder outputSize(int n) {
            spec.outputSize(n);
            return this;
        }

        /**
         * Sets the cell of every layer.
         *
         * @param type ELMAN (default), LSTM or GRU
         * @return this builder
         */
        public Builder cell(CellType type) {
            spec.cell(type);
            return this;
        }

        /**
         * Sets the number of stacked layers; layer k+1 reads layer k's h sequence.
         *
         * @param n layers (default 1, at least 1)
         * @return this builder
         */
        public Builder layers(int n) {
            spec.layers(n);
            return this;
        }

        /**
         * Makes every layer bidirectional: a forward and a reversed pass whose outputs are concatenated
         * on the feature axis, [forward, backward], as PyTorch does; the next layer and the read-out
         * read both halves (their U and V have H·2 columns). Streaming and truncated BPTT refuse such
         * a network. The same as {@code direction(on ? BIDIRECTIONAL : FORWARD)}: the last of the two calls wins.
         *
         * @param on whether to (default false)
         * @return this builder
         */
        public Builder bidirectional(boolean on) {
            spec.direction(on ? Direction.BIDIRECTIONAL : Direction.FORWARD);
            return this;
        }

        /**
         * Sets which way in time every layer runs. {@link Direction#REVERSE}: each layer runs from the last
         * step to the first (h_t depends on x_t … x_{T−1}), its outputs in time order; its parameters are
         * named {@code l0r.U}, … (the names of a bidirectional level's reversed layer); streaming and
         * truncated BPTT refuse it. {@link Direction#BIDIRECTIONAL}: see {@link #bidirectional}.
         *
         * @param d the direction (default FORWARD)
         * @return this builder
         */
        public Builder direction(Direction d) {
            spec.direction(d);
            return this;
        }

        /**
         * Sets dropout between stacked layers, as PyTorch's {@code dropout}: in training only, each
         * layer's output except the last's is zeroed with probability p and the rest scaled by
         * 1/(1 − p); forward, streaming and evaluation never drop. The masks are drawn from the seed.
         *
         * @param p the probability, in [0, 1) (default 0)
         * @return this builder
         */
        public Builder dropout(double p) {
            spec.dropout(p);
            return this;
        }

        /**
         * Sets the activation of an Elman cell.
         *
         * @param f the activation (default TANH); LSTM and GRU cells refuse any other
         * @return this builder
         */
        public Builder activation(Activation f) {
            spec.activation(f);
            return this;
        }

        /**
         * Sets the element type.
         *
         * @param d FLOAT32 (default) or FLOAT64
         * @return this builder
         */
        public Builder dtype(DType d) {
            spec.dtype(d);
            return this;
        }

        /**
         * Sets the backend.
         *
         * @param be the backend (default {@link Backends#get()})
         * @return this builder
         */
        public Builder backend(Backend be) {
            this.backend = be;
            return this;
        }

        /**
         * Sets the seed of every initializer.
         *
         * @param s the seed (default {@value Rnn#DEFAULT_SEED})
         * @return this builder
         */
        public Builder seed(long s) {
            spec.seed(s);
            return this;
        }

        /**
         * Sets the initializer of every U.
         *
         * @param init the initializer (default Xavier uniform)
         * @return this builder
         */
        public Builder inputInit(Initializer init) {
            this.inputInit = init;
            return this;
        }

        /**
         * Sets the initializer of every W.
         *
         * @param init the initializer (default orthogonal, gain 1)
         * @return this builder
         */
        public Builder recurrentInit(Initializer init) {
            this.recurrentInit = init;
            return this;
        }

        /**
         * Sets the initializer of V.
         *
         * @param init the initializer (default Xavier uniform)
         * @return this builder
         */
        public Builder outputInit(Initializer init) {
            this.outputInit = init;
            return this;
        }

        /** Parameters start as zeros and no initializer runs: for loading, which overwrites them. */
        Builder uninitialized() {
            this.initialize = false;
            return this;
        }

        /**
         * Validates the settings and builds the network.
         *
         * @return a new network with freshly initialised parameters and zero gradients
         * @throws IllegalArgumentException naming the first bad setting
         */
        public Rnn build() {
            ModelSpec m = spec.build();
            if (inputInit == null || recurrentInit == null || outputInit == null) {
                throw new IllegalArgumentException("initializers must not be null");
            }
            long total = m.parameterCount();
            // Values and gradients on the backend, and the initializer's double array on the heap.
            Memory.require("a model of " + total + " weights", total * (2L * m.dtype().bytes() + Double.BYTES),
                    "(I = " + m.inputSize() + ", H = " + m.hiddenSize() + ", O = " + m.outputSize() + ", " + m.layers() + " " + m.cell()
                            + " layer" + (m.layers() == 1 ? "" : "s") + ", " + m.dtype() + ")");
            return new Rnn(this, m);
        }
    }
}
