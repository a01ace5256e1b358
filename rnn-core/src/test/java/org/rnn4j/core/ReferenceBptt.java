package org.rnn4j.core;

import org.rnn4j.api.Parameter;
import org.rnn4j.api.Tensor;
import org.rnn4j.spi.Backend;

/**
 * An independent, deliberately plain BPTT: step by step through {@link ElmanCell#forward} and
 * {@link ElmanCell#backward}, one tensor per step, no batching across time, no mask. Tests compare
 * {@link Bptt} with it. {@code dropCarry} injects a classic bug (forgetting the error carried
 * through W) for control tests.
 */
final class ReferenceBptt {
    private ReferenceBptt() {
    }

    static double lossAndGradients(Rnn m, Tensor xs, int batch, Targets targets, Tensor h0, boolean dropCarry) {
        Backend be = m.backend();
        int steps = xs.rows() / batch;
        int hidden = m.hiddenSize();
        int out = m.outputSize();
        for (Parameter p : m.parameters()) {
            be.fillInto(0, p.gradient());
        }
        Tensor[] x = new Tensor[steps];
        Tensor[] h = new Tensor[steps + 1]; // h[t + 1] is h_t; h[0] is h0
        h[0] = be.zeros(m.dtype(), batch, hidden);
        if (h0 != null) {
            be.copyInto(h0, h[0]);
        }
        for (int t = 0; t < steps; t++) {
            x[t] = be.zeros(m.dtype(), batch, m.inputSize());
            be.copyRowsInto(xs, t * batch, batch, x[t], 0);
            h[t + 1] = be.zeros(m.dtype(), batch, hidden);
            m.cell().forward(x[t], h[t], h[t + 1]);
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
            be.gemmInto(1, h[t + 1], false, m.parameter("V").value(), true, 0, y);
            be.addRowVectorInto(y, m.parameter("c").value(), y);
            y.copyTo(yHost);
            for (int b = 0; b < batch; b++) {
                int tOff = every ? (t * batch + b) * out : b * out;
                total += loss.row(yHost, b * out, targets.values, tOff, out, scale, dyHost);
            }
            dy[t] = be.fromArray(m.dtype(), batch, out, dyHost);
            be.gemmInto(1, dy[t], true, h[t + 1], false, 1, m.parameter("V").gradient());
            be.columnSumsInto(dy[t], 1, m.parameter("c").gradient());
        }
        Tensor dhNext = be.zeros(m.dtype(), batch, hidden);
        for (int t = steps - 1; t >= 0; t--) {
            Tensor dh = be.zeros(m.dtype(), batch, hidden);
            if (dy[t] != null) {
                be.gemmInto(1, dy[t], false, m.parameter("V").value(), false, 0, dh);
            }
            be.axpyInto(1, dhNext, dh);
            Tensor dhPrev = be.zeros(m.dtype(), batch, hidden);
            m.cell().backward(x[t], h[t], h[t + 1], dh, dhPrev);
            dhNext = dropCarry ? be.zeros(m.dtype(), batch, hidden) : dhPrev;
        }
        return total * scale;
    }
}
