package org.rnn4j.core;

import org.rnn4j.api.Cell;
import org.rnn4j.api.Parameter;
import org.rnn4j.api.Tensor;
import org.rnn4j.spi.Backend;

/**
 * An independent, deliberately plain BPTT for a one-layer network of any cell: step by step, with
 * its own projections and per-step gradient accumulation around the cell's forward and backward,
 * one tensor per step, no batching across time, no mask. Tests compare {@link Bptt} with it.
 * {@code dropCarry} injects a classic bug (forgetting the error carried through W) for control tests.
 */
final class ReferenceBptt {
    private ReferenceBptt() {
    }

    /** Returns the loss; leaves the gradients in the parameters and dL/d(initial states) in {@code dStart}. */
    static double lossAndGradients(Rnn m, Tensor xs, int batch, Targets targets, State initial, boolean dropCarry, Tensor[] dStart) {
        Backend be = m.backend();
        int steps = xs.rows() / batch;
        int hidden = m.hiddenSize();
        int out = m.outputSize();
        Cell cell = m.layers().get(0).cell();
        int gH = cell.gates() * hidden;
        int k = cell.states();
        Tensor u = m.layers().get(0).parameters().get(0).value();
        Tensor w = m.layers().get(0).parameters().get(1).value();
        Tensor b = m.layers().get(0).parameters().get(2).value();
        Tensor bh = cell.separateRecurrentPath() ? m.layers().get(0).parameters().get(3).value() : null;
        Tensor v = m.readout().weights().value();
        Tensor c = m.readout().bias().value();
        for (Parameter p : m.parameters()) {
            be.fillInto(0, p.gradient());
        }
        Tensor[] x = new Tensor[steps];
        Tensor[][] s = new Tensor[steps + 1][];   // s[t + 1] holds the states after step t; s[0] the initial ones
        Tensor[] caches = new Tensor[steps];
        s[0] = new Tensor[k];
        for (int i = 0; i < k; i++) {
            s[0][i] = be.zeros(m.dtype(), batch, hidden);
            if (initial != null) {
                be.copyInto(initial.get(i), s[0][i]);
            }
        }
        for (int t = 0; t < steps; t++) {
            x[t] = be.zeros(m.dtype(), batch, m.inputSize());
            be.copyRowsInto(xs, t * batch, batch, x[t], 0);
            Tensor gx = be.zeros(m.dtype(), batch, gH);
            Tensor gh = be.zeros(m.dtype(), batch, gH);
            be.gemmInto(1, x[t], false, u, true, 0, gx);
            be.addRowVectorInto(gx, b, gx);
            be.gemmInto(1, s[t][0], false, w, true, 0, gh);
            if (bh != null) {
                be.addRowVectorInto(gh, bh, gh);
            } else {
                be.axpyInto(1, gh, gx);
            }
            s[t + 1] = new Tensor[k];
            for (int i = 0; i < k; i++) {
                s[t + 1][i] = be.zeros(m.dtype(), batch, hidden);
            }
            caches[t] = be.zeros(m.dtype(), batch, cell.cacheWidth(hidden));
            cell.forward(gx, bh != null ? gh : null, s[t], s[t + 1], caches[t]);
        }
        boolean every = targets.mode() == OutputMode.EVERY_STEP;
        int first = every ? 0 : steps - 1;
        Loss loss = targets.loss();
        double scale = loss.scale((steps - first) * batch, out);
        double total = 0;
        Tensor[] dy = new Tensor[steps];
        Tensor y = be.zeros(m.dtype(), batch, out);
        double[] yHost = new double[batch * out];
        double[] dyHost = new double[batch * out];
        for (int t = first; t < steps; t++) {
            be.gemmInto(1, s[t + 1][0], false, v, true, 0, y);
            be.addRowVectorInto(y, c, y);
            y.copyTo(yHost);
            for (int r = 0; r < batch; r++) {
                int tOff = every ? (t * batch + r) * out : r * out;
                total += loss.row(yHost, r * out, targets.values, tOff, out, scale, dyHost);
            }
            dy[t] = be.fromArray(m.dtype(), batch, out, dyHost);
            be.gemmInto(1, dy[t], true, s[t + 1][0], false, 1, m.readout().weights().gradient());
            be.columnSumsInto(dy[t], 1, m.readout().bias().gradient());
        }
        Parameter[] lp = m.layers().get(0).parameters().toArray(new Parameter[0]);
        Tensor[] dNext = new Tensor[k];
        for (int i = 0; i < k; i++) {
            dNext[i] = be.zeros(m.dtype(), batch, hidden);
        }
        for (int t = steps - 1; t >= 0; t--) {
            if (dy[t] != null) {
                be.gemmInto(1, dy[t], false, v, false, 1, dNext[0]);
            }
            Tensor dGx = be.zeros(m.dtype(), batch, gH);
            Tensor dGh = bh != null ? be.zeros(m.dtype(), batch, gH) : null;
            Tensor[] dPrev = new Tensor[k];
            for (int i = 0; i < k; i++) {
                dPrev[i] = be.zeros(m.dtype(), batch, hidden);
            }
            cell.backward(caches[t], dNext, dGx, dGh, dPrev);
            Tensor rec = dGh != null ? dGh : dGx;
            be.gemmInto(1, dGx, true, x[t], false, 1, lp[0].gradient());     // dU += dGxᵀ·x_t
            be.gemmInto(1, rec, true, s[t][0], false, 1, lp[1].gradient());   // dW += dGhᵀ·h_{t-1}
            be.columnSumsInto(dGx, 1, lp[2].gradient());
            if (dGh != null) {
                be.columnSumsInto(dGh, 1, lp[3].gradient());
            }
            if (!dropCarry) {
                be.gemmInto(1, rec, false, w, false, 1, dPrev[0]);            // dh_{t-1} += dGh·W
            }
            dNext = dPrev;
        }
        if (dStart != null) {
            for (int i = 0; i < k; i++) {
                be.copyInto(dNext[i], dStart[i]);
            }
        }
        return total * scale;
    }
}
