package org.rnn4j.core;

import java.util.ArrayList;
import java.util.List;
import org.rnn4j.api.Activation;
import org.rnn4j.api.DType;
import org.rnn4j.api.Parameter;
import org.rnn4j.api.Tensor;
import org.rnn4j.spi.Backend;

/**
 * Backpropagation through time for an {@link Rnn}: the loss of a sequence batch and its exact
 * gradient with respect to U, W, b, V, c and the initial state h0.
 *
 * <h2>What is computed</h2>
 * For inputs x_0 … x_{T−1} from state h_{−1} = h0, the forward pass of {@link Rnn}, then the loss
 * L of {@link Targets} (see {@link Loss}), then, for t = T−1 down to 0,
 * <pre>
 * dh_t = V^T·dy_t + W^T·da_{t+1}           (error reaching h_t from its output and from step t+1)
 * da_t = dh_t ⊙ f'(a_t)                    (backprop through f)
 * dU = Σ_t da_t·x_t^T   dW = Σ_t da_t·h_{t−1}^T   db = Σ_t da_t
 * dV = Σ_t dy_t·h_t^T   dc = Σ_t dy_t       dh0 = W^T·da_0
 * </pre>
 * summed over the batch as well. Gradients overwrite the parameters' gradient buffers.
 *
 * <h2>How, for speed</h2>
 * The forward pass runs {@link ElmanCell#forward} at every step, the very arithmetic of streaming
 * ({@link Stepper}), so the two agree bit for bit; each step does one B×H·H×H gemm forward and one
 * backward, and the error carried back alternates between two buffers instead of being copied.
 * dU, dW, dV are one gemm each over all steps (the per-step errors and states are kept in (T·B)×H
 * buffers for that). Workspaces are allocated on the first call with a given (batch, steps) shape
 * and reused afterwards: a call of a shape seen before allocates no tensors.
 *
 * <p>{@link TruncatedBptt} runs this engine on windows of a long sequence.
 */
public final class Bptt {
    private final Rnn model;
    private final Backend be;
    private final DType dtype;
    private final Activation f;
    private final ElmanCell cell;
    private final Parameter u;
    private final Parameter w;
    private final Parameter b;
    private final Parameter v;
    private final Parameter c;
    private final int in;
    private final int hidden;
    private final int out;

    /** Workspaces by (batch, window steps, loss steps); a short linear list, searched without allocating. */
    private final List<Workspace> workspaces = new ArrayList<>();
    /** Buffers by batch size, likewise; {@code buffers} is the set the last call used. */
    private final List<BatchBuffers> batchBuffers = new ArrayList<>();
    private BatchBuffers buffers;
    private Workspace last;
    private int lastFrom;

    Bptt(Rnn model) {
        this.model = model;
        this.be = model.backend();
        this.dtype = model.dtype();
        this.f = model.activation();
        this.cell = model.cell();
        this.u = model.parameter("U");
        this.w = model.parameter("W");
        this.b = model.parameter("b");
        this.v = model.parameter("V");
        this.c = model.parameter("c");
        this.in = model.inputSize();
        this.hidden = model.hiddenSize();
        this.out = model.outputSize();
    }

    /**
     * Full BPTT: computes the loss over the whole sequence batch and overwrites every parameter's
     * gradient with dL/dθ. Afterwards {@link #h0Gradient()} holds dL/dh0 and {@link #finalState()}
     * the state after the last step.
     *
     * @param xs (input, not modified) (T·B)×I inputs, time-major (row t·B + b is step t of sequence b)
     * @param batch B
     * @param targets what the outputs should be, with the loss
     * @param mask which steps are real, or null for all
     * @param h0 (input, not modified) B×H initial state, or null for zeros
     * @return the loss L
     * @throws IllegalArgumentException naming the bad value if a shape, dtype, backend or value does not fit
     */
    public double lossAndGradients(Tensor xs, int batch, Targets targets, Mask mask, Tensor h0) {
        int steps = validate(xs, batch, targets, mask, h0);
        int lossFrom = targets.mode() == OutputMode.LAST_STEP ? steps - 1 : 0;
        startState(h0, batch);
        return run(xs, steps, batch, 0, steps, lossFrom, buffers.start, targets, mask, true);
    }

    /**
     * Computes the loss only (forward and loss, no gradients; parameter gradients are left as they are).
     *
     * @param xs (input, not modified) (T·B)×I inputs, time-major
     * @param batch B
     * @param targets what the outputs should be, with the loss
     * @param mask which steps are real, or null for all
     * @param h0 (input, not modified) B×H initial state, or null for zeros
     * @return the loss L
     */
    public double loss(Tensor xs, int batch, Targets targets, Mask mask, Tensor h0) {
        int steps = validate(xs, batch, targets, mask, h0);
        int lossFrom = targets.mode() == OutputMode.LAST_STEP ? steps - 1 : 0;
        startState(h0, batch);
        return run(xs, steps, batch, 0, steps, lossFrom, buffers.start, targets, mask, false);
    }

    /**
     * Returns dL/dh0 from the last {@link #lossAndGradients} (or of the window start, after a truncated window).
     *
     * @return B×H tensor owned by this engine, overwritten by the next call
     */
    public Tensor h0Gradient() {
        requireRun();
        return buffers.dh0;
    }

    /**
     * Returns the state after the last step of the last call.
     *
     * @return B×H tensor owned by this engine, overwritten by the next call
     */
    public Tensor finalState() {
        requireRun();
        return buffers.hLast;
    }

    private void requireRun() {
        if (last == null) {
            throw new IllegalStateException("no BPTT call has run yet");
        }
    }

    // ------------------------------------------------------------------ validation

    int validate(Tensor xs, int batch, Targets targets, Mask mask, Tensor h0) {
        int steps = validateInputs(xs, batch, mask, h0);
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

    int validateInputs(Tensor xs, int batch, Mask mask, Tensor h0) {
        Tensor uv = u.value();
        if (xs == null) {
            throw new IllegalArgumentException("xs is null");
        }
        Checks.requireSameOwner("xs", xs, uv);
        if (xs.dtype() != dtype) {
            throw new IllegalArgumentException("xs is " + xs.dtype() + " but the model is " + dtype);
        }
        if (xs.cols() != in) {
            throw new IllegalArgumentException("xs has " + xs.cols() + " columns, U expects " + in + " input feature" + (in == 1 ? "" : "s"));
        }
        Checks.requirePositive("batch", batch);
        if (xs.rows() % batch != 0) {
            throw new IllegalArgumentException("xs has " + xs.rows() + " rows, which is not a whole number of steps of "
                    + batch + " sequences (rows must be steps × batch)");
        }
        int steps = xs.rows() / batch;
        Checks.requireFinite("xs", xs, batch);
        if (mask != null && (mask.steps() != steps || mask.batch() != batch)) {
            throw new IllegalArgumentException("mask covers " + mask.steps() + " steps × " + mask.batch() + " sequences but the inputs are "
                    + steps + " steps × " + batch + " sequences");
        }
        if (h0 != null) {
            Checks.requireTensor("h0", h0, uv, batch, hidden, "batch × hidden: " + batch + " sequences, " + hidden + " hidden units");
            Checks.requireFinite("h0", h0, 0);
        }
        return steps;
    }

    // ------------------------------------------------------------------ workspaces

    /** Buffers that depend on the batch size only. */
    private static final class BatchBuffers {
        final int batch;
        final Tensor start;
        final Tensor xt;
        final Tensor ping;
        final Tensor pong;
        final Tensor hLast;
        final Tensor ht;
        final Tensor dh;
        final Tensor da;
        /** Two buffers for dh_{t-1} = da_t·W, taken in turn. */
        final Tensor dhNextA;
        final Tensor dhNextB;
        /** The one of the two that holds dL/dh0 after the last backward pass. */
        Tensor dh0;
        final Tensor zeros;

        BatchBuffers(Backend be, DType dtype, int batch, int in, int hidden) {
            this.batch = batch;
            start = be.zeros(dtype, batch, hidden);
            xt = be.zeros(dtype, batch, in);
            ping = be.zeros(dtype, batch, hidden);
            pong = be.zeros(dtype, batch, hidden);
            hLast = be.zeros(dtype, batch, hidden);
            ht = be.zeros(dtype, batch, hidden);
            dh = be.zeros(dtype, batch, hidden);
            da = be.zeros(dtype, batch, hidden);
            dhNextA = be.zeros(dtype, batch, hidden);
            dhNextB = be.zeros(dtype, batch, hidden);
            dh0 = dhNextA;
            zeros = be.zeros(dtype, batch, hidden);
        }
    }

    /** Buffers for one (batch, window steps n, loss steps l) shape. */
    private static final class Workspace {
        final int batch;
        final int n;
        final int l;
        Tensor xWin;
        final Tensor hPrevAll;
        final Tensor hLoss;
        final Tensor y;
        final Tensor dy;
        final Tensor dhy;
        final Tensor dA;
        final double[] yHost;
        final double[] dyHost;
        private final Backend be;
        private final DType dtype;
        private final int in;

        Workspace(Backend be, DType dtype, int batch, int n, int l, int in, int hidden, int out) {
            this.be = be;
            this.dtype = dtype;
            this.in = in;
            this.batch = batch;
            this.n = n;
            this.l = l;
            hPrevAll = be.zeros(dtype, n * batch, hidden);
            hLoss = be.zeros(dtype, l * batch, hidden);
            y = be.zeros(dtype, l * batch, out);
            dy = be.zeros(dtype, l * batch, out);
            dhy = be.zeros(dtype, l * batch, hidden);
            dA = be.zeros(dtype, n * batch, hidden);
            yHost = new double[l * batch * out];
            dyHost = new double[l * batch * out];
        }

        /** The window's own copy of the inputs, made on first need (full-sequence calls read xs directly). */
        Tensor xWin() {
            if (xWin == null) {
                xWin = be.zeros(dtype, n * batch, in);
            }
            return xWin;
        }
    }

    private BatchBuffers buffers(int batch) {
        if (buffers != null && buffers.batch == batch) {
            return buffers;
        }
        for (int i = 0; i < batchBuffers.size(); i++) {
            if (batchBuffers.get(i).batch == batch) {
                buffers = batchBuffers.get(i);
                return buffers;
            }
        }
        buffers = new BatchBuffers(be, dtype, batch, in, hidden);
        batchBuffers.add(buffers);
        return buffers;
    }

    private Workspace workspace(int batch, int n, int l) {
        for (int i = 0; i < workspaces.size(); i++) {
            Workspace ws = workspaces.get(i);
            if (ws.batch == batch && ws.n == n && ws.l == l) {
                return ws;
            }
        }
        Workspace ws = new Workspace(be, dtype, batch, n, l, in, hidden, out);
        workspaces.add(ws);
        return ws;
    }

    void startState(Tensor h0, int batch) {
        BatchBuffers bb = buffers(batch);
        if (h0 == null) {
            be.fillInto(0, bb.start);
        } else {
            be.copyInto(h0, bb.start);
        }
    }

    /** The engine's start-state buffer, which {@link TruncatedBptt} fills before each window. */
    Tensor startBuffer(int batch) {
        return buffers(batch).start;
    }

    // ------------------------------------------------------------------ the computation

    /**
     * Forward over steps [from, to) of xs from {@code hStart} (the state before step {@code from}),
     * then, if targets are given, the loss over steps [lossFrom, to) and the gradients through the
     * whole window, hStart being a constant (only if {@code backward}). Returns the loss (0 without targets).
     */
    double run(Tensor xs, int steps, int batch, int from, int to, int lossFrom, Tensor hStart, Targets targets, Mask mask, boolean backward) {
        int n = to - from;
        int l = to - lossFrom;
        BatchBuffers bb = buffers(batch);
        Workspace ws = workspace(batch, n, l);
        last = ws;
        lastFrom = from;
        Tensor wv = w.value();

        // ---- forward: the cell at every step, h_t = f(x_t·Uᵀ + 1·bᵀ + h_{t-1}·Wᵀ), from hStart
        Tensor xw = xs;
        if (from != 0 || to != steps) {
            xw = ws.xWin();
            be.copyRowsInto(xs, from * batch, n * batch, xw, 0);
        }
        Tensor hPrev = bb.ping;
        Tensor h = bb.pong;
        be.copyInto(hStart, hPrev);
        for (int t = 0; t < n; t++) {
            be.copyRowsInto(hPrev, 0, batch, ws.hPrevAll, t * batch);
            be.copyRowsInto(xw, t * batch, batch, bb.xt, 0);
            cell.forward(bb.xt, hPrev, h);
            if (mask != null) {
                carryMaskedRows(mask, from + t, batch, hPrev, h);
            }
            if (t >= n - l) {
                be.copyRowsInto(h, 0, batch, ws.hLoss, (t - (n - l)) * batch);
            }
            Tensor swap = hPrev;
            hPrev = h;
            h = swap;
        }
        be.copyInto(hPrev, bb.hLast);

        // ---- outputs of the loss steps: Y = H·Vᵀ + 1·cᵀ
        be.gemmInto(1, ws.hLoss, false, v.value(), true, 0, ws.y);
        be.addRowVectorInto(ws.y, c.value(), ws.y);
        if (targets == null) {
            return 0;
        }

        // ---- loss and dL/dy on the host
        double loss = loss(ws, batch, lossFrom, targets, mask);
        if (!backward) {
            return loss;
        }
        ws.dy.copyFrom(ws.dyHost);

        // ---- output layer: dV = dYᵀ·H, dc = Σ dY, and the error each loss step sends to h: dY·V
        be.gemmInto(1, ws.dy, true, ws.hLoss, false, 0, v.gradient());
        be.columnSumsInto(ws.dy, 0, c.gradient());
        be.gemmInto(1, ws.dy, false, v.value(), false, 0, ws.dhy);

        // ---- backward through time
        Tensor dhNext = bb.dhNextA;   // error reaching h_t from step t+1 (none after the last step)
        Tensor spare = bb.dhNextB;
        be.fillInto(0, dhNext);
        for (int t = n - 1; t >= 0; t--) {
            // dh_t = (error from y_t) + (error from step t+1)
            Tensor dh = dhNext;
            if (t >= n - l) {
                be.copyRowsInto(ws.dhy, (t - (n - l)) * batch, batch, bb.dh, 0);
                be.axpyInto(1, dhNext, bb.dh);
                dh = bb.dh;
            }
            // backprop through f: da_t = dh_t ⊙ f'(a_t), with f' read from h_t
            Tensor ht = bb.hLast;
            if (t < n - 1) {
                be.copyRowsInto(ws.hPrevAll, (t + 1) * batch, batch, bb.ht, 0);
                ht = bb.ht;
            }
            be.activationDerivativeInto(f, ht, dh, bb.da);
            if (mask != null) {
                zeroMaskedRows(mask, from + t, batch, bb.zeros, bb.da);
            }
            be.copyRowsInto(bb.da, 0, batch, ws.dA, t * batch);
            // error carried to the previous step: dh_{t-1} = da_t·W (a masked step passes dh_t through)
            be.gemmInto(1, bb.da, false, wv, false, 0, spare);
            if (mask != null) {
                carryMaskedRows(mask, from + t, batch, dh, spare);
            }
            Tensor done = dhNext;
            dhNext = spare;
            spare = done;
        }
        bb.dh0 = dhNext;

        // ---- weight gradients of all steps at once
        be.gemmInto(1, ws.dA, true, xw, false, 0, u.gradient());        // dU = Σ da_t·x_tᵀ
        be.gemmInto(1, ws.dA, true, ws.hPrevAll, false, 0, w.gradient()); // dW = Σ da_t·h_{t-1}ᵀ
        be.columnSumsInto(ws.dA, 0, b.gradient());                        // db = Σ da_t
        return loss;
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
        Loss kind = targets.loss();
        double scale = kind.scale(counted, out);
        double sum = 0;
        for (int r = 0; r < rows; r++) {
            int t = lossFrom + r / batch;
            int bIdx = r % batch;
            if (everyStep && mask != null && mask.masked(t, bIdx)) {
                java.util.Arrays.fill(ws.dyHost, r * out, (r + 1) * out, 0.0);
                continue;
            }
            int tOff = everyStep ? (t * batch + bIdx) * out : bIdx * out;
            sum += kind.row(ws.yHost, r * out, targets.values, tOff, out, scale, ws.dyHost);
        }
        return sum * scale;
    }

    private void carryMaskedRows(Mask mask, int step, int batch, Tensor src, Tensor dst) {
        for (int bIdx = 0; bIdx < batch; bIdx++) {
            if (mask.masked(step, bIdx)) {
                be.copyRowsInto(src, bIdx, 1, dst, bIdx);
            }
        }
    }

    private void zeroMaskedRows(Mask mask, int step, int batch, Tensor zeros, Tensor dst) {
        for (int bIdx = 0; bIdx < batch; bIdx++) {
            if (mask.masked(step, bIdx)) {
                be.copyRowsInto(zeros, bIdx, 1, dst, bIdx);
            }
        }
    }

    /**
     * Copies the state before absolute step {@code step} of the last window into {@code dst}: the
     * window's start state, one of its stored states, or its final state.
     */
    void stateBefore(int step, Tensor dst) {
        int t = step - lastFrom;
        if (t == last.n) {
            be.copyInto(buffers.hLast, dst);
        } else if (t >= 0 && t < last.n) {
            be.copyRowsInto(last.hPrevAll, t * last.batch, last.batch, dst, 0);
        } else {
            throw new IllegalStateException("state before step " + step + " is outside the last window [" + lastFrom + ", "
                    + (lastFrom + last.n) + "]");
        }
    }

    /** Inference: outputs of every step and the final state, as new tensors. */
    Rnn.Output forward(Tensor xs, int batch, Tensor h0, Mask mask) {
        int steps = validateInputs(xs, batch, mask, h0);
        startState(h0, batch);
        run(xs, steps, batch, 0, steps, 0, buffers.start, null, mask, false);
        Tensor outputs = be.zeros(dtype, steps * batch, out);
        be.copyInto(last.y, outputs);
        Tensor fin = be.zeros(dtype, batch, hidden);
        be.copyInto(buffers.hLast, fin);
        return new Rnn.Output(outputs, fin);
    }

    /** @return the model this engine differentiates */
    public Rnn model() {
        return model;
    }
}
