/**
 * Recurrent networks and exact backpropagation through time, written only against
 * {@code org.rnn4j.api} and {@code org.rnn4j.spi}, so they run unchanged on any backend.
 *
 * <pre>{@code
 * import java.nio.file.Path;
 * import org.rnn4j.core.Checkpoint;
 * import org.rnn4j.core.Loss;
 * import org.rnn4j.core.Optimizer;
 * import org.rnn4j.core.Rnn;
 * import org.rnn4j.core.SequenceDataset;
 * import org.rnn4j.core.Trainer;
 * import org.rnn4j.core.cell.CellType;
 *
 * double[][][] x = new double[100][50][1];             // [sequence][step][feature]
 * double[][] y = new double[100][1];                   // [sequence][output]: the value after each sequence
 * for (int s = 0; s < 100; s++) {
 *     for (int t = 0; t < 50; t++) {
 *         x[s][t][0] = Math.sin(s + t);
 *     }
 *     y[s][0] = Math.sin(s + 50);
 * }
 * Rnn model = Rnn.builder().cell(CellType.LSTM).inputSize(1).hiddenSize(32).outputSize(1).seed(42).build();
 * Trainer.builder(model, Optimizer.adam(0.003)).epochs(40).batchSize(25).build()
 *         .fit(SequenceDataset.lastStep(Loss.MSE, x, y));
 * double[][] next = model.predict(x);                  // [sequence][output], after each sequence's last step
 * Checkpoint.save(Path.of("model.ckpt"), model, null, null);
 * }</pre>
 * The model runs on the backend {@link org.rnn4j.spi.Backends#get()} chooses (simd when the JVM
 * runs with {@code --add-modules jdk.incubator.vector}); {@code Rnn.builder().backend(...)} picks
 * another. Examples' tests compile this block, so it stays true.
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
