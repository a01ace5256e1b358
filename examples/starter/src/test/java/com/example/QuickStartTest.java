package com.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.core.Checkpoint;
import org.rnn4j.spi.Backends;

class QuickStartTest {
    @TempDir
    Path dir;

    @Test
    void trainsOnTheDefaultBackendAndSavesAModelThatLoads() throws Exception {
        assertEquals("simd", Backends.get().name(), "the surefire argLine gives the JVM --add-modules jdk.incubator.vector");
        Path file = dir.resolve("model.ckpt");
        QuickStart.main(new String[] {file.toString()});
        assertTrue(Files.size(file) > 0);
        assertEquals(1, Checkpoint.load(file).model().outputSize());
    }
}
