package org.rnn4j.backend.simd;

import jdk.incubator.vector.VectorShape;

/**
 * The width of the vectors every kernel uses, fixed when the JVM starts: the Vector API's preferred
 * shape (512 bits on a CPU with AVX-512, 256 with AVX2), or a narrower one that
 * {@value #PROPERTY} asks for (e.g. {@code -Drnn4j.simd.vectorBits=256} to run AVX2-width kernels on
 * an AVX-512 machine, which the tests do in a run of their own).
 */
final class VectorWidth {
    /** The system property that narrows the vectors: 128, 256 or 512 bits, at most the preferred width. */
    static final String PROPERTY = "rnn4j.simd.vectorBits";

    /** The shape every kernel's species uses. */
    static final VectorShape SHAPE = shape(System.getProperty(PROPERTY), VectorShape.preferredShape());

    private VectorWidth() {
    }

    /**
     * The shape a property value asks for.
     *
     * @param value the property's value; null or blank for the preferred shape
     * @param preferred the CPU's preferred shape
     * @return the shape
     * @throws IllegalArgumentException if the value is not 128, 256 or 512, or wider than preferred
     */
    static VectorShape shape(String value, VectorShape preferred) {
        if (value == null || value.isBlank()) {
            return preferred;
        }
        VectorShape s;
        switch (value.trim()) {
            case "128":
                s = VectorShape.S_128_BIT;
                break;
            case "256":
                s = VectorShape.S_256_BIT;
                break;
            case "512":
                s = VectorShape.S_512_BIT;
                break;
            default:
                throw new IllegalArgumentException(PROPERTY + " must be 128, 256 or 512, got '" + value + "'");
        }
        if (s.vectorBitSize() > preferred.vectorBitSize()) {
            throw new IllegalArgumentException(PROPERTY + "=" + value.trim() + " is wider than this CPU's vectors ("
                    + preferred.vectorBitSize() + " bits): the Vector API would emulate them, slowly");
        }
        return s;
    }
}
