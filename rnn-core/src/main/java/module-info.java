/** rnn4j core: the unrolled Elman RNN, BPTT, losses, optimizers and training, on any backend. */
module org.rnn4j.core {
    requires transitive org.rnn4j.api;

    exports org.rnn4j.core;
    // CellType is part of Rnn's API (builder, cellType()), so modules that build networks need it.
    exports org.rnn4j.core.cell;
}
