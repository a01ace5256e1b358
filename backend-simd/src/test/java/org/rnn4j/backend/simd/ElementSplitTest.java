package org.rnn4j.backend.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.rnn4j.api.Activation;
import org.rnn4j.api.DType;
import org.rnn4j.api.Tensor;

/**
 * Element operations from {@link SimdBackend#SPLIT_MIN_ELEMENTS} elements are split in two over the
 * pool: each half gives exactly the elements the whole operation gives, and 1 and 2 threads agree
 * bit for bit on every split operation (sizes not a multiple of the 64-element cut, in place too).
 */
class ElementSplitTest {

    /** Rows × columns above the split size, with an odd row count and 67 columns. */
    private static final int ROWS = SimdBackend.SPLIT_MIN_ELEMENTS / 67 + 3;
    private static final int COLS = 67;

    /** Values in (−3, 3): past tanh's and sigmoid's linear range, and both signs for RELU. */
    private static Tensor random(SimdBackend be, DType dtype, int rows, int cols, long seed) {
        return ThreadCountTest.random(be, dtype, rows, cols, seed, 3);
    }

    /** Every split operation on one backend, each onto its own output; their results, in order. */
    private static List<double[]> run(SimdBackend be, DType dtype) {
        Tensor a = random(be, dtype, ROWS, COLS, 1);
        Tensor b = random(be, dtype, ROWS, COLS, 2);
        Tensor row = random(be, dtype, 1, COLS, 3);
        List<double[]> out = new ArrayList<>();
        Function<Tensor, Tensor> fresh = t -> random(be, dtype, t.rows(), t.cols(), 4);
        for (Activation f : Activation.values()) {
            Tensor h = fresh.apply(a);
            be.activateInto(f, a, h);
            out.add(h.toDoubleArray());
            Tensor d = fresh.apply(a);
            be.activationDerivativeInto(f, h, b, d);
            out.add(d.toDoubleArray());
        }
        Tensor inPlace = random(be, dtype, ROWS, COLS, 5);
        be.activateInto(Activation.TANH, inPlace, inPlace);
        out.add(inPlace.toDoubleArray());
        Tensor t = fresh.apply(a);
        be.addRowVectorInto(a, row, t);
        out.add(t.toDoubleArray());
        t = fresh.apply(a);
        be.multiplyInto(a, b, t);
        out.add(t.toDoubleArray());
        t = random(be, dtype, ROWS, COLS, 6);
        be.axpyInto(-0.3, a, t);
        out.add(t.toDoubleArray());
        t = fresh.apply(a);
        be.scaleInto(1.7, a, t);
        out.add(t.toDoubleArray());
        t = fresh.apply(a);
        be.fillInto(0.25, t);
        assertTrue(Arrays.stream(t.toDoubleArray()).allMatch(v -> v == 0.25), "fill");
        t = fresh.apply(a);
        be.copyInto(a, t);
        out.add(t.toDoubleArray());
        Tensor tall = random(be, dtype, 2 * ROWS + 1, COLS, 7);
        be.copyRowsInto(a, 1, ROWS - 1, tall, ROWS + 2);
        out.add(tall.toDoubleArray());
        return out;
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void oneAndTwoThreadsAgreeBitForBitOnEverySplitOperation(DType dtype) {
        assertTrue((long) ROWS * COLS >= SimdBackend.SPLIT_MIN_ELEMENTS && ROWS * COLS % 64 != 0);
        List<double[]> one = run(new SimdBackend(1), dtype);
        List<double[]> two = run(new SimdBackend(2), dtype);
        for (int i = 0; i < one.size(); i++) {
            assertArrayEquals(one.get(i), two.get(i), "operation " + i);
            double first = one.get(i)[0];
            assertFalse(Arrays.stream(one.get(i)).allMatch(v -> v == first), "operation " + i + " must not be trivial");
        }
    }

    /** The two parts of a job, run in either order on one thread, write what the whole operation writes. */
    @ParameterizedTest
    @EnumSource(DType.class)
    void thePartsOfAJobMakeUpTheWholeOperation(DType dtype) {
        SimdBackend be = new SimdBackend(1);
        int n = ROWS * COLS;
        int[] ops = {SimdBackend.ElementJob.ACTIVATE, SimdBackend.ElementJob.DERIVATIVE, SimdBackend.ElementJob.ADD_ROW,
            SimdBackend.ElementJob.MULTIPLY, SimdBackend.ElementJob.AXPY, SimdBackend.ElementJob.SCALE,
            SimdBackend.ElementJob.FILL, SimdBackend.ElementJob.COPY};
        for (int op : ops) {
            SimdTensor x = (SimdTensor) random(be, dtype, ROWS, COLS, 1);
            SimdTensor y = (SimdTensor) random(be, dtype, op == SimdBackend.ElementJob.ADD_ROW ? 1 : ROWS, COLS, 2);
            SimdTensor whole = (SimdTensor) random(be, dtype, ROWS + 1, COLS, 3);
            SimdTensor parts = (SimdTensor) random(be, dtype, ROWS + 1, COLS, 3);
            int zOff = op == SimdBackend.ElementJob.COPY ? COLS : 0;
            int cols = op == SimdBackend.ElementJob.ADD_ROW ? COLS : 0;
            int units = op == SimdBackend.ElementJob.ADD_ROW ? ROWS : n;
            SimdBackend.ElementJob.apply(op, Activation.TANH, 0.5, x, 0, y, whole, zOff, cols, 0, units);
            SimdBackend.ElementJob job = new SimdBackend.ElementJob();
            job.set(op, Activation.TANH, 0.5, x, 0, y, parts, zOff, cols, units);
            job.run(1);
            job.run(0);
            assertArrayEquals(whole.toDoubleArray(), parts.toDoubleArray(), "operation " + op);
        }
    }
}
