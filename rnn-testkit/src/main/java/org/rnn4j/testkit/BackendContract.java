package org.rnn4j.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.rnn4j.api.Activation;
import org.rnn4j.api.DType;
import org.rnn4j.api.Tensor;
import org.rnn4j.spi.Backend;

/**
 * The contract every {@link Backend} must meet. Extend it and implement {@link #createBackend()};
 * JUnit runs every test below, and the gate operations' tests of {@link GateContract}, against that backend.
 */
public abstract class BackendContract extends GateContract {

    /** Every operation of {@link Backend} that this kit tests; {@link #everyBackendMethodIsCovered} keeps it honest. */
    static final Set<String> COVERED = Set.of("name", "zeros", "fromArray", "gemmInto", "addRowVectorInto", "activateInto",
            "activationDerivativeInto", "multiplyInto", "axpyInto", "scaleInto", "columnSumsInto", "fillInto", "copyInto",
            "copyRowsInto", "clipInto", "squaredNorm", "supportsRowViews", "rowView", "lstmForwardInto", "lstmBackwardInto",
            "gruForwardInto", "gruBackwardInto", "pin", "unpin");

    /**
     * Shapes that cover scalars, row and column vectors, non-square and blocked-kernel sizes, and
     * sizes a backend working in chunks of 4096 elements must split: several chunks of whole rows
     * with a partial last one (130×70), and rows wider than a chunk (2×4100).
     */
    static final int[][] SHAPES = {{1, 1}, {1, 7}, {6, 1}, {3, 5}, {7, 4}, {33, 21}, {130, 70}, {2, 4100}};

    /** For subclasses: one per backend, implementing {@link #createBackend()}. */
    protected BackendContract() {
    }

    // ---------------------------------------------------------------- helpers

    private static double[] randomValues(int n, long seed) {
        return randomValues(n, seed, 2);
    }

    /** A random tensor; its values as stored (rounded to float for FLOAT32) are what the reference uses. */
    private Tensor random(DType dtype, int rows, int cols, long seed) {
        return random(dtype, rows, cols, seed, 2);
    }

    private static double tolerance(DType dtype) {
        return dtype == DType.FLOAT64 ? 1e-12 : 2e-5;
    }

    /** Element-wise |expected − actual| ≤ tol·(1 + |expected|), with the failing index in the message. */
    private static void assertClose(double[] expected, Tensor actual, double tol, String what) {
        double[] got = actual.toDoubleArray();
        assertEquals(expected.length, got.length, what + ": length");
        for (int i = 0; i < got.length; i++) {
            double e = expected[i];
            double g = got[i];
            if (Double.isNaN(e) && Double.isNaN(g)) {
                continue;
            }
            if (!(Math.abs(e - g) <= tol * (1 + Math.abs(e)))) {
                fail(what + ": element " + i + " (row " + i / actual.cols() + ", col " + i % actual.cols() + ") expected "
                        + e + " but was " + g + " (tolerance " + tol + ")");
            }
        }
    }

    private static String shape(int[] s) {
        return s[0] + "x" + s[1];
    }

    static Stream<Arguments> dtypesAndShapes() {
        List<Arguments> out = new ArrayList<>();
        for (DType d : DType.values()) {
            for (int[] s : SHAPES) {
                out.add(Arguments.of(d, s[0], s[1]));
            }
        }
        return out.stream();
    }

    // ---------------------------------------------------------------- coverage

    @Test
    void everyBackendMethodIsCovered() {
        Set<String> methods = new TreeSet<>();
        for (Method m : Backend.class.getMethods()) {
            if (!Modifier.isStatic(m.getModifiers())) {
                methods.add(m.getName());
            }
        }
        assertEquals(new TreeSet<>(COVERED), methods, "a Backend method was added or renamed without a contract test");
    }

    // ---------------------------------------------------------------- factory and tensors

    @Test
    void nameIsNotBlank() {
        assertTrue(backend.name() != null && !backend.name().isBlank());
    }

    @ParameterizedTest(name = "{0} {1}x{2}")
    @MethodSource("dtypesAndShapes")
    void zerosHasShapeDtypeOwnerAndZeros(DType dtype, int rows, int cols) {
        Tensor t = backend.zeros(dtype, rows, cols);
        assertEquals(rows, t.rows());
        assertEquals(cols, t.cols());
        assertEquals(rows * cols, t.size());
        assertEquals(dtype, t.dtype());
        assertTrue(t.backend() == backend, "tensor must report the backend that created it");
        assertArrayEquals(new double[rows * cols], t.toDoubleArray());
    }

    @ParameterizedTest(name = "{0} {1}x{2}")
    @MethodSource("dtypesAndShapes")
    void fromArrayRoundTripsInRowMajorOrder(DType dtype, int rows, int cols) {
        double[] values = randomValues(rows * cols, 7);
        Tensor t = backend.fromArray(dtype, rows, cols, values);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                double v = values[r * cols + c];
                assertEquals(dtype == DType.FLOAT32 ? (double) (float) v : v, t.get(r, c), 0.0, "(" + r + ", " + c + ")");
            }
        }
        float[] asFloats = new float[rows * cols];
        t.copyTo(asFloats);
        for (int i = 0; i < asFloats.length; i++) {
            assertEquals((float) values[i], asFloats[i], 0.0f);
        }
        Tensor u = backend.zeros(dtype, rows, cols);
        u.copyFrom(asFloats);
        assertClose(t.toDoubleArray(), u, dtype == DType.FLOAT64 ? 1e-7 : 0, "copyFrom(float[])");
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void setWritesOneElement(DType dtype) {
        Tensor t = backend.zeros(dtype, 2, 3);
        t.set(1, 2, 0.5);
        assertArrayEquals(new double[] {0, 0, 0, 0, 0, 0.5}, t.toDoubleArray());
    }

    @Test
    void badDimensionsAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> backend.zeros(DType.FLOAT64, 0, 3));
        assertEquals("zeros: shape 0×3 is invalid; rows and columns must be at least 1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> backend.zeros(DType.FLOAT32, 100_000, 100_000));
        assertEquals("zeros: shape 100000×100000 has more than 2147483647 elements", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> backend.zeros(null, 1, 1));
    }

    @Test
    void badIndexesAreRejectedByName() {
        Tensor t = backend.zeros(DType.FLOAT64, 2, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.get(2, 0));
        assertEquals("index (2, 0) is outside the 2×3 FLOAT64 tensor", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> t.set(0, -1, 1.0));
        assertEquals("index (0, -1) is outside the 2×3 FLOAT64 tensor", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> t.get(0, 3));
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void wrongArrayLengthsAreRejectedAndChangeNothing(DType dtype) {
        Tensor t = random(dtype, 2, 3, 1);
        double[] before = t.toDoubleArray();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.copyFrom(new double[5]));
        assertEquals("copyFrom: array has 5 values but a 2×3 tensor needs 6", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> t.copyFrom(new float[7]));
        assertArrayEquals(before, t.toDoubleArray());
        double[] dst = {9, 9};
        e = assertThrows(IllegalArgumentException.class, () -> t.copyTo(dst));
        assertEquals("copyTo: array has 2 values but a 2×3 tensor needs 6", e.getMessage());
        assertArrayEquals(new double[] {9, 9}, dst);
        e = assertThrows(IllegalArgumentException.class, () -> backend.fromArray(dtype, 2, 2, new double[3]));
        assertEquals("fromArray: array has 3 values but a 2×2 tensor needs 4", e.getMessage());
    }

    // ---------------------------------------------------------------- gemm

    static Stream<Arguments> gemmCases() {
        int[][] mkn = {{1, 1, 1}, {1, 5, 1}, {1, 4, 3}, {3, 4, 1}, {3, 5, 7}, {4, 1, 6}, {24, 19, 33}};
        double[][] alphaBeta = {{1, 0}, {0.5, 1}, {-1.5, 0.25}};
        List<Arguments> out = new ArrayList<>();
        for (DType d : DType.values()) {
            for (boolean ta : new boolean[] {false, true}) {
                for (boolean tb : new boolean[] {false, true}) {
                    for (int[] s : mkn) {
                        for (double[] ab : alphaBeta) {
                            out.add(Arguments.of(d, ta, tb, s[0], s[1], s[2], ab[0], ab[1]));
                        }
                    }
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} transA={1} transB={2} m={3} k={4} n={5} alpha={6} beta={7}")
    @MethodSource("gemmCases")
    void gemmMatchesReference(DType dtype, boolean ta, boolean tb, int m, int k, int n, double alpha, double beta) {
        int aRows = ta ? k : m;
        int aCols = ta ? m : k;
        int bRows = tb ? n : k;
        int bCols = tb ? k : n;
        Tensor a = random(dtype, aRows, aCols, 1);
        Tensor b = random(dtype, bRows, bCols, 2);
        Tensor c = random(dtype, m, n, 3);
        double[] expected = c.toDoubleArray();
        Reference.gemm(alpha, a.toDoubleArray(), aRows, aCols, ta, b.toDoubleArray(), bRows, bCols, tb, beta, expected);
        double[] aBefore = a.toDoubleArray();
        double[] bBefore = b.toDoubleArray();
        backend.gemmInto(alpha, a, ta, b, tb, beta, c);
        assertClose(expected, c, tolerance(dtype) * (k + 1), "gemm");
        assertArrayEquals(aBefore, a.toDoubleArray(), "a must not be modified");
        assertArrayEquals(bBefore, b.toDoubleArray(), "b must not be modified");
    }

    /** m, k, n: a general product, and one with each dimension 1 (a backend may route those elsewhere). */
    static Stream<Arguments> betaZeroCases() {
        List<Arguments> out = new ArrayList<>();
        for (DType d : DType.values()) {
            for (int[] mkn : new int[][] {{3, 4, 2}, {1, 4, 2}, {3, 1, 2}, {3, 4, 1}}) {
                out.add(Arguments.of(d, mkn[0], mkn[1], mkn[2]));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} m={1} k={2} n={3}")
    @MethodSource("betaZeroCases")
    void gemmWithBetaZeroDoesNotReadC(DType dtype, int m, int k, int n) {
        Tensor a = random(dtype, m, k, 1);
        Tensor b = random(dtype, k, n, 2);
        Tensor c = backend.zeros(dtype, m, n);
        backend.fillInto(Double.NaN, c);
        backend.gemmInto(1, a, false, b, false, 0, c);
        for (double v : c.toDoubleArray()) {
            assertTrue(Double.isFinite(v), "NaN in C leaked through beta = 0: " + Arrays.toString(c.toDoubleArray()));
        }
    }

    @Test
    void gemmInnerDimensionMismatchNamesBothShapes() {
        Tensor a = backend.zeros(DType.FLOAT64, 2, 3);
        Tensor b = backend.zeros(DType.FLOAT64, 5, 4);
        Tensor c = backend.zeros(DType.FLOAT64, 2, 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> backend.gemmInto(1, a, false, b, false, 0, c));
        assertEquals("gemmInto: inner dimensions differ: op(a) is 2×3 (a is 2×3 FLOAT64) but op(b) is 5×4 (b is 5×4 FLOAT64)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> backend.gemmInto(1, a, true, b, true, 0, c));
        assertEquals("gemmInto: inner dimensions differ: op(a) is 3×2 (a is 2×3 FLOAT64, transposed) but op(b) is 4×5 (b is 5×4 FLOAT64, transposed)", e.getMessage());
    }

    @Test
    void gemmWrongOutputShapeIsRejectedAndCUntouched() {
        Tensor a = random(DType.FLOAT64, 2, 3, 1);
        Tensor b = random(DType.FLOAT64, 3, 4, 2);
        Tensor c = random(DType.FLOAT64, 4, 2, 3);
        double[] before = c.toDoubleArray();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> backend.gemmInto(1, a, false, b, false, 1, c));
        assertEquals("gemmInto: c is 4×2 FLOAT64 but must be 2×4 (op(a)·op(b) is 2×4)", e.getMessage());
        assertArrayEquals(before, c.toDoubleArray());
    }

    @Test
    void gemmDtypeMismatchNamesBothDtypes() {
        Tensor a = backend.zeros(DType.FLOAT64, 2, 2);
        Tensor b = backend.zeros(DType.FLOAT32, 2, 2);
        Tensor c = backend.zeros(DType.FLOAT64, 2, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> backend.gemmInto(1, a, false, b, false, 0, c));
        assertEquals("gemmInto: a is 2×2 FLOAT64 but b is 2×2 FLOAT32; dtypes must match", e.getMessage());
    }

    @Test
    void gemmRejectsOutputAliasingAnInput() {
        Tensor a = backend.zeros(DType.FLOAT64, 3, 3);
        Tensor b = backend.zeros(DType.FLOAT64, 3, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> backend.gemmInto(1, a, false, b, false, 0, a));
        assertEquals("gemmInto: c is the same tensor as a (3×3 FLOAT64); this operation cannot write its output over that input", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> backend.gemmInto(1, a, false, b, false, 0, b));
        assertEquals("gemmInto: c is the same tensor as b (3×3 FLOAT64); this operation cannot write its output over that input", e.getMessage());
    }

    /**
     * A pinned B (the way a layer pins W for its time loop) gives every product the bits of the
     * unpinned one, read as is and transposed, twice in a row, and again after a change and a new pin.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(DType.class)
    void aPinnedOperandGivesTheProductsOfTheUnpinnedOne(DType dtype) {
        int m = 70;
        int k = 90;
        int n = 130;
        Tensor a = random(dtype, m, k, 1);
        for (boolean tb : new boolean[] {false, true}) {
            Tensor b = tb ? random(dtype, n, k, 2) : random(dtype, k, n, 2);
            for (int round = 0; round < 2; round++) {
                Tensor c = backend.zeros(dtype, m, n);
                backend.gemmInto(1, a, false, b, tb, 0, c);
                double[] unpinned = c.toDoubleArray();
                backend.pin(b, tb);
                try {
                    for (int call = 0; call < 2; call++) {
                        backend.fillInto(0.5, c);
                        backend.gemmInto(1, a, false, b, tb, 0, c);
                        assertArrayEquals(unpinned, c.toDoubleArray(), "pinned product " + call + ", transposeB = " + tb);
                    }
                } finally {
                    backend.unpin(b, tb);
                }
                backend.scaleInto(-2, b, b);                                  // changed between pins
            }
        }
    }

    @Test
    void pinAndUnpinRefuseNullAndTensorsOfAnotherBackend() {
        Tensor theirs = foreignTensor();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> backend.pin(theirs, false));
        assertTrue(e.getMessage().startsWith("pin: t (2×2 FLOAT64) belongs to backend 'foreign'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> backend.unpin(theirs, true));
        assertTrue(e.getMessage().startsWith("unpin: t (2×2 FLOAT64) belongs to backend 'foreign'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> backend.pin(null, true));
        assertThrows(IllegalArgumentException.class, () -> backend.unpin(null, true));
    }

    // ---------------------------------------------------------------- element-wise ops

    @ParameterizedTest(name = "{0} {1}x{2}")
    @MethodSource("dtypesAndShapes")
    void addRowVectorMatchesReference(DType dtype, int rows, int cols) {
        Tensor a = random(dtype, rows, cols, 1);
        Tensor v = random(dtype, 1, cols, 2);
        Tensor out = backend.zeros(dtype, rows, cols);
        double[] expected = Reference.addRowVector(a.toDoubleArray(), cols, v.toDoubleArray());
        backend.addRowVectorInto(a, v, out);
        assertClose(expected, out, tolerance(dtype), "addRowVector");
        backend.addRowVectorInto(a, v, a);
        assertClose(expected, a, tolerance(dtype), "addRowVector in place");
    }

    @Test
    void addRowVectorOfWrongWidthIsRejected() {
        Tensor a = backend.zeros(DType.FLOAT64, 2, 3);
        Tensor v = backend.zeros(DType.FLOAT64, 1, 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> backend.addRowVectorInto(a, v, a));
        assertEquals("addRowVectorInto: v is 1×4 FLOAT64 but must be 1×3 (a row vector as wide as a, which is 2×3 FLOAT64)", e.getMessage());
    }

    static Stream<Arguments> activationCases() {
        List<Arguments> out = new ArrayList<>();
        for (DType d : DType.values()) {
            for (Activation f : Activation.values()) {
                for (int[] s : SHAPES) {
                    out.add(Arguments.of(d, f, s[0], s[1]));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1} {2}x{3}")
    @MethodSource("activationCases")
    void activateMatchesReference(DType dtype, Activation f, int rows, int cols) {
        Tensor a = random(dtype, rows, cols, 4);
        Tensor out = backend.zeros(dtype, rows, cols);
        double[] expected = Reference.activate(f, a.toDoubleArray());
        backend.activateInto(f, a, out);
        assertClose(expected, out, tolerance(dtype), f.toString());
        backend.activateInto(f, a, a);
        assertClose(expected, a, tolerance(dtype), f + " in place");
    }

    @ParameterizedTest(name = "{0} {1} {2}x{3}")
    @MethodSource("activationCases")
    void activationDerivativeMatchesReference(DType dtype, Activation f, int rows, int cols) {
        Tensor h = random(dtype, rows, cols, 5);
        backend.activateInto(f, h, h);
        Tensor up = random(dtype, rows, cols, 6);
        Tensor out = backend.zeros(dtype, rows, cols);
        double[] expected = Reference.activationDerivative(f, h.toDoubleArray(), up.toDoubleArray());
        backend.activationDerivativeInto(f, h, up, out);
        assertClose(expected, out, tolerance(dtype), f.toString());
        backend.activationDerivativeInto(f, h, up, up);
        assertClose(expected, up, tolerance(dtype), f + " in place over upstream");
    }

    @ParameterizedTest(name = "{0} {1}x{2}")
    @MethodSource("dtypesAndShapes")
    void multiplyMatchesReference(DType dtype, int rows, int cols) {
        Tensor a = random(dtype, rows, cols, 1);
        Tensor b = random(dtype, rows, cols, 2);
        double[] x = a.toDoubleArray();
        double[] y = b.toDoubleArray();
        double[] expected = new double[x.length];
        Arrays.setAll(expected, i -> x[i] * y[i]);
        Tensor out = backend.zeros(dtype, rows, cols);
        backend.multiplyInto(a, b, out);
        assertClose(expected, out, tolerance(dtype), "multiply");
        backend.multiplyInto(a, b, b);
        assertClose(expected, b, tolerance(dtype), "multiply in place");
    }

    @ParameterizedTest(name = "{0} {1}x{2}")
    @MethodSource("dtypesAndShapes")
    void axpyMatchesReference(DType dtype, int rows, int cols) {
        Tensor x = random(dtype, rows, cols, 1);
        Tensor y = random(dtype, rows, cols, 2);
        double[] xs = x.toDoubleArray();
        double[] ys = y.toDoubleArray();
        double[] expected = new double[xs.length];
        Arrays.setAll(expected, i -> -0.75 * xs[i] + ys[i]);
        backend.axpyInto(-0.75, x, y);
        assertClose(expected, y, tolerance(dtype), "axpy");
        assertArrayEquals(xs, x.toDoubleArray(), "x must not be modified");
    }

    @ParameterizedTest(name = "{0} {1}x{2}")
    @MethodSource("dtypesAndShapes")
    void scaleMatchesReference(DType dtype, int rows, int cols) {
        Tensor a = random(dtype, rows, cols, 1);
        double[] xs = a.toDoubleArray();
        double[] expected = new double[xs.length];
        Arrays.setAll(expected, i -> 2.5 * xs[i]);
        Tensor out = backend.zeros(dtype, rows, cols);
        backend.scaleInto(2.5, a, out);
        assertClose(expected, out, tolerance(dtype), "scale");
        backend.scaleInto(2.5, a, a);
        assertClose(expected, a, tolerance(dtype), "scale in place");
    }

    static Stream<Arguments> columnSumCases() {
        return dtypesAndShapes().flatMap(a -> Stream.of(0.0, 1.0, 0.5).map(beta -> Arguments.of(a.get()[0], a.get()[1], a.get()[2], beta)));
    }

    @ParameterizedTest(name = "{0} {1}x{2} beta={3}")
    @MethodSource("columnSumCases")
    void columnSumsMatchReference(DType dtype, int rows, int cols, double beta) {
        Tensor a = random(dtype, rows, cols, 1);
        Tensor out = random(dtype, 1, cols, 2);
        double[] expected = Reference.columnSums(a.toDoubleArray(), cols, beta, out.toDoubleArray());
        backend.columnSumsInto(a, beta, out);
        assertClose(expected, out, tolerance(dtype) * (rows + 1), "columnSums");
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void columnSumsWithBetaZeroDoNotReadOut(DType dtype) {
        Tensor a = random(dtype, 5, 3, 1);
        Tensor out = backend.zeros(dtype, 1, 3);
        backend.fillInto(Double.NaN, out);
        backend.columnSumsInto(a, 0, out);
        assertClose(Reference.columnSums(a.toDoubleArray(), 3, 0, new double[3]), out, tolerance(dtype) * 6, "columnSums over NaN");
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void addRowVectorMayWriteOverItsVector(DType dtype) {
        Tensor a = random(dtype, 1, 6, 1);
        Tensor v = random(dtype, 1, 6, 2);
        double[] expected = Reference.addRowVector(a.toDoubleArray(), 6, v.toDoubleArray());
        backend.addRowVectorInto(a, v, v);
        assertClose(expected, v, tolerance(dtype), "addRowVector into v");
        double[] doubled = Reference.addRowVector(v.toDoubleArray(), 6, v.toDoubleArray());
        backend.addRowVectorInto(v, v, v);
        assertClose(doubled, v, tolerance(dtype), "addRowVector of v to itself");
    }

    @Test
    void columnSumsRejectsWrongShapeAndAliasing() {
        Tensor a = backend.zeros(DType.FLOAT64, 1, 3);
        Tensor wide = backend.zeros(DType.FLOAT64, 1, 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> backend.columnSumsInto(a, 0, wide));
        assertEquals("columnSumsInto: out is 1×4 FLOAT64 but must be 1×3 (one sum per column of a, which is 1×3 FLOAT64)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> backend.columnSumsInto(a, 0, a));
        assertEquals("columnSumsInto: out is the same tensor as a (1×3 FLOAT64); this operation cannot write its output over that input", e.getMessage());
    }

    @ParameterizedTest(name = "{0} {1}x{2}")
    @MethodSource("dtypesAndShapes")
    void fillSetsEveryElement(DType dtype, int rows, int cols) {
        // -0.25, and 0, which a backend may clear its memory for instead.
        for (double value : new double[] {-0.25, 0}) {
            Tensor t = random(dtype, rows, cols, 1);
            backend.fillInto(value, t);
            double[] expected = new double[rows * cols];
            Arrays.fill(expected, value);
            assertArrayEquals(expected, t.toDoubleArray(), "fill with " + value);
        }
    }

    @ParameterizedTest(name = "{0} {1}x{2}")
    @MethodSource("dtypesAndShapes")
    void copyCopiesEveryElement(DType dtype, int rows, int cols) {
        Tensor src = random(dtype, rows, cols, 1);
        Tensor dst = backend.zeros(dtype, rows, cols);
        backend.copyInto(src, dst);
        assertArrayEquals(src.toDoubleArray(), dst.toDoubleArray());
        backend.copyInto(src, src);
        assertArrayEquals(dst.toDoubleArray(), src.toDoubleArray());
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void copyRowsMovesBlocksOfRows(DType dtype) {
        Tensor src = random(dtype, 6, 3, 1);
        Tensor dst = random(dtype, 4, 3, 2);
        double[] s = src.toDoubleArray();
        double[] expected = dst.toDoubleArray();
        System.arraycopy(s, 3 * 3, expected, 1 * 3, 2 * 3);
        backend.copyRowsInto(src, 3, 2, dst, 1);
        assertArrayEquals(expected, dst.toDoubleArray());
        // Same tensor, disjoint rows, is allowed.
        double[] selfExpected = src.toDoubleArray();
        System.arraycopy(selfExpected, 0, selfExpected, 4 * 3, 2 * 3);
        backend.copyRowsInto(src, 0, 2, src, 4);
        assertArrayEquals(selfExpected, src.toDoubleArray());
    }

    @Test
    void copyRowsRejectsOutOfRangeOverlapAndWidthMismatch() {
        Tensor src = backend.zeros(DType.FLOAT64, 6, 3);
        Tensor dst = backend.zeros(DType.FLOAT64, 4, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> backend.copyRowsInto(src, 5, 2, dst, 0));
        assertEquals("copyRowsInto: rows 5..6 are outside src (6×3 FLOAT64)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> backend.copyRowsInto(src, 0, 2, dst, 3));
        assertEquals("copyRowsInto: rows 3..4 are outside dst (4×3 FLOAT64)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> backend.copyRowsInto(src, 0, 3, src, 2));
        assertEquals("copyRowsInto: source rows 0..2 overlap destination rows 2..4 of the same tensor", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> backend.copyRowsInto(src, 0, 1, backend.zeros(DType.FLOAT64, 2, 2), 0));
        assertEquals("copyRowsInto: src is 6×3 FLOAT64 but dst is 2×2 FLOAT64; the number of columns must match", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> backend.copyRowsInto(src, 0, 0, dst, 0));
        assertEquals("copyRowsInto: count is 0; it must be at least 1", e.getMessage());
    }

    // ---------------------------------------------------------------- row views

    /**
     * Row views, as far as the backend has them: a backend without them must refuse by name; a
     * backend with them gets the tests of their semantics (no test is skipped either way).
     *
     * @return the tests that apply to this backend
     */
    @TestFactory
    Stream<DynamicTest> rowViews() {
        if (!backend.supportsRowViews()) {
            return Stream.of(DynamicTest.dynamicTest("without row views, rowView is refused by name", this::rowViewsAreRefusedByName));
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (DType dtype : DType.values()) {
            tests.add(DynamicTest.dynamicTest("views share memory both ways, " + dtype, () -> rowViewsShareMemoryBothWays(dtype)));
            tests.add(DynamicTest.dynamicTest("operations on views match operations on copies, " + dtype,
                    () -> operationsOnRowViewsMatchOperationsOnCopies(dtype)));
        }
        tests.add(DynamicTest.dynamicTest("bad rows and overlapping operands are rejected", this::rowViewsRejectBadRowsAndOverlappingOperands));
        return tests.stream();
    }

    private void rowViewsAreRefusedByName() {
        Tensor t = backend.zeros(DType.FLOAT64, 4, 3);
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, () -> backend.rowView(t, 1, 2));
        assertTrue(e.getMessage().contains("'" + backend.name() + "'"), e.getMessage());
        // Bad arguments are still named first.
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> backend.rowView(t, 3, 2));
        assertEquals("rowView: rows 3..4 are outside t (4×3 FLOAT64)", bad.getMessage());
    }

    private void rowViewsShareMemoryBothWays(DType dtype) {
        Tensor base = random(dtype, 6, 5, 1);
        double[] all = base.toDoubleArray();
        Tensor v = backend.rowView(base, 2, 3);
        assertEquals(3, v.rows());
        assertEquals(5, v.cols());
        assertEquals(dtype, v.dtype());
        assertTrue(v.backend() == backend, "a view belongs to its base's backend");
        assertArrayEquals(Arrays.copyOfRange(all, 10, 25), v.toDoubleArray());
        v.set(0, 0, 0.5);
        assertEquals(0.5, base.get(2, 0));
        base.set(4, 4, -0.25);
        assertEquals(-0.25, v.get(2, 4));
        // A view of a view covers rows of the base; copies through a view touch only its rows.
        Tensor vv = backend.rowView(v, 1, 2);
        double[] ones = new double[10];
        Arrays.fill(ones, 1);
        vv.copyFrom(ones);
        double[] expected = base.toDoubleArray();
        assertArrayEquals(ones, Arrays.copyOfRange(expected, 15, 25));
        assertArrayEquals(Arrays.copyOfRange(all, 0, 10), Arrays.copyOfRange(expected, 0, 10));
        assertArrayEquals(Arrays.copyOfRange(all, 25, 30), Arrays.copyOfRange(expected, 25, 30));
    }

    private void operationsOnRowViewsMatchOperationsOnCopies(DType dtype) {
        // A (3·4)×6 sequence tensor; its step 1 (rows 4..7) is the operand, as a layer uses it.
        Tensor seq = random(dtype, 12, 6, 1);
        Tensor w = random(dtype, 6, 6, 2);
        Tensor bias = random(dtype, 1, 6, 3);
        Tensor step = backend.rowView(seq, 4, 4);
        Tensor next = backend.rowView(seq, 8, 4);
        Tensor copy = backend.zeros(dtype, 4, 6);
        backend.copyRowsInto(seq, 4, 4, copy, 0);
        Tensor expectedNext = backend.zeros(dtype, 4, 6);
        backend.copyRowsInto(seq, 8, 4, expectedNext, 0);
        double[] before = seq.toDoubleArray();

        backend.gemmInto(1, step, false, w, true, 0.5, next);
        backend.gemmInto(1, copy, false, w, true, 0.5, expectedNext);
        backend.addRowVectorInto(next, bias, next);
        backend.addRowVectorInto(expectedNext, bias, expectedNext);
        backend.activateInto(Activation.TANH, next, next);
        backend.activateInto(Activation.TANH, expectedNext, expectedNext);
        backend.activationDerivativeInto(Activation.TANH, next, step, step);
        backend.activationDerivativeInto(Activation.TANH, expectedNext, copy, copy);
        backend.multiplyInto(step, next, step);
        backend.multiplyInto(copy, expectedNext, copy);
        backend.axpyInto(-0.5, next, step);
        backend.axpyInto(-0.5, expectedNext, copy);
        Tensor sums = backend.zeros(dtype, 1, 6);
        Tensor expectedSums = backend.zeros(dtype, 1, 6);
        backend.columnSumsInto(step, 0, sums);
        backend.columnSumsInto(copy, 0, expectedSums);

        double[] got = seq.toDoubleArray();
        assertArrayEquals(Arrays.copyOfRange(before, 0, 24), Arrays.copyOfRange(got, 0, 24), "rows outside the views are untouched");
        assertArrayEquals(copy.toDoubleArray(), step.toDoubleArray(), "the step's rows");
        assertArrayEquals(expectedNext.toDoubleArray(), Arrays.copyOfRange(got, 48, 72), "the next step's rows");
        assertArrayEquals(expectedSums.toDoubleArray(), sums.toDoubleArray(), "column sums of a view");
        assertEquals(backend.squaredNorm(copy), backend.squaredNorm(step));
        // Rows move between views and tensors as between tensors.
        Tensor other = backend.zeros(dtype, 2, 6);
        backend.copyRowsInto(step, 1, 2, other, 0);
        assertArrayEquals(Arrays.copyOfRange(got, 30, 42), other.toDoubleArray());
        backend.copyRowsInto(other, 0, 2, backend.rowView(seq, 0, 4), 1);
        assertArrayEquals(Arrays.copyOfRange(got, 30, 42), Arrays.copyOfRange(seq.toDoubleArray(), 6, 18));
    }

    private void rowViewsRejectBadRowsAndOverlappingOperands() {
        Tensor base = random(DType.FLOAT64, 6, 3, 1);
        Tensor square = random(DType.FLOAT64, 3, 3, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> backend.rowView(base, 5, 2));
        assertEquals("rowView: rows 5..6 are outside t (6×3 FLOAT64)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> backend.rowView(base, -1, 2));
        assertEquals("rowView: rows -1..0 are outside t (6×3 FLOAT64)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> backend.rowView(base, 0, 0));
        assertEquals("rowView: count is 0; it must be at least 1", e.getMessage());
        Tensor low = backend.rowView(base, 0, 3);
        Tensor mid = backend.rowView(base, 1, 3);
        Tensor midAgain = backend.rowView(backend.rowView(base, 1, 5), 0, 3);
        double[] values = base.toDoubleArray();
        e = assertThrows(IllegalArgumentException.class, () -> backend.gemmInto(1, low, false, square, false, 0, mid));
        assertEquals("gemmInto: c (rows 1..3 of 6×3 FLOAT64) shares memory with a (rows 0..2 of 6×3 FLOAT64);"
                + " this operation cannot write its output over that input", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> backend.multiplyInto(low, square, mid));
        assertEquals("multiplyInto: out (rows 1..3 of 6×3 FLOAT64) overlaps a (rows 0..2 of 6×3 FLOAT64) in part;"
                + " an output must be exactly an input or share no memory with it", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> backend.axpyInto(1, low, mid));
        assertThrows(IllegalArgumentException.class, () -> backend.copyInto(low, mid));
        assertThrows(IllegalArgumentException.class, () -> backend.activateInto(Activation.TANH, mid, low));
        assertThrows(IllegalArgumentException.class, () -> backend.addRowVectorInto(low, backend.rowView(base, 2, 1), low));
        assertThrows(IllegalArgumentException.class, () -> backend.columnSumsInto(base, 0, backend.rowView(base, 0, 1)));
        e = assertThrows(IllegalArgumentException.class, () -> backend.copyRowsInto(low, 0, 2, mid, 0));
        assertEquals("copyRowsInto: source rows 0..1 overlap destination rows 1..2 of the same tensor (6×3 FLOAT64, through row views)",
                e.getMessage());
        assertArrayEquals(values, base.toDoubleArray(), "a refused call writes nothing");
        // Two views of the same rows are one operand: in-place use works, a copy between them changes nothing.
        backend.copyInto(mid, midAgain);
        backend.copyRowsInto(low, 1, 2, mid, 0);
        assertArrayEquals(values, base.toDoubleArray());
        backend.scaleInto(2, mid, midAgain);
        for (int i = 3; i < 12; i++) {
            values[i] *= 2;
        }
        assertArrayEquals(values, base.toDoubleArray());
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void clipBoundsEveryElementAndKeepsNaN(DType dtype) {
        Tensor a = backend.fromArray(dtype, 1, 5, new double[] {-3, -0.5, 0.25, 7, Double.NaN});
        Tensor out = backend.zeros(dtype, 1, 5);
        backend.clipInto(-1, 1, a, out);
        assertArrayEquals(new double[] {-1, -0.5, 0.25, 1, Double.NaN}, out.toDoubleArray());
        backend.clipInto(-1, 1, a, a);
        assertArrayEquals(out.toDoubleArray(), a.toDoubleArray());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> backend.clipInto(1, -1, a, a));
        assertEquals("clipInto: lower bound 1.0 is not at most upper bound -1.0", e.getMessage());
    }

    @ParameterizedTest(name = "{0} {1}x{2}")
    @MethodSource("dtypesAndShapes")
    void squaredNormMatchesReference(DType dtype, int rows, int cols) {
        Tensor a = random(dtype, rows, cols, 1);
        double expected = Arrays.stream(a.toDoubleArray()).map(v -> v * v).sum();
        assertEquals(expected, backend.squaredNorm(a), 1e-12 * (1 + expected));
    }

    // ---------------------------------------------------------------- shapes, dtypes, owners

    @Test
    void elementwiseShapeMismatchNamesBothShapesAndWritesNothing() {
        Tensor a = random(DType.FLOAT64, 2, 3, 1);
        Tensor b = random(DType.FLOAT64, 3, 2, 2);
        Tensor out = random(DType.FLOAT64, 2, 3, 3);
        double[] before = out.toDoubleArray();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> backend.multiplyInto(a, b, out));
        assertEquals("multiplyInto: a is 2×3 FLOAT64 but b is 3×2 FLOAT64; shapes must match", e.getMessage());
        assertArrayEquals(before, out.toDoubleArray());
        e = assertThrows(IllegalArgumentException.class, () -> backend.axpyInto(1, a, b));
        assertEquals("axpyInto: x is 2×3 FLOAT64 but y is 3×2 FLOAT64; shapes must match", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> backend.activateInto(Activation.TANH, b, out));
        assertEquals("activateInto: a is 3×2 FLOAT64 but out is 2×3 FLOAT64; shapes must match", e.getMessage());
    }

    /** One bad call per operation: each must throw IllegalArgumentException naming both shapes. */
    @Test
    void everyOperationRejectsMismatchedShapes() {
        Tensor a = backend.zeros(DType.FLOAT32, 2, 3);
        Tensor w = backend.zeros(DType.FLOAT32, 4, 5);
        List<Executable> calls = List.of(
                () -> backend.addRowVectorInto(a, backend.zeros(DType.FLOAT32, 1, 3), w),
                () -> backend.activateInto(Activation.RELU, a, w),
                () -> backend.activationDerivativeInto(Activation.RELU, a, a, w),
                () -> backend.multiplyInto(a, a, w),
                () -> backend.axpyInto(1, a, w),
                () -> backend.scaleInto(1, a, w),
                () -> backend.columnSumsInto(a, 0, w),
                () -> backend.copyInto(a, w),
                () -> backend.clipInto(0, 1, a, w));
        for (Executable call : calls) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
            assertTrue(e.getMessage().contains("2×3 FLOAT32") && e.getMessage().contains("4×5 FLOAT32")
                    || e.getMessage().contains("must be 1×3"), e.getMessage());
        }
    }

    @Test
    void dtypeMismatchNamesBothDtypes() {
        Tensor a = backend.zeros(DType.FLOAT64, 2, 2);
        Tensor b = backend.zeros(DType.FLOAT32, 2, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> backend.copyInto(a, b));
        assertEquals("copyInto: src is 2×2 FLOAT64 but dst is 2×2 FLOAT32; dtypes must match", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> backend.addRowVectorInto(a, backend.zeros(DType.FLOAT32, 1, 2), a));
        assertEquals("addRowVectorInto: a is 2×2 FLOAT64 but v is 1×2 FLOAT32; dtypes must match", e.getMessage());
    }

    /** A tensor of some other backend: every operation must refuse it by name, not crash on a cast. */
    private Tensor foreignTensor() {
        Backend foreign = (Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(), new Class<?>[] {Backend.class},
                (p, m, args) -> {
                    if (m.getName().equals("name")) {
                        return "foreign";
                    }
                    throw new UnsupportedOperationException(m.getName());
                });
        return (Tensor) Proxy.newProxyInstance(Tensor.class.getClassLoader(), new Class<?>[] {Tensor.class}, (p, m, args) -> {
            switch (m.getName()) {
                case "backend":
                    return foreign;
                case "rows":
                case "cols":
                    return 2;
                case "dtype":
                    return DType.FLOAT64;
                case "describe":
                    return "2×2 FLOAT64";
                default:
                    throw new UnsupportedOperationException(m.getName());
            }
        });
    }

    @Test
    void tensorsOfAnotherBackendAreRejected() {
        Tensor mine = backend.zeros(DType.FLOAT64, 2, 2);
        Tensor theirs = foreignTensor();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> backend.gemmInto(1, theirs, false, mine, false, 0, mine));
        assertEquals("gemmInto: a (2×2 FLOAT64) belongs to backend 'foreign', not to '" + backend.name()
                + "'; copy it with toDoubleArray() and fromArray()", e.getMessage());
        List<Executable> calls = List.of(
                () -> backend.addRowVectorInto(mine, theirs, mine),
                () -> backend.activateInto(Activation.TANH, theirs, mine),
                () -> backend.activationDerivativeInto(Activation.TANH, mine, theirs, mine),
                () -> backend.multiplyInto(mine, mine, theirs),
                () -> backend.axpyInto(1, theirs, mine),
                () -> backend.scaleInto(1, mine, theirs),
                () -> backend.columnSumsInto(theirs, 0, mine),
                () -> backend.fillInto(0, theirs),
                () -> backend.copyInto(theirs, mine),
                () -> backend.copyRowsInto(mine, 0, 1, theirs, 0),
                () -> backend.clipInto(0, 1, theirs, mine),
                () -> backend.squaredNorm(theirs));
        for (Executable call : calls) {
            IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, call);
            assertTrue(ex.getMessage().contains("belongs to backend 'foreign'"), ex.getMessage());
        }
    }

    @Test
    void nullTensorsAreRejectedByName() {
        Tensor a = backend.zeros(DType.FLOAT64, 2, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> backend.gemmInto(1, a, false, null, false, 0, a));
        assertEquals("gemmInto: b is null", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> backend.activateInto(null, a, a));
    }

    // ---------------------------------------------------------------- concurrent reads

    /** Threads that read one tensor at once: more than the cores, so that threads are preempted mid-call too. */
    private static final int READERS = 4;

    /** Rounds per reader; each round reads the shared tensor through {@value #READS_PER_ROUND} calls. */
    private static final int READ_ROUNDS = 1_000;

    /** Row-block copies per round: cheap reads from a moving offset, where a shared read position shows most often. */
    private static final int ROW_COPIES_PER_ROUND = 256;

    private static final int READS_PER_ROUND = ROW_COPIES_PER_ROUND + 5;

    /** Wall-clock bound per test: a slow backend runs fewer rounds instead of holding up the build. */
    private static final long READ_BUDGET_NANOS = TimeUnit.MILLISECONDS.toNanos(1_500);

    /**
     * Reading one tensor from several threads at once must be safe (see {@link Backend}): each reader
     * copies the shared tensor to host arrays, copies it and a block of its rows into its own tensors,
     * multiplies it and applies tanh to it, and checks every result against the single-threaded one.
     * Readers copy different rows, so a read position shared between threads shows as rows from
     * another offset. The tensor spans more than one 4096-element chunk.
     */
    @ParameterizedTest
    @EnumSource(DType.class)
    void concurrentReadsOfOneTensorSeeItsValues(DType dtype) throws Exception {
        int rows = 64;
        int cols = 70;
        int block = 2;
        Tensor shared = random(dtype, rows, cols, 21);
        Tensor w = random(dtype, cols, 3, 22);
        double[] values = shared.toDoubleArray();
        Tensor product = backend.zeros(dtype, rows, 3);
        backend.gemmInto(1, shared, false, w, false, 0, product);
        double[] expectedProduct = product.toDoubleArray();
        Tensor tanh = backend.zeros(dtype, rows, cols);
        backend.activateInto(Activation.TANH, shared, tanh);
        double[] expectedTanh = tanh.toDoubleArray();

        AtomicInteger wrong = new AtomicInteger();
        AtomicInteger reads = new AtomicInteger();
        AtomicReference<String> first = new AtomicReference<>();
        CountDownLatch start = new CountDownLatch(1);
        long deadline = System.nanoTime() + READ_BUDGET_NANOS;
        ExecutorService pool = Executors.newFixedThreadPool(READERS);
        try {
            List<Future<?>> readers = new ArrayList<>();
            for (int t = 0; t < READERS; t++) {
                int reader = t;
                readers.add(pool.submit(() -> {
                    double[] hostDoubles = new double[rows * cols];
                    float[] hostFloats = new float[rows * cols];
                    Tensor copy = backend.zeros(dtype, rows, cols);
                    Tensor rowsCopy = backend.zeros(dtype, block, cols);
                    double[] rowsHost = new double[block * cols];
                    Tensor myProduct = backend.zeros(dtype, rows, 3);
                    Tensor myTanh = backend.zeros(dtype, rows, cols);
                    start.await();
                    for (int round = 0; round < READ_ROUNDS && System.nanoTime() < deadline; round++) {
                        for (int j = 0; j < ROW_COPIES_PER_ROUND; j++) {
                            int from = (reader * 13 + round * 7 + j * 3) % (rows - block + 1);
                            backend.copyRowsInto(shared, from, block, rowsCopy, 0);
                            rowsCopy.copyTo(rowsHost);
                            check(reader, "copyRowsInto from row " + from, values, from * cols, rowsHost, 0, wrong, first);
                        }
                        shared.copyTo(hostDoubles);
                        check(reader, "copyTo(double[])", values, 0, hostDoubles, 0, wrong, first);
                        shared.copyTo(hostFloats);
                        check(reader, "copyTo(float[])", values, hostFloats, wrong, first);
                        backend.copyInto(shared, copy);
                        copy.copyTo(hostDoubles);
                        check(reader, "copyInto", values, 0, hostDoubles, 0, wrong, first);
                        backend.activateInto(Activation.TANH, shared, myTanh);
                        myTanh.copyTo(hostDoubles);
                        check(reader, "activateInto", expectedTanh, 0, hostDoubles, 0, wrong, first);
                        backend.gemmInto(1, shared, false, w, false, 0, myProduct);
                        double[] got = myProduct.toDoubleArray();
                        for (int i = 0; i < got.length; i++) {
                            if (!(Math.abs(got[i] - expectedProduct[i]) <= tolerance(dtype) * (1 + Math.abs(expectedProduct[i])))) {
                                record(reader, "gemmInto", i, expectedProduct[i], got[i], wrong, first);
                                break;
                            }
                        }
                        reads.addAndGet(READS_PER_ROUND);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : readers) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertTrue(reads.get() >= READERS * READS_PER_ROUND, "the readers did not run");
        assertEquals(0, wrong.get(), wrong.get() + " of " + reads.get() + " concurrent reads by " + READERS
                + " threads were wrong on " + dtype + "; first: " + first.get());
    }

    /** Counts a read as wrong if any of {@code n} values differs from the expected ones. */
    private static void check(int reader, String op, double[] expected, int from, double[] got, int at,
            AtomicInteger wrong, AtomicReference<String> first) {
        int n = Math.min(expected.length - from, got.length - at);
        for (int i = 0; i < n; i++) {
            if (Double.doubleToLongBits(expected[from + i]) != Double.doubleToLongBits(got[at + i])) {
                record(reader, op, i, expected[from + i], got[at + i], wrong, first);
                return;
            }
        }
    }

    private static void check(int reader, String op, double[] expected, float[] got, AtomicInteger wrong, AtomicReference<String> first) {
        for (int i = 0; i < got.length; i++) {
            if (Float.floatToIntBits((float) expected[i]) != Float.floatToIntBits(got[i])) {
                record(reader, op, i, (float) expected[i], got[i], wrong, first);
                return;
            }
        }
    }

    private static void record(int reader, String op, int index, double expected, double got, AtomicInteger wrong,
            AtomicReference<String> first) {
        wrong.incrementAndGet();
        first.compareAndSet(null, "reader " + reader + ", " + op + ": element " + index + " expected " + expected + " but was " + got);
    }

    // ---------------------------------------------------------------- allocation

    private static final int ALLOCATION_CALLS = 5_000;

    /**
     * The fewest bytes the current thread allocated in one round of {@value #ALLOCATION_CALLS} calls
     * after as many for warm-up ({@link Allocations#fewestBytesPerRound}): below the number of calls
     * proves that no call allocated.
     */
    private static long bytesAllocatedBy(Runnable op) {
        return Allocations.fewestBytesPerRound(op, ALLOCATION_CALLS, ALLOCATION_CALLS);
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void operationsAllocateNothing(DType dtype) {
        Tensor a = random(dtype, 24, 19, 1);
        Tensor b = random(dtype, 19, 24, 2);
        Tensor c = random(dtype, 24, 24, 3);
        Tensor gram = backend.zeros(dtype, 19, 19);
        Tensor h = random(dtype, 24, 19, 4);
        Tensor v = random(dtype, 1, 19, 5);
        Tensor big = random(dtype, 48, 19, 6);
        // Wider than 40 columns: libraries switch to other kernels there (EJML's transposed-both product does).
        Tensor wide = random(dtype, 45, 48, 7);
        Tensor tall = random(dtype, 48, 45, 8);
        double[] hostDoubles = new double[24 * 19];
        float[] hostFloats = new float[24 * 19];
        Tensor wideOut = backend.zeros(dtype, 48, 48);
        List<Runnable> ops = List.of(
                () -> backend.gemmInto(1, a, false, b, false, 0.5, c),
                () -> backend.gemmInto(1, a, true, a, false, 0, gram),
                () -> backend.gemmInto(1, b, true, a, true, 1, c),
                () -> backend.gemmInto(1, a, false, a, true, 1, c),
                () -> backend.gemmInto(1, wide, true, wide, false, 0, wideOut),
                () -> backend.gemmInto(1, big, false, big, true, 0.5, wideOut),
                () -> backend.gemmInto(1, wide, true, tall, true, 0, wideOut),
                () -> backend.addRowVectorInto(a, v, h),
                () -> backend.activateInto(Activation.TANH, a, h),
                () -> backend.activationDerivativeInto(Activation.SIGMOID, a, h, h),
                () -> backend.multiplyInto(a, h, h),
                () -> backend.axpyInto(0.1, a, h),
                () -> backend.scaleInto(0.9, h, h),
                () -> backend.columnSumsInto(a, 1, v),
                () -> backend.fillInto(0.5, h),
                () -> backend.copyInto(a, h),
                () -> backend.copyRowsInto(a, 0, 24, big, 24),
                () -> backend.clipInto(-1, 1, h, h),
                () -> backend.squaredNorm(h),
                // Host copies run at every training step (loss, optimizers): they must not allocate either.
                () -> h.copyFrom(hostDoubles),
                () -> h.copyTo(hostDoubles),
                () -> h.copyFrom(hostFloats),
                () -> h.copyTo(hostFloats));
        // The gated cells' element-wise steps, at a size with a vector remainder.
        Tensor gates = random(dtype, 24, 4 * 19, 10);
        Tensor gateCache = backend.zeros(dtype, 24, 6 * 19);
        Tensor cell = backend.zeros(dtype, 24, 19);
        Tensor dGates = backend.zeros(dtype, 24, 4 * 19);
        Tensor gruCache = backend.zeros(dtype, 24, 5 * 19);
        Tensor gx = backend.zeros(dtype, 24, 3 * 19);
        Tensor gh = random(dtype, 24, 3 * 19, 11);
        ops = new ArrayList<>(ops);
        ops.add(() -> backend.lstmForwardInto(gates, a, h, cell, gateCache));
        ops.add(() -> backend.lstmBackwardInto(gateCache, a, h, dGates, cell));
        ops.add(() -> backend.gruForwardInto(gh, gh, a, h, gruCache));
        ops.add(() -> backend.gruBackwardInto(gruCache, a, gx, gh, h));
        if (backend.supportsRowViews()) {
            // Operations on views made beforehand allocate nothing either.
            Tensor seq = random(dtype, 72, 19, 9);
            Tensor step = backend.rowView(seq, 24, 24);
            Tensor next = backend.rowView(seq, 48, 24);
            ops.add(() -> backend.gemmInto(1, step, false, gram, true, 1, next));
            ops.add(() -> backend.activateInto(Activation.TANH, next, next));
            ops.add(() -> backend.copyRowsInto(a, 0, 24, step, 0));
            ops.add(() -> backend.axpyInto(0.5, step, next));
        }
        for (int i = 0; i < ops.size(); i++) {
            long bytes = bytesAllocatedBy(ops.get(i));
            assertTrue(bytes < ALLOCATION_CALLS, "operation #" + i + " allocated " + bytes + " bytes in its best round of " + ALLOCATION_CALLS + " calls on " + dtype);
        }
    }
}
