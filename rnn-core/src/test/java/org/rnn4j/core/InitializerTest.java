package org.rnn4j.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link Initializer#orthogonal}: orthogonal on both of its constructions (exact Gram–Schmidt up to
 * k²·n = 512³, the rotation circuit above), reproducible from the seed, with Haar-like entries; and
 * {@link Initializer#fillChecked}, which names the parameter an initializer wrote a non-finite value into.
 */
class InitializerTest {

    private static double[] orthogonal(double gain, int rows, int cols, long seed) {
        double[] v = new double[rows * cols];
        Initializer.orthogonal(gain).fill(v, rows, cols, new SplittableRandom(seed));
        return v;
    }

    /** The largest |(G·Gᵀ − gain²·I)(i, j)| over the shorter side's vectors: rows if rows ≤ cols, else columns. */
    private static double orthogonalityError(double[] v, int rows, int cols, double gain) {
        boolean byRows = rows <= cols;
        int k = byRows ? rows : cols;
        int n = byRows ? cols : rows;
        double[] q = new double[k * n];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                q[byRows ? r * n + c : c * n + r] = v[r * cols + c];
            }
        }
        double worst = 0;
        for (int i = 0; i < k; i++) {
            for (int j = i; j < k; j++) {
                double dot = 0;
                for (int t = 0; t < n; t++) {
                    dot += q[i * n + t] * q[j * n + t];
                }
                worst = Math.max(worst, Math.abs(dot - (i == j ? gain * gain : 0)));
            }
        }
        return worst;
    }

    @ParameterizedTest(name = "{0}x{1}")
    @CsvSource({"1, 1", "7, 7", "5, 12", "12, 5", "64, 64", "513, 513", "600, 800", "900, 600", "1, 2000", "2000, 3"})
    void orthogonalHasOrthonormalRowsOrColumnsTo1e10(int rows, int cols) {
        double[] v = orthogonal(1, rows, cols, 3);
        double err = orthogonalityError(v, rows, cols, 1);
        assertTrue(err <= 1e-10, rows + "x" + cols + ": |QQᵀ − I| reaches " + err);
    }

    @Test
    void gainScalesTheOrthonormalVectorsOnBothConstructions() {
        assertTrue(orthogonalityError(orthogonal(2.5, 40, 30, 1), 40, 30, 2.5) <= 1e-10);
        assertTrue(orthogonalityError(orthogonal(2.5, 600, 700, 1), 600, 700, 2.5) <= 1e-10);
    }

    /** A check that cannot pass on a matrix that is not orthogonal. */
    @Test
    void orthogonalityCheckCatchesAPerturbedMatrix() {
        double[] v = orthogonal(1, 513, 513, 3);
        assertTrue(orthogonalityError(v, 513, 513, 1) <= 1e-10);
        v[1234] += 1e-6;
        assertTrue(orthogonalityError(v, 513, 513, 1) > 1e-7);
    }

    @ParameterizedTest(name = "{0}x{1}")
    @CsvSource({"64, 64", "12, 5", "600, 800", "900, 600"})
    void sameSeedGivesTheSameMatrixAndAnotherSeedAnother(int rows, int cols) {
        double[] a = orthogonal(1, rows, cols, 42);
        assertArrayEquals(a, orthogonal(1, rows, cols, 42));
        assertFalse(Arrays.equals(a, orthogonal(1, rows, cols, 43)));
    }

    /**
     * The circuit's entries, scaled by √n, against what a Haar matrix's are: close to standard normal
     * (variance 1, E|z| = √(2/π), kurtosis 3, no entry far in the tail). With half the layers the
     * kurtosis is above 6, so this catches a circuit too shallow to mix.
     */
    @Test
    void rotationCircuitEntriesLookLikeAHaarMatrixs() {
        int n = 1024;
        double[] v = orthogonal(1, n, n, 5);
        double m2 = 0;
        double m4 = 0;
        double abs = 0;
        double max = 0;
        for (double x : v) {
            double z = x * Math.sqrt(n);
            m2 += z * z;
            m4 += z * z * z * z;
            abs += Math.abs(z);
            max = Math.max(max, Math.abs(z));
        }
        double count = v.length;
        double variance = m2 / count;
        assertEquals(1, variance, 1e-9, "rows of unit length give variance 1 exactly");
        assertEquals(3, (m4 / count) / (variance * variance), 0.1, "kurtosis");
        assertEquals(Math.sqrt(2 / Math.PI), abs / count, 0.01, "E|z|");
        // The largest of 2²⁰ standard normals is about 5; 7 happens with probability below 1e-5.
        assertTrue(max < 7, "largest |z| " + max);
    }

    /** Small matrices keep the exact construction, value for value: models built before keep their initial weights. */
    @Test
    void smallMatricesKeepTheExactGramSchmidtValues() {
        double[] v = orthogonal(1.5, 6, 9, 11);
        assertArrayEquals(referenceGramSchmidt(1.5, 6, 9, new SplittableRandom(11)), v);
        double[] tall = orthogonal(1, 9, 4, 12);
        assertArrayEquals(referenceGramSchmidt(1, 9, 4, new SplittableRandom(12)), tall);
    }

    /** The previous implementation of orthogonal(gain), kept here as the reference. */
    private static double[] referenceGramSchmidt(double gain, int rows, int cols, SplittableRandom r) {
        boolean byRows = rows <= cols;
        int k = byRows ? rows : cols;
        int n = byRows ? cols : rows;
        double[][] q = new double[k][n];
        for (int i = 0; i < k; i++) {
            double norm;
            do {
                for (int j = 0; j < n; j++) {
                    double u = r.nextDouble();
                    double w = r.nextDouble();
                    q[i][j] = Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * w);
                }
                for (int p = 0; p < i; p++) {
                    double dot = 0;
                    for (int j = 0; j < n; j++) {
                        dot += q[i][j] * q[p][j];
                    }
                    for (int j = 0; j < n; j++) {
                        q[i][j] -= dot * q[p][j];
                    }
                }
                norm = 0;
                for (int j = 0; j < n; j++) {
                    norm += q[i][j] * q[i][j];
                }
                norm = Math.sqrt(norm);
            } while (norm < 1e-8);
            for (int j = 0; j < n; j++) {
                q[i][j] /= norm;
            }
        }
        double[] v = new double[rows * cols];
        for (int row = 0; row < rows; row++) {
            for (int col = 0; col < cols; col++) {
                v[row * cols + col] = gain * (byRows ? q[row][col] : q[col][row]);
            }
        }
        return v;
    }

    // ---------------------------------------------------------------- fillChecked

    private static String message(org.junit.jupiter.api.function.Executable call) {
        return assertThrows(IllegalArgumentException.class, call).getMessage();
    }

    @Test
    void fillCheckedNamesTheParameterAndTheFirstNaN() {
        Initializer writesNaN = (v, rows, cols, r) -> {
            Arrays.fill(v, 0.25);
            v[4] = Double.NaN;
            v[5] = Double.NaN;
        };
        assertEquals("the initializer of W (2×3) wrote NaN at index 4 (row 1, column 1); initial values must be finite",
                message(() -> Initializer.fillChecked(writesNaN, "W", new double[6], 2, 3, new SplittableRandom(1))));
    }

    @Test
    void fillCheckedRejectsInfinity() {
        Initializer writesInfinity = (v, rows, cols, r) -> v[0] = Double.NEGATIVE_INFINITY;
        assertEquals("the initializer of U (1×2) wrote -Infinity at index 0 (row 0, column 0); initial values must be finite",
                message(() -> Initializer.fillChecked(writesInfinity, "U", new double[2], 1, 2, new SplittableRandom(1))));
    }

    @Test
    void fillCheckedWritesWhatFillWritesForAFiniteInitializer() {
        double[] checked = new double[12];
        Initializer.fillChecked(Initializer.xavierUniform(), "V", checked, 3, 4, new SplittableRandom(9));
        double[] plain = new double[12];
        Initializer.xavierUniform().fill(plain, 3, 4, new SplittableRandom(9));
        assertArrayEquals(plain, checked);
    }

    @Test
    void fillCheckedNamesNullArgumentsAndWrongLengths() {
        SplittableRandom r = new SplittableRandom(1);
        assertEquals("initializer of W is null", message(() -> Initializer.fillChecked(null, "W", new double[1], 1, 1, r)));
        assertEquals("values of W is null", message(() -> Initializer.fillChecked(Initializer.zeros(), "W", null, 1, 1, r)));
        assertEquals("random is null", message(() -> Initializer.fillChecked(Initializer.zeros(), "W", new double[1], 1, 1, null)));
        assertEquals("name is null", message(() -> Initializer.fillChecked(Initializer.zeros(), null, new double[1], 1, 1, r)));
        assertEquals("values of b has 3 elements but 1×4 needs 4",
                message(() -> Initializer.fillChecked(Initializer.zeros(), "b", new double[3], 1, 4, r)));
        assertEquals("b is 0×4; rows and columns must be at least 1",
                message(() -> Initializer.fillChecked(Initializer.zeros(), "b", new double[0], 0, 4, r)));
    }
}
