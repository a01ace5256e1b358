package org.rnn4j.core.layer;

import java.util.List;
import org.rnn4j.api.Tensor;
import org.rnn4j.spi.Backend;

/**
 * One level of a {@link Stack}: maps an input sequence (n·B)×I to an output sequence (n·B)×width in time order,
 * and its error back. {@link Unidirectional} runs one layer forward or backwards in time (Flax's {@code RNN} with
 * {@code reverse}); {@link Bidirectional} runs one of each and concatenates (Flax's {@code Bidirectional}).
 */
abstract class Level {
    /** {@return the recurrent layers of this level, in the model's registry order (forward before reversed)} */
    abstract List<RecurrentLayer> layers();

    /** {@return the output width: H, or 2H for a bidirectional level} */
    abstract int width();

    /**
     * Allocates the buffers of one (batch, steps) shape.
     *
     * @param batch B
     * @param n the steps
     * @return a new run
     */
    abstract Run open(int batch, int n);

    /** The buffers of one (batch, steps) shape, and the level's forward and backward over them. */
    abstract static class Run {
        /** {@return the workspaces of the level's layers, in {@link #layers()} order} */
        abstract RecurrentLayer.Workspace[] layerWorkspaces();

        /**
         * Runs the level forward.
         *
         * @param xs (input, not modified) (n·B)×I in time order
         * @param starts (input, not modified) the start states of every layer of the stack, or null for zeros
         * @param first the index in {@code starts} of this level's first layer
         * @param mask the padding, or null
         * @param from the absolute step of the window's first step
         */
        abstract void forward(Tensor xs, Tensor[][] starts, int first, StepMask mask, int from);

        /** {@return (n·B)×width, the output of the last forward in time order (a live buffer)} */
        abstract Tensor output();

        /**
         * Backpropagates the last forward, overwriting the gradients of the level's layers.
         *
         * @param xs (input, not modified) the forward's input
         * @param dOut (input, not modified) (n·B)×width error of the output, in time order
         * @param dOutFrom the first step whose rows of dOut a forward-running level reads (a level that runs
         *     backwards reads every row)
         * @param mask the padding, or null (the forward's)
         * @param from the absolute step of the window's first step
         * @param dXs (output, overwritten) (n·B)×I error of the input, or null if not needed
         */
        abstract void backward(Tensor xs, Tensor dOut, int dOutFrom, StepMask mask, int from, Tensor dXs);
    }

    /** dst's step t = src's step n − 1 − t (B rows each): time reversal of a sequence. */
    static void reverseSteps(Backend be, Tensor src, Tensor dst, int n, int batch) {
        for (int t = 0; t < n; t++) {
            be.copyRowsInto(src, t * batch, batch, dst, (n - 1 - t) * batch);
        }
    }
}
