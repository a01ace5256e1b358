package org.rnn4j.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rnn4j.api.DType;
import org.rnn4j.api.Tensor;
import org.rnn4j.core.cell.CellType;

/** Stepper states saved as bytes and restored per key continue bit for bit; bad bytes are refused. */
class StepperStateTest {
    private static final int STEPS = 7;

    static Stream<Arguments> cellsAndDtypes() {
        List<Arguments> out = new ArrayList<>();
        for (CellType c : CellType.values()) {
            for (DType d : DType.values()) {
                out.add(Arguments.of(c, d));
            }
        }
        return out.stream();
    }

    private static Rnn model(CellType cell, DType dt, int layers) {
        return Rnn.builder().inputSize(Fixtures.I).hiddenSize(Fixtures.H).outputSize(Fixtures.O).cell(cell).layers(layers).dtype(dt)
                .backend(Fixtures.EJML).seed(41).build();
    }

    private static Tensor[] inputs(Rnn m, long seed) {
        Tensor[] xs = new Tensor[STEPS];
        for (int t = 0; t < STEPS; t++) {
            xs[t] = m.backend().fromArray(m.dtype(), 1, m.inputSize(), Fixtures.random(m.inputSize(), seed + t, -1, 1));
        }
        return xs;
    }

    private static double[][] uninterrupted(Rnn m, Tensor[] xs) {
        Stepper s = m.stepper(1);
        double[][] ys = new double[xs.length][];
        for (int t = 0; t < xs.length; t++) {
            ys[t] = s.step(xs[t]).toDoubleArray();
        }
        return ys;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cellsAndDtypes")
    void twoKeysInterleavedOnOneStepperEqualTheirOwnRuns(CellType cell, DType dt) {
        Rnn m = model(cell, dt, 2);
        Tensor[] a = inputs(m, 100);
        Tensor[] b = inputs(m, 200);
        double[][] ya = uninterrupted(m, a);
        double[][] yb = uninterrupted(m, b);

        Stepper s = m.stepper(1);
        byte[] stateA = s.saveState(); // zeros: both keys start fresh
        byte[] stateB = stateA.clone();
        for (int t = 0; t < STEPS; t++) {
            s.restoreState(stateA);
            assertArrayEquals(ya[t], s.step(a[t]).toDoubleArray(), 0.0, "key a, step " + t);
            stateA = s.saveState();
            s.restoreState(stateB);
            assertArrayEquals(yb[t], s.step(b[t]).toDoubleArray(), 0.0, "key b, step " + t);
            stateB = s.saveState();
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cellsAndDtypes")
    void restoreIntoAFreshStepperAndAfterACheckpointReloadContinuesExactly(CellType cell, DType dt, @TempDir Path dir) throws Exception {
        Rnn m = model(cell, dt, 1);
        Tensor[] a = inputs(m, 300);
        double[][] ya = uninterrupted(m, a);
        Stepper s = m.stepper(1);
        for (int t = 0; t < 3; t++) {
            s.step(a[t]);
        }
        byte[] saved = s.saveState();

        Stepper fresh = m.stepper(1);
        fresh.restoreState(saved);
        for (int t = 3; t < STEPS; t++) {
            assertArrayEquals(ya[t], fresh.step(a[t]).toDoubleArray(), 0.0, "fresh stepper, step " + t);
        }

        Path file = dir.resolve("m.ckpt");
        Checkpoint.save(file, m, null, null);
        Rnn reloaded = Checkpoint.load(file, Fixtures.EJML, dt).model();
        Stepper r = reloaded.stepper(1);
        r.restoreState(saved);
        for (int t = 3; t < STEPS; t++) {
            assertArrayEquals(ya[t], r.step(a[t]).toDoubleArray(), 0.0, "reloaded model, step " + t);
        }
    }

    @Test
    void controlAnotherKeysStateGivesOtherOutputs() {
        Rnn m = model(CellType.LSTM, DType.FLOAT64, 1);
        Tensor[] a = inputs(m, 100);
        Tensor[] b = inputs(m, 200);
        Stepper s = m.stepper(1);
        for (int t = 0; t < 3; t++) {
            s.step(a[t]);
        }
        byte[] stateA = s.saveState();
        s.reset(null);
        for (int t = 0; t < 3; t++) {
            s.step(b[t]);
        }
        byte[] stateB = s.saveState();
        s.restoreState(stateA);
        double[] fromA = s.step(a[3]).toDoubleArray();
        s.restoreState(stateB);
        double[] fromB = s.step(a[3]).toDoubleArray();
        assertFalse(Arrays.equals(fromA, fromB), "the restored state must matter");
    }

    private static void refused(byte[] bytes, Stepper s, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.restoreState(bytes));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void everyTruncationAndEveryFlippedByteIsRefused() {
        Rnn m = model(CellType.GRU, DType.FLOAT32, 1);
        Stepper s = m.stepper(1);
        s.step(inputs(m, 5)[0]);
        byte[] good = s.saveState();
        double[] before = s.state().h().toDoubleArray();
        for (int n = 0; n < good.length; n++) {
            refused(Arrays.copyOf(good, n), s, n < 23 ? "truncated" : "truncated or corrupted");
        }
        for (int i = 0; i < good.length; i++) {
            byte[] bad = good.clone();
            bad[i] ^= 0x10;
            assertThrows(IllegalArgumentException.class, () -> s.restoreState(bad), "flipped byte " + i);
        }
        byte[] flipped = good.clone();
        flipped[19] ^= 1; // a value byte
        refused(flipped, s, "CRC-32");
        assertArrayEquals(before, s.state().h().toDoubleArray(), 0.0, "a refused restore leaves the stepper unchanged");
        refused(null, s, "bytes");
        s.restoreState(good); // control: the intact bytes are accepted
    }

    @Test
    void bytesOfAnotherShapeCellDtypeOrBatchAreRefusedByName() {
        Rnn gru = model(CellType.GRU, DType.FLOAT32, 1);
        byte[] saved = gru.stepper(1).saveState();
        refused(saved, model(CellType.ELMAN, DType.FLOAT32, 1).stepper(1), "cell GRU vs ELMAN");
        refused(saved, model(CellType.GRU, DType.FLOAT64, 1).stepper(1), "dtype FLOAT32 vs FLOAT64");
        refused(saved, model(CellType.GRU, DType.FLOAT32, 2).stepper(1), "state count 1 vs 2");
        refused(saved, gru.stepper(2), "batch 1 vs 2");
        Rnn wide = Rnn.builder().inputSize(Fixtures.I).hiddenSize(Fixtures.H + 1).outputSize(Fixtures.O).cell(CellType.GRU)
                .dtype(DType.FLOAT32).backend(Fixtures.EJML).seed(41).build();
        refused(saved, wide.stepper(1), "hidden size 4 vs 5");
        byte[] other = saved.clone();
        other[4] = 9;
        refused(other, gru.stepper(1), "version 9");
        other = saved.clone();
        other[0] = 0;
        refused(other, gru.stepper(1), "magic");
    }
}
