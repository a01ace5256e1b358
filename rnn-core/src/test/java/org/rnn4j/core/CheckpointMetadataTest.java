package org.rnn4j.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.api.DType;
import org.rnn4j.core.cell.CellType;

/** The side record beside a checkpoint: round trip, ownership, and every malformed file a CheckpointException. */
class CheckpointMetadataTest {
    @TempDir
    Path dir;

    private Path checkpoint(long seed) throws CheckpointException {
        Path file = dir.resolve("m.ckpt");
        Rnn rnn = Rnn.builder().backend(Fixtures.EJML).dtype(DType.FLOAT64).cell(CellType.GRU).inputSize(2).hiddenSize(3).outputSize(1)
                .seed(seed).build();
        Checkpoint.save(file, rnn, null, null);
        return file;
    }

    private static Map<String, double[]> entries() {
        Map<String, double[]> m = new LinkedHashMap<>();
        m.put("b.second", new double[] {1.5, -2});
        m.put("a.first", new double[0]);
        return m;
    }

    @Test
    void entriesRoundTripInOrder() throws Exception {
        Path file = checkpoint(1);
        assertFalse(CheckpointMetadata.exists(file));
        CheckpointMetadata.save(file, entries());
        assertTrue(CheckpointMetadata.exists(file));
        assertEquals(dir.resolve("m.ckpt.meta"), CheckpointMetadata.sideFile(file));
        Map<String, double[]> back = CheckpointMetadata.load(file);
        assertEquals(List.of("b.second", "a.first"), List.copyOf(back.keySet()));
        assertArrayEquals(new double[] {1.5, -2}, back.get("b.second"));
        assertEquals(0, back.get("a.first").length);
    }

    @Test
    void theCheckpointStillLoadsBesideItsSideRecord() throws Exception {
        Path file = checkpoint(1);
        CheckpointMetadata.save(file, entries());
        assertEquals(3, Checkpoint.load(file).model().hiddenSize());
    }

    @Test
    void aRecordFromAnotherSaveIsRefused() throws Exception {
        Path file = checkpoint(1);
        CheckpointMetadata.save(file, entries());
        checkpoint(2); // saved again over it, other weights: the old record no longer belongs
        CheckpointException e = assertThrows(CheckpointException.class, () -> CheckpointMetadata.load(file));
        assertTrue(e.getMessage().contains("belongs to another save"), e.getMessage());
    }

    @Test
    void aMissingRecordIsNamed() throws Exception {
        Path file = checkpoint(1);
        CheckpointException e = assertThrows(CheckpointException.class, () -> CheckpointMetadata.load(file));
        assertTrue(e.getMessage().contains("m.ckpt.meta does not exist"), e.getMessage());
    }

    @Test
    void everyTruncationIsACheckpointException() throws Exception {
        Path file = checkpoint(1);
        CheckpointMetadata.save(file, entries());
        byte[] bytes = Files.readAllBytes(CheckpointMetadata.sideFile(file));
        for (int n = 0; n < bytes.length; n++) {
            byte[] cut = java.util.Arrays.copyOf(bytes, n);
            assertThrows(CheckpointException.class, () -> CheckpointMetadata.decode(cut, "cut"), "cut at " + n);
        }
    }

    @Test
    void everyFlippedByteIsACheckpointException() throws Exception {
        Path file = checkpoint(1);
        CheckpointMetadata.save(file, entries());
        byte[] bytes = Files.readAllBytes(CheckpointMetadata.sideFile(file));
        for (int i = 0; i < bytes.length; i++) {
            byte[] bad = bytes.clone();
            bad[i] ^= 0x41;
            int at = i;
            assertThrows(CheckpointException.class, () -> CheckpointMetadata.decode(bad, "flipped"), "byte " + at);
        }
    }

    @Test
    void aCorruptedFileIsNamedByItsCrc() throws Exception {
        Path file = checkpoint(1);
        CheckpointMetadata.save(file, entries());
        Path side = CheckpointMetadata.sideFile(file);
        byte[] bytes = Files.readAllBytes(side);
        bytes[bytes.length - 12] ^= 1;
        Files.write(side, bytes);
        CheckpointException e = assertThrows(CheckpointException.class, () -> CheckpointMetadata.load(file));
        assertTrue(e.getMessage().contains("CRC-32 mismatch"), e.getMessage());
    }

    @Test
    void badEntriesAreRefusedBeforeWriting() throws Exception {
        Path file = checkpoint(1);
        assertThrows(IllegalArgumentException.class, () -> CheckpointMetadata.save(file, Map.of("x", new double[] {Double.NaN})));
        assertThrows(IllegalArgumentException.class, () -> CheckpointMetadata.save(file, Map.of("with space", new double[0])));
        assertThrows(IllegalArgumentException.class, () -> CheckpointMetadata.save(file, Map.of("", new double[0])));
        assertThrows(IllegalArgumentException.class, () -> CheckpointMetadata.save(file, null));
        assertFalse(CheckpointMetadata.exists(file));
    }

    @Test
    void requireNamesAMissingOrMisshapenEntry() throws Exception {
        Path file = checkpoint(1);
        CheckpointException missing = assertThrows(CheckpointException.class, () -> CheckpointMetadata.require(entries(), "c", -1, file));
        assertTrue(missing.getMessage().contains("no entry c"), missing.getMessage());
        CheckpointException shape = assertThrows(CheckpointException.class, () -> CheckpointMetadata.require(entries(), "b.second", 3, file));
        assertTrue(shape.getMessage().contains("2 value(s) for b.second; expected 3"), shape.getMessage());
    }
}
