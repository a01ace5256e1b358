package org.rnn4j.core;

import java.util.List;
import java.util.SplittableRandom;
import org.rnn4j.api.Activation;
import org.rnn4j.api.DType;
import org.rnn4j.api.Parameter;
import org.rnn4j.api.Tensor;
import org.rnn4j.spi.Backend;
import org.rnn4j.spi.Backends;

/**
 * An Elman recurrent network with a linear read-out (Elman, 1990):
 * <pre>
 * a_t = U·x_t + W·h_{t-1} + b      U: H×I (input → hidden)     b: 1×H
 * h_t = f(a_t)                     W: H×H (hidden → hidden)    f: the activation
 * y_t = V·h_t + c                  V: O×H (hidden → output)    c: 1×O
 * </pre>
 * The same U, W, b, V, c at every step. Batch-major in code: {@code A_t = X_t·Uᵀ + 1·bᵀ + H_{t-1}·Wᵀ},
 * {@code Y_t = H_t·Vᵀ + 1·cᵀ}, with X_t B×I, H_t B×H, Y_t B×O.
 *
 * <p>The network owns its parameters and their gradient buffers ({@link #parameters()}, in the
 * order U, W, b, V, c). Build one with {@link #builder()}; compute losses and gradients with
 * {@link #bptt()}; run inference with {@link #forward} or step by step with {@link #stepper}.
 * Not thread-safe.
 */
public final class Rnn {
    /** Default seed, so that two models built without one are identical. */
    public static final long DEFAULT_SEED = 42L;

    private final Backend backend;
    private final DType dtype;
    private final Activation activation;
    private final long seed;
    private final ElmanCell cell;
    private final Parameter u;
    private final Parameter w;
    private final Parameter b;
    private final Parameter v;
    private final Parameter c;
    private final List<Parameter> parameters;
    private Bptt bptt;

    private Rnn(Builder bd) {
        this.backend = bd.backend != null ? bd.backend : Backends.get();
        this.dtype = bd.dtype;
        this.activation = bd.activation;
        this.seed = bd.seed;
        int in = bd.inputSize;
        int hidden = bd.hiddenSize;
        int out = bd.outputSize;
        // One generator, drawn in a fixed order, so a seed fixes every parameter.
        SplittableRandom random = new SplittableRandom(seed);
        this.u = parameter("U", hidden, in, bd.inputInit, random);
        this.w = parameter("W", hidden, hidden, bd.recurrentInit, random);
        this.b = parameter("b", 1, hidden, Initializer.zeros(), random);
        this.v = parameter("V", out, hidden, bd.outputInit, random);
        this.c = parameter("c", 1, out, Initializer.zeros(), random);
        this.parameters = List.of(u, w, b, v, c);
        this.cell = new ElmanCell(backend, activation, u, w, b);
    }

    private Parameter parameter(String name, int rows, int cols, Initializer init, SplittableRandom random) {
        double[] values = new double[rows * cols];
        init.fill(values, rows, cols, random);
        return new Parameter(name, backend.fromArray(dtype, rows, cols, values), backend.zeros(dtype, rows, cols));
    }

    /**
     * Starts building a network.
     *
     * @return a builder; input, hidden and output sizes are required
     */
    public static Builder builder() {
        return new Builder();
    }

    /** @return I, the input features per step */
    public int inputSize() {
        return u.value().cols();
    }

    /** @return H, the hidden units */
    public int hiddenSize() {
        return u.value().rows();
    }

    /** @return O, the outputs per step */
    public int outputSize() {
        return v.value().rows();
    }

    /** @return the backend every tensor of this network lives on */
    public Backend backend() {
        return backend;
    }

    /** @return the element type of every tensor of this network */
    public DType dtype() {
        return dtype;
    }

    /** @return the activation f */
    public Activation activation() {
        return activation;
    }

    /** @return the seed the parameters were initialised from */
    public long seed() {
        return seed;
    }

    /** @return the recurrent cell (U, W, b) */
    public ElmanCell cell() {
        return cell;
    }

    /** @return U, W, b, V, c in that order, with their gradient buffers */
    public List<Parameter> parameters() {
        return parameters;
    }

    /**
     * Looks a parameter up by name.
     *
     * @param name one of U, W, b, V, c
     * @return the parameter
     */
    public Parameter parameter(String name) {
        for (Parameter p : parameters) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException("no parameter named '" + name + "'; the parameters are U, W, b, V, c");
    }

    /** @return the number of trainable values: H·I + H·H + H + O·H + O */
    public int parameterCount() {
        int n = 0;
        for (Parameter p : parameters) {
            n += p.value().size();
        }
        return n;
    }

    /**
     * Returns this network's BPTT engine (created once; it reuses its workspaces between calls of the same shape).
     *
     * @return the engine
     */
    public Bptt bptt() {
        if (bptt == null) {
            bptt = new Bptt(this);
        }
        return bptt;
    }

    /**
     * Runs the network over a sequence batch and returns every step's outputs and the final state.
     * Allocates its results (use {@link #stepper} or {@link #bptt()} in loops).
     *
     * @param xs (input, not modified) (T·B)×I inputs, time-major (see {@link Sequences})
     * @param batch B
     * @param h0 (input, not modified) B×H initial state, or null for zeros
     * @param mask which steps are real, or null for all
     * @return outputs ((T·B)×O) and the final state (B×H), both new tensors
     */
    public Output forward(Tensor xs, int batch, Tensor h0, Mask mask) {
        return bptt().forward(xs, batch, h0, mask);
    }

    /**
     * Creates a streaming runner: one step at a time, with the state carried between calls.
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
        private final Tensor finalState;

        Output(Tensor outputs, Tensor finalState) {
            this.outputs = outputs;
            this.finalState = finalState;
        }

        /** @return (T·B)×O outputs, time-major */
        public Tensor outputs() {
            return outputs;
        }

        /** @return B×H state after the last step (after each sequence's last real step, with a mask) */
        public Tensor finalState() {
            return finalState;
        }
    }

    /**
     * Configures a network. Required: {@link #inputSize}, {@link #hiddenSize}, {@link #outputSize}.
     * Defaults: TANH, FLOAT32, the default backend ({@link Backends#get()}), seed
     * {@value Rnn#DEFAULT_SEED}, Xavier-uniform U and V, orthogonal W, zero biases.
     */
    public static final class Builder {
        private int inputSize;
        private int hiddenSize;
        private int outputSize;
        private Activation activation = Activation.TANH;
        private DType dtype = DType.FLOAT32;
        private Backend backend;
        private long seed = DEFAULT_SEED;
        private Initializer inputInit = Initializer.xavierUniform();
        private Initializer recurrentInit = Initializer.orthogonal(1.0);
        private Initializer outputInit = Initializer.xavierUniform();

        private Builder() {
        }

        /** @param n I, input features per step (required, at least 1) @return this */
        public Builder inputSize(int n) {
            this.inputSize = n;
            return this;
        }

        /** @param n H, hidden units (required, at least 1) @return this */
        public Builder hiddenSize(int n) {
            this.hiddenSize = n;
            return this;
        }

        /** @param n O, outputs per step (required, at least 1) @return this */
        public Builder outputSize(int n) {
            this.outputSize = n;
            return this;
        }

        /** @param f the activation (default TANH) @return this */
        public Builder activation(Activation f) {
            this.activation = f;
            return this;
        }

        /** @param d the element type (default FLOAT32) @return this */
        public Builder dtype(DType d) {
            this.dtype = d;
            return this;
        }

        /** @param be the backend (default {@link Backends#get()}) @return this */
        public Builder backend(Backend be) {
            this.backend = be;
            return this;
        }

        /** @param s the seed of every initializer @return this */
        public Builder seed(long s) {
            this.seed = s;
            return this;
        }

        /** @param init the initializer of U (default Xavier uniform) @return this */
        public Builder inputInit(Initializer init) {
            this.inputInit = init;
            return this;
        }

        /** @param init the initializer of W (default orthogonal, gain 1) @return this */
        public Builder recurrentInit(Initializer init) {
            this.recurrentInit = init;
            return this;
        }

        /** @param init the initializer of V (default Xavier uniform) @return this */
        public Builder outputInit(Initializer init) {
            this.outputInit = init;
            return this;
        }

        /**
         * Validates the settings and builds the network.
         *
         * @return a new network with freshly initialised parameters and zero gradients
         * @throws IllegalArgumentException naming the first bad setting
         */
        public Rnn build() {
            if (inputSize < 1) {
                throw new IllegalArgumentException("inputSize must be at least 1, got " + inputSize);
            }
            if (hiddenSize < 1) {
                throw new IllegalArgumentException("hiddenSize must be at least 1, got " + hiddenSize);
            }
            if (outputSize < 1) {
                throw new IllegalArgumentException("outputSize must be at least 1, got " + outputSize);
            }
            long total = (long) hiddenSize * inputSize + (long) hiddenSize * hiddenSize + (long) outputSize * hiddenSize;
            if (total > Integer.MAX_VALUE / 2) {
                throw new IllegalArgumentException("sizes I=" + inputSize + ", H=" + hiddenSize + ", O=" + outputSize
                        + " need " + total + " weights; at most " + Integer.MAX_VALUE / 2 + " are supported");
            }
            if (activation == null) {
                throw new IllegalArgumentException("activation is null");
            }
            if (dtype == null) {
                throw new IllegalArgumentException("dtype is null");
            }
            if (inputInit == null || recurrentInit == null || outputInit == null) {
                throw new IllegalArgumentException("initializers must not be null");
            }
            return new Rnn(this);
        }
    }
}
