/** rnn4j core: recurrent networks of any cell (Elman, LSTM, GRU), exact BPTT, training, checkpoints, on any backend. */
module org.rnn4j.core {
    requires transitive org.rnn4j.api;
    exports org.rnn4j.core;
    exports org.rnn4j.core.cell;
    exports org.rnn4j.core.forecast;
    exports org.rnn4j.core.layer;
}
