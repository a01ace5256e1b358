package org.rnn4j.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.api.Activation;
import org.rnn4j.api.DType;
import org.rnn4j.api.Tensor;

class CheckpointTest {
    @TempDir
    Path dir;

    private static SequenceDataset data() {
        return TrainerTest.sineWindows(0, 12);
    }

    private static Rnn model() {
        return Rnn.builder().inputSize(1).hiddenSize(6).outputSize(1).activation(Activation.SIGMOID).dtype(DType.FLOAT64)
                .backend(Fixtures.EJML).seed(11).build();
    }

    private static double[] predict(Rnn m) {
        Tensor xs = m.backend().fromArray(m.dtype(), 8, 1, Fixtures.random(8, 5, -1, 1));
        return m.forward(xs, 1, null, null).outputs().toDoubleArray();
    }

    @Test
    void roundTripPredictsTheSameInFloat64AndNearlyInFloat32() throws IOException {
        Rnn m = model();
        Trainer.builder(m, Optimizer.adam(0.01)).epochs(2).batchSize(4).build().fit(data());
        Path f = dir.resolve("model.ckpt");
        Checkpoint.save(f, m, null, null);
        Checkpoint c64 = Checkpoint.load(f, Fixtures.EJML, DType.FLOAT64);
        assertArrayEquals(predict(m), predict(c64.model()), 0.0);
        assertEquals(m.activation(), c64.model().activation());
        assertNull(c64.optimizer());
        assertNull(c64.state());
        Checkpoint c32 = Checkpoint.load(f, Fixtures.EJML, DType.FLOAT32);
        assertEquals(DType.FLOAT32, c32.model().dtype());
        assertArrayEquals(predict(m), predict(c32.model()), 1e-5);
    }

    @Test
    void optimizerStateAndCarriedStateRoundTrip() throws IOException {
        Rnn a = model();
        Optimizer adam = Optimizer.adam(0.01);
        Trainer.builder(a, adam).epochs(2).batchSize(4).build().fit(data());
        Tensor state = a.backend().fromArray(DType.FLOAT64, 2, 6, Fixtures.random(12, 3, -1, 1));
        Path f = dir.resolve("with-optimizer.ckpt");
        Checkpoint.save(f, a, adam, state);
        Checkpoint c = Checkpoint.load(f, Fixtures.EJML, DType.FLOAT64);
        assertArrayEquals(state.toDoubleArray(), c.state().toDoubleArray(), 0.0);
        assertEquals(adam.steps(), c.optimizer().steps());
        // Continuing from the checkpoint equals continuing the original.
        Trainer.builder(a, adam).epochs(2).batchSize(4).shuffle(true, 5).build().fit(data());
        Trainer.builder(c.model(), c.optimizer()).epochs(2).batchSize(4).shuffle(true, 5).build().fit(data());
        assertArrayEquals(a.parameter("W").value().toDoubleArray(), c.model().parameter("W").value().toDoubleArray(), 0.0);
    }

    @Test
    void failedSaveLeavesThePreviousFileIntact() throws IOException {
        Path f = dir.resolve("model.ckpt");
        Checkpoint.save(f, model(), null, null);
        byte[] before = Files.readAllBytes(f);
        Rnn other = model();
        other.parameter("W").value().set(0, 0, 42);
        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoint.save(f, other, null, null, tmp -> {
            throw new IOException("disk full (simulated)");
        }));
        assertTrue(e.getMessage().contains("disk full (simulated)"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(f));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "the temporary file must be removed");
        }
    }

    @Test
    void truncatedCorruptedAndForeignFilesAreRejected() throws IOException {
        Path f = dir.resolve("model.ckpt");
        Checkpoint.save(f, model(), Optimizer.adam(0.01), null);
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
        byte[] v2 = good.clone();
        ByteBuffer.wrap(v2).putInt(8, 2);
        Files.write(newer, v2);
        assertEquals("checkpoint " + newer + " has format version 2; this rnn4j reads version 1",
                assertThrows(CheckpointException.class, () -> Checkpoint.load(newer, Fixtures.EJML, DType.FLOAT64)).getMessage());

        Path text = dir.resolve("notes.txt");
        Files.writeString(text, "these are not the weights you are looking for");
        assertEquals(text + " is not an rnn4j checkpoint (bad magic bytes)",
                assertThrows(CheckpointException.class, () -> Checkpoint.load(text, Fixtures.EJML, DType.FLOAT64)).getMessage());

        Path tiny = dir.resolve("tiny.ckpt");
        Files.write(tiny, new byte[] {'R', 'N'});
        assertEquals("checkpoint " + tiny + " is truncated: 2 bytes",
                assertThrows(CheckpointException.class, () -> Checkpoint.load(tiny, Fixtures.EJML, DType.FLOAT64)).getMessage());
    }
}
