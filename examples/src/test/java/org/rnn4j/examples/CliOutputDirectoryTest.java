package org.rnn4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the examples write their files by default (issue #24: the build directory, not the working directory). */
class CliOutputDirectoryTest {
    private static final Path WORKING_DIRECTORY = Path.of("").toAbsolutePath();

    @TempDir
    Path dir;

    @Test
    void classesFolderWritesIntoItsParentTheBuildDirectory() throws IOException {
        Path classes = Files.createDirectories(dir.resolve("examples/target/classes"));
        assertEquals(dir.resolve("examples/target"), Cli.outputDirectory(classes.toUri().toURL()));
    }

    @Test
    void aJarWritesIntoTheWorkingDirectory() throws IOException {
        Path jar = Files.createFile(dir.resolve("examples.jar"));
        assertEquals(WORKING_DIRECTORY, Cli.outputDirectory(jar.toUri().toURL()));
    }

    @Test
    void aFolderNotNamedClassesWritesIntoTheWorkingDirectory() throws IOException {
        Path other = Files.createDirectories(dir.resolve("out"));
        assertEquals(WORKING_DIRECTORY, Cli.outputDirectory(other.toUri().toURL()));
    }

    @Test
    void noOrNonFileLocationWritesIntoTheWorkingDirectory() throws MalformedURLException {
        assertEquals(WORKING_DIRECTORY, Cli.outputDirectory(null));
        assertEquals(WORKING_DIRECTORY, Cli.outputDirectory(new URL("http://example.org/classes/")));
    }

    @Test
    void theExamplesBuiltByMavenWriteIntoExamplesTarget() {
        Path out = Cli.outputDirectory();
        assertTrue(Files.isRegularFile(out.resolve("classes/org/rnn4j/examples/Cli.class")), out.toString());
        assertEquals("target", out.getFileName().toString());
        assertEquals("examples", out.getParent().getFileName().toString());
    }

    @Test
    void theSineDemoPlotsThereByDefault() throws Cli.UsageException {
        assertEquals(Cli.outputDirectory().resolve("sine-wave.png").toString(), SineWave.cli().parse(new String[0]).text("plot"));
    }
}
