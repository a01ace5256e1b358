package org.rnn4j.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rnn4j.api.Activation;
import org.rnn4j.api.DType;
import org.rnn4j.api.Parameter;
import org.rnn4j.api.Tensor;
import org.rnn4j.core.cell.CellType;
import org.rnn4j.spi.Backends;

class CheckpointTest {
    private static final int STEPS = 5;
    private static final int BATCH = 3;

    @TempDir
    Path dir;

    private static final List<Fixtures.Spec> CELLS = List.of(Fixtures.Spec.ELMAN_TANH, Fixtures.Spec.ELMAN_RELU, Fixtures.Spec.LSTM,
            Fixtures.Spec.GRU);

    static Stream<Arguments> grid() {
        List<Arguments> out = new ArrayList<>();
        for (Fixtures.Spec spec : CELLS) {
            for (int layers : new int[] {1, 2}) {
                for (DType dtype : DType.values()) {
                    out.add(Arguments.of(spec, layers, dtype));
                }
            }
        }
        return out.stream();
    }

    static Stream<Arguments> cellsAndDepths() {
        List<Arguments> out = new ArrayList<>();
        for (Fixtures.Spec spec : CELLS) {
            for (int layers : new int[] {1, 2}) {
                out.add(Arguments.of(spec, layers));
            }
        }
        return out.stream();
    }

    static Rnn model(Fixtures.Spec spec, int layers, DType dtype) {
        return Fixtures.model(spec.cell, spec.activation, layers, Fixtures.EJML, dtype, 11);
    }

    /** One Adam step from the gradients of a fixed batch (the same batch every call, so two equal models step equally). */
    static void step(Rnn m, Optimizer optimizer) {
        Tensor xs = Fixtures.inputs(m, STEPS, BATCH, 21);
        Targets targets = Fixtures.targets(Loss.MSE, OutputMode.EVERY_STEP, STEPS, BATCH, m.outputSize(), 22);
        m.bptt().lossAndGradients(xs, BATCH, targets, null, Fixtures.state(m, BATCH, 23));
        optimizer.step(m.parameters());
    }

    /** A model trained two Adam steps, with its optimizer and a carried state, saved. */
    private Path trainedCheckpoint(Rnn m, Optimizer adam, State carried) throws IOException {
        step(m, adam);
        step(m, adam);
        Path f = dir.resolve("model.ckpt");
        Checkpoint.save(f, m, adam, carried);
        return f;
    }

    private static void assertSameValues(Rnn expected, Rnn actual) {
        assertEquals(expected.parameters().size(), actual.parameters().size());
        for (int i = 0; i < expected.parameters().size(); i++) {
            Parameter e = expected.parameters().get(i);
            Parameter a = actual.parameters().get(i);
            assertEquals(e.name(), a.name());
            assertEquals(e.value().rows(), a.value().rows(), e.name());
            assertArrayEquals(e.value().toDoubleArray(), a.value().toDoubleArray(), 0.0, e.name());
        }
    }

    @ParameterizedTest(name = "{0}, {1} layer(s), {2}")
    @MethodSource("grid")
    void roundTripKeepsSpecParametersOptimizerAndState(Fixtures.Spec spec, int layers, DType dtype) throws IOException {
        Rnn m = model(spec, layers, dtype);
        Optimizer adam = Optimizer.adam(0.05);
        State carried = Fixtures.state(m, 2, 31);
        Path f = trainedCheckpoint(m, adam, carried);

        Checkpoint c = Checkpoint.load(f, Fixtures.EJML, dtype);
        Rnn l = c.model();
        assertEquals(spec.cell, l.cellType());
        assertEquals(spec.activation, l.activation());
        assertEquals(layers, l.layers().size());
        assertEquals(List.of(m.inputSize(), m.hiddenSize(), m.outputSize()), List.of(l.inputSize(), l.hiddenSize(), l.outputSize()));
        assertEquals(dtype, l.dtype());
        assertEquals(m.seed(), l.seed());
        assertSameValues(m, l);

        assertEquals(m.stateNames().size(), c.state().size());
        for (int i = 0; i < carried.size(); i++) {
            assertEquals(dtype, c.state().get(i).dtype());
            assertArrayEquals(carried.get(i).toDoubleArray(), c.state().get(i).toDoubleArray(), 0.0, m.stateNames().get(i));
        }

        Optimizer o = c.optimizer();
        assertEquals("adam", o.name());
        assertEquals(2, o.steps());
        assertEquals(adam.learningRate(), o.learningRate());
        assertArrayEquals(adam.hyperparameters(), o.hyperparameters(), 0.0);
        // Continuing from the checkpoint equals continuing the original, bit for bit.
        step(m, adam);
        step(l, o);
        assertSameValues(m, l);
        assertEquals(3, o.steps());
    }

    static Stream<Arguments> cellsAndDirections() {
        List<Arguments> out = new ArrayList<>();
        for (Fixtures.Spec spec : Fixtures.cellSpecs()) {
            for (Direction direction : new Direction[] {Direction.BIDIRECTIONAL, Direction.REVERSE}) {
                out.add(Arguments.of(spec, direction));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cellsAndDirections")
    void stacksWithDropoutRoundTrip(Fixtures.Spec spec, Direction direction) throws IOException {
        Rnn m = Fixtures.model(spec.cell, spec.activation, 2, direction, 0.25, Fixtures.EJML, DType.FLOAT64, 12);
        Optimizer adam = Optimizer.adam(0.05);
        State carried = Fixtures.state(m, 2, 32);
        Path f = trainedCheckpoint(m, adam, carried);
        // Magic and version, three UTF names (cell kind, activation, dtype), I, H, O and layers, then the directions field.
        int at = 12 + 2 + m.cellType().name().length() + 2 + m.activation().name().length() + 2 + m.dtype().name().length() + 16;
        assertEquals(direction == Direction.REVERSE ? -1 : 2, ByteBuffer.wrap(Files.readAllBytes(f)).getInt(at), "the directions field");
        Checkpoint c = Checkpoint.load(f, Fixtures.EJML, DType.FLOAT64);
        Rnn l = c.model();
        assertEquals(List.of(direction, 2, direction.count(), 0.25), List.of(l.direction(), l.depth(), l.directions(), l.dropout()));
        assertEquals(m.stateNames(), l.stateNames());
        assertSameValues(m, l);
        for (int i = 0; i < carried.size(); i++) {
            assertArrayEquals(carried.get(i).toDoubleArray(), c.state().get(i).toDoubleArray(), 0.0, m.stateNames().get(i));
        }
        assertEquals(2, c.optimizer().steps());
        Tensor xs = Fixtures.inputs(m, 3, 2, 33);
        assertArrayEquals(m.forward(xs, 2, null, null).outputs().toDoubleArray(), l.forward(xs, 2, null, null).outputs().toDoubleArray(), 0.0);
    }

    @ParameterizedTest(name = "{0}, {1} layer(s)")
    @MethodSource("cellsAndDepths")
    void float64CheckpointLoadsAsFloat32RoundedOnce(Fixtures.Spec spec, int layers) throws IOException {
        Rnn m = model(spec, layers, DType.FLOAT64);
        Optimizer adam = Optimizer.adam(0.05);
        State carried = Fixtures.state(m, 2, 31);
        Path f = trainedCheckpoint(m, adam, carried);

        Checkpoint c = Checkpoint.load(f, Fixtures.EJML, DType.FLOAT32);
        assertEquals(DType.FLOAT32, c.model().dtype());
        for (int i = 0; i < m.parameters().size(); i++) {
            double[] e = m.parameters().get(i).value().toDoubleArray();
            double[] a = c.model().parameters().get(i).value().toDoubleArray();
            for (int j = 0; j < e.length; j++) {
                assertEquals((float) e[j], a[j], 0.0, m.parameters().get(i).name() + "[" + j + "]");
            }
        }
        assertEquals(DType.FLOAT32, c.state().h().dtype());
        double[] h = carried.h().toDoubleArray();
        for (int j = 0; j < h.length; j++) {
            assertEquals((float) h[j], c.state().h().toDoubleArray()[j], 0.0);
        }
        assertEquals(adam.steps(), c.optimizer().steps());
        assertArrayEquals(adam.state()[0][1], c.optimizer().state()[0][1], 0.0, "optimizer state stays double");
    }

    @Test
    void loadWithoutBackendOrDtypeUsesTheDefaultBackendAndTheSavedDtype() throws IOException {
        for (DType dtype : DType.values()) {
            Rnn m = model(Fixtures.Spec.GRU, 2, dtype);
            Path f = dir.resolve("default-" + dtype + ".ckpt");
            Checkpoint.save(f, m, null, null);
            Checkpoint c = Checkpoint.load(f);
            assertEquals(dtype, c.model().dtype());
            assertEquals(Backends.get().name(), c.model().backend().name());
            assertSameValues(m, c.model());
            assertNull(c.optimizer());
            assertNull(c.state());
        }
    }

    @Test
    void loadedModelHoldsTheFileValuesNotFreshInitialValues() throws IOException {
        Rnn m = model(Fixtures.Spec.LSTM, 2, DType.FLOAT64);
        Path f = dir.resolve("model.ckpt");
        Checkpoint.save(f, m, null, null);
        Rnn fresh = Rnn.builder().inputSize(Fixtures.I).hiddenSize(Fixtures.H).outputSize(Fixtures.O).cell(CellType.LSTM).layers(2)
                .dtype(DType.FLOAT64).backend(Fixtures.EJML).seed(m.seed()).build();
        // Control: the same seed with the builder's initializers gives other values than the file holds.
        assertNotEquals(Arrays.toString(fresh.parameter("l1.W").value().toDoubleArray()),
                Arrays.toString(m.parameter("l1.W").value().toDoubleArray()));
        assertSameValues(m, Checkpoint.load(f, Fixtures.EJML, DType.FLOAT64).model());
    }

    @Test
    void optimizerBeforeItsFirstStepRoundTripsWithoutState() throws IOException {
        Rnn m = model(Fixtures.Spec.ELMAN_TANH, 1, DType.FLOAT64);
        Path f = dir.resolve("model.ckpt");
        Checkpoint.save(f, m, Optimizer.momentum(0.02, 0.5, true), null);
        Optimizer o = Checkpoint.load(f, Fixtures.EJML, DType.FLOAT64).optimizer();
        assertEquals("momentum", o.name());
        assertEquals(0, o.steps());
        assertNull(o.state());
        assertArrayEquals(new double[] {0.5, 1}, o.hyperparameters(), 0.0);
    }

    @Test
    void nullArgumentsOfLoadAreNamed() throws IOException {
        Path f = dir.resolve("model.ckpt");
        Checkpoint.save(f, model(Fixtures.Spec.ELMAN_TANH, 1, DType.FLOAT64), null, null);
        assertEquals("backend is null; use load(path) for the default backend",
                assertThrows(IllegalArgumentException.class, () -> Checkpoint.load(f, null, DType.FLOAT64)).getMessage());
        assertEquals("dtype is null; use load(path) for the dtype the checkpoint was saved in",
                assertThrows(IllegalArgumentException.class, () -> Checkpoint.load(f, Fixtures.EJML, null)).getMessage());
        assertEquals("the checkpoint path is null", assertThrows(IllegalArgumentException.class, () -> Checkpoint.load(null)).getMessage());
        assertEquals("the checkpoint path is null", assertThrows(IllegalArgumentException.class,
                () -> Checkpoint.save(null, model(Fixtures.Spec.ELMAN_TANH, 1, DType.FLOAT64), null, null)).getMessage());
    }

    @Test
    void saveRefusesAStateThatDoesNotFitTheModel() {
        Rnn lstm = model(Fixtures.Spec.LSTM, 2, DType.FLOAT64);
        Path f = dir.resolve("model.ckpt");
        State hOnly = State.of(lstm.zeroState(2).h());
        assertEquals("state has 1 tensor(s); this LSTM model with 2 recurrent layer(s) carries 4: [l0.h, l0.c, l1.h, l1.c]",
                assertThrows(IllegalArgumentException.class, () -> Checkpoint.save(f, lstm, null, hOnly)).getMessage());
        Tensor[] t = lstm.zeroState(2).tensors().toArray(new Tensor[0]);
        t[3] = Fixtures.EJML.zeros(DType.FLOAT64, 3, Fixtures.H);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Checkpoint.save(f, lstm, null, State.of(t)));
        assertTrue(e.getMessage().startsWith("state tensor 3 (l1.c) is 3×4"), e.getMessage());
        assertFalse(Files.exists(f));
    }

    @Test
    void saveRefusesNonFiniteParameters() {
        Rnn m = model(Fixtures.Spec.GRU, 1, DType.FLOAT64);
        m.parameter("l0.bh").value().set(0, 5, Double.NaN);
        Path f = dir.resolve("model.ckpt");
        assertEquals("cannot save parameter l0.bh: it holds NaN at row 0, column 5 (a checkpoint holds finite values only)",
                assertThrows(IllegalArgumentException.class, () -> Checkpoint.save(f, m, null, null)).getMessage());
        assertFalse(Files.exists(f));
    }

    @Test
    void saveRefusesAnotherModelsOptimizerEvenOfTheSameShapes() throws IOException {
        Rnn a = model(Fixtures.Spec.LSTM, 1, DType.FLOAT64);
        Rnn b = model(Fixtures.Spec.LSTM, 1, DType.FLOAT64);
        Optimizer adam = Optimizer.adam(0.01);
        step(a, adam);
        Path f = dir.resolve("model.ckpt");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Checkpoint.save(f, b, adam, null));
        assertTrue(e.getMessage().startsWith("this adam optimizer already holds state for the parameters [l0.U")
                && e.getMessage().contains("of another model; it cannot be saved with [l0.U"), e.getMessage());
        assertFalse(Files.exists(f));
        Checkpoint.save(f, a, adam, null);   // with its own model it saves
        assertTrue(Files.exists(f));
    }

    @Test
    void aFloat32LoadRefusesAValueBeyondFloatRangeNamingIt() throws IOException {
        Rnn m = model(Fixtures.Spec.GRU, 1, DType.FLOAT64);
        m.parameter("l0.W").value().set(2, 1, 1e300);
        Path f = dir.resolve("model.ckpt");
        Checkpoint.save(f, m, null, null);
        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoint.load(f, Fixtures.EJML, DType.FLOAT32));
        assertTrue(e.getMessage().endsWith("parameter l0.W holds 1.0E300 at row 2, column 1, beyond FLOAT32's range (±3.4028235E38); "
                + "load it as FLOAT64"), e.getMessage());
        assertEquals(1e300, Checkpoint.load(f, Fixtures.EJML, DType.FLOAT64).model().parameter("l0.W").value().get(2, 1));
    }

    @Test
    void aFloat32LoadRefusesACarriedStateBeyondFloatRange() throws IOException {
        Rnn m = model(Fixtures.Spec.ELMAN_TANH, 1, DType.FLOAT64);
        State carried = m.zeroState(2);
        carried.h().set(1, 3, -1e40);
        Path f = dir.resolve("model.ckpt");
        Checkpoint.save(f, m, null, carried);
        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoint.load(f, Fixtures.EJML, DType.FLOAT32));
        assertTrue(e.getMessage().contains("carried state h holds -1.0E40 at row 1, column 3, beyond FLOAT32's range"), e.getMessage());
    }

    @Test
    void aNegativeSumOfSquaresInAnOptimizerStateIsRefused() throws IOException {
        for (Optimizer opt : new Optimizer[] {Optimizer.adam(0.01), Optimizer.rmsprop(0.01, 0.9), Optimizer.adagrad(0.01)}) {
            Rnn m = model(Fixtures.Spec.ELMAN_TANH, 1, DType.FLOAT64);
            step(m, opt);
            int squares = opt.state()[0].length - 1;   // Adam's second moment; the one slot of the others
            opt.state()[1][squares][5] = -0.25;
            Path f = dir.resolve(opt.name() + ".ckpt");
            Checkpoint.save(f, m, opt, null);
            CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoint.load(f, Fixtures.EJML, DType.FLOAT64));
            assertTrue(e.getMessage().contains(opt.slotName(squares) + " of W holds -0.25 at row 1, column 1; it is a sum of squares"),
                    e.getMessage());
            // A negative first moment or momentum velocity is an ordinary value.
            if (opt.state()[0].length == 2) {
                opt.state()[1][squares][5] = 0.25;
                opt.state()[1][0][5] = -0.25;
                Checkpoint.save(f, m, opt, null);
                assertEquals(-0.25, Checkpoint.load(f, Fixtures.EJML, DType.FLOAT64).optimizer().state()[1][0][5]);
            }
        }
    }

    @Test
    void aSaveRemovesTheTemporaryFilesAKilledSaveOfTheSameTargetLeft() throws IOException {
        Path f = dir.resolve("model.ckpt");
        FileTime beforeThisProcess = FileTime.from(ProcessHandle.current().info().startInstant().orElseThrow().minusSeconds(3600));
        // What kill -9 during a save leaves: a temporary of this target from an earlier process ...
        Path stale = Files.write(dir.resolve(".model.ckpt.3f9a0c1d2e4b5a69.tmp"), new byte[] {1, 2, 3});
        Files.setLastModifiedTime(stale, beforeThisProcess);
        // ... and what must stay: a save under way now, another target's leftover, a name that is not ours.
        Path underWay = Files.write(dir.resolve(".model.ckpt.77aa.tmp"), new byte[] {4});
        Path otherTarget = Files.write(dir.resolve(".other.ckpt.3f9a0c1d.tmp"), new byte[] {5});
        Path notOurs = Files.write(dir.resolve(".model.ckpt.backup.tmp"), new byte[] {6});
        for (Path p : List.of(otherTarget, notOurs)) {
            Files.setLastModifiedTime(p, beforeThisProcess);
        }
        Checkpoint.save(f, model(Fixtures.Spec.ELMAN_TANH, 1, DType.FLOAT32), null, null);
        assertFalse(Files.exists(stale), "the stale temporary must be removed");
        for (Path p : List.of(underWay, otherTarget, notOurs, f)) {
            assertTrue(Files.exists(p), p + " must be kept");
        }
    }

    @Test
    void failedSaveLeavesThePreviousFileIntact() throws IOException {
        Path f = dir.resolve("model.ckpt");
        Checkpoint.save(f, model(Fixtures.Spec.LSTM, 1, DType.FLOAT64), null, null);
        byte[] before = Files.readAllBytes(f);
        Rnn other = model(Fixtures.Spec.LSTM, 1, DType.FLOAT64);
        other.parameter("l0.W").value().set(0, 0, 42);
        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoint.save(f, other, null, null, tmp -> {
            throw new IOException("disk full (simulated)");
        }));
        assertTrue(e.getMessage().contains("disk full (simulated)"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(f));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(f), files.toList(), "the temporary file must be removed");
        }
    }

    @Test
    void saveIntoAMissingDirectoryFailsWithCheckpointException() {
        Path f = dir.resolve("no-such-directory").resolve("model.ckpt");
        CheckpointException e = assertThrows(CheckpointException.class,
                () -> Checkpoint.save(f, model(Fixtures.Spec.ELMAN_TANH, 1, DType.FLOAT32), null, null));
        assertTrue(e.getMessage().startsWith("could not save the checkpoint to " + f), e.getMessage());
        assertFalse(Files.exists(f.getParent()));
    }

    @Test
    void truncatedCorruptedAndForeignFilesAreRejected() throws IOException {
        Path f = dir.resolve("model.ckpt");
        Checkpoint.save(f, model(Fixtures.Spec.ELMAN_TANH, 1, DType.FLOAT64), Optimizer.adam(0.01), null);
        byte[] good = Files.readAllBytes(f);

        Path cut = dir.resolve("cut.ckpt");
        Files.write(cut, Arrays.copyOf(good, good.length / 2));
        assertTrue(assertThrows(CheckpointException.class, () -> Checkpoint.load(cut, Fixtures.EJML, DType.FLOAT64)).getMessage()
                .endsWith("is corrupted or truncated (CRC-32 mismatch)"));

        Path flipped = dir.resolve("flipped.ckpt");
        byte[] bad = good.clone();
        bad[good.length / 2] ^= 0x10;
        Files.write(flipped, bad);
        assertTrue(assertThrows(CheckpointException.class, () -> Checkpoint.load(flipped, Fixtures.EJML, DType.FLOAT64)).getMessage()
                .endsWith("is corrupted or truncated (CRC-32 mismatch)"));

        Path newer = dir.resolve("newer.ckpt");
        byte[] v3 = good.clone();
        ByteBuffer.wrap(v3).putInt(8, 3);
        Files.write(newer, v3);
        assertEquals("checkpoint " + newer + " has format version 3; this rnn4j reads versions 1 and 2",
                assertThrows(CheckpointException.class, () -> Checkpoint.load(newer, Fixtures.EJML, DType.FLOAT64)).getMessage());

        Path text = dir.resolve("notes.txt");
        Files.writeString(text, "these are not the weights you are looking for");
        assertEquals(text + " is not an rnn4j checkpoint (bad magic bytes)",
                assertThrows(CheckpointException.class, () -> Checkpoint.load(text, Fixtures.EJML, DType.FLOAT64)).getMessage());

        Path tiny = dir.resolve("tiny.ckpt");
        Files.write(tiny, new byte[] {'R', 'N'});
        assertEquals("checkpoint " + tiny + " is truncated: 2 bytes",
                assertThrows(CheckpointException.class, () -> Checkpoint.load(tiny, Fixtures.EJML, DType.FLOAT64)).getMessage());

        Path missing = dir.resolve("missing.ckpt");
        assertTrue(assertThrows(CheckpointException.class, () -> Checkpoint.load(missing, Fixtures.EJML, DType.FLOAT64)).getMessage()
                .startsWith("could not read checkpoint " + missing));
    }

    private static void assumePosix(Path dir) {
        Assumptions.assumeTrue(Files.getFileAttributeView(dir, PosixFileAttributeView.class) != null, "POSIX permissions only");
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void newFileGetsTheModeOfAnyNewFileUnderTheUmask() throws IOException {
        assumePosix(dir);
        Path reference = Files.createFile(dir.resolve("reference"));
        Path f = dir.resolve("model.ckpt");
        Checkpoint.save(f, model(Fixtures.Spec.ELMAN_TANH, 1, DType.FLOAT32), null, null);
        assertEquals(mode(reference), mode(f));
        // Under the usual umask 022 that is rw-r--r--, not the rw------- of Files.createTempFile.
        Assumptions.assumeTrue(mode(reference).equals("rw-r--r--"), "umask 022");
        assertEquals("rw-r--r--", mode(f));
    }

    @Test
    void replacedFileKeepsItsMode() throws IOException {
        assumePosix(dir);
        Path f = dir.resolve("model.ckpt");
        for (String mode : List.of("rw-------", "rw-rw-r--")) {
            Checkpoint.save(f, model(Fixtures.Spec.ELMAN_TANH, 1, DType.FLOAT32), null, null);
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(mode));
            Checkpoint.save(f, model(Fixtures.Spec.GRU, 1, DType.FLOAT32), null, null);
            assertEquals(mode, mode(f));
            assertEquals(CellType.GRU, Checkpoint.load(f).model().cellType(), "the file was replaced");
        }
    }

    @Test
    void saveThroughASymlinkReplacesTheTargetAndKeepsTheLink() throws IOException {
        assumePosix(dir);
        Path store = Files.createDirectory(dir.resolve("store"));
        Path target = store.resolve("real.ckpt");
        Checkpoint.save(target, model(Fixtures.Spec.ELMAN_TANH, 1, DType.FLOAT64), null, null);
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r-----"));
        Path link = Files.createSymbolicLink(dir.resolve("latest.ckpt"), Path.of("store", "real.ckpt"));

        Rnn lstm = model(Fixtures.Spec.LSTM, 2, DType.FLOAT64);
        Checkpoint.save(link, lstm, null, null);
        assertTrue(Files.isSymbolicLink(link));
        assertEquals(Path.of("store", "real.ckpt"), Files.readSymbolicLink(link));
        assertSameValues(lstm, Checkpoint.load(target, Fixtures.EJML, DType.FLOAT64).model());
        assertEquals("rw-r-----", mode(target));
        try (Stream<Path> a = Files.list(dir); Stream<Path> b = Files.list(store)) {
            assertEquals(3, a.count() + b.count(), "no temporary file is left: " + dir + " holds store, latest.ckpt; store holds real.ckpt");
        }
    }

    @Test
    void saveThroughADanglingSymlinkCreatesItsTarget() throws IOException {
        assumePosix(dir);
        Path link = Files.createSymbolicLink(dir.resolve("latest.ckpt"), Path.of("next.ckpt"));
        Rnn m = model(Fixtures.Spec.GRU, 2, DType.FLOAT32);
        Checkpoint.save(link, m, null, null);
        assertTrue(Files.isSymbolicLink(link));
        assertSameValues(m, Checkpoint.load(dir.resolve("next.ckpt"), Fixtures.EJML, DType.FLOAT32).model());
    }

    @Test
    void readerNamesTheProblemOfAnInconsistentFile() throws IOException {
        Path f = dir.resolve("model.ckpt");
        Checkpoint.save(f, model(Fixtures.Spec.ELMAN_TANH, 1, DType.FLOAT64), null, null);
        byte[] b = Files.readAllBytes(f);
        // Header: magic (8), version (4), UTF "elman" (7), UTF "TANH" (6), UTF "FLOAT64" (9), then I at 34.
        assertEquals(Fixtures.I, ByteBuffer.wrap(b).getInt(34));
        ByteBuffer.wrap(b).putInt(38, Integer.MAX_VALUE);
        String message = CheckpointFuzzTest.loadError(dir, b);
        assertTrue(message.contains("hidden size is 2147483647; expected at least 1 and at most"), message);
    }
}
