package org.rnn4j.core;

import org.rnn4j.api.DType;

/**
 * Thrown by {@link Optimizer#step} when an update would make a parameter value NaN or infinite in
 * the parameter's dtype (a FLOAT32 value beyond ±{@link Float#MAX_VALUE} is infinite once stored), or
 * a value of the optimizer's own state NaN or infinite.
 * Nothing was written: the parameters and the optimizer are as they were before the step.
 */
public class NonFiniteUpdateException extends ArithmeticException {
    private static final long serialVersionUID = 1L;
    /** The parameter's name. */
    private final String parameter;
    /** The row of the first non-finite value. */
    private final int row;
    /** The column of the first non-finite value. */
    private final int col;
    /** The non-finite value the update computed. */
    private final double value;

    NonFiniteUpdateException(String parameter, int row, int col, double value, double computed, DType dtype) {
        super("the update would make " + parameter + "[" + row + "," + col + "] " + value
                + (value != computed && !Double.isNaN(computed) ? " (" + computed + " overflows " + dtype + ")" : "")
                + "; nothing was written (parameters and optimizer state are as before the step)");
        this.parameter = parameter;
        this.row = row;
        this.col = col;
        this.value = value;
    }

    /** {@return the parameter's name, followed for a value of the optimizer's state by which, e.g. {@code "U (adam second moment)"}} */
    public String parameter() {
        return parameter;
    }

    /** {@return the row of the first non-finite value} */
    public int row() {
        return row;
    }

    /** {@return the column of the first non-finite value} */
    public int col() {
        return col;
    }

    /** {@return the non-finite value the update would have stored (in the parameter's dtype)} */
    public double value() {
        return value;
    }
}
