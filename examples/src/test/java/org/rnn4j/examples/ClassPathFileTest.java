package org.rnn4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * target/classpath.txt, which the build writes for the README's {@code java -cp} line: it lists the
 * run-time class path (rnn4j modules, a backend, EJML, JFreeChart; no test libraries), every entry
 * exists, and the line it documents starts an example.
 */
class ClassPathFileTest {
    private static final Path FILE = Path.of("target/classpath.txt");

    private static List<String> entries() throws IOException {
        return Arrays.asList(Files.readString(FILE, StandardCharsets.UTF_8).trim().split(File.pathSeparator));
    }

    @Test
    void listsTheRunTimeClassPathAndNoTestLibraries() throws IOException {
        List<String> cp = entries();
        for (String needed : new String[] {"rnn-api", "rnn-core", "backend-ejml", "ejml-ddense", "ejml-fdense", "jfreechart"}) {
            assertTrue(cp.stream().anyMatch(e -> e.contains(needed)), needed + " missing from " + cp);
        }
        assertFalse(cp.stream().anyMatch(e -> e.contains("junit") || e.contains("rnn-testkit")), "test scope leaked into " + cp);
        for (String e : cp) {
            assertTrue(Files.exists(Path.of(e)), "class path entry does not exist: " + e);
        }
    }

    @Test
    void theReadmesJavaLineRunsAnExample() throws IOException, InterruptedException {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(javaBin, "-cp", String.join(File.pathSeparator, entries()) + File.pathSeparator + "target/classes",
                "org.rnn4j.examples.SineWave", "--help").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the example did not end");
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.startsWith("Usage: SineWave [--help] [options]"), out);
    }
}
