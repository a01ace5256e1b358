/** rnn4j core: the unrolled Elman RNN, BPTT, losses, optimizers and training, on any backend. */
module org.rnn4j.core {
    requires transitive org.rnn4j.api;

    exports org.rnn4j.core;
    // Rnn's API names CellType (builder, cellType()), RecurrentLayer and Readout (layers(), readout()).
    exports org.rnn4j.core.cell;
    exports org.rnn4j.core.layer;
}
