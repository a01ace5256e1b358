package org.rnn4j.backend.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a main class of the test class path in a JVM of its own, for tests that need other JVM options. */
final class ForkedJvm {
    private static final long TIMEOUT_SECONDS = 120;

    private ForkedJvm() {
    }

    /**
     * Starts the JVM, waits for it, and fails the test if it runs longer than two minutes (it is then
     * killed) or exits with another status than 0. It is waited for before its output is read, so that a
     * child that hangs fails the test instead of blocking it: meant for children that print little
     * (less than the pipe holds, 64 KB on Linux).
     *
     * @param jvmOptions options before {@code -cp}
     * @param main the class whose main runs
     * @param args its arguments
     * @return what the child printed, standard output and error together
     */
    static String run(List<String> jvmOptions, Class<?> main, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        boolean finished = p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (!finished) {
            p.destroyForcibly();
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(finished, "the forked JVM did not finish in " + TIMEOUT_SECONDS + " s: " + out);
        assertEquals(0, p.exitValue(), out);
        return out;
    }
}
