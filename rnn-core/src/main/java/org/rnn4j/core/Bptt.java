package org.rnn4j.core;

import java.util.Arrays;
import org.rnn4j.api.DType;
import org.rnn4j.api.Tensor;
import org.rnn4j.core.layer.Readout;
import org.rnn4j.core.layer.RecurrentLayer;
import org.rnn4j.core.layer.Stack;
import org.rnn4j.spi.Backend;

/**
 * Backpropagation through time for an {@link Rnn} of any cell: the loss of a sequence batch and its
 * exact gradient with respect to every parameter and every initial state tensor.
 *
 * <h2>What is computed</h2>
 * For inputs x_0 … x_{T−1} from the initial states, the forward of the model's {@link Stack} (every
 * {@link RecurrentLayer}, level by level), the read-out {@code y_t = V·h_t + c} of the top level's output at
 * the loss steps, the loss L of {@link Targets} (see {@link Loss}), then backward: the read-out sends
 * {@code dy_t·V} to the top level's output; the stack backpropagates each layer through its cell step by
 * step from the last step and sends {@code dX = dGx·U} to the level below. Gradients overwrite the
 * parameters' gradient buffers; the initial states' gradients are in the {@link Result}. This class keeps
 * only the window, the loss and that flow of gradients; the stack owns layers, directions and dropout.
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
    private final Stack stack;
    private final Readout readout;
    private final int in;
    private final int out;
    private final Direction direction;
    private final Workspaces<Workspace> workspaces = new Workspaces<>(MAX_WORKSPACES);
    private Workspace last;
    private int lastFrom;
    private boolean inputGradients;

    Bptt(Rnn model) {
        this.model = model;
        this.be = model.backend();
        this.dtype = model.dtype();
        this.stack = model.stack();
        this.readout = model.readout();
        this.in = model.inputSize();
        this.out = model.outputSize();
        this.direction = model.direction();
    }

    /**
     * What one call computed. The object and its states belong to the engine's workspace of the
     * call's shape: the next call of the same (batch, steps) shape overwrites them.
     */
    public static final class Result {
        private double loss;
        private int counted;
        private boolean gradients;
        private Tensor inputGradient;
        private final State finalState;
        private final State startGradient;

        Result(Tensor[] finals, Tensor[] startGradients) {
            this.finalState = State.wrap(finals);
            this.startGradient = State.wrap(startGradients);
        }

        /** {@return the loss L} */
        public double loss() {
            return loss;
        }

        /** {@return the number of output rows the loss counted (unmasked loss steps × sequences)} */
        public int counted() {
            return counted;
        }

        /** {@return the states after the last step} */
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

        /**
         * Returns dL/dx, the gradient with respect to the input sequence, formed by the bottom level's own error
         * path ({@code dX_t = dGx_t·U}, summed over both directions of a bidirectional level).
         *
         * @return (T·B)×I, time-major (row t·B + b is dL/dx_t of sequence b; zero at padded steps), a live buffer the
         *     next call of the same shape overwrites
         * @throws IllegalStateException if the call did not form it: {@link #computeInputGradients} was off, or the
         *     call computed the loss only
         */
        public Tensor inputGradient() {
            if (inputGradient == null) {
                throw new IllegalStateException("this call formed no dL/dx; call computeInputGradients(true) before lossAndGradients");
            }
            return inputGradient;
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
            int steps = Inputs.validate(model, xs, batch, targets, mask, initial);
            Workspace ws = workspace(batch, steps, lossSteps(targets, steps));
            ws.setStart(initial);
            return run(ws, xs, steps, 0, steps, targets, mask, backward, backward && inputGradients);
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

    // ------------------------------------------------------------------ workspaces

    /** The stack's buffers of one (batch, window steps n) shape, and the loss's of l loss steps. */
    final class Workspace {
        final int batch;
        final int n;
        final int l;
        final Stack.Workspace stack;
        /** The top level's output at the loss steps, (l·B)×width: its output itself when l = n. */
        final Tensor hLoss;
        final Tensor dHLoss;
        /** The top level's output error, (n·B)×width: dHLoss itself when l = n. */
        final Tensor dTop;
        final Tensor y;
        final Tensor dy;
        final double[] yHost;
        final double[] dyHost;
        final Result result;
        Tensor xWin;
        Tensor dX;

        Workspace(int batch, int n, int l) {
            this.batch = batch;
            this.n = n;
            this.l = l;
            stack = Bptt.this.stack.workspace(batch, n);
            int width = Bptt.this.stack.outputWidth();
            hLoss = l == n ? stack.output() : be.zeros(dtype, l * batch, width);
            dHLoss = be.zeros(dtype, l * batch, width);
            dTop = l == n ? dHLoss : be.zeros(dtype, n * batch, width);
            y = be.zeros(dtype, l * batch, out);
            dy = be.zeros(dtype, l * batch, out);
            yHost = new double[l * batch * out];
            dyHost = new double[l * batch * out];
            result = new Result(stack.finalStates(), stack.startGradients());
        }

        /** Takes the caller's initial states, or (null) starts from zeros, which the layers then form themselves. */
        void setStart(State initial) {
            if (initial == null) {
                stack.startFromZeros();
                return;
            }
            for (int i = 0; i < initial.size(); i++) {
                stack.setStart(i, initial.get(i));
            }
        }

        /** dL/dx of the window, made on first need. */
        Tensor dX() {
            if (dX == null) {
                dX = be.zeros(dtype, n * batch, in);
            }
            return dX;
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
        Workspace ws = workspaces.get(batch, n, l);
        if (ws != null) {
            return ws;
        }
        long readoutBytes = ((long) l * batch * (2L * model.hiddenSize() + 2L * out) + (long) n * batch * in) * dtype.bytes()
                + 2L * l * batch * out * Double.BYTES;
        Memory.require("a BPTT workspace", stack.workspaceBytes(batch, n) + readoutBytes, "for T = " + n + " steps × B = " + batch
                + " sequences (" + describe(model) + ")" + workspaceAdvice(model.direction(), true));
        ws = new Workspace(batch, n, l);
        if (workspaces.put(batch, n, l, ws) == last) {
            last = null;
        }
        return ws;
    }

    /** The number of workspaces held now (for tests of the bound). */
    int workspaceCount() {
        return workspaces.size();
    }

    // ------------------------------------------------------------------ the computation

    /**
     * Forward over steps [from, to) of xs from the workspace's start states, then the loss over the
     * last l steps of the window and, if {@code backward}, the gradients through the whole window,
     * the start states being constants.
     */
    Result run(Workspace ws, Tensor xs, int steps, int from, int to, Targets targets, Mask mask, boolean backward, boolean dX) {
        int n = to - from;
        int batch = ws.batch;
        last = ws;
        lastFrom = from;
        Tensor xw = xs;
        if (from != 0 || to != steps) {
            xw = ws.xWin();
            be.copyRowsInto(xs, from * batch, n * batch, xw, 0);
        }
        ws.stack.forward(xw, mask, from, backward);     // dropout between levels in training only

        // ---- outputs of the loss steps: Y = H·Vᵀ + 1·cᵀ
        Tensor top = ws.stack.output();
        if (ws.hLoss != top) {
            be.copyRowsInto(top, (n - ws.l) * batch, ws.l * batch, ws.hLoss, 0);
        }
        readout.forward(ws.hLoss, ws.y);
        int lossFrom = to - ws.l;
        ws.result.loss = loss(ws, batch, lossFrom, targets, mask);
        ws.result.gradients = backward;
        ws.result.inputGradient = null;
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

        // ---- backward through time, level by level from the top (many-to-one: only the loss steps send error)
        ws.result.inputGradient = dX ? ws.dX() : null;
        ws.stack.backward(xw, ws.dTop, n - ws.l, mask, from, ws.result.inputGradient);
        return ws.result;
    }

    /**
     * Makes {@link #lossAndGradients} also form dL/dx ({@link Result#inputGradient()}), for attribution or to
     * train a model that feeds this network. Off by default; when off the bottom level skips its input-error
     * product ((T·B)×gH·I multiply-adds per layer), so training pays nothing for it. Parameter gradients are
     * the same bits either way. Truncated BPTT never forms it.
     *
     * @param on whether to form dL/dx
     */
    public void computeInputGradients(boolean on) {
        this.inputGradients = on;
    }

    /** {@return whether {@link #lossAndGradients} forms dL/dx (see {@link #computeInputGradients})} */
    boolean computesInputGradients() {
        return inputGradients;
    }

    /**
     * Fixes the dropout masks: while fixed, each workspace keeps the masks it drew last, so the loss
     * is a deterministic function of the parameters (what a gradient check needs). Off by default.
     *
     * @param fixed whether to keep the masks
     */
    public void fixDropoutMasks(boolean fixed) {
        stack.fixDropoutMasks(fixed);
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
        for (int i = 0; i < start.length; i++) {
            ws.stack.setStart(i, start[i]);
        }
        return run(ws, xs, steps, from, to, targets, mask, backward, false);
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
        ws.stack.statesBefore(t, dst);
    }

    /** How memory messages name a network: "a 2-layer bidirectional LSTM, H = 64". */
    static String describe(Rnn model) {
        return "a " + model.depth() + "-layer " + model.direction().qualifier() + model.cellType() + ", H = " + model.hiddenSize();
    }

    /** What to do instead of a workspace too large: only a forward network can be trained in windows or streamed. */
    static String workspaceAdvice(Direction direction, boolean training) {
        if (direction == Direction.FORWARD) {
            return training ? "; train long sequences in windows with truncated BPTT (Trainer.builder(...).truncated(k1, k2))"
                    : "; stream long sequences with model.stepper(batch)";
        }
        return "; use fewer or shorter sequences per call, or a larger -Xmx (a " + direction.qualifier()
                + "network needs the whole sequence at once, so it can neither stream nor train with truncated BPTT)";
    }

    /** {@return the model this engine differentiates} */
    public Rnn model() {
        return model;
    }
}
