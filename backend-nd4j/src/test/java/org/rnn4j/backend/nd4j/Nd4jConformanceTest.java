package org.rnn4j.backend.nd4j;

import org.rnn4j.spi.Backend;
import org.rnn4j.testkit.BackendContract;

/** The ND4J backend against the whole conformance kit. */
class Nd4jConformanceTest extends BackendContract {
    private static final Backend SHARED = new Nd4jBackend();

    @Override
    protected Backend createBackend() {
        return SHARED;
    }
}
