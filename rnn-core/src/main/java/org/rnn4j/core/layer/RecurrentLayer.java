package org.rnn4j.core.layer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.rnn4j.api.Cell;
import org.rnn4j.api.DType;
import org.rnn4j.api.Parameter;
import org.rnn4j.api.Tensor;
import org.rnn4j.spi.Backend;

/**
 * One recurrent layer: a {@link Cell} run over T steps with the same weights at every step. The
 * layer owns every matrix product; the cell only does element-wise work:
 * <pre>
 * gx_t = x_t·Uᵀ + b            U: gH×I   b: 1×gH
 * gh_t = h_{t-1}·Wᵀ (+ bh)     W: gH×H   bh: 1×gH, only for a cell with a separate recurrent path
 * states_t = cell(gx_t, gh_t, states_{t-1})
 * </pre>
 * A training window (run by {@link Stack}) of more than one
 * input feature forms every step's {@code x_t·Uᵀ + b} at once, one (n·B)-row gemm, before its time
 * loop (with one feature it is an outer product, added per step onto a copy of b's rows); a single
 * step ({@code step}, what streaming and inference run) forms its own. Both add {@code h_{t-1}·Wᵀ}
 * the same way; a backend's gemm may round a row of the larger product in another order (or fuse
 * the add of b), so training's pre-activations may differ from streaming's in the last bit.
 *
 * <p>Backward runs the cell's backward step by step from the last step, adds the recurrent error
 * {@code dGh_t·W} to the error reaching h_{t-1}, and after the loop forms each weight gradient as
 * one gemm over all steps: {@code dU = Σ dGx_tᵀ·x_t}, {@code dW = Σ dGh_tᵀ·h_{t-1}},
 * {@code db = Σ dGx_t}, {@code dbh = Σ dGh_t}, and, on request, the error of the layer's inputs
 * {@code dX_t = dGx_t·U} (what a layer below receives).
 *
 * <p>A training window keeps every step's states, caches and gate errors in window-wide tensors.
 * On a backend with {@linkplain Backend#rowView row views} the steps read and write their rows in
 * place; on others each step runs in step buffers and its rows are copied in and out (see
 * {@link Workspace}). Both compute the same numbers in the same order. W is
 * {@linkplain Backend#pin pinned} for each time loop, forward and backward, so that a backend may
 * prepare it once for the loop's products (results do not depend on it).
 *
 * <p>A window that starts from zero states (a {@code null} start) skips what a zero state
 * contributes: the first step's {@code h_{-1}·Wᵀ} is not formed, and the first step's rows are left
 * out of dW's gemm (on a backend with row views; elsewhere its zero share is summed in).
 *
 * <p>Masks: at a padded step every state is carried through unchanged, and in backward the error
 * passes it unchanged and the step adds nothing to the gradients. Not thread-safe.
 */
public final class RecurrentLayer {
    private final Cell cell;
    private final Backend be;
    private final DType dtype;
    private final Parameter u;
    private final Parameter w;
    private final Parameter b;
    private final Parameter bh;
    private final List<Parameter> parameters;
    private final int in;
    private final int hidden;
    private final int gates;

    /**
     * Creates a layer over existing parameters.
     *
     * @param cell the cell (owned by this layer from now on)
     * @param u U, gH×I
     * @param w W, gH×H
     * @param b b, 1×gH
     * @param bh bh, 1×gH, exactly when the cell has a separate recurrent path; else null
     * @throws IllegalArgumentException if a shape does not fit the cell, naming it
     */
    public RecurrentLayer(Cell cell, Parameter u, Parameter w, Parameter b, Parameter bh) {
        if (cell == null || u == null || w == null || b == null) {
            throw new IllegalArgumentException("cell, U, W and b must not be null");
        }
        this.cell = cell;
        this.u = u;
        this.w = w;
        this.b = b;
        this.bh = bh;
        this.be = u.value().backend();
        this.dtype = u.value().dtype();
        this.gates = cell.gates();
        this.in = u.value().cols();
        this.hidden = w.value().cols();
        requireShape(u, gates * hidden, in);
        requireShape(w, gates * hidden, hidden);
        requireShape(b, 1, gates * hidden);
        if (cell.separateRecurrentPath() != (bh != null)) {
            throw new IllegalArgumentException("a " + cell.kind() + " cell " + (cell.separateRecurrentPath() ? "needs" : "has no")
                    + " recurrent bias bh");
        }
        List<Parameter> ps = new ArrayList<>(List.of(u, w, b));
        if (bh != null) {
            requireShape(bh, 1, gates * hidden);
            ps.add(bh);
        }
        this.parameters = Collections.unmodifiableList(ps);
    }

    private void requireShape(Parameter p, int rows, int cols) {
        Tensor t = p.value();
        if (t.rows() != rows || t.cols() != cols || t.backend() != be || t.dtype() != dtype) {
            throw new IllegalArgumentException("parameter " + p.name() + " is " + t.describe() + " but a " + cell.kind() + " layer of "
                    + hidden + " units over " + in + " inputs needs " + rows + "×" + cols + " " + dtype);
        }
    }

    Backend backend() {
        return be;
    }

    DType dtype() {
        return dtype;
    }

    /** {@return the cell} */
    public Cell cell() {
        return cell;
    }

    /** {@return I, the input width} */
    public int inputSize() {
        return in;
    }

    /** {@return H, the hidden width} */
    public int hiddenSize() {
        return hidden;
    }

    /** {@return U, W, b and (for a separate recurrent path) bh, in that order} */
    public List<Parameter> parameters() {
        return parameters;
    }

    /**
     * Allocates the buffers of one step at a batch size (for a single step).
     *
     * @param batch B
     * @return new buffers
     */
    public StepBuffers stepBuffers(int batch) {
        return new StepBuffers(batch);
    }

    /** Buffers of one step: pre-activations and the cell's cache. */
    public final class StepBuffers {
        final Tensor gx;
        final Tensor gh;
        final Tensor cache;

        StepBuffers(int batch) {
            gx = be.zeros(dtype, batch, gates * hidden);
            gh = cell.separateRecurrentPath() ? be.zeros(dtype, batch, gates * hidden) : null;
            cache = be.zeros(dtype, batch, cell.cacheWidth(hidden));
        }

        /** {@return B×gH, the last pre-activations: x·Uᵀ + b, plus h·Wᵀ for a cell without a separate recurrent path} */
        public Tensor gx() {
            return gx;
        }
    }

    /**
     * One step forward, as streaming and the full forward both run it.
     *
     * @param x (input, not modified) B×I
     * @param prev (input, not modified) the states before the step
     * @param next (output, overwritten) the states after it
     * @param cache (output, overwritten) the cell's cache, B × cache width
     * @param sb the step's buffers
     */
    void step(Tensor x, Tensor[] prev, Tensor[] next, Tensor cache, StepBuffers sb) {
        preActivations(x, prev[0], sb);
        cell.forward(sb.gx, sb.gh, prev, next, cache);
    }

    /**
     * The gate pre-activations of a step, as a single step computes them before the cell runs:
     * {@code gx = x·Uᵀ + b (+ h·Wᵀ)} and, for a separate recurrent path, {@code gh = h·Wᵀ + bh}.
     *
     * @param x (input, not modified) B×I
     * @param h (input, not modified) B×H, h_{t-1}
     * @param sb (output: its gx and gh overwritten) the step's buffers
     */
    public void preActivations(Tensor x, Tensor h, StepBuffers sb) {
        be.gemmInto(1, x, false, u.value(), true, 0, sb.gx);            // x·Uᵀ
        be.addRowVectorInto(sb.gx, b.value(), sb.gx);                     // + b
        recurrentPreActivations(h, sb.gx, sb.gh);
    }

    /** Adds the recurrent part to gx (x·Uᵀ + b already there), or writes gh, as {@link #preActivations} does. */
    private void recurrentPreActivations(Tensor h, Tensor gx, Tensor gh) {
        if (gh == null) {
            be.gemmInto(1, h, false, w.value(), true, 1, gx);            // + h_{t-1}·Wᵀ
        } else {
            be.gemmInto(1, h, false, w.value(), true, 0, gh);            // gh = h_{t-1}·Wᵀ + bh
            be.addRowVectorInto(gh, bh.value(), gh);
        }
    }

    /**
     * One step forward into the step buffers' own cache.
     *
     * @param x (input, not modified) B×I
     * @param prev (input, not modified) the states before the step
     * @param next (output, overwritten) the states after it
     * @param sb the step's buffers
     */
    void step(Tensor x, Tensor[] prev, Tensor[] next, StepBuffers sb) {
        step(x, prev, next, sb.cache, sb);
    }

    /**
     * The two projections of a step, apart, for explaining it: {@code ux = x·Uᵀ}, {@code wh = h·Wᵀ}.
     *
     * @param x (input, not modified) B×I
     * @param h (input, not modified) B×H
     * @param ux (output, overwritten) B×gH
     * @param wh (output, overwritten) B×gH
     */
    public void projections(Tensor x, Tensor h, Tensor ux, Tensor wh) {
        be.gemmInto(1, x, false, u.value(), true, 0, ux);
        be.gemmInto(1, h, false, w.value(), true, 0, wh);
    }

    /**
     * Allocates the training workspace of one (batch, steps) shape.
     *
     * @param batch B
     * @param steps n
     * @return a new workspace
     */
    Workspace workspace(int batch, int steps) {
        return new Workspace(batch, steps);
    }

    /**
     * Everything the forward keeps for the backward of one (batch, steps) shape, and the backward's
     * buffers. Made and run only by this package's {@link Stack}; its public methods let an inspector
     * ({@code Trace}) read what a window computed. On a backend with {@linkplain Backend#rowView row views}, each step's operands are
     * views of the window-wide tensors: the states before and after step t are rows of one
     * ((n+1)·B)×H tensor per state kind, whose rows 0..n−1 are {@link #statesBefore} and (for h)
     * rows 1..n the {@link #output}; a cache that is the new h itself (Elman's) is that view;
     * a step's gx and gate errors are rows of the window's. Nothing is copied between step and
     * window. Elsewhere the steps run in step buffers, and rows are copied in and out.
     */
    public final class Workspace {
        final int batch;
        final int steps;
        /** Whether each step's operands are row views of the window's tensors (see the class comment). */
        final boolean views;
        /** (n·B)×gH: x_t·Uᵀ + b of every step, one gemm for the window; null for one input feature. */
        final Tensor gxAll;
        /** B×I: the step's input, for one input feature (else null). */
        final Tensor xt;
        /** B×gH: b in every row, for one input feature (else null): a step starts its gx as a copy of it. */
        final Tensor biasRows;
        final StepBuffers sb;
        /** The states before step t are {@code stepStates[t]}, after it {@code stepStates[t + 1]}, B×H each. */
        final Tensor[][] stepStates;
        final Tensor[] last;
        /** Per state kind: the state before each step, (n·B)×H. */
        final Tensor[] before;
        final Tensor out;
        final Tensor[] caches;
        /** With views: step t's rows of gxAll, dGxAll and dGhAll (null where there is no such tensor); else null. */
        final Tensor[] gxSteps;
        final Tensor[] dGxSteps;
        final Tensor[] dGhSteps;
        final Tensor dGx;
        final Tensor dGh;
        final Tensor dGxAll;
        final Tensor dGhAll;
        /** With views and more than one step: rows B.. of the recurrent gate errors and of the states before, for dW after a zero start. */
        final Tensor dGrecTail;
        final Tensor beforeTail;
        /** Whether the last forward started from zero states (a null start). */
        boolean zeroStart;
        final Tensor[] dA;
        final Tensor[] dB;
        final Tensor dRow;
        final Tensor zerosG;
        /** With views: the tensor of output errors whose step rows {@link #dOutSteps} holds. */
        Tensor dOutOf;
        Tensor[] dOutSteps;
        Tensor[] dStart;
        double[] errorNorms;

        Workspace(int batch, int steps) {
            this.batch = batch;
            this.steps = steps;
            this.views = be.supportsRowViews();
            int k = cell.states();
            int gH = gates * hidden;
            // With one input feature, x_t·Uᵀ is an outer product: per step (onto a copy of b's rows)
            // it costs what copying a step's rows out of a window-wide result would, and it writes
            // a buffer already in cache.
            gxAll = in > 1 ? be.zeros(dtype, steps * batch, gH) : null;
            xt = in > 1 ? null : be.zeros(dtype, batch, in);
            biasRows = in > 1 ? null : be.zeros(dtype, batch, gH);
            sb = new StepBuffers(batch);
            last = states(batch);
            before = new Tensor[k];
            stepStates = new Tensor[steps + 1][];
            caches = new Tensor[steps];
            dGxAll = be.zeros(dtype, steps * batch, gH);
            dGhAll = cell.separateRecurrentPath() ? be.zeros(dtype, steps * batch, gH) : null;
            // A cache that holds just the new h is that state itself: the cell's copy into it is no copy.
            boolean cacheIsH = cell.cacheNames().equals(cell.stateNames().subList(0, 1));
            if (views) {
                Tensor[] all = states((steps + 1) * batch);
                for (int i = 0; i < k; i++) {
                    before[i] = be.rowView(all[i], 0, steps * batch);
                }
                out = be.rowView(all[0], batch, steps * batch);
                for (int t = 0; t <= steps; t++) {
                    stepStates[t] = new Tensor[k];
                    for (int i = 0; i < k; i++) {
                        stepStates[t][i] = be.rowView(all[i], t * batch, batch);
                    }
                }
                for (int t = 0; t < steps; t++) {
                    caches[t] = cacheIsH ? stepStates[t + 1][0] : be.zeros(dtype, batch, cell.cacheWidth(hidden));
                }
                gxSteps = gxAll != null ? stepRows(gxAll, steps) : null;
                dGxSteps = stepRows(dGxAll, steps);
                dGhSteps = dGhAll != null ? stepRows(dGhAll, steps) : null;
                Tensor dGrecAll = dGhAll != null ? dGhAll : dGxAll;
                dGrecTail = steps > 1 ? be.rowView(dGrecAll, batch, (steps - 1) * batch) : null;
                beforeTail = steps > 1 ? be.rowView(before[0], batch, (steps - 1) * batch) : null;
                dGx = null;
                dGh = null;
                dRow = null;
            } else {
                for (int i = 0; i < k; i++) {
                    before[i] = be.zeros(dtype, steps * batch, hidden);
                }
                out = be.zeros(dtype, steps * batch, hidden);
                for (int t = 0; t < steps; t++) {
                    caches[t] = be.zeros(dtype, batch, cell.cacheWidth(hidden));
                }
                if (cacheIsH && k == 1) {
                    // Step t writes h_t into its own cache (one B×H copy a step less: 1.3 % of a large
                    // Elman step on simd).
                    stepStates[0] = states(batch);
                    for (int t = 0; t < steps; t++) {
                        stepStates[t + 1] = new Tensor[] {caches[t]};
                    }
                } else {
                    Tensor[] ping = states(batch);
                    Tensor[] pong = states(batch);
                    for (int t = 0; t <= steps; t++) {
                        stepStates[t] = t % 2 == 0 ? ping : pong;
                    }
                }
                gxSteps = null;
                dGxSteps = null;
                dGhSteps = null;
                dGrecTail = null;
                beforeTail = null;
                dGx = be.zeros(dtype, batch, gH);
                dGh = cell.separateRecurrentPath() ? be.zeros(dtype, batch, gH) : null;
                dRow = be.zeros(dtype, batch, hidden);
            }
            dA = states(batch);
            dB = states(batch);
            zerosG = be.zeros(dtype, batch, gH);
            dStart = dA;
        }

        /** Views of each step's B rows of a window-wide tensor. */
        private Tensor[] stepRows(Tensor all, int n) {
            Tensor[] rows = new Tensor[n];
            for (int t = 0; t < n; t++) {
                rows[t] = be.rowView(all, t * batch, batch);
            }
            return rows;
        }

        /** Step t's rows of the output errors dOut, a view; views of a new dOut are made once. */
        Tensor dOutStep(Tensor dOut, int t) {
            if (dOut != dOutOf) {
                dOutSteps = stepRows(dOut, steps);
                dOutOf = dOut;
            }
            return dOutSteps[t];
        }

        /** {@return B, the batch size} */
        public int batch() {
            return batch;
        }

        /** {@return n, the steps} */
        public int steps() {
            return steps;
        }

        /** {@return (n·B)×H, h_t of every step of the last forward (row t·B + b)} */
        public Tensor output() {
            return out;
        }

        /** {@return the states after the last step of the last forward, B×H each (live buffers)} */
        public Tensor[] finalStates() {
            return last;
        }

        /** {@return dL/d(start states) of the last backward, B×H each (live buffers)} */
        Tensor[] startGradients() {
            return dStart;
        }

        /**
         * Returns state kind k before step t of the last forward.
         *
         * @param kind the state kind, 0 for h
         * @return (n·B)×H, row t·B + b
         */
        public Tensor statesBefore(int kind) {
            return before[kind];
        }

        /**
         * Returns the cache the cell wrote at a step.
         *
         * @param t the step within the window
         * @return B × cache width
         */
        public Tensor cache(int t) {
            return caches[t];
        }

        /** {@return (n·B)×gH, dL/dgx of every step of the last backward} */
        public Tensor gateErrors() {
            return dGxAll;
        }

        /** {@return (n·B)×gH, dL/dgh of every step of the last backward (dL/dgx for a cell without a separate recurrent path)} */
        public Tensor recurrentGateErrors() {
            return dGhAll != null ? dGhAll : dGxAll;
        }

        /**
         * Makes the next backward passes record ‖dL/dh_t‖ per step, or stops it (for explaining; off by default).
         *
         * @param on whether to record
         * @return the array the norms go to, indexed by step, or null when turned off
         */
        public double[] recordErrorNorms(boolean on) {
            errorNorms = on ? new double[steps] : null;
            return errorNorms;
        }

        private Tensor[] states(int rows) {
            Tensor[] s = new Tensor[cell.states()];
            for (int i = 0; i < s.length; i++) {
                s[i] = be.zeros(dtype, rows, hidden);
            }
            return s;
        }
    }

    /**
     * Runs the layer over a window of n steps, keeping what backward needs. For more than one input
     * feature, the input projections of all n steps are one gemm before the time loop.
     *
     * @param ws the workspace of (B, n)
     * @param xs (input, not modified) (n·B)×I inputs of the window, time-major
     * @param start (input, not modified) the states before the window, B×H each, or null for zero
     *     states (whose recurrent products are then skipped, see the class comment)
     * @param mask the padding, or null
     * @param step0 the absolute step of the window's first step (where the mask is read)
     */
    void forward(Workspace ws, Tensor xs, Tensor[] start, StepMask mask, int step0) {
        int batch = ws.batch;
        ws.zeroStart = start == null;
        for (int k = 0; k < ws.last.length; k++) {
            if (ws.zeroStart) {
                be.fillInto(0, ws.stepStates[0][k]);
            } else {
                be.copyInto(start[k], ws.stepStates[0][k]);
            }
        }
        if (ws.gxAll != null) {
            be.gemmInto(1, xs, false, u.value(), true, 0, ws.gxAll);    // x_t·Uᵀ of every step: one large gemm
            be.addRowVectorInto(ws.gxAll, b.value(), ws.gxAll);         // + b
        } else {
            be.addRowVectorInto(ws.zerosG, b.value(), ws.biasRows);     // b in every row, for the steps to start from
        }
        // W is read by every step's h_{t-1}·Wᵀ and written by none: pinned, a backend may prepare it once.
        Tensor wv = w.value();
        be.pin(wv, true);
        try {
            for (int t = 0; t < ws.steps; t++) {
                Tensor[] prev = ws.stepStates[t];
                Tensor[] next = ws.stepStates[t + 1];
                if (!ws.views) {
                    for (int k = 0; k < prev.length; k++) {
                        be.copyRowsInto(prev[k], 0, batch, ws.before[k], t * batch);
                    }
                }
                Tensor gx = ws.sb.gx;
                if (ws.gxAll == null) {
                    be.copyRowsInto(xs, t * batch, batch, ws.xt, 0);
                    be.copyInto(ws.biasRows, gx);                                // b
                    be.gemmInto(1, ws.xt, false, u.value(), true, 1, gx);        // + x_t·Uᵀ, an outer product
                } else if (ws.views) {
                    gx = ws.gxSteps[t];                                          // this step's rows of x·Uᵀ + b
                } else {
                    be.copyRowsInto(ws.gxAll, t * batch, batch, gx, 0);
                }
                if (t > 0 || !ws.zeroStart) {
                    recurrentPreActivations(prev[0], gx, ws.sb.gh);
                } else if (ws.sb.gh != null) {
                    be.addRowVectorInto(ws.zerosG, bh.value(), ws.sb.gh);         // h_{-1} = 0: gh = bh, gx gets nothing
                }
                cell.forward(gx, ws.sb.gh, prev, next, ws.caches[t]);
                if (mask != null) {
                    for (int k = 0; k < prev.length; k++) {
                        carryMaskedRows(mask, step0 + t, batch, prev[k], next[k]);
                    }
                }
                if (!ws.views) {
                    be.copyRowsInto(next[0], 0, batch, ws.out, t * batch);
                }
            }
        } finally {
            be.unpin(wv, true);
        }
        for (int k = 0; k < ws.last.length; k++) {
            be.copyInto(ws.stepStates[ws.steps][k], ws.last[k]);
        }
    }

    /**
     * Backpropagates the last {@link #forward} of this workspace and overwrites this layer's
     * gradients. The start states are constants; their gradients are left in
     * {@link Workspace#startGradients()}.
     *
     * @param ws the workspace the forward ran in
     * @param xs (input, not modified) the same inputs as the forward
     * @param dOut (input, not modified) (n·B)×H error reaching each step's output h_t from above.
     *     With row views, the workspace makes views of its steps' rows the first time it sees a dOut
     *     tensor: pass the same tensor at every call to allocate nothing
     * @param dOutFrom the first step whose rows of dOut may be non-zero (earlier rows are not read)
     * @param mask the padding, or null (the same as the forward's)
     * @param step0 the absolute step of the window's first step
     * @param dXs (output, overwritten) (n·B)×I error of the inputs, or null if not needed
     */
    void backward(Workspace ws, Tensor xs, Tensor dOut, int dOutFrom, StepMask mask, int step0, Tensor dXs) {
        int batch = ws.batch;
        Tensor[] dNext = ws.dA;      // error reaching the states after step t (none after the last step)
        Tensor[] dPrev = ws.dB;
        for (Tensor d : dNext) {
            be.fillInto(0, d);
        }
        Tensor wv = w.value();
        be.pin(wv, false);                                                  // read by every step's dGh·W
        try {
            for (int t = ws.steps - 1; t >= 0; t--) {
                if (t >= dOutFrom) {
                    Tensor above = ws.dRow;
                    if (ws.views) {
                        above = ws.dOutStep(dOut, t);
                    } else {
                        be.copyRowsInto(dOut, t * batch, batch, above, 0);
                    }
                    be.axpyInto(1, above, dNext[0]);                            // dh_t = from above + from step t+1
                }
                if (ws.errorNorms != null) {
                    ws.errorNorms[t] = Math.sqrt(be.squaredNorm(dNext[0]));
                }
                Tensor dGx = ws.views ? ws.dGxSteps[t] : ws.dGx;
                Tensor dGh = ws.dGhAll == null ? null : ws.views ? ws.dGhSteps[t] : ws.dGh;
                cell.backward(ws.caches[t], dNext, dGx, dGh, dPrev);            // backprop through the cell
                be.gemmInto(1, dGh != null ? dGh : dGx, false, wv, false, 1, dPrev[0]);    // + the path through W: dGh·W
                if (mask != null) {
                    for (int bIdx = 0; bIdx < batch; bIdx++) {
                        if (mask.masked(step0 + t, bIdx)) {                      // a padded step passes the error through
                            be.copyRowsInto(ws.zerosG, bIdx, 1, dGx, bIdx);
                            if (dGh != null) {
                                be.copyRowsInto(ws.zerosG, bIdx, 1, dGh, bIdx);
                            }
                            for (int k = 0; k < dPrev.length; k++) {
                                be.copyRowsInto(dNext[k], bIdx, 1, dPrev[k], bIdx);
                            }
                        }
                    }
                }
                if (!ws.views) {
                    be.copyRowsInto(dGx, 0, batch, ws.dGxAll, t * batch);
                    if (dGh != null) {
                        be.copyRowsInto(dGh, 0, batch, ws.dGhAll, t * batch);
                    }
                }
                Tensor[] swap = dNext;
                dNext = dPrev;
                dPrev = swap;
            }
        } finally {
            be.unpin(wv, false);
        }
        ws.dStart = dNext;
        Tensor dGrecAll = ws.dGhAll != null ? ws.dGhAll : ws.dGxAll;
        be.gemmInto(1, ws.dGxAll, true, xs, false, 0, u.gradient());             // dU = Σ dGx_tᵀ·x_t
        be.columnSumsInto(ws.dGxAll, 0, b.gradient());                           // db = Σ dGx_t
        if (ws.zeroStart && ws.steps == 1) {
            be.fillInto(0, w.gradient());                                             // h_{-1} = 0: dW = 0
        } else if (ws.zeroStart && ws.dGrecTail != null) {
            be.gemmInto(1, ws.dGrecTail, true, ws.beforeTail, false, 0, w.gradient());   // dW = Σ from t = 1: h_{-1} = 0
        } else {
            be.gemmInto(1, dGrecAll, true, ws.before[0], false, 0, w.gradient());    // dW = Σ dGh_tᵀ·h_{t-1}
        }
        if (bh != null) {
            be.columnSumsInto(ws.dGhAll, 0, bh.gradient());                      // dbh = Σ dGh_t
        }
        if (dXs != null) {
            be.gemmInto(1, ws.dGxAll, false, u.value(), false, 0, dXs);          // dX_t = dGx_t·U
        }
    }

    /**
     * Copies the rows of masked sequences from src to dst (a padded step keeps its state).
     *
     * @param mask the padding
     * @param step the absolute step
     * @param batch B
     * @param src (input, not modified) B×n
     * @param dst (output, masked rows overwritten) B×n
     */
    static void carryMaskedRows(StepMask mask, int step, int batch, Tensor src, Tensor dst) {
        Backend be = src.backend();
        for (int bIdx = 0; bIdx < batch; bIdx++) {
            if (mask.masked(step, bIdx)) {
                be.copyRowsInto(src, bIdx, 1, dst, bIdx);
            }
        }
    }
}
