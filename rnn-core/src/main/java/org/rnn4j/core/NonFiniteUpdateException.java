package org.rnn4j.core;

/**
 * Thrown by {@link Optimizer#step} when an update would make a parameter value NaN or infinite.
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

    NonFiniteUpdateException(String parameter, int row, int col, double value) {
        super("the update would make " + parameter + "[" + row + "," + col + "] " + value
                + "; nothing was written (parameters and optimizer state are as before the step)");
        this.parameter = parameter;
        this.row = row;
        this.col = col;
        this.value = value;
    }

    /** @return the parameter's name */
    public String parameter() {
        return parameter;
    }

    /** @return the row of the first non-finite value */
    public int row() {
        return row;
    }

    /** @return the column of the first non-finite value */
    public int col() {
        return col;
    }

    /** @return the non-finite value the update computed */
    public double value() {
        return value;
    }
}
