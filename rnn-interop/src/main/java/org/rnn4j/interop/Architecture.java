package org.rnn4j.interop;

import org.rnn4j.core.Direction;
import org.rnn4j.core.ModelSpec;
import org.rnn4j.core.cell.CellType;

/**
 * A PyTorch model as rnn4j sees it: the {@link ModelSpec} of the network (the recurrent module, {@code nn.RNN}
 * with its {@code nonlinearity}, {@code nn.LSTM} or {@code nn.GRU}; its sizes; {@code num_layers};
 * {@code bidirectional}) and what only a state_dict needs on top: the name prefixes of the recurrent module's
 * tensors ({@code rnn.} for {@code rnn.weight_ih_l0}) and of the {@code nn.Linear} read-out's ({@code out.} for
 * {@code out.weight}, {@code out.bias}). Make one with {@link #of(ModelSpec, String, String)}, or let
 * {@link PyTorchImport#inferArchitecture} read it from tensor names and shapes. The spec's dtype, dropout and
 * seed do not select anything here: {@link PyTorchImport#load} takes the dtype to build in, and the weights
 * come from the file.
 *
 * <p>A bare module ({@code nn.LSTM} saved on its own, without an {@code nn.Linear}) has no read-out:
 * {@link #bare(ModelSpec, String)}. Its model gets the identity read-out V = I, c = 0 of size H·directions, so its
 * outputs are the top layer's hidden states (the spec's O is H·directions).
 */
public final class Architecture {
    /** The default prefix of the recurrent module's tensors. */
    public static final String DEFAULT_RNN_PREFIX = "rnn.";
    /** The default prefix of the read-out's tensors. */
    public static final String DEFAULT_READOUT_PREFIX = "out.";

    private final ModelSpec spec;
    private final String rnnPrefix;
    /** The read-out's prefix, or null for a bare module (no read-out tensors). */
    private final String readoutPrefix;

    private Architecture(ModelSpec spec, String rnnPrefix, String readoutPrefix) {
        this.spec = spec;
        this.rnnPrefix = rnnPrefix;
        this.readoutPrefix = readoutPrefix;
    }

    /**
     * A spec with the default prefixes, {@value #DEFAULT_RNN_PREFIX} and {@value #DEFAULT_READOUT_PREFIX}.
     *
     * @param spec the network (forward or bidirectional: PyTorch has no reverse-only module)
     * @return the architecture
     * @throws IllegalArgumentException if spec is null or REVERSE
     */
    public static Architecture of(ModelSpec spec) {
        return of(spec, DEFAULT_RNN_PREFIX, DEFAULT_READOUT_PREFIX);
    }

    /**
     * A spec with its state_dict's tensor name prefixes.
     *
     * @param spec the network (forward or bidirectional: PyTorch has no reverse-only module)
     * @param rnnPrefix the recurrent module's prefix, e.g. {@code rnn.}, or empty for a bare module's state_dict
     * @param readoutPrefix the read-out's prefix, e.g. {@code out.}
     * @return the architecture
     * @throws IllegalArgumentException if an argument is null, the spec is REVERSE, or the prefixes are equal
     */
    public static Architecture of(ModelSpec spec, String rnnPrefix, String readoutPrefix) {
        if (spec == null) {
            throw new IllegalArgumentException("spec is null");
        }
        if (spec.direction() == Direction.REVERSE) {
            throw new IllegalArgumentException("spec direction is REVERSE; a PyTorch module runs forward or bidirectional only");
        }
        if (rnnPrefix == null || readoutPrefix == null) {
            throw new IllegalArgumentException("prefixes must not be null (use \"\" for none): rnnPrefix=" + rnnPrefix
                    + ", readoutPrefix=" + readoutPrefix);
        }
        if (rnnPrefix.equals(readoutPrefix)) {
            throw new IllegalArgumentException("rnnPrefix and readoutPrefix are both '" + rnnPrefix
                    + "'; the recurrent module and the read-out need different prefixes");
        }
        return new Architecture(spec, rnnPrefix, readoutPrefix);
    }

    /**
     * A bare module: {@code nn.RNN}, {@code nn.LSTM} or {@code nn.GRU} saved without a read-out. The model reads out
     * the identity (V = I, c = 0), so its outputs are the hidden states.
     *
     * @param spec the network, whose output size must be H·directions (the hidden states' features)
     * @param rnnPrefix the module's prefix, empty for {@code module.state_dict()} of the bare module itself
     * @return the architecture
     * @throws IllegalArgumentException if an argument is null, the spec is REVERSE, or its output size is not H·directions
     */
    public static Architecture bare(ModelSpec spec, String rnnPrefix) {
        if (spec == null || rnnPrefix == null) {
            throw new IllegalArgumentException("spec and rnnPrefix must not be null (got " + spec + ", " + rnnPrefix + ")");
        }
        if (spec.direction() == Direction.REVERSE) {
            throw new IllegalArgumentException("spec direction is REVERSE; a PyTorch module runs forward or bidirectional only");
        }
        int features = spec.hiddenSize() * spec.direction().count();
        if (spec.outputSize() != features) {
            throw new IllegalArgumentException("spec outputSize is " + spec.outputSize() + " but a bare module (no read-out) outputs its "
                    + "hidden states, H·directions = " + features);
        }
        return new Architecture(spec, rnnPrefix, null);
    }

    /** {@return whether the state_dict holds an {@code nn.Linear} read-out; false for a bare module, read out by the identity} */
    public boolean hasReadout() {
        return readoutPrefix != null;
    }

    /** {@return the network: cell ({@code nn.RNN} is ELMAN), activation ({@code nonlinearity}), I, H, O, layers, direction} */
    public ModelSpec spec() {
        return spec;
    }

    /** {@return the prefix of the recurrent module's tensor names, e.g. {@code rnn.} (may be empty)} */
    public String rnnPrefix() {
        return rnnPrefix;
    }

    /** {@return the prefix of the read-out's tensor names, e.g. {@code out.}; null for a bare module} */
    public String readoutPrefix() {
        return readoutPrefix;
    }

    @Override
    public String toString() {
        return spec.describe() + (spec.cell() == CellType.ELMAN ? " " + spec.activation() : "") + " tensors '" + rnnPrefix + "*'"
                + (readoutPrefix == null ? " (bare module: no read-out)" : ", '" + readoutPrefix + "*'");
    }
}
