package org.rnn4j.core;

import org.rnn4j.api.Tensor;

/**
 * Truncated backpropagation through time, BPTT(k1, k2) (Williams and Peng, 1990; Sutskever, 2013):
 * a long sequence is processed in chunks of k1 steps, with one update after each chunk, and each
 * update's gradient flows back at most k2 steps.
 *
 * <h2>What is computed</h2>
 * Chunk j covers steps [s, e) with s = j·k1 and e = min(s + k1, T); its window is [w, e) with
 * w = max(0, e − k2). The update's gradient is the exact gradient of
 * <pre>
 * L_j(θ) = loss of the outputs at steps s … e−1,
 *          running the network with the current θ over steps w … e−1 from the state h_{w−1},
 * </pre>
 * where h_{w−1} is a constant: the state computed by the previous chunk's forward pass (h0 for the
 * first window). So every loss in the chunk is backpropagated to the window start, k2 − k1 steps
 * further back than the chunk itself. With k1 = k2 this is min-char-rnn's scheme: chunks do not
 * overlap and the state is carried from one chunk to the next. The last chunk may be shorter than
 * k1, and a sequence shorter than k1 is one chunk: nothing is skipped.
 *
 * <p>After each chunk, the listener is called with the gradients in the parameters' buffers; it
 * typically clips and applies an optimizer step, so the next chunk runs with the updated θ.
 */
public final class TruncatedBptt {
    private final int k1;
    private final int k2;

    /** Called after each chunk's gradients are computed. */
    @FunctionalInterface
    public interface ChunkListener {
        /**
         * Receives one chunk.
         *
         * @param chunk the chunk's index, from 0
         * @param from first step of the chunk
         * @param to step after the chunk's last
         * @param loss the chunk's loss L_j
         */
        void afterChunk(int chunk, int from, int to, double loss);
    }

    /**
     * Configures BPTT(k1, k2).
     *
     * @param k1 steps forward per update, at least 1
     * @param k2 steps the gradient flows back, at least k1
     */
    public TruncatedBptt(int k1, int k2) {
        if (k1 < 1) {
            throw new IllegalArgumentException("k1 (steps per update) must be at least 1, got " + k1);
        }
        if (k2 < k1) {
            throw new IllegalArgumentException("k2 (steps back) must be at least k1 = " + k1 + ", got " + k2
                    + "; otherwise the first losses of a chunk would get no gradient at all");
        }
        this.k1 = k1;
        this.k2 = k2;
    }

    /** @return k1, steps forward per update */
    public int k1() {
        return k1;
    }

    /** @return k2, steps the gradient flows back */
    public int k2() {
        return k2;
    }

    /**
     * Runs every chunk of a sequence batch.
     *
     * @param model the network
     * @param xs (input, not modified) (T·B)×I inputs, time-major
     * @param batch B
     * @param targets targets at every step ({@link OutputMode#EVERY_STEP})
     * @param mask which steps are real, or null
     * @param h0 (input, not modified) B×H initial state, or null for zeros
     * @param listener called after each chunk (e.g. clip and update)
     * @return the mean of the chunks' losses, weighted by their lengths
     */
    public double run(Rnn model, Tensor xs, int batch, Targets targets, Mask mask, Tensor h0, ChunkListener listener) {
        Bptt engine = model.bptt();
        int steps = engine.validate(xs, batch, targets, mask, h0);
        if (targets.mode() != OutputMode.EVERY_STEP) {
            throw new IllegalArgumentException("truncated BPTT needs a target at every step (OutputMode.EVERY_STEP); "
                    + "for one target per sequence use full BPTT");
        }
        engine.startState(h0, batch);
        Tensor start = engine.startBuffer(batch);
        double weighted = 0;
        int chunk = 0;
        for (int s = 0; s < steps; s += k1, chunk++) {
            int e = Math.min(s + k1, steps);
            int w = Math.max(0, e - k2);
            if (s > 0) {
                engine.stateBefore(w, start);
            }
            double loss = engine.run(xs, steps, batch, w, e, s, start, targets, mask, true);
            weighted += loss * (e - s);
            if (listener != null) {
                listener.afterChunk(chunk, s, e, loss);
            }
        }
        return weighted / steps;
    }
}
