/**
 * Recurrent networks and exact backpropagation through time, written only against
 * {@code org.rnn4j.api} and {@code org.rnn4j.spi}, so they run unchanged on any backend.
 *
 * <pre>
 * gx_t = x_t·Uᵀ + b            U: gH×I   one projection for all g gates (g = 1 Elman, 3 GRU, 4 LSTM)
 * gh_t = h_{t-1}·Wᵀ (+ bh)     W: gH×H
 * states_t = cell(gx_t, gh_t, states_{t-1})     Elman: h = f(gx + gh); LSTM: h, c; GRU: h
 * y_t = V·h_t + c              V: O×(H·directions)
 * </pre>
 * The same weights are used at every step. Batches are batch-major per step and sequences
 * time-major: a sequence batch of T steps and B sequences is one (T·B)×I tensor whose rows
 * t·B … t·B+B−1 are step t (see {@link org.rnn4j.core.Sequences}).
 *
 * <h2>Structure</h2>
 * <ul>
 *   <li>{@link org.rnn4j.core.cell}: the cells, one step's element-wise math and its backward
 *       ({@link org.rnn4j.api.Cell}); nothing else knows which cell runs.</li>
 *   <li>{@link org.rnn4j.core.layer}: {@link org.rnn4j.core.layer.RecurrentLayer} (a cell over time;
 *       every gemm and weight gradient) and {@link org.rnn4j.core.layer.Readout} ({@code y = V·h + c}).</li>
 *   <li>This package: the network ({@link org.rnn4j.core.Rnn}: stacks, directions, dropout),
 *       its states ({@link org.rnn4j.core.State}), the engine ({@link org.rnn4j.core.Bptt},
 *       {@link org.rnn4j.core.TruncatedBptt}), losses and targets, optimizers, the
 *       {@link org.rnn4j.core.Trainer}, {@link org.rnn4j.core.Checkpoint}s, streaming
 *       ({@link org.rnn4j.core.Stepper}), and the explainers ({@link org.rnn4j.core.Trace},
 *       {@link org.rnn4j.core.GradientCheck}). They share package-private state (the engine's
 *       workspaces, the model's use guard, the targets' storage) that a split by role would have
 *       to make public.</li>
 * </ul>
 *
 * <p>A model is used by one thread at a time; concurrent use throws
 * {@link java.util.ConcurrentModificationException}. {@link org.rnn4j.core.Rnn#replica()} serves
 * one model's predictions from many threads.
 */
package org.rnn4j.core;
