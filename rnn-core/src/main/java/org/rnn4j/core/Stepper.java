package org.rnn4j.core;

import org.rnn4j.api.Tensor;
import org.rnn4j.core.layer.Stack;

/**
 * Streaming inference: one step at a time, the states carried between calls. Each call runs
 * every layer's step ({@link Stack.Streaming}) and the read-out, the very code {@link Rnn#forward} runs,
 * so on one backend the outputs are equal bit for bit. Allocates its buffers once, at creation.
 */
public final class Stepper {
    private final Rnn model;
    private final int batch;
    private final Stack.Streaming streaming;
    private final Tensor[] flat;
    private final Tensor y;

    Stepper(Rnn model, int batch) {
        model.requireForward("streaming (a Stepper)");
        Checks.requirePositive("batch", batch);
        this.model = model;
        this.batch = batch;
        this.streaming = model.stack().streaming(batch);
        this.flat = new Tensor[model.stateNames().size()];
        this.y = model.backend().zeros(model.dtype(), batch, model.outputSize());
    }

    /**
     * Advances one step.
     *
     * @param x (input, not modified) B×I inputs of this step
     * @return B×O outputs of this step, a buffer owned by the stepper and overwritten by the next call
     * @throws IllegalArgumentException if x has the wrong shape, dtype or backend, or is not finite
     */
    public Tensor step(Tensor x) {
        model.guard.enter("Stepper.step");
        try {
            Checks.requireTensor("x", x, model.parameters().get(0).value(), batch, model.inputSize(), "batch × input features");
            Checks.requireFinite("x", x, 0);
            Tensor out = advance(x, null, 0);
            model.guard.requireUnchanged("Stepper.step");
            return out;
        } finally {
            model.guard.exit();
        }
    }

    /** One step; rows the mask pads at {@code step} keep their states. */
    Tensor advance(Tensor x, Mask mask, int step) {
        model.readout().forward(streaming.advance(x, mask, step), y);
        return y;
    }

    /**
     * Returns the states after the last step.
     *
     * @return the stepper's live buffers in {@link Rnn#stateNames()} order (the next step overwrites them)
     */
    public State state() {
        streaming.states(flat);
        return State.of(flat);
    }

    /**
     * Sets the states, e.g. to continue from {@link Rnn.Output#finalState()}.
     *
     * @param state (input, not modified) B×H tensors in {@link Rnn#stateNames()} order, or null for zeros
     * @throws IllegalArgumentException if a tensor does not fit or is not finite; the stepper is then unchanged
     */
    public void reset(State state) {
        Inputs.requireState(model, "state", state, batch);
        streaming.reset(state == null ? null : state.tensors());
    }
}
