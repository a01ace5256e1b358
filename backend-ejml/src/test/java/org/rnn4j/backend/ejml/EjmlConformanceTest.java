package org.rnn4j.backend.ejml;

import org.rnn4j.spi.Backend;
import org.rnn4j.testkit.BackendContract;

/** The EJML backend against the whole conformance kit. */
class EjmlConformanceTest extends BackendContract {
    @Override
    protected Backend createBackend() {
        return new EjmlBackend();
    }
}
