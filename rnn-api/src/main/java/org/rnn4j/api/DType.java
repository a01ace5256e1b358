package org.rnn4j.api;

/**
 * The element type of a {@link Tensor}: fixed when the tensor is created.
 *
 * <p>FLOAT32 is the fast choice for training; FLOAT64 is the choice for gradient checks and
 * for comparing backends, where float32 rounding (about 1e-7 relative) would hide real errors.
 */
public enum DType {
    /** IEEE 754 single precision, 4 bytes per element. */
    FLOAT32(4),
    /** IEEE 754 double precision, 8 bytes per element. */
    FLOAT64(8);

    private final int bytes;

    DType(int bytes) {
        this.bytes = bytes;
    }

    /**
     * Returns the size of one element.
     *
     * @return bytes per element: 4 for FLOAT32, 8 for FLOAT64
     */
    public int bytes() {
        return bytes;
    }
}
