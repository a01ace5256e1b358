package org.rnn4j.api;

import java.util.List;

/**
 * One recurrent step's element-wise math and its exact backward, for B rows at once: the part of
 * a recurrent cell that differs between Elman, LSTM and GRU.
 *
 * <p>Every cell is <b>g affine projections of x and of h, then element-wise work</b>. The layer that
 * runs the cell owns the weights and every matrix product:
 * <pre>
 * gx_t = x_t·Uᵀ + b       U: gH×I, b: 1×gH   (all gates at once)
 * gh_t = h_{t-1}·Wᵀ + bh  W: gH×H, bh: 1×gH  (bh only for cells with a separate recurrent path)
 * </pre>
 * and hands the cell the gate pre-activations. For a cell whose gates only ever see the sum
 * {@code gx + gh} ({@link #separateRecurrentPath()} false: Elman, LSTM), the layer passes that sum
 * as {@code gx} and no {@code gh}; a cell that needs the recurrent part alone (GRU, whose reset gate
 * multiplies it) gets both. Gate blocks are column blocks of H columns, in the order of
 * {@link #gateNames()}.
 *
 * <p>The cell's state is one or two B×H tensors ({@link #stateNames()}: h, or h and c); state 0 is
 * always h, the output the layer's consumers read and W multiplies. {@link #forward} writes into a
 * per-step cache (B × {@link #cacheWidth} columns, laid out as H-wide blocks named by
 * {@link #cacheNames()}) everything {@link #backward} needs; the layer keeps one cache per step.
 *
 * <p>Backward returns the error of the gate pre-activations; the layer turns them into weight
 * gradients and adds the recurrent error {@code dGh·W} (or {@code dGx·W}) to state 0's error. A cell
 * owns no parameters, no time loop and no gemm. Implementations may keep scratch arrays per batch
 * size, so an instance is used by one thread at a time.
 */
public interface Cell {

    /**
     * Returns the cell's kind, as checkpoints and error messages name it.
     *
     * @return e.g. {@code "elman"}, {@code "lstm"}, {@code "gru"}
     */
    String kind();

    /**
     * Returns the names of the gate blocks, in column order.
     *
     * @return g names, e.g. {@code [i, f, g, o]}
     */
    List<String> gateNames();

    /**
     * Returns the number of gate blocks g.
     *
     * @return 1 (Elman), 3 (GRU) or 4 (LSTM)
     */
    default int gates() {
        return gateNames().size();
    }

    /**
     * Returns the names of the state tensors; the first is always {@code h}.
     *
     * @return {@code [h]} or {@code [h, c]}
     */
    List<String> stateNames();

    /**
     * Returns the number of state tensors.
     *
     * @return 1 or 2
     */
    default int states() {
        return stateNames().size();
    }

    /**
     * Whether the cell needs the recurrent pre-activation {@code gh} apart from {@code gx} (and has
     * its own recurrent bias bh).
     *
     * @return true for GRU; false for cells that only see {@code gx + gh}
     */
    boolean separateRecurrentPath();

    /**
     * Returns the names of the H-wide blocks of the per-step cache, in column order.
     *
     * @return e.g. {@code [i, f, g, o, c_prev, tanh_c]}
     */
    List<String> cacheNames();

    /**
     * Returns the cache's width for a hidden size.
     *
     * @param hidden H
     * @return {@code cacheNames().size() · H}
     */
    default int cacheWidth(int hidden) {
        return cacheNames().size() * hidden;
    }

    /**
     * Computes one step from the gate pre-activations.
     *
     * @param gx (input, may be overwritten) B×gH: {@code x·Uᵀ + b}, plus {@code h·Wᵀ} unless
     *     {@link #separateRecurrentPath()}
     * @param gh (input, may be overwritten) B×gH {@code h·Wᵀ + bh} for a cell with a separate
     *     recurrent path, else null
     * @param prev (input, not modified) the previous states, B×H each
     * @param next (output, overwritten) the new states, B×H each; no tensor of {@code prev}
     * @param cache (output, overwritten) B × {@link #cacheWidth} what {@link #backward} needs; for a
     *     cell whose {@link #cacheNames()} are just {@code [h]}, the layer may pass {@code next[0]}
     *     itself (or a view of the same rows), so such a cell writes h before its cache
     * @throws IllegalArgumentException if a shape, dtype or backend does not match (the message names them)
     */
    void forward(Tensor gx, Tensor gh, Tensor[] prev, Tensor[] next, Tensor cache);

    /**
     * Backpropagates one step.
     *
     * @param cache (input, not modified) what {@link #forward} wrote for this step
     * @param dNext (input, not modified) B×H errors with respect to the new states
     * @param dGx (output, overwritten) B×gH error with respect to {@code gx}
     * @param dGh (output, overwritten) B×gH error with respect to {@code gh}, or null for a cell without
     *     a separate recurrent path (its dGh is dGx)
     * @param dPrev (output, overwritten) B×H errors with respect to the previous states through the
     *     element-wise path only; the layer adds the path through W to {@code dPrev[0]}
     * @throws IllegalArgumentException if a shape, dtype or backend does not match (the message names them)
     */
    void backward(Tensor cache, Tensor[] dNext, Tensor dGx, Tensor dGh, Tensor[] dPrev);
}
