package org.rnn4j.core;

import org.rnn4j.api.Tensor;

/** Argument checks of the core, with messages that name the values and what the model expects. */
final class Checks {
    /** The most elements a Java array may hold on common JVMs (some reserve a few header words). */
    static final int MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 8;

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

    /**
     * Rejects NaN and infinity, naming the first bad element (see {@link #firstNonFinite}).
     */
    static void requireFinite(String name, Tensor t, int batch) {
        int at = firstNonFinite(t);
        if (at < 0) {
            return;
        }
        int row = at / t.cols();
        int col = at % t.cols();
        String where = batch > 0 ? "step " + row / batch + ", sequence " + row % batch + ", feature " + col
                : "row " + row + ", column " + col;
        throw new IllegalArgumentException(name + " holds " + t.get(row, col) + " at " + where);
    }

    /**
     * Finds the first NaN or infinity of a tensor. The fast path is one squared norm on the backend,
     * which is finite exactly when every element is finite and small enough; only when it is not (a
     * non-finite element, or finite ones above about 1e154 whose squares overflow) are the elements
     * read one by one, without allocating, and finite ones are accepted whatever their size.
     *
     * @return the row-major index of the first non-finite element, or −1 if there is none
     */
    static int firstNonFinite(Tensor t) {
        if (Double.isFinite(t.backend().squaredNorm(t))) {
            return -1;
        }
        int rows = t.rows();
        int cols = t.cols();
        for (int row = 0; row < rows; row++) {
            for (int col = 0; col < cols; col++) {
                if (!Double.isFinite(t.get(row, col))) {
                    return row * cols + col;
                }
            }
        }
        return -1;
    }

    /** Names a null argument instead of failing later with a bare NullPointerException. */
    static <T> T requireNonNull(String name, T value) {
        if (value == null) {
            throw new IllegalArgumentException(name + " is null");
        }
        return value;
    }
}
