package org.rnn4j.backend.simd;

import org.rnn4j.spi.Backend;
import org.rnn4j.testkit.BackendContract;

/** The SIMD backend, with its default thread count, against the whole conformance kit. */
class SimdConformanceTest extends BackendContract {
    private static final Backend BACKEND = new SimdBackend();

    @Override
    protected Backend createBackend() {
        return BACKEND;
    }
}
