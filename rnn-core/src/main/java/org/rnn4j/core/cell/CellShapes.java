package org.rnn4j.core.cell;

import org.rnn4j.api.Cell;
import org.rnn4j.api.Tensor;

/** The shape checks every cell runs before it writes, with messages that name the operand. */
final class CellShapes {
    private CellShapes() {
    }

    static int batchOf(Cell cell, Tensor gx, int hidden) {
        if (gx == null) {
            throw new IllegalArgumentException(cell.kind() + ": gx is null");
        }
        require(cell, "gx", gx, gx, gx.rows(), cell.gates() * hidden);
        return gx.rows();
    }

    static void require(Cell cell, String name, Tensor t, Tensor like, int rows, int cols) {
        if (t == null) {
            throw new IllegalArgumentException(cell.kind() + ": " + name + " is null");
        }
        if (t.backend() != like.backend() || t.dtype() != like.dtype()) {
            throw new IllegalArgumentException(cell.kind() + ": " + name + " is " + t.describe() + " on " + t.backend().name()
                    + " but gx is " + like.describe() + " on " + like.backend().name());
        }
        if (t.rows() != rows || t.cols() != cols) {
            throw new IllegalArgumentException(cell.kind() + ": " + name + " is " + t.rows() + "×" + t.cols() + " but must be "
                    + rows + "×" + cols);
        }
    }

    static void requireAll(Cell cell, String name, Tensor[] ts, Tensor like, int rows, int cols) {
        if (ts == null || ts.length != cell.states()) {
            throw new IllegalArgumentException(cell.kind() + ": " + name + " must hold " + cell.states() + " state tensor"
                    + (cell.states() == 1 ? "" : "s") + " " + cell.stateNames());
        }
        for (int k = 0; k < ts.length; k++) {
            Tensor t = ts[k];
            if (t == null || t.backend() != like.backend() || t.dtype() != like.dtype() || t.rows() != rows || t.cols() != cols) {
                // The name is built only on the way to an error: this check runs at every step.
                require(cell, name + "[" + k + "] (" + cell.stateNames().get(k) + ")", t, like, rows, cols);
            }
        }
    }

    static void requireDisjoint(Cell cell, Tensor[] outs, Tensor[] ins, String outName, String inName) {
        for (Tensor o : outs) {
            for (Tensor i : ins) {
                if (o == i) {
                    throw new IllegalArgumentException(cell.kind() + ": " + outName + " must not share a tensor with " + inName);
                }
            }
        }
    }
}
