package org.rnn4j.core.layer;

import java.util.List;
import org.rnn4j.api.DType;
import org.rnn4j.api.Tensor;
import org.rnn4j.spi.Backend;

/**
 * A level of one recurrent layer over time, forward or backwards (Flax's {@code RNN(cell, reverse=...)}). A reversed
 * layer reads its input with the steps reversed, h_t depending on x_t … x_{n−1}; with {@code keepOrder} its output is
 * put back in time order (Flax's {@code keep_order=True}), without it (inside a {@link Bidirectional}) it stays in the
 * layer's own, reversed, time.
 */
final class Unidirectional extends Level {
    private final RecurrentLayer layer;
    private final boolean reverse;
    private final boolean keepOrder;

    Unidirectional(RecurrentLayer layer, boolean reverse, boolean keepOrder) {
        this.layer = layer;
        this.reverse = reverse;
        this.keepOrder = keepOrder;
    }

    @Override
    List<RecurrentLayer> layers() {
        return List.of(layer);
    }

    @Override
    int width() {
        return layer.hiddenSize();
    }

    @Override
    Run open(int batch, int n) {
        return new Run(batch, n);
    }

    /** A padding mask read backwards in time, for a layer that runs backwards. */
    private static final class ReversedMask implements StepMask {
        StepMask base;
        int from;
        int n;

        @Override
        public boolean masked(int step, int sequence) {
            return base.masked(from + n - 1 - (step - from), sequence);
        }
    }

    final class Run extends Level.Run {
        private final Backend be;
        private final DType dtype;
        final int batch;
        final int n;
        final RecurrentLayer.Workspace ws;
        /** The time-reversed input of a reversed layer (null for a forward one); also scratch for its input error. */
        final Tensor inRev;
        /** A reversed layer's output in time order (keepOrder), else null. */
        private final Tensor out;
        /** A reversed layer's output error, in its own (reversed) time. */
        final Tensor dRev;
        /** A reversed layer's input error, in its own time; made on the first backward that asks for it. */
        private Tensor dInRev;
        private final ReversedMask reversedMask = new ReversedMask();
        private boolean masked;
        private int from;

        Run(int batch, int n) {
            this.be = layer.backend();
            this.dtype = layer.dtype();
            this.batch = batch;
            this.n = n;
            this.ws = layer.workspace(batch, n);
            int rows = n * batch;
            inRev = reverse ? be.zeros(dtype, rows, layer.inputSize()) : null;
            out = reverse && keepOrder ? be.zeros(dtype, rows, layer.hiddenSize()) : null;
            dRev = reverse ? be.zeros(dtype, rows, layer.hiddenSize()) : null;
        }

        @Override
        RecurrentLayer.Workspace[] layerWorkspaces() {
            return new RecurrentLayer.Workspace[] {ws};
        }

        @Override
        void forward(Tensor xs, Tensor[][] starts, int first, StepMask mask, int from) {
            Tensor[] start = starts == null ? null : starts[first];
            if (!reverse) {
                layer.forward(ws, xs, start, mask, from);
                return;
            }
            reverseSteps(be, xs, inRev, n, batch);
            this.from = from;
            masked = mask != null;
            if (masked) {
                reversedMask.base = mask;
                reversedMask.from = from;
                reversedMask.n = n;
            }
            layer.forward(ws, inRev, start, masked ? reversedMask : null, from);
            if (keepOrder) {
                reverseSteps(be, ws.output(), out, n, batch);     // back in time order
            }
        }

        @Override
        Tensor output() {
            return out != null ? out : ws.output();
        }

        @Override
        void backward(Tensor xs, Tensor dOut, int dOutFrom, StepMask mask, int from, Tensor dXs) {
            if (!reverse) {
                layer.backward(ws, xs, dOut, dOutFrom, mask, from, dXs);
                return;
            }
            // The output error into the layer's reversed time, its input error back in order.
            reverseSteps(be, dOut, dRev, n, batch);
            Tensor dIn = backwardInOwnTime(dXs != null);
            if (dXs != null) {
                reverseSteps(be, dIn, dXs, n, batch);
            }
        }

        /**
         * Backward of a reversed layer from the output error already in {@link #dRev} (its own time).
         *
         * @param inputError whether to form the input error
         * @return the input error in the layer's own (reversed) time, or null
         */
        Tensor backwardInOwnTime(boolean inputError) {
            if (inputError && dInRev == null) {
                dInRev = be.zeros(dtype, n * batch, layer.inputSize());
            }
            layer.backward(ws, inRev, dRev, 0, masked ? reversedMask : null, from, inputError ? dInRev : null);
            return inputError ? dInRev : null;
        }
    }
}
