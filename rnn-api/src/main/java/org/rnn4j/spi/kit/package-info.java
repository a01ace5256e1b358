/**
 * Helpers for backend authors, not part of the user's API: {@link org.rnn4j.spi.kit.AbstractBackend}
 * performs every check of the {@link org.rnn4j.spi.Backend} contract and defaults every operation
 * to a loop in {@link org.rnn4j.spi.kit.ElementLoops}; {@link org.rnn4j.spi.kit.FloatKernels} holds
 * SIMD-friendly FLOAT32 loops over {@code float[]} storage; the gated cells' fused steps are
 * {@link org.rnn4j.spi.kit.GateLoops} (FLOAT64) and {@link org.rnn4j.spi.kit.FloatGateKernels}
 * (FLOAT32, on per-thread heap copies that a backend makes with its own bulk copies). A backend extends the first and
 * overrides what its library does better; applications never need this package.
 */
package org.rnn4j.spi.kit;
