package org.rnn4j.core.cell;

import org.rnn4j.api.Activation;
import org.rnn4j.api.Cell;

/** The recurrent cells rnn4j ships, by the name a builder or a checkpoint gives them. */
public enum CellType {
    /** {@link ElmanCell}: {@code h = f(U·x + W·h + b)}, PyTorch's {@code nn.RNN}. */
    ELMAN,
    /** {@link LstmCell}: gates i, f, g, o and a cell state c, PyTorch's {@code nn.LSTM}. */
    LSTM,
    /** {@link GruCell}: gates r, z, n with the reset after the recurrent product, PyTorch's {@code nn.GRU}. */
    GRU;

    /**
     * Creates a new cell of this type.
     *
     * @param activation the activation of an Elman cell (the gated cells use σ and tanh and ignore it)
     * @return a new cell (cells keep per-batch scratch, so each layer gets its own)
     */
    public Cell create(Activation activation) {
        switch (this) {
            case ELMAN:
                return new ElmanCell(activation);
            case LSTM:
                return new LstmCell();
            case GRU:
                return new GruCell();
            default:
                throw new AssertionError(this);
        }
    }

    /**
     * Returns the type of a cell kind name, as {@link Cell#kind()} gives it.
     *
     * @param kind e.g. {@code "lstm"}
     * @return the type
     * @throws IllegalArgumentException for an unknown kind, naming the known ones
     */
    public static CellType ofKind(String kind) {
        for (CellType t : values()) {
            if (t.name().equalsIgnoreCase(kind)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown cell kind '" + kind + "'; known: elman, lstm, gru");
    }
}
