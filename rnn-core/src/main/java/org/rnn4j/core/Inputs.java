package org.rnn4j.core;

import org.rnn4j.api.Tensor;

/** Validation of a sequence batch against a model, shared by training, inference and streaming. */
final class Inputs {
    private Inputs() {
    }

    /** Checks xs, batch, mask and initial states; returns the number of steps T. */
    static int validate(Rnn model, Tensor xs, int batch, Mask mask, State initial) {
        Tensor ref = model.parameters().get(0).value();
        int in = model.inputSize();
        if (xs == null) {
            throw new IllegalArgumentException("xs is null");
        }
        Checks.requireSameOwner("xs", xs, ref);
        if (xs.dtype() != model.dtype()) {
            throw new IllegalArgumentException("xs is " + xs.dtype() + " but the model is " + model.dtype());
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
        requireState(model, "initial state", initial, batch);
        return steps;
    }

    /** Checks xs, batch, mask and initial states as {@link #validate} does, and the targets against them; returns T. */
    static int validate(Rnn model, Tensor xs, int batch, Targets targets, Mask mask, State initial) {
        int steps = validate(model, xs, batch, mask, initial);
        if (targets == null) {
            throw new IllegalArgumentException("targets are null");
        }
        if (targets.batch() != batch) {
            throw new IllegalArgumentException("targets are for " + targets.batch() + " sequences but the batch has " + batch);
        }
        if (targets.outputs() != model.outputSize()) {
            throw new IllegalArgumentException("targets have " + targets.outputs() + " outputs per row but V produces " + model.outputSize());
        }
        if (targets.mode() == OutputMode.EVERY_STEP && targets.steps() != steps) {
            throw new IllegalArgumentException("targets cover " + targets.steps() + " steps but the inputs have " + steps);
        }
        return steps;
    }

    /** Checks a state (null passes) against the model's state names and a batch size. */
    static void requireState(Rnn model, String what, State s, int batch) {
        if (s == null) {
            return;
        }
        Tensor ref = model.parameters().get(0).value();
        int n = model.stateNames().size();
        if (s.size() != n) {
            throw new IllegalArgumentException(what + " has " + s.size() + " tensor" + (s.size() == 1 ? "" : "s") + " but the model's state is "
                    + model.stateNames());
        }
        int hidden = model.hiddenSize();
        for (int i = 0; i < n; i++) {
            String name = what + " " + model.stateNames().get(i);
            Checks.requireTensor(name, s.get(i), ref, batch, hidden, "batch × hidden: " + batch + " sequences, " + hidden + " hidden units");
            Checks.requireFinite(name, s.get(i), 0);
        }
    }
}
