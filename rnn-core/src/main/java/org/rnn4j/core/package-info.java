/**
 * The unrolled Elman RNN and backpropagation through time, written only against
 * {@code org.rnn4j.api} and {@code org.rnn4j.spi}, so it runs unchanged on any backend.
 *
 * <pre>
 * a_t = U·x_t + W·h_{t-1} + b      U: H×I   W: H×H   b: H
 * h_t = f(a_t)                     f: tanh | sigmoid | relu | identity
 * y_t = V·h_t + c                  V: O×H   c: O
 * </pre>
 * The same U, W, V, b, c are used at every step. Batches are batch-major per step and sequences
 * time-major: a sequence batch of T steps and B sequences is one (T·B)×I tensor whose rows
 * t·B … t·B+B−1 are step t (see {@link org.rnn4j.core.Sequences}); in code the products are
 * X·Uᵀ, H·Wᵀ, H·Vᵀ.
 *
 * <p>Entry points: {@link org.rnn4j.core.Rnn} (build with {@link org.rnn4j.core.Rnn#builder()}),
 * {@link org.rnn4j.core.Bptt} (loss and exact gradients), {@link org.rnn4j.core.Trainer},
 * {@link org.rnn4j.core.GradientCheck}, {@link org.rnn4j.core.Trace}, {@link org.rnn4j.core.Checkpoint}.
 */
package org.rnn4j.core;
