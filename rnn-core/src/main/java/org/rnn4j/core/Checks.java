package org.rnn4j.core;

import org.rnn4j.api.DType;
import org.rnn4j.api.Tensor;

/** Argument checks of the core, with messages that name the values and what the model expects. */
final class Checks {
    private Checks() {
    }

    static void requireDistinct(String op, String outName, Tensor out, String inName, Tensor in) {
        if (out == in) {
            throw new IllegalArgumentException(op + ": " + outName + " must not be the same tensor as " + inName);
        }
    }

    static void requirePositive(String what, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(what + " must be at least 1, got " + value);
        }
    }

    /** Checks backend (against the model's parameter tensors), dtype and exact shape. */
    static void requireTensor(String name, Tensor t, Tensor modelTensor, int rows, int cols, String meaning) {
        if (t == null) {
            throw new IllegalArgumentException(name + " is null");
        }
        requireSameOwner(name, t, modelTensor);
        if (t.dtype() != modelTensor.dtype()) {
            throw new IllegalArgumentException(name + " is " + t.dtype() + " but the model is " + modelTensor.dtype());
        }
        if (t.rows() != rows || t.cols() != cols) {
            throw new IllegalArgumentException(name + " is " + t.rows() + "×" + t.cols() + " but must be " + rows + "×" + cols
                    + " (" + meaning + ")");
        }
    }

    /** Checks that a tensor was created by the backend instance that holds the model. */
    static void requireSameOwner(String name, Tensor t, Tensor modelTensor) {
        if (t.backend() == modelTensor.backend()) {
            return;
        }
        if (t.backend().name().equals(modelTensor.backend().name())) {
            throw new IllegalArgumentException(name + " was created by another '" + t.backend().name()
                    + "' backend instance than the model's; create it with model.backend()");
        }
        throw new IllegalArgumentException(name + " belongs to backend '" + t.backend().name() + "' but the model runs on '"
                + modelTensor.backend().name() + "'");
    }

    /** Rejects NaN and infinity, naming the first bad element. Reads the tensor only on the slow path. */
    static void requireFinite(String name, Tensor t, int batch) {
        double sq = t.backend().squaredNorm(t);
        if (Double.isFinite(sq)) {
            return;
        }
        double[] v = t.toDoubleArray();
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                int row = i / t.cols();
                int col = i % t.cols();
                String where = batch > 0 ? "step " + row / batch + ", sequence " + row % batch + ", feature " + col
                        : "row " + row + ", column " + col;
                throw new IllegalArgumentException(name + " holds " + v[i] + " at " + where);
            }
        }
        // The squared norm overflowed on finite values: they are finite, but too large to train on.
        throw new IllegalArgumentException(name + " has values so large that their squares overflow " + DType.FLOAT64);
    }

    /** Names a null argument instead of failing later with a bare NullPointerException. */
    static <T> T requireNonNull(String name, T value) {
        if (value == null) {
            throw new IllegalArgumentException(name + " is null");
        }
        return value;
    }
}
