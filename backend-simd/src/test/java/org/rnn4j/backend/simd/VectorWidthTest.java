package org.rnn4j.backend.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShape;
import org.junit.jupiter.api.Test;

/**
 * {@link VectorWidth}: the preferred shape by default, a narrower one on request, a clear refusal of
 * anything else; and the kernels use the shape chosen. The build runs every backend-simd test twice,
 * once at the CPU's widest vectors and once with {@code -Drnn4j.simd.vectorBits=256}.
 */
class VectorWidthTest {
    @Test
    void unsetMeansThePreferredShape() {
        assertEquals(VectorShape.S_512_BIT, VectorWidth.shape(null, VectorShape.S_512_BIT));
        assertEquals(VectorShape.S_256_BIT, VectorWidth.shape(" ", VectorShape.S_256_BIT));
    }

    @Test
    void aNarrowerWidthIsTaken() {
        assertEquals(VectorShape.S_256_BIT, VectorWidth.shape("256", VectorShape.S_512_BIT));
        assertEquals(VectorShape.S_128_BIT, VectorWidth.shape(" 128 ", VectorShape.S_256_BIT));
        assertEquals(VectorShape.S_512_BIT, VectorWidth.shape("512", VectorShape.S_512_BIT));
    }

    @Test
    void aWiderWidthThanTheCpusIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> VectorWidth.shape("512", VectorShape.S_256_BIT));
        assertTrue(e.getMessage().contains("rnn4j.simd.vectorBits=512 is wider than this CPU's vectors (256 bits)"), e.getMessage());
    }

    @Test
    void anotherValueIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> VectorWidth.shape("1024", VectorShape.S_512_BIT));
        assertEquals("rnn4j.simd.vectorBits must be 128, 256 or 512, got '1024'", e.getMessage());
    }

    @Test
    void theBackendRefusesABadPropertyByName() {
        String before = System.getProperty(VectorWidth.PROPERTY);
        System.setProperty(VectorWidth.PROPERTY, "wide");
        try {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SimdBackend(1));
            assertTrue(e.getMessage().startsWith("rnn4j.simd.vectorBits must be"), e.getMessage());
        } finally {
            if (before == null) {
                System.clearProperty(VectorWidth.PROPERTY);
            } else {
                System.setProperty(VectorWidth.PROPERTY, before);
            }
        }
    }

    @Test
    void theKernelsUseTheShapeThisRunAskedFor() {
        VectorShape expected = VectorWidth.shape(System.getProperty(VectorWidth.PROPERTY), VectorShape.preferredShape());
        assertEquals(expected.vectorBitSize(), new SimdBackend(1).vectorBits());
        assertEquals(expected.vectorBitSize() / Float.SIZE, GemmF.V);
        assertEquals(expected.vectorBitSize() / Double.SIZE, GemmD.V);
        assertTrue(GemmF.V <= FloatVector.SPECIES_PREFERRED.length());
    }
}
