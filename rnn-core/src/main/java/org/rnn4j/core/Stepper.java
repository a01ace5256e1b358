package org.rnn4j.core;

import java.util.List;
import org.rnn4j.api.Tensor;
import org.rnn4j.core.layer.RecurrentLayer;
import org.rnn4j.spi.Backend;

/**
 * Streaming inference: one step at a time, the states carried between calls. Each call runs
 * every layer's step and the read-out, the very code {@link Rnn#forward} runs, so on one backend
 * the outputs are equal bit for bit. Allocates its buffers once, at creation.
 */
public final class Stepper {
    private final Rnn model;
    private final Backend be;
    private final int batch;
    private final RecurrentLayer[] layers;
    private final RecurrentLayer.StepBuffers[] buffers;
    /** Per layer, the current states and the buffers the next step writes; swapped after each step. */
    private final Tensor[][] prev;
    private final Tensor[][] next;
    private final Tensor[] flat;
    private final Tensor y;

    Stepper(Rnn model, int batch) {
        model.requireForward("streaming (a Stepper)");
        Checks.requirePositive("batch", batch);
        this.model = model;
        this.be = model.backend();
        this.batch = batch;
        List<RecurrentLayer> ls = model.layers();
        this.layers = ls.toArray(new RecurrentLayer[0]);
        this.buffers = new RecurrentLayer.StepBuffers[layers.length];
        this.prev = new Tensor[layers.length][];
        this.next = new Tensor[layers.length][];
        for (int k = 0; k < layers.length; k++) {
            buffers[k] = layers[k].stepBuffers(batch);
            int n = layers[k].cell().states();
            prev[k] = new Tensor[n];
            next[k] = new Tensor[n];
            for (int i = 0; i < n; i++) {
                prev[k][i] = be.zeros(model.dtype(), batch, model.hiddenSize());
                next[k][i] = be.zeros(model.dtype(), batch, model.hiddenSize());
            }
        }
        this.flat = new Tensor[model.stateNames().size()];
        this.y = be.zeros(model.dtype(), batch, model.outputSize());
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
        Tensor in = x;
        for (int k = 0; k < layers.length; k++) {
            layers[k].step(in, prev[k], next[k], buffers[k]);
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
        model.readout().forward(in, y);
        return y;
    }

    /**
     * Returns the states after the last step.
     *
     * @return the stepper's live buffers in {@link Rnn#stateNames()} order (the next step overwrites them)
     */
    public State state() {
        int i = 0;
        for (Tensor[] layer : prev) {
            for (Tensor t : layer) {
                flat[i++] = t;
            }
        }
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
        int i = 0;
        for (Tensor[] layer : prev) {
            for (Tensor t : layer) {
                if (state == null) {
                    be.fillInto(0, t);
                } else {
                    be.copyInto(state.get(i), t);
                }
                i++;
            }
        }
    }
}
