package org.rnn4j.core;

import org.rnn4j.api.Tensor;
import org.rnn4j.spi.Backend;

/**
 * Streaming inference: one step at a time, the state carried between calls. Each call computes
 * {@code h_t = f(x_t·Uᵀ + b + h_{t-1}·Wᵀ)} and {@code y_t = h_t·Vᵀ + c} with the same operations,
 * in the same order, as {@link Rnn#forward}, so on one backend the outputs are equal bit for bit.
 * Allocates its buffers once, at creation.
 */
public final class Stepper {
    private final Rnn model;
    private final Backend be;
    private final int batch;
    private Tensor hPrev;
    private Tensor h;
    private final Tensor y;

    Stepper(Rnn model, int batch) {
        Checks.requirePositive("batch", batch);
        this.model = model;
        this.be = model.backend();
        this.batch = batch;
        this.hPrev = be.zeros(model.dtype(), batch, model.hiddenSize());
        this.h = be.zeros(model.dtype(), batch, model.hiddenSize());
        this.y = be.zeros(model.dtype(), batch, model.outputSize());
    }

    /**
     * Advances one step.
     *
     * @param x (input, not modified) B×I inputs of this step
     * @return B×O outputs of this step, a buffer owned by the stepper and overwritten by the next call
     */
    public Tensor step(Tensor x) {
        Checks.requireTensor("x", x, model.parameter("U").value(), batch, model.inputSize(), "batch × input features");
        Checks.requireFinite("x", x, 0);
        model.cell().forward(x, hPrev, h);
        be.gemmInto(1, h, false, model.parameter("V").value(), true, 0, y);
        be.addRowVectorInto(y, model.parameter("c").value(), y);
        Tensor swap = hPrev;
        hPrev = h;
        h = swap;
        return y;
    }

    /**
     * Returns the state after the last step.
     *
     * @return B×H buffer owned by the stepper (live: the next step overwrites it)
     */
    public Tensor state() {
        return hPrev;
    }

    /**
     * Sets the state, e.g. to continue from {@link Rnn.Output#finalState()}.
     *
     * @param state (input, not modified) B×H, or null for zeros
     */
    public void reset(Tensor state) {
        if (state == null) {
            be.fillInto(0, hPrev);
        } else {
            Checks.requireTensor("state", state, model.parameter("U").value(), batch, model.hiddenSize(), "batch × hidden");
            be.copyInto(state, hPrev);
        }
    }
}
