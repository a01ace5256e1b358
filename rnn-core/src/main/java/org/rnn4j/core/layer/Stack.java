package org.rnn4j.core.layer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.rnn4j.api.Cell;
import org.rnn4j.api.DType;
import org.rnn4j.api.Tensor;
import org.rnn4j.spi.Backend;

/**
 * The recurrent part of a network: levels of recurrent layers, level k+1 reading level k's output sequence, as Flax
 * composes {@code RNN} layers and {@code Bidirectional} wrappers. Each level is one forward layer, one reversed layer
 * (it runs from the last step to the first; its output is put back in time order), or both, their outputs
 * concatenated on the feature axis, {@code [forward, backward]}, as PyTorch does. The stack owns the time reversal,
 * the concatenation, the inverted dropout between levels in training, and the per-layer workspaces; it knows no loss
 * and no read-out.
 *
 * <p>Shapes: a window's input is (n·B)×I, time-major (row t·B + b); level k's output is (n·B)×(H·D) with D = 2 for
 * a bidirectional level, else 1. States are B×H tensors, flattened in layer order (each layer's cell states in its
 * cell's order), the layer order being level by level, a level's forward layer before its reversed one.
 *
 * <p>Windows ({@link #workspace}) run forward and backward over n steps at once (training, inference of networks
 * that cannot stream); {@link #streaming} runs one step at a time (forward levels only). Both do the same
 * floating-point operations a training window's layers do per step, so streaming equals the full forward of a forward
 * network bit for bit. Not thread-safe.
 */
public final class Stack {
    private final Backend be;
    private final DType dtype;
    private final List<RecurrentLayer> layers;
    private final Level[] levels;
    /** Per level, the index in {@link #layers} of its first layer. */
    private final int[] first;
    private final int hidden;
    private final int stateCount;
    private final boolean streamable;
    private final double dropout;
    private final SplittableRandom dropoutRandom;
    private boolean dropoutFixed;

    /**
     * Composes layers into levels.
     *
     * @param layers the recurrent layers, level by level, a level's forward layer before its reversed one (as
     *     {@code Rnn.layers()} lists them); all of one backend, dtype and hidden size; level 0's read I inputs, the
     *     others the width of the level below
     * @param forward whether each level has a forward layer
     * @param reversed whether each level has a reversed layer (both: bidirectional levels)
     * @param dropout the inverted-dropout probability applied in training to every level's output but the top's, in [0, 1)
     * @param seed the seed of the dropout masks' generator
     * @throws IllegalArgumentException if a level has no layer, the count does not divide into levels, or a layer's
     *     input width, hidden size, backend or dtype does not fit
     */
    public Stack(List<RecurrentLayer> layers, boolean forward, boolean reversed, double dropout, long seed) {
        if (layers == null || layers.isEmpty()) {
            throw new IllegalArgumentException("layers must not be null or empty");
        }
        if (!forward && !reversed) {
            throw new IllegalArgumentException("a level needs a forward layer, a reversed layer or both");
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
        }
        int per = forward && reversed ? 2 : 1;
        if (layers.size() % per != 0) {
            throw new IllegalArgumentException(layers.size() + " layers do not divide into bidirectional levels of 2");
        }
        RecurrentLayer bottom = layers.get(0);
        this.be = bottom.backend();
        this.dtype = bottom.dtype();
        this.hidden = bottom.hiddenSize();
        this.layers = Collections.unmodifiableList(new ArrayList<>(layers));
        this.levels = new Level[layers.size() / per];
        this.first = new int[levels.length];
        int states = 0;
        int width = bottom.inputSize();
        for (int k = 0; k < levels.length; k++) {
            first[k] = k * per;
            for (int i = 0; i < per; i++) {
                RecurrentLayer l = layers.get(k * per + i);
                if (l.inputSize() != width || l.hiddenSize() != hidden || l.backend() != be || l.dtype() != dtype) {
                    throw new IllegalArgumentException("layer " + (k * per + i) + " reads " + l.inputSize() + " inputs into " + l.hiddenSize()
                            + " units (" + l.dtype() + ", backend '" + l.backend().name() + "'); level " + k + " needs " + width
                            + " into " + hidden + " (" + dtype + ", backend '" + be.name() + "')");
                }
                states += l.cell().states();
            }
            levels[k] = per == 2 ? new Bidirectional(layers.get(k * 2), layers.get(k * 2 + 1))
                    : new Unidirectional(layers.get(k), reversed, true);
            width = levels[k].width();
        }
        this.stateCount = states;
        this.streamable = !reversed;
        this.dropout = dropout;
        this.dropoutRandom = new SplittableRandom(seed);
    }

    /** {@return the recurrent layers, in the order the constructor took them} */
    public List<RecurrentLayer> layers() {
        return layers;
    }

    /** {@return the number of levels} */
    public int depth() {
        return levels.length;
    }

    /** {@return the number of state tensors (each B×H), over every layer} */
    public int stateCount() {
        return stateCount;
    }

    /** {@return the width of the top level's output: H, or 2H for bidirectional levels} */
    public int outputWidth() {
        return levels[levels.length - 1].width();
    }

    /**
     * Fixes the dropout masks: while fixed, each workspace keeps the masks it drew last, so a training forward is a
     * deterministic function of the parameters (what a gradient check needs). Off by default.
     *
     * @param fixed whether to keep the masks
     */
    public void fixDropoutMasks(boolean fixed) {
        this.dropoutFixed = fixed;
    }

    /**
     * Estimates the bytes of a workspace's tensors: what grows with the steps, per layer.
     *
     * @param batch B
     * @param n the steps
     * @return the estimate in bytes
     */
    public long workspaceBytes(int batch, int n) {
        long rows = (long) n * batch;
        long perLayer = 0;
        for (RecurrentLayer layer : layers) {
            Cell cell = layer.cell();
            long gH = (long) cell.gates() * hidden;
            perLayer += rows * ((cell.states() + 2L) * hidden + cell.cacheWidth(hidden) + gH * (cell.separateRecurrentPath() ? 2 : 1));
        }
        return perLayer * dtype.bytes();
    }

    /**
     * Allocates the buffers of one (batch, steps) window shape; reuse it for every window of that shape.
     *
     * @param batch B
     * @param n the steps
     * @return a new workspace
     */
    public Workspace workspace(int batch, int n) {
        return new Workspace(batch, n);
    }

    /** Everything a window of one (batch, steps) shape keeps between its forward and its backward. */
    public final class Workspace {
        private final int batch;
        private final int n;
        private final Level.Run[] runs;
        /** Per layer (in {@link #layers()} order), its workspace. */
        private final RecurrentLayer.Workspace[] lws;
        private final Tensor[][] startPerLayer;
        private final Tensor[] start;
        private final Tensor[] finals;
        private final Tensor[] startGradients;
        private boolean zeroStart = true;
        /** Per level: its output after dropout, the mask and its host copy; null where no dropout follows the level. */
        private final Tensor[] dropped;
        private final Tensor[] dropMask;
        private final double[][] dropHost;
        /** Per level k > 0: the error of its input, which is level k−1's output error. */
        private final Tensor[] dIn;
        private boolean dropoutDrawn;

        private Workspace(int batch, int n) {
            this.batch = batch;
            this.n = n;
            int depth = levels.length;
            runs = new Level.Run[depth];
            lws = new RecurrentLayer.Workspace[layers.size()];
            dropped = new Tensor[depth];
            dropMask = new Tensor[depth];
            dropHost = new double[depth][];
            dIn = new Tensor[depth];
            int rows = n * batch;
            for (int k = 0; k < depth; k++) {
                runs[k] = levels[k].open(batch, n);
                RecurrentLayer.Workspace[] ws = runs[k].layerWorkspaces();
                System.arraycopy(ws, 0, lws, first[k], ws.length);
                int width = levels[k].width();
                if (dropout > 0 && k < depth - 1) {
                    dropped[k] = be.zeros(dtype, rows, width);
                    dropMask[k] = be.zeros(dtype, rows, width);
                    dropHost[k] = new double[rows * width];
                }
                if (k > 0) {
                    dIn[k] = be.zeros(dtype, rows, levels[k - 1].width());
                }
            }
            startPerLayer = new Tensor[layers.size()][];
            start = new Tensor[stateCount];
            finals = new Tensor[stateCount];
            startGradients = new Tensor[stateCount];
            int i = 0;
            for (int l = 0; l < layers.size(); l++) {
                startPerLayer[l] = new Tensor[layers.get(l).cell().states()];
                for (int s = 0; s < startPerLayer[l].length; s++) {
                    startPerLayer[l][s] = be.zeros(dtype, batch, hidden);
                    start[i] = startPerLayer[l][s];
                    finals[i] = be.zeros(dtype, batch, hidden);
                    startGradients[i] = be.zeros(dtype, batch, hidden);
                    i++;
                }
            }
        }

        /** {@return B} */
        public int batch() {
            return batch;
        }

        /** {@return n, the steps} */
        public int steps() {
            return n;
        }

        /** Makes the next forward start from zero states, which the layers form themselves (skipping their products). */
        public void startFromZeros() {
            zeroStart = true;
        }

        /**
         * Sets one start state of the next forward; set every one of the {@link #stateCount()} states.
         *
         * @param i the state's index in the flattened order (see the class comment)
         * @param state (input, not modified) B×H
         */
        public void setStart(int i, Tensor state) {
            be.copyInto(state, start[i]);
            zeroStart = false;
        }

        /**
         * Runs every level over a window. In training, each level's output but the top's goes through dropout
         * (masks drawn anew, unless fixed and already drawn).
         *
         * @param xs (input, not modified) (n·B)×I, time-major
         * @param mask the padding, or null
         * @param from the absolute step of the window's first step (where the mask is read)
         * @param training whether to apply dropout
         */
        public void forward(Tensor xs, StepMask mask, int from, boolean training) {
            Tensor input = xs;
            for (int k = 0; k < runs.length; k++) {
                runs[k].forward(input, zeroStart ? null : startPerLayer, first[k], mask, from);
                if (dropped[k] != null && training) {
                    if (!dropoutDrawn || !dropoutFixed) {
                        drawDropout(k);
                    }
                    be.multiplyInto(runs[k].output(), dropMask[k], dropped[k]);
                }
                input = next(k, training);
            }
            dropoutDrawn = training || dropoutDrawn;
            int i = 0;
            for (RecurrentLayer.Workspace lw : lws) {
                for (Tensor t : lw.finalStates()) {
                    be.copyInto(t, finals[i++]);
                }
            }
        }

        /** What level k+1 reads: level k's output, after dropout in training. */
        private Tensor next(int k, boolean training) {
            return training && dropped[k] != null ? dropped[k] : runs[k].output();
        }

        /** {@return (n·B)×{@link #outputWidth()}, the top level's output of the last forward in time order (a live buffer)} */
        public Tensor output() {
            return runs[runs.length - 1].output();
        }

        /**
         * Backpropagates the last (training) forward through every level, from the top, and overwrites every layer's
         * parameter gradients. The start states are constants; their gradients are left for {@link #startGradients}.
         *
         * @param xs (input, not modified) the forward's input
         * @param dTop (input, not modified) (n·B)×{@link #outputWidth()} error of the top level's output, in time order
         * @param dTopFrom the first step whose rows of dTop a forward top level reads; a level that runs backwards reads
         *     every row, so they must hold zeros where no error arrives
         * @param mask the padding, or null (the forward's)
         * @param from the absolute step of the window's first step
         * @param dXs (output, overwritten) (n·B)×I error of the input, or null if not needed (then not computed)
         */
        public void backward(Tensor xs, Tensor dTop, int dTopFrom, StepMask mask, int from, Tensor dXs) {
            Tensor dOut = dTop;
            for (int k = runs.length - 1; k >= 0; k--) {
                Tensor levelIn = k == 0 ? xs : next(k - 1, true);
                Tensor dLevelIn = k == 0 ? dXs : dIn[k];
                runs[k].backward(levelIn, dOut, k == runs.length - 1 ? dTopFrom : 0, mask, from, dLevelIn);
                if (k > 0) {
                    if (dropped[k - 1] != null) {
                        be.multiplyInto(dLevelIn, dropMask[k - 1], dLevelIn);     // backprop through dropout
                    }
                    dOut = dLevelIn;
                }
            }
            int i = 0;
            for (RecurrentLayer.Workspace lw : lws) {
                for (Tensor t : lw.startGradients()) {
                    be.copyInto(t, startGradients[i++]);
                }
            }
        }

        /** A new inverted-dropout mask for level k: 0 with probability p, else 1/(1 − p). */
        private void drawDropout(int k) {
            double keep = 1 / (1 - dropout);
            double[] host = dropHost[k];
            for (int i = 0; i < host.length; i++) {
                host[i] = dropoutRandom.nextDouble() < dropout ? 0 : keep;
            }
            dropMask[k].copyFrom(host);
        }

        /**
         * Returns the states after the last step of the last forward, copied out of the layers' buffers.
         *
         * @return {@link #stateCount()} B×H tensors, live (the next forward overwrites them)
         */
        public Tensor[] finalStates() {
            return finals;
        }

        /**
         * Returns dL/d(start states) of the last backward.
         *
         * @return {@link #stateCount()} B×H tensors, live (the next backward overwrites them)
         */
        public Tensor[] startGradients() {
            return startGradients;
        }

        /**
         * Copies the states before step t of the last forward (t = n: the final states).
         *
         * @param t the step within the window, 0 to n
         * @param dst (output, overwritten) {@link #stateCount()} B×H tensors
         * @throws IllegalArgumentException if t is outside the window
         */
        public void statesBefore(int t, Tensor[] dst) {
            if (t < 0 || t > n) {
                throw new IllegalArgumentException("step " + t + " is outside a window of " + n + " steps");
            }
            int i = 0;
            for (int k = 0; k < lws.length; k++) {
                for (int s = 0; s < layers.get(k).cell().states(); s++) {
                    if (t == n) {
                        be.copyInto(lws[k].finalStates()[s], dst[i]);
                    } else {
                        be.copyRowsInto(lws[k].statesBefore(s), t * batch, batch, dst[i], 0);
                    }
                    i++;
                }
            }
        }

        /**
         * Returns a layer's own workspace, for explaining what it computed ({@code Trace}).
         *
         * @param i the layer's index in {@link #layers()}
         * @return its workspace in this window
         */
        public RecurrentLayer.Workspace layer(int i) {
            return lws[i];
        }
    }

    /**
     * Allocates a streaming runner: one step at a time, states carried between steps, from zeros.
     *
     * @param batch B
     * @return a new runner
     * @throws IllegalStateException if a level runs backwards in time (it needs the whole sequence)
     */
    public Streaming streaming(int batch) {
        if (!streamable) {
            throw new IllegalStateException("a stack with reversed layers cannot stream: they start from the last step");
        }
        return new Streaming(batch);
    }

    /** Streaming: every layer's step per call, the states swapped between two buffers per layer. */
    public final class Streaming {
        private final int batch;
        private final RecurrentLayer.StepBuffers[] buffers;
        /** Per layer, the current states and the buffers the next step writes; swapped after each step. */
        private final Tensor[][] prev;
        private final Tensor[][] next;

        private Streaming(int batch) {
            this.batch = batch;
            int count = layers.size();
            buffers = new RecurrentLayer.StepBuffers[count];
            prev = new Tensor[count][];
            next = new Tensor[count][];
            for (int k = 0; k < count; k++) {
                RecurrentLayer l = layers.get(k);
                buffers[k] = l.stepBuffers(batch);
                int s = l.cell().states();
                prev[k] = new Tensor[s];
                next[k] = new Tensor[s];
                for (int i = 0; i < s; i++) {
                    prev[k][i] = be.zeros(dtype, batch, hidden);
                    next[k][i] = be.zeros(dtype, batch, hidden);
                }
            }
        }

        /**
         * Advances every layer one step; rows the mask pads at {@code step} keep their states.
         *
         * @param x (input, not modified) B×I
         * @param mask the padding, or null
         * @param step the absolute step (where the mask is read)
         * @return B×H, the top layer's new h (a live buffer, valid until the next step)
         */
        public Tensor advance(Tensor x, StepMask mask, int step) {
            Tensor in = x;
            for (int k = 0; k < prev.length; k++) {
                layers.get(k).step(in, prev[k], next[k], buffers[k]);
                if (mask != null) {
                    for (int i = 0; i < prev[k].length; i++) {
                        RecurrentLayer.carryMaskedRows(mask, step, batch, prev[k][i], next[k][i]);
                    }
                }
                Tensor[] swap = prev[k];
                prev[k] = next[k];
                next[k] = swap;
                in = prev[k][0];
            }
            return in;
        }

        /**
         * Puts the live state buffers (overwritten by the next step) into dst.
         *
         * @param dst (output) {@link #stateCount()} slots
         */
        public void states(Tensor[] dst) {
            int i = 0;
            for (Tensor[] layer : prev) {
                for (Tensor t : layer) {
                    dst[i++] = t;
                }
            }
        }

        /**
         * Sets the states.
         *
         * @param states (input, not modified) {@link #stateCount()} B×H tensors, or null for zeros
         */
        public void reset(List<Tensor> states) {
            int i = 0;
            for (Tensor[] layer : prev) {
                for (Tensor t : layer) {
                    if (states == null) {
                        be.fillInto(0, t);
                    } else {
                        be.copyInto(states.get(i), t);
                    }
                    i++;
                }
            }
        }
    }
}
