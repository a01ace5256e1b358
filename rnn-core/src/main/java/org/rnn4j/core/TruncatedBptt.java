package org.rnn4j.core;

import org.rnn4j.api.Tensor;

/**
 * Truncated backpropagation through time, BPTT(k1, k2) (Williams and Peng, 1990; Sutskever, 2013):
 * a long sequence is processed in chunks of k1 steps, with one update after each chunk, and each
 * update's gradient flows back at most k2 steps. Every state tensor (h, and c of an LSTM) of every
 * layer is carried from one window to the next.
 *
 * <h2>What is computed</h2>
 * Chunk j covers steps [s, e) with s = j·k1 and e = min(s + k1, T); its window is [w, e) with
 * w = max(0, e − k2). The update's gradient is the exact gradient of
 * <pre>
 * L_j(θ) = loss of the outputs at steps s … e−1,
 *          running the network with the current θ over steps w … e−1 from the state h_{w−1},
 * </pre>
 * where h_{w−1} (all states) is a constant: the state computed by the previous chunk's forward pass (h0 for the
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
    private Rnn carriedModel;
    private long lastCounted;
    private Tensor[] carried;

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

    /** {@return k1, steps forward per update} */
    public int k1() {
        return k1;
    }

    /** {@return k2, steps the gradient flows back} */
    public int k2() {
        return k2;
    }

    /**
     * Runs every chunk of a sequence batch. The states that start the next window are taken before
     * the listener runs, so a listener may use the model (forward, evaluate) freely. A chunk in
     * which every step of every sequence is padding computes nothing and is not passed to the
     * listener (an optimizer would otherwise step on zero gradients).
     *
     * @param model the network
     * @param xs (input, not modified) (T·B)×I inputs, time-major
     * @param batch B
     * @param targets targets at every step ({@link OutputMode#EVERY_STEP})
     * @param mask which steps are real, or null
     * @param initial (input, not modified) the initial states, or null for zeros
     * @param listener called after each chunk (e.g. clip and update)
     * @return the mean loss over every counted output row of every chunk (0 if none counted)
     */
    public double run(Rnn model, Tensor xs, int batch, Targets targets, Mask mask, State initial, ChunkListener listener) {
        if (model == null) {
            throw new IllegalArgumentException("model is null");
        }
        model.requireForward("truncated BPTT");
        model.guard.enter("truncated BPTT");
        try {
            return runGuarded(model, xs, batch, targets, mask, initial, listener);
        } finally {
            model.guard.exit();
        }
    }

    private double runGuarded(Rnn model, Tensor xs, int batch, Targets targets, Mask mask, State initial, ChunkListener listener) {
        Bptt engine = model.bptt();
        int steps = Inputs.validate(model, xs, batch, targets, mask, initial);
        if (targets.mode() != OutputMode.EVERY_STEP) {
            throw new IllegalArgumentException("truncated BPTT needs a target at every step (OutputMode.EVERY_STEP); "
                    + "for one target per sequence use full BPTT");
        }
        Tensor[] start = carried(model, batch);
        for (int i = 0; i < start.length; i++) {
            if (initial == null) {
                model.backend().fillInto(0, start[i]);
            } else {
                model.backend().copyInto(initial.get(i), start[i]);
            }
        }
        double weighted = 0;
        long counted = 0;
        lastCounted = 0;
        int chunk = 0;
        for (int s = 0; s < steps; s += k1, chunk++) {
            int e = Math.min(s + k1, steps);
            int w = Math.max(0, e - k2);
            // start holds the states before step w, taken from the previous window before its listener ran
            boolean padding = mask != null && allPadding(mask, s, e, batch);
            Bptt.Result r = engine.runWindow(xs, steps, batch, w, e, e - s, start, targets, mask, !padding);
            // The states the next window starts from (or, after the last, the final states).
            engine.stateBefore(e < steps ? Math.max(0, Math.min(e + k1, steps) - k2) : e, start);
            if (padding) {
                continue;
            }
            weighted += r.loss() * r.counted();
            counted += r.counted();
            lastCounted = counted;
            if (listener != null) {
                listener.afterChunk(chunk, s, e, r.loss());
            }
        }
        return counted == 0 ? 0 : weighted / counted;
    }

    /**
     * Returns the states after the last step of the last {@link #run}, to continue a longer stream.
     *
     * @return live buffers owned by this object, in {@link Rnn#stateNames()} order
     * @throws IllegalStateException before the first run
     */
    public State carriedState() {
        if (carried == null) {
            throw new IllegalStateException("no truncated BPTT run yet");
        }
        return State.wrap(carried);
    }

    /** {@return the output rows the last {@link #run} counted, over all its chunks} */
    long lastCounted() {
        return lastCounted;
    }

    private static boolean allPadding(Mask mask, int from, int to, int batch) {
        for (int t = from; t < to; t++) {
            for (int b = 0; b < batch; b++) {
                if (!mask.masked(t, b)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The states carried between windows, owned by this object, kept for the last (model, batch). */
    private Tensor[] carried(Rnn model, int batch) {
        if (carriedModel != model || carried == null || carried[0].rows() != batch) {
            carried = new Tensor[model.stateNames().size()];
            for (int i = 0; i < carried.length; i++) {
                carried[i] = model.backend().zeros(model.dtype(), batch, model.hiddenSize());
            }
            carriedModel = model;
        }
        return carried;
    }
}
