package org.rnn4j.core.layer;

import org.rnn4j.api.Parameter;
import org.rnn4j.api.Tensor;
import org.rnn4j.spi.Backend;

/**
 * The linear read-out {@code y = V·h + c} (V: O×H, c: 1×O), batch-major {@code Y = H·Vᵀ + 1·cᵀ},
 * written once for training, streaming, inference and the trace.
 */
public final class Readout {
    private final Parameter v;
    private final Parameter c;
    private final Backend be;

    /**
     * Creates a read-out over existing parameters.
     *
     * @param v V, O×H
     * @param c c, 1×O
     */
    public Readout(Parameter v, Parameter c) {
        if (c.value().rows() != 1 || c.value().cols() != v.value().rows()) {
            throw new IllegalArgumentException("c is " + c.value().describe() + " but V is " + v.value().describe() + "; c must be 1×"
                    + v.value().rows());
        }
        this.v = v;
        this.c = c;
        this.be = v.value().backend();
    }

    /** {@return V} */
    public Parameter weights() {
        return v;
    }

    /** {@return c} */
    public Parameter bias() {
        return c;
    }

    /**
     * Forward: {@code y = h·Vᵀ + c} for every row.
     *
     * @param h (input, not modified) m×H
     * @param y (output, overwritten) m×O
     */
    public void forward(Tensor h, Tensor y) {
        be.gemmInto(1, h, false, v.value(), true, 0, y);
        be.addRowVectorInto(y, c.value(), y);
    }

    /**
     * Backward: overwrites {@code dV = dYᵀ·H} and {@code dc = Σ dY}, and writes the error each row
     * sends to its h, {@code dH = dY·V}.
     *
     * @param h (input, not modified) m×H, what {@link #forward} read
     * @param dy (input, not modified) m×O error of the outputs
     * @param dh (output, overwritten) m×H
     */
    public void backward(Tensor h, Tensor dy, Tensor dh) {
        be.gemmInto(1, dy, true, h, false, 0, v.gradient());
        be.columnSumsInto(dy, 0, c.gradient());
        be.gemmInto(1, dy, false, v.value(), false, 0, dh);
    }
}
