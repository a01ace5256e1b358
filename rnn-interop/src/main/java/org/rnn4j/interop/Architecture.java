package org.rnn4j.interop;

import org.rnn4j.api.Activation;
import org.rnn4j.core.cell.CellType;

/**
 * What a PyTorch model is, as far as its state_dict does not say it: the recurrent module
 * ({@code nn.RNN} with its {@code nonlinearity}, {@code nn.LSTM} or {@code nn.GRU}), its sizes,
 * {@code num_layers}, {@code bidirectional}, and the name prefixes of the recurrent module's tensors
 * ({@code rnn.} for {@code rnn.weight_ih_l0}) and of the {@code nn.Linear} read-out's ({@code out.} for
 * {@code out.weight}, {@code out.bias}). Build one with {@link #builder()}, or let
 * {@link PyTorchImport#inferArchitecture} read it from tensor names and shapes.
 *
 * <p>A bare module ({@code nn.LSTM} saved on its own, without an {@code nn.Linear}) has no read-out:
 * {@link Builder#noReadout()}. Its model gets the identity read-out V = I, c = 0 of size H·directions, so its
 * outputs are the top layer's hidden states (O = H·directions).
 */
public final class Architecture {
    /** The default prefix of the recurrent module's tensors. */
    public static final String DEFAULT_RNN_PREFIX = "rnn.";
    /** The default prefix of the read-out's tensors. */
    public static final String DEFAULT_READOUT_PREFIX = "out.";

    private final CellType cell;
    private final Activation activation;
    private final int inputSize;
    private final int hiddenSize;
    private final int outputSize;
    private final int layers;
    private final boolean bidirectional;
    private final String rnnPrefix;
    private final String readoutPrefix;
    private final boolean readout;

    private Architecture(Builder b) {
        this.cell = b.cell;
        this.activation = b.activation;
        this.inputSize = b.inputSize;
        this.hiddenSize = b.hiddenSize;
        this.outputSize = b.outputSize;
        this.layers = b.layers;
        this.bidirectional = b.bidirectional;
        this.rnnPrefix = b.rnnPrefix;
        this.readoutPrefix = b.readoutPrefix;
        this.readout = b.readout;
    }

    /** @return a new builder; cell, activation for an Elman cell, and the three sizes are required */
    public static Builder builder() {
        return new Builder();
    }

    /** @return ELMAN ({@code nn.RNN}), LSTM or GRU */
    public CellType cell() {
        return cell;
    }

    /** @return TANH or RELU for an Elman cell ({@code nonlinearity}); TANH for the gated cells */
    public Activation activation() {
        return activation;
    }

    /** @return I, PyTorch's {@code input_size} */
    public int inputSize() {
        return inputSize;
    }

    /** @return H, PyTorch's {@code hidden_size} */
    public int hiddenSize() {
        return hiddenSize;
    }

    /** @return whether the state_dict holds an {@code nn.Linear} read-out; false for a bare module, read out by the identity */
    public boolean hasReadout() {
        return readout;
    }

    /** @return O, the read-out's {@code out_features}, or H·directions for a bare module (its hidden states) */
    public int outputSize() {
        return outputSize;
    }

    /** @return PyTorch's {@code num_layers} */
    public int layers() {
        return layers;
    }

    /** @return PyTorch's {@code bidirectional} */
    public boolean bidirectional() {
        return bidirectional;
    }

    /** @return the prefix of the recurrent module's tensor names, e.g. {@code rnn.} (may be empty) */
    public String rnnPrefix() {
        return rnnPrefix;
    }

    /** @return the prefix of the read-out's tensor names, e.g. {@code out.} */
    public String readoutPrefix() {
        return readoutPrefix;
    }

    @Override
    public String toString() {
        return cell + (cell == CellType.ELMAN ? "(" + activation + ")" : "") + " I=" + inputSize + " H=" + hiddenSize + " O="
                + outputSize + " layers=" + layers + (bidirectional ? " bidirectional" : "") + " tensors '" + rnnPrefix + "*'"
                + (readout ? ", '" + readoutPrefix + "*'" : " (bare module: no read-out)");
    }

    /** Collects an architecture; {@link #build()} validates it. */
    public static final class Builder {
        private CellType cell;
        private Activation activation;
        private int inputSize;
        private int hiddenSize;
        private int outputSize;
        private int layers = 1;
        private boolean bidirectional;
        private String rnnPrefix = DEFAULT_RNN_PREFIX;
        private String readoutPrefix = DEFAULT_READOUT_PREFIX;
        private boolean readout = true;

        private Builder() {
        }

        /**
         * Sets the recurrent module.
         *
         * @param c ELMAN for {@code nn.RNN}, LSTM, GRU (required)
         * @return this builder
         */
        public Builder cell(CellType c) {
            this.cell = c;
            return this;
        }

        /**
         * Sets {@code nn.RNN}'s nonlinearity, which a state_dict does not record.
         *
         * @param f TANH or RELU (required for ELMAN; LSTM and GRU accept only TANH or nothing)
         * @return this builder
         */
        public Builder activation(Activation f) {
            this.activation = f;
            return this;
        }

        /**
         * Sets I.
         *
         * @param n {@code input_size} (required, at least 1)
         * @return this builder
         */
        public Builder inputSize(int n) {
            this.inputSize = n;
            return this;
        }

        /**
         * Sets H.
         *
         * @param n {@code hidden_size} (required, at least 1)
         * @return this builder
         */
        public Builder hiddenSize(int n) {
            this.hiddenSize = n;
            return this;
        }

        /**
         * Sets O.
         *
         * @param n the read-out's {@code out_features} (required, at least 1)
         * @return this builder
         */
        public Builder outputSize(int n) {
            this.outputSize = n;
            return this;
        }

        /**
         * Sets the number of stacked layers.
         *
         * @param n {@code num_layers} (default 1)
         * @return this builder
         */
        public Builder layers(int n) {
            this.layers = n;
            return this;
        }

        /**
         * Sets the directions.
         *
         * @param on {@code bidirectional} (default false)
         * @return this builder
         */
        public Builder bidirectional(boolean on) {
            this.bidirectional = on;
            return this;
        }

        /**
         * Sets the recurrent module's tensor name prefix.
         *
         * @param prefix e.g. {@code rnn.} (the default) or empty for a bare module's state_dict
         * @return this builder
         */
        public Builder rnnPrefix(String prefix) {
            this.rnnPrefix = prefix;
            return this;
        }

        /**
         * Sets the read-out's tensor name prefix.
         *
         * @param prefix e.g. {@code out.} (the default) for {@code out.weight} and {@code out.bias}
         * @return this builder
         */
        public Builder readoutPrefix(String prefix) {
            this.readoutPrefix = prefix;
            return this;
        }

        /**
         * Declares a bare module: a state_dict of {@code nn.RNN}, {@code nn.LSTM} or {@code nn.GRU} alone, without an
         * {@code nn.Linear}. The model then reads out the identity (V = I, c = 0), so O = H·directions and its outputs
         * are the hidden states; {@link #outputSize} need not be set (if set, it must be H·directions).
         *
         * @return this builder
         */
        public Builder noReadout() {
            this.readout = false;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @return the architecture
         * @throws IllegalArgumentException naming the first missing or bad setting
         */
        public Architecture build() {
            if (cell == null) {
                throw new IllegalArgumentException("cell is required: ELMAN (nn.RNN), LSTM or GRU");
            }
            if (cell == CellType.ELMAN) {
                if (activation != Activation.TANH && activation != Activation.RELU) {
                    throw new IllegalArgumentException("an nn.RNN needs its nonlinearity, TANH or RELU (a state_dict does not record it); got "
                            + activation);
                }
            } else if (activation == null) {
                activation = Activation.TANH;
            } else if (activation != Activation.TANH) {
                throw new IllegalArgumentException("activation " + activation + " applies to nn.RNN only; an " + cell
                        + " uses sigmoid gates and tanh");
            }
            requirePositive("inputSize", inputSize);
            requirePositive("hiddenSize", hiddenSize);
            requirePositive("layers", layers);
            if (!readout) {
                int features = hiddenSize * (bidirectional ? 2 : 1);
                if (outputSize != 0 && outputSize != features) {
                    throw new IllegalArgumentException("outputSize is " + outputSize + " but a bare module (noReadout) outputs its hidden "
                            + "states, H·directions = " + features);
                }
                outputSize = features;
            }
            requirePositive("outputSize", outputSize);
            if (rnnPrefix == null || readoutPrefix == null) {
                throw new IllegalArgumentException("prefixes must not be null (use \"\" for none): rnnPrefix=" + rnnPrefix
                        + ", readoutPrefix=" + readoutPrefix);
            }
            if (readout && rnnPrefix.equals(readoutPrefix)) {
                throw new IllegalArgumentException("rnnPrefix and readoutPrefix are both '" + rnnPrefix
                        + "'; the recurrent module and the read-out need different prefixes");
            }
            return new Architecture(this);
        }

        private static void requirePositive(String name, int value) {
            if (value < 1) {
                throw new IllegalArgumentException(name + " must be at least 1, got " + value);
            }
        }
    }
}
