package org.rnn4j.core;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.rnn4j.api.Cell;
import org.rnn4j.api.DType;
import org.rnn4j.api.Tensor;
import org.rnn4j.core.layer.Readout;
import org.rnn4j.core.layer.RecurrentLayer;
import org.rnn4j.core.layer.StepMask;
import org.rnn4j.spi.Backend;

/**
 * Backpropagation through time for an {@link Rnn} of any cell: the loss of a sequence batch and its
 * exact gradient with respect to every parameter and every initial state tensor.
 *
 * <h2>What is computed</h2>
 * For inputs x_0 … x_{T−1} from the initial states, each layer's forward ({@link RecurrentLayer}),
 * the read-out {@code y_t = V·h_t + c} of the top layer at the loss steps, the loss L of
 * {@link Targets} (see {@link Loss}), then backward: the read-out sends {@code dy_t·V} to the top
 * layer's h_t; each layer backpropagates through its cell step by step from the last step and sends
 * {@code dX = dGx·U} to the layer below. Gradients overwrite the parameters' gradient buffers;
 * the initial states' gradients are in the {@link Result}.
 *
 * <h2>How, for speed</h2>
 * Each step does one gemm per layer forward for all gates and one backward; the weight gradients
 * are one gemm each over all steps. Workspaces are allocated on the first call with a given
 * (batch, steps, loss steps) shape and reused afterwards, so a call of a shape seen before
 * allocates nothing; at most {@value #MAX_WORKSPACES} shapes are kept (the least recently used is
 * dropped), so memory does not grow with the number of sequence lengths seen.
 *
 * <p>{@link TruncatedBptt} runs this engine on windows of a long sequence.
 */
public final class Bptt {
    /** How many (batch, steps, loss steps) shapes keep their workspaces. */
    public static final int MAX_WORKSPACES = 8;

    private final Rnn model;
    private final Backend be;
    private final DType dtype;
    private final RecurrentLayer[] layers;
    private final Readout readout;
    private final int in;
    private final int hidden;
    private final int out;
    private final int stateCount;
    private final Direction direction;
    private final int directions;
    private final int depth;
    private final double dropout;
    private final SplittableRandom dropoutRandom;
    private boolean dropoutFixed;
    private final Workspace[] workspaces = new Workspace[MAX_WORKSPACES];
    private long clock;
    private Workspace last;
    private int lastFrom;

    Bptt(Rnn model) {
        this.model = model;
        this.be = model.backend();
        this.dtype = model.dtype();
        List<RecurrentLayer> ls = model.layers();
        this.layers = ls.toArray(new RecurrentLayer[0]);
        this.readout = model.readout();
        this.in = model.inputSize();
        this.hidden = model.hiddenSize();
        this.out = model.outputSize();
        this.stateCount = model.stateNames().size();
        this.direction = model.direction();
        this.directions = model.directions();
        this.depth = model.depth();
        this.dropout = model.dropout();
        this.dropoutRandom = new SplittableRandom(model.seed() ^ 0x5DEECE66DL);
    }

    /**
     * What one call computed. The object and its states belong to the engine's workspace of the
     * call's shape: the next call of the same (batch, steps) shape overwrites them.
     */
    public static final class Result {
        private double loss;
        private int counted;
        private boolean gradients;
        private final State finalState;
        private final Tensor[] startGradients;
        private final State startGradient;

        Result(Tensor[] finals, Tensor[] startGradients) {
            this.finalState = State.wrap(finals);
            this.startGradients = startGradients;
            this.startGradient = State.wrap(startGradients);
        }

        /** @return the loss L */
        public double loss() {
            return loss;
        }

        /** @return the number of output rows the loss counted (unmasked loss steps × sequences) */
        public int counted() {
            return counted;
        }

        /** @return the states after the last step */
        public State finalState() {
            return finalState;
        }

        /**
         * Returns dL/d(initial states).
         *
         * @return the gradient, in {@link Rnn#stateNames()} order
         * @throws IllegalStateException if the call computed no gradients
         */
        public State initialStateGradient() {
            if (!gradients) {
                throw new IllegalStateException("this call computed the loss only; use lossAndGradients for dL/d(initial state)");
            }
            return startGradient;
        }
    }

    /**
     * Full BPTT: computes the loss over the whole sequence batch and overwrites every parameter's
     * gradient with dL/dθ.
     *
     * @param xs (input, not modified) (T·B)×I inputs, time-major (row t·B + b is step t of sequence b)
     * @param batch B
     * @param targets what the outputs should be, with the loss
     * @param mask which steps are real, or null for all
     * @param initial (input, not modified) the initial states, or null for zeros
     * @return the loss, the final states and dL/d(initial states)
     * @throws IllegalArgumentException naming the bad value if a shape, dtype, backend or value does not fit
     */
    public Result lossAndGradients(Tensor xs, int batch, Targets targets, Mask mask, State initial) {
        return call(xs, batch, targets, mask, initial, true);
    }

    private Result call(Tensor xs, int batch, Targets targets, Mask mask, State initial, boolean backward) {
        model.guard.enter(backward ? "lossAndGradients" : "loss");
        try {
            int steps = validate(xs, batch, targets, mask, initial);
            Workspace ws = workspace(batch, steps, lossSteps(targets, steps));
            ws.setStart(initial);
            return run(ws, xs, steps, 0, steps, targets, mask, backward);
        } finally {
            model.guard.exit();
        }
    }

    /**
     * Computes the loss only (forward and loss, no gradients; parameter gradients are left as they are).
     *
     * @param xs (input, not modified) (T·B)×I inputs, time-major
     * @param batch B
     * @param targets what the outputs should be, with the loss
     * @param mask which steps are real, or null for all
     * @param initial (input, not modified) the initial states, or null for zeros
     * @return the loss and the final states
     */
    public Result loss(Tensor xs, int batch, Targets targets, Mask mask, State initial) {
        return call(xs, batch, targets, mask, initial, false);
    }

    private static int lossSteps(Targets targets, int steps) {
        return targets.mode() == OutputMode.LAST_STEP ? 1 : steps;
    }

    // ------------------------------------------------------------------ validation

    int validate(Tensor xs, int batch, Targets targets, Mask mask, State initial) {
        int steps = Inputs.validate(model, xs, batch, mask, initial);
        if (targets == null) {
            throw new IllegalArgumentException("targets are null");
        }
        if (targets.batch() != batch) {
            throw new IllegalArgumentException("targets are for " + targets.batch() + " sequences but the batch has " + batch);
        }
        if (targets.outputs() != out) {
            throw new IllegalArgumentException("targets have " + targets.outputs() + " outputs per row but V produces " + out);
        }
        if (targets.mode() == OutputMode.EVERY_STEP && targets.steps() != steps) {
            throw new IllegalArgumentException("targets cover " + targets.steps() + " steps but the inputs have " + steps);
        }
        return steps;
    }

    // ------------------------------------------------------------------ workspaces

    /** A padding mask read backwards in time, for a layer that runs backwards (reverse, or a bidirectional level's second). */
    private static final class ReversedMask implements StepMask {
        StepMask base;
        int from;
        int n;

        @Override
        public boolean masked(int step, int sequence) {
            return base.masked(from + n - 1 - (step - from), sequence);
        }
    }

    /**
     * One level of the stack: a forward layer, a reversed one, or both (bidirectional). A reversed layer
     * reads the level's input with its steps reversed; its output is put back in time order.
     */
    final class Level {
        /** The forward layer, or null in a reverse network. */
        final RecurrentLayer fwd;
        /** The reversed layer, or null in a forward network. */
        final RecurrentLayer rev;
        final RecurrentLayer.Workspace wf;
        final RecurrentLayer.Workspace wr;
        /** Where the forward and the reversed layer are in {@link Rnn#layers()} (−1: none). */
        final int fIndex;
        final int rIndex;
        final int width;
        /** The time-reversed input of the reversed layer. */
        final Tensor inRev;
        /** (n·B)×(H·directions): the level's output in time order ([forward, backward] for two directions). */
        final Tensor out;
        /** The output after dropout, what the next level reads; null without dropout after this level. */
        final Tensor dropped;
        final Tensor dropMask;
        final double[] dropHost;
        /** (n·B)×(H·directions): the error of the output, set by the level above or the read-out. */
        Tensor dOut;
        final Tensor dF;
        /** The reversed layer's output error, in its own (reversed) time order. */
        final Tensor dRev;
        /** The error of the level's input (n·B)×I, from the forward layer, and the reversed layer's, reversed. */
        final Tensor dIn;
        final Tensor dInRev;
        final double[] hostF;
        final double[] hostR;
        final double[] hostCat;
        final ReversedMask reversedMask = new ReversedMask();

        Level(int k, int batch, int n, boolean top) {
            boolean reverse = direction == Direction.REVERSE;
            fIndex = reverse ? -1 : k * directions;
            rIndex = reverse ? k : directions == 2 ? k * directions + 1 : -1;
            fwd = fIndex >= 0 ? layers[fIndex] : null;
            rev = rIndex >= 0 ? layers[rIndex] : null;
            boolean both = fwd != null && rev != null;
            wf = fwd != null ? fwd.workspace(batch, n) : null;
            wr = rev != null ? rev.workspace(batch, n) : null;
            width = hidden * directions;
            int rows = n * batch;
            int inWidth = layers[k * directions].inputSize();
            inRev = rev != null ? be.zeros(dtype, rows, inWidth) : null;
            out = rev != null ? be.zeros(dtype, rows, width) : wf.output();
            boolean drops = dropout > 0 && !top;
            dropped = drops ? be.zeros(dtype, rows, width) : null;
            dropMask = drops ? be.zeros(dtype, rows, width) : null;
            dropHost = drops ? new double[rows * width] : null;
            dF = both ? be.zeros(dtype, rows, hidden) : null;
            dRev = rev != null ? be.zeros(dtype, rows, hidden) : null;
            dIn = k > 0 ? be.zeros(dtype, rows, inWidth) : null;
            dInRev = k > 0 && rev != null ? be.zeros(dtype, rows, inWidth) : null;
            hostF = both ? new double[rows * hidden] : null;
            hostR = both ? new double[rows * hidden] : null;
            hostCat = both ? new double[rows * width] : null;
        }

        /** What the level above reads. */
        Tensor next(boolean training) {
            return training && dropped != null ? dropped : out;
        }
    }

    /** Buffers for one (batch, window steps n, loss steps l) shape. */
    final class Workspace {
        final int batch;
        final int n;
        final int l;
        final Level[] levels;
        /** Per recurrent layer (in {@link Rnn#layers()} order), its workspace. */
        final RecurrentLayer.Workspace[] lws;
        /** Start states, flattened over the layers. */
        final Tensor[] start;
        final Tensor[][] startPerLayer;
        final Tensor[] finals;
        final Tensor[] startGradients;
        /** The top level's output at the loss steps, (l·B)×(H·directions): its output itself when l = n. */
        Tensor hLoss;
        final Tensor dHLoss;
        /** The top level's output error, (n·B)×(H·directions): dHLoss itself when l = n. */
        final Tensor dTop;
        final Tensor y;
        final Tensor dy;
        final double[] yHost;
        final double[] dyHost;
        final Result result;
        Tensor xWin;
        /** Whether the window starts from zeros the caller did not give (initial null): {@link #start} is then not read. */
        boolean zeroStart;
        long used;
        boolean dropoutDrawn;

        Workspace(int batch, int n, int l) {
            this.batch = batch;
            this.n = n;
            this.l = l;
            levels = new Level[depth];
            lws = new RecurrentLayer.Workspace[layers.length];
            for (int k = 0; k < depth; k++) {
                levels[k] = new Level(k, batch, n, k == depth - 1);
                if (levels[k].wf != null) {
                    lws[levels[k].fIndex] = levels[k].wf;
                }
                if (levels[k].wr != null) {
                    lws[levels[k].rIndex] = levels[k].wr;
                }
            }
            startPerLayer = new Tensor[layers.length][];
            start = new Tensor[stateCount];
            finals = new Tensor[stateCount];
            startGradients = new Tensor[stateCount];
            int i = 0;
            for (int k = 0; k < layers.length; k++) {
                startPerLayer[k] = new Tensor[layers[k].cell().states()];
                for (int s = 0; s < startPerLayer[k].length; s++) {
                    startPerLayer[k][s] = be.zeros(dtype, batch, hidden);
                    start[i] = startPerLayer[k][s];
                    finals[i] = be.zeros(dtype, batch, hidden);
                    startGradients[i] = be.zeros(dtype, batch, hidden);
                    i++;
                }
            }
            int width = hidden * directions;
            Tensor top = levels[depth - 1].out;
            hLoss = l == n ? top : be.zeros(dtype, l * batch, width);
            dHLoss = be.zeros(dtype, l * batch, width);
            dTop = l == n ? dHLoss : be.zeros(dtype, n * batch, width);
            y = be.zeros(dtype, l * batch, out);
            dy = be.zeros(dtype, l * batch, out);
            yHost = new double[l * batch * out];
            dyHost = new double[l * batch * out];
            result = new Result(finals, startGradients);
        }

        /** Takes the caller's initial states, or (null) marks the start as zeros, which the layers then form themselves. */
        void setStart(State initial) {
            zeroStart = initial == null;
            if (initial != null) {
                for (int i = 0; i < start.length; i++) {
                    be.copyInto(initial.get(i), start[i]);
                }
            }
        }

        /** The window's own copy of the inputs, made on first need (full-sequence calls read xs directly). */
        Tensor xWin() {
            if (xWin == null) {
                xWin = be.zeros(dtype, n * batch, in);
            }
            return xWin;
        }
    }

    Workspace workspace(int batch, int n, int l) {
        return workspace(batch, n, l, true);
    }

    /**
     * Returns the cached workspace of a shape, or makes one after checking it fits in memory.
     *
     * @param training whether a loss is computed (else a forward pass of {@link Rnn#forward}), for the message
     */
    Workspace workspace(int batch, int n, int l, boolean training) {
        int slot = 0;
        for (int i = 0; i < workspaces.length; i++) {
            Workspace ws = workspaces[i];
            if (ws != null && ws.batch == batch && ws.n == n && ws.l == l) {
                ws.used = ++clock;
                return ws;
            }
            if (workspaces[slot] != null && (ws == null || ws.used < workspaces[slot].used)) {
                slot = i;
            }
        }
        Memory.require(training ? "a BPTT workspace" : "the workspace of a forward pass", workspaceBytes(batch, n, l), "for T = " + n
                + " steps × B = " + batch + " sequences (a " + model.depth() + "-layer " + model.direction().qualifier() + model.cellType()
                + ", H = " + hidden + ")" + workspaceAdvice(training));
        Workspace ws = new Workspace(batch, n, l);
        ws.used = ++clock;
        if (workspaces[slot] == last) {
            last = null;
        }
        workspaces[slot] = ws;
        return ws;
    }

    /** An estimate of a workspace's size: what grows with the steps, per layer and for the read-out. */
    private long workspaceBytes(int batch, int n, int l) {
        long rows = (long) n * batch;
        long perLayer = 0;
        for (RecurrentLayer layer : layers) {
            Cell cell = layer.cell();
            long gH = (long) cell.gates() * hidden;
            perLayer += rows * ((cell.states() + 2L) * hidden + cell.cacheWidth(hidden) + gH * (cell.separateRecurrentPath() ? 2 : 1));
        }
        long readout = (long) l * batch * (2L * hidden + 2L * out) + rows * in;
        return (perLayer + readout) * dtype.bytes() + 2L * l * batch * out * Double.BYTES;
    }

    /** The number of workspaces held now (for tests of the bound). */
    int workspaceCount() {
        int c = 0;
        for (Workspace ws : workspaces) {
            c += ws != null ? 1 : 0;
        }
        return c;
    }

    // ------------------------------------------------------------------ the computation

    /**
     * Forward over steps [from, to) of xs from the workspace's start states, then the loss over the
     * last l steps of the window and, if {@code backward}, the gradients through the whole window,
     * the start states being constants.
     */
    Result run(Workspace ws, Tensor xs, int steps, int from, int to, Targets targets, Mask mask, boolean backward) {
        int n = to - from;
        int batch = ws.batch;
        last = ws;
        lastFrom = from;
        Tensor xw = xs;
        if (from != 0 || to != steps) {
            xw = ws.xWin();
            be.copyRowsInto(xs, from * batch, n * batch, xw, 0);
        }

        // ---- forward, level by level: level k+1 reads level k's output (after dropout, in training)
        Tensor input = xw;
        for (int k = 0; k < depth; k++) {
            Level lv = ws.levels[k];
            if (lv.fwd != null) {
                lv.fwd.forward(lv.wf, input, ws.zeroStart ? null : ws.startPerLayer[lv.fIndex], mask, from);
            }
            if (lv.rev != null) {
                reverseSteps(input, lv.inRev, n, batch);
                StepMask rm = null;
                if (mask != null) {
                    lv.reversedMask.base = mask;
                    lv.reversedMask.from = from;
                    lv.reversedMask.n = n;
                    rm = lv.reversedMask;
                }
                lv.rev.forward(lv.wr, lv.inRev, ws.zeroStart ? null : ws.startPerLayer[lv.rIndex], rm, from);
                if (lv.fwd != null) {
                    concat(lv, n, batch);
                } else {
                    reverseSteps(lv.wr.output(), lv.out, n, batch);     // back in time order
                }
            }
            if (lv.dropped != null && backward) {
                if (!ws.dropoutDrawn || !dropoutFixed) {
                    drawDropout(lv);
                }
                be.multiplyInto(lv.out, lv.dropMask, lv.dropped);
            }
            input = lv.next(backward);
        }
        ws.dropoutDrawn = backward || ws.dropoutDrawn;
        int f = 0;
        for (RecurrentLayer.Workspace lw : ws.lws) {
            for (Tensor t : lw.finalStates()) {
                be.copyInto(t, ws.finals[f++]);
            }
        }

        // ---- outputs of the loss steps: Y = H·Vᵀ + 1·cᵀ
        if (ws.hLoss != input) {
            be.copyRowsInto(input, (n - ws.l) * batch, ws.l * batch, ws.hLoss, 0);
        }
        readout.forward(ws.hLoss, ws.y);
        if (targets == null) {
            return ws.result;
        }
        int lossFrom = to - ws.l;
        double loss = loss(ws, batch, lossFrom, targets, mask);
        ws.result.loss = loss;
        ws.result.gradients = backward;
        if (!backward) {
            return ws.result;
        }
        ws.dy.copyFrom(ws.dyHost);

        // ---- read-out: dV, dc, and the error each loss step sends to the top level's output
        readout.backward(ws.hLoss, ws.dy, ws.dHLoss);
        if (ws.dTop != ws.dHLoss) {
            if (direction != Direction.FORWARD) {
                be.fillInto(0, ws.dTop);   // a reversed top layer reads every row; a forward one only the loss steps'
            }
            be.copyRowsInto(ws.dHLoss, 0, ws.l * batch, ws.dTop, (n - ws.l) * batch);
        }

        // ---- backward through time, level by level from the top
        ws.levels[depth - 1].dOut = ws.dTop;
        for (int k = depth - 1; k >= 0; k--) {
            Level lv = ws.levels[k];
            Tensor levelIn = k == 0 ? xw : ws.levels[k - 1].next(true);
            if (lv.rev == null) {
                // Only the loss steps send error into the top level from above (many-to-one: the last).
                lv.fwd.backward(lv.wf, levelIn, lv.dOut, k == depth - 1 ? n - ws.l : 0, mask, from, lv.dIn);
            } else if (lv.fwd != null) {
                split(lv, n, batch);
                lv.fwd.backward(lv.wf, levelIn, lv.dF, 0, mask, from, lv.dIn);
                lv.rev.backward(lv.wr, lv.inRev, lv.dRev, 0, mask != null ? lv.reversedMask : null, from, lv.dInRev);
                if (lv.dIn != null) {
                    // The reversed layer's input error is in reversed time: put it back in order and add.
                    reverseSteps(lv.dInRev, lv.inRev, n, batch);
                    be.axpyInto(1, lv.inRev, lv.dIn);
                }
            } else {
                // A reverse level: the output error into the layer's reversed time, its input error back in order.
                reverseSteps(lv.dOut, lv.dRev, n, batch);
                lv.rev.backward(lv.wr, lv.inRev, lv.dRev, 0, mask != null ? lv.reversedMask : null, from, lv.dInRev);
                if (lv.dIn != null) {
                    reverseSteps(lv.dInRev, lv.dIn, n, batch);
                }
            }
            if (k > 0) {
                Level below = ws.levels[k - 1];
                if (below.dropped != null) {
                    be.multiplyInto(lv.dIn, below.dropMask, lv.dIn);     // backprop through dropout
                }
                below.dOut = lv.dIn;
            }
        }
        int g = 0;
        for (RecurrentLayer.Workspace lw : ws.lws) {
            for (Tensor t : lw.startGradients()) {
                be.copyInto(t, ws.startGradients[g++]);
            }
        }
        return ws.result;
    }

    /** dst's step t = src's step n − 1 − t (B rows each). */
    private void reverseSteps(Tensor src, Tensor dst, int n, int batch) {
        for (int t = 0; t < n; t++) {
            be.copyRowsInto(src, t * batch, batch, dst, (n - 1 - t) * batch);
        }
    }

    /** out = [forward output, reversed layer's output put back in time order], row by row. */
    private void concat(Level lv, int n, int batch) {
        lv.wf.output().copyTo(lv.hostF);
        lv.wr.output().copyTo(lv.hostR);
        int h = hidden;
        for (int r = 0; r < n * batch; r++) {
            int back = (n - 1 - r / batch) * batch + r % batch;
            System.arraycopy(lv.hostF, r * h, lv.hostCat, r * 2 * h, h);
            System.arraycopy(lv.hostR, back * h, lv.hostCat, r * 2 * h + h, h);
        }
        lv.out.copyFrom(lv.hostCat);
    }

    /** The inverse of {@link #concat} for the output error: dF and the reversed layer's dRev (in its time order). */
    private void split(Level lv, int n, int batch) {
        lv.dOut.copyTo(lv.hostCat);
        int h = hidden;
        for (int r = 0; r < n * batch; r++) {
            int back = (n - 1 - r / batch) * batch + r % batch;
            System.arraycopy(lv.hostCat, r * 2 * h, lv.hostF, r * h, h);
            System.arraycopy(lv.hostCat, r * 2 * h + h, lv.hostR, back * h, h);
        }
        lv.dF.copyFrom(lv.hostF);
        lv.dRev.copyFrom(lv.hostR);
    }

    /** A new inverted-dropout mask: 0 with probability p, else 1/(1 − p). */
    private void drawDropout(Level lv) {
        double keep = 1 / (1 - dropout);
        for (int i = 0; i < lv.dropHost.length; i++) {
            lv.dropHost[i] = dropoutRandom.nextDouble() < dropout ? 0 : keep;
        }
        lv.dropMask.copyFrom(lv.dropHost);
    }

    /**
     * Fixes the dropout masks: while fixed, each workspace keeps the masks it drew last, so the loss
     * is a deterministic function of the parameters (what a gradient check needs). Off by default.
     *
     * @param fixed whether to keep the masks
     */
    public void fixDropoutMasks(boolean fixed) {
        this.dropoutFixed = fixed;
    }

    private double loss(Workspace ws, int batch, int lossFrom, Targets targets, Mask mask) {
        ws.y.copyTo(ws.yHost);
        boolean everyStep = targets.mode() == OutputMode.EVERY_STEP;
        int rows = ws.l * batch;
        int counted = 0;
        for (int r = 0; r < rows; r++) {
            if (!everyStep || mask == null || !mask.masked(lossFrom + r / batch, r % batch)) {
                counted++;
            }
        }
        ws.result.counted = counted;
        Arrays.fill(ws.dyHost, 0.0);
        if (counted == 0) {
            return 0;
        }
        Loss kind = targets.loss();
        double scale = kind.scale(counted, out);
        double sum = 0;
        for (int r = 0; r < rows; r++) {
            int t = lossFrom + r / batch;
            int bIdx = r % batch;
            if (everyStep && mask != null && mask.masked(t, bIdx)) {
                continue;
            }
            int tOff = everyStep ? (t * batch + bIdx) * out : bIdx * out;
            sum += kind.row(ws.yHost, r * out, targets.values, tOff, out, scale, ws.dyHost);
        }
        return sum * scale;
    }

    /** Runs one window [from, to) of a sequence batch from the given start states, with the loss over its last l steps. */
    Result runWindow(Tensor xs, int steps, int batch, int from, int to, int l, Tensor[] start, Targets targets, Mask mask,
            boolean backward) {
        Workspace ws = workspace(batch, to - from, l);
        ws.zeroStart = false;
        for (int i = 0; i < start.length; i++) {
            be.copyInto(start[i], ws.start[i]);
        }
        return run(ws, xs, steps, from, to, targets, mask, backward);
    }

    /**
     * Copies the states before absolute step {@code step} of the last window into {@code dst}: the
     * window's start states, states it stored, or its final states.
     */
    void stateBefore(int step, Tensor[] dst) {
        Workspace ws = last;
        int t = step - lastFrom;
        if (ws == null || t < 0 || t > ws.n) {
            throw new IllegalStateException("state before step " + step + " is outside the last window");
        }
        int i = 0;
        for (int k = 0; k < layers.length; k++) {
            int kinds = layers[k].cell().states();
            for (int s = 0; s < kinds; s++) {
                if (t == ws.n) {
                    be.copyInto(ws.lws[k].finalStates()[s], dst[i]);
                } else {
                    be.copyRowsInto(ws.lws[k].statesBefore(s), t * ws.batch, ws.batch, dst[i], 0);
                }
                i++;
            }
        }
    }

    /**
     * Inference through the engine, for networks that cannot stream (bidirectional, reverse): the outputs of
     * every step and the final states, as new tensors; no dropout.
     */
    Rnn.Output infer(Tensor xs, int batch, State initial, Mask mask, int steps) {
        Workspace ws = workspace(batch, steps, steps, false);
        ws.setStart(initial);
        run(ws, xs, steps, 0, steps, null, mask, false);
        Tensor outputs = be.zeros(dtype, steps * batch, out);
        be.copyInto(ws.y, outputs);
        return new Rnn.Output(outputs, State.wrap(ws.finals).copy());
    }

    /** What to do instead of a workspace too large: only a forward network can be trained in windows or streamed. */
    private String workspaceAdvice(boolean training) {
        if (model.direction() == Direction.FORWARD) {
            return training ? "; train long sequences in windows with truncated BPTT (Trainer.builder(...).truncated(k1, k2))"
                    : "; stream long sequences with model.stepper(batch)";
        }
        return "; use fewer or shorter sequences per call, or a larger -Xmx (a " + model.direction().qualifier()
                + "network needs the whole sequence at once, so it can neither stream nor train with truncated BPTT)";
    }

    /** @return the model this engine differentiates */
    public Rnn model() {
        return model;
    }
}
