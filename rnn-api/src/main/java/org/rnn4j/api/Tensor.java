package org.rnn4j.api;

import org.rnn4j.spi.Backend;

/**
 * A dense 2-D matrix in row-major order, owned by one {@link Backend}.
 *
 * <p>Shape ({@link #rows()} × {@link #cols()}) and {@link #dtype()} are fixed at creation; the
 * contents are mutable. Element (r, c) sits at index {@code r·cols + c} of the row-major arrays
 * that {@link #copyFrom(double[])} and {@link #copyTo(double[])} read and write. A tensor is only
 * ever passed to operations of the backend that created it; other backends reject it.
 *
 * <p>Element access ({@link #get}, {@link #set}) is for tests, debugging and small bookkeeping:
 * the bulk operations of {@link Backend} are the fast path. A tensor must not be written from
 * several threads at once, nor read while another thread writes it; reading it from several
 * threads at once is safe.
 */
public interface Tensor {

    /**
     * Returns the backend that created this tensor and may operate on it.
     *
     * @return the owning backend
     */
    Backend backend();

    /**
     * Returns the element type.
     *
     * @return FLOAT32 or FLOAT64, fixed at creation
     */
    DType dtype();

    /**
     * Returns the number of rows.
     *
     * @return rows, at least 1
     */
    int rows();

    /**
     * Returns the number of columns.
     *
     * @return columns, at least 1
     */
    int cols();

    /**
     * Returns the number of elements.
     *
     * @return {@code rows() · cols()}
     */
    default int size() {
        return rows() * cols();
    }

    /**
     * Reads one element, widened to double.
     *
     * @param row row index in [0, rows)
     * @param col column index in [0, cols)
     * @return the element at (row, col)
     * @throws IllegalArgumentException if an index is out of range (the message names it and the shape)
     */
    double get(int row, int col);

    /**
     * Writes one element (rounded to float for FLOAT32).
     *
     * @param row row index in [0, rows)
     * @param col column index in [0, cols)
     * @param value the new value
     * @throws IllegalArgumentException if an index is out of range (the message names it and the shape)
     */
    void set(int row, int col, double value);

    /**
     * Overwrites every element from a row-major array (rounded to float for FLOAT32).
     *
     * @param rowMajor (input, not modified) exactly {@link #size()} values
     * @throws IllegalArgumentException if the length differs from {@link #size()}; the tensor is then unchanged
     */
    void copyFrom(double[] rowMajor);

    /**
     * Overwrites every element from a row-major float array.
     *
     * @param rowMajor (input, not modified) exactly {@link #size()} values
     * @throws IllegalArgumentException if the length differs from {@link #size()}; the tensor is then unchanged
     */
    void copyFrom(float[] rowMajor);

    /**
     * Copies every element into a row-major array, widened to double.
     *
     * @param rowMajor (output, overwritten) exactly {@link #size()} values
     * @throws IllegalArgumentException if the length differs from {@link #size()}; the array is then unchanged
     */
    void copyTo(double[] rowMajor);

    /**
     * Copies every element into a row-major float array (rounded for FLOAT64).
     *
     * @param rowMajor (output, overwritten) exactly {@link #size()} values
     * @throws IllegalArgumentException if the length differs from {@link #size()}; the array is then unchanged
     */
    void copyTo(float[] rowMajor);

    /**
     * Returns a new row-major copy of the contents, widened to double. Allocates: not for hot loops.
     *
     * @return a new array of {@link #size()} values
     */
    default double[] toDoubleArray() {
        double[] out = new double[size()];
        copyTo(out);
        return out;
    }

    /**
     * Describes the shape and dtype for error messages, e.g. {@code "3×4 FLOAT32"}.
     *
     * @return rows × cols and the dtype
     */
    default String describe() {
        return rows() + "×" + cols() + " " + dtype();
    }
}
