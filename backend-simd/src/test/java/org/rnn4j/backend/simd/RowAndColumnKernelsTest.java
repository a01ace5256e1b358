package org.rnn4j.backend.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rnn4j.api.DType;
import org.rnn4j.api.Tensor;
import org.rnn4j.spi.Backend;
import org.rnn4j.spi.kit.ElementLoops;
import org.rnn4j.spi.kit.FloatKernels;

/**
 * The vector kernels of addRowVectorInto and columnSumsInto give the bits of the kit's scalar loops
 * (FloatKernels in FLOAT32, ElementLoops' row-vector sum in FLOAT64), at widths that leave a tail
 * after the last whole vector and row counts that leave rows after the last group of four. Column
 * sums start from random data (not zeros), so a sum that added the rows in another order, or β·out
 * at another place, would differ in its last bits.
 */
class RowAndColumnKernelsTest {
    private static final Backend SIMD = new SimdBackend(1);

    private static double[] random(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextDouble(-1, 1) * Math.pow(10, r.nextInt(-3, 4));
        }
        return v;
    }

    /** The values rounded to float; GemmShapesTest uses it too. */
    static float[] floats(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }

    @ParameterizedTest(name = "rows={0} cols={1} beta={2}")
    @CsvSource({"1, 1, 0", "3, 7, 0", "5, 16, 0.5", "9, 37, 0", "9, 37, -1.5", "64, 512, 0", "13, 129, 2"})
    void columnSumsMatchTheScalarLoopsBitForBit(int rows, int cols, double beta) {
        double[] a = random(rows * cols, rows * 31L + cols);
        double[] start = random(cols, 7);

        float[] expectedF = floats(start);
        FloatKernels.columnSums(floats(a), rows, cols, (float) beta, expectedF);
        Tensor af = SIMD.fromArray(DType.FLOAT32, rows, cols, a);
        Tensor outF = SIMD.fromArray(DType.FLOAT32, 1, cols, start);
        SIMD.columnSumsInto(af, beta, outF);
        float[] actualF = new float[cols];
        outF.copyTo(actualF);
        assertArrayEquals(expectedF, actualF, "FLOAT32 column sums");

        // FLOAT64 adds β·out to the first row, then the rows in order, as FLOAT32 does.
        double[] expectedD = start.clone();
        for (int j = 0; j < cols; j++) {
            double s = beta == 0 ? a[j] : a[j] + beta * expectedD[j];
            for (int r = 1; r < rows; r++) {
                s += a[r * cols + j];
            }
            expectedD[j] = s;
        }
        Tensor ad = SIMD.fromArray(DType.FLOAT64, rows, cols, a);
        Tensor outD = SIMD.fromArray(DType.FLOAT64, 1, cols, start);
        SIMD.columnSumsInto(ad, beta, outD);
        assertArrayEquals(expectedD, outD.toDoubleArray(), "FLOAT64 column sums");
    }

    @ParameterizedTest(name = "rows={0} cols={1}")
    @CsvSource({"1, 1", "3, 7", "5, 16", "9, 37", "64, 512"})
    void addRowVectorMatchesTheScalarLoopsBitForBit(int rows, int cols) {
        double[] a = random(rows * cols, 3);
        double[] v = random(cols, 4);

        float[] expectedF = new float[rows * cols];
        FloatKernels.addRowVector(floats(a), floats(v), expectedF, rows, cols);
        Tensor af = SIMD.fromArray(DType.FLOAT32, rows, cols, a);
        SIMD.addRowVectorInto(af, SIMD.fromArray(DType.FLOAT32, 1, cols, v), af);   // in place, as the layers call it
        float[] actualF = new float[rows * cols];
        af.copyTo(actualF);
        assertArrayEquals(expectedF, actualF, "FLOAT32 a + v");

        double[] expectedD = new double[rows * cols];
        ElementLoops.addRowVector(ElementLoops.Elements.of(a), ElementLoops.Elements.of(v), ElementLoops.Elements.of(expectedD), rows, cols);
        Tensor ad = SIMD.fromArray(DType.FLOAT64, rows, cols, a);
        Tensor outD = SIMD.zeros(DType.FLOAT64, rows, cols);
        SIMD.addRowVectorInto(ad, SIMD.fromArray(DType.FLOAT64, 1, cols, v), outD);
        assertArrayEquals(expectedD, outD.toDoubleArray(), "FLOAT64 a + v");
    }
}
