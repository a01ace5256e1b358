package org.rnn4j.spi;

import org.rnn4j.api.Tensor;

/**
 * What a backend's tensors tell the shared checks about the memory they share: a tensor made by
 * {@link Backend#rowView} covers rows {@code firstRow() .. firstRow() + rows() − 1} of
 * {@link #base()}. A backend with row views implements this on its tensor class (a tensor that is
 * not a view answers itself and 0), so that {@link TensorChecks} can refuse an output that
 * overlaps an input through two views. Tensors that do not implement it share memory with no
 * other tensor.
 */
public interface RowView {

    /**
     * Returns the tensor that owns the memory.
     *
     * @return the base tensor, which is never itself a view; this tensor when it is not a view
     */
    Tensor base();

    /**
     * Returns the row of {@link #base()} where this tensor's row 0 lies.
     *
     * @return the first row, 0 when this tensor is not a view
     */
    int firstRow();
}
