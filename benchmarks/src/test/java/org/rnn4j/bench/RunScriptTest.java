package org.rnn4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * benchmarks/run.sh, run on a copy beside stand-ins for {@code mvnw} and {@code java} that only
 * record their arguments: --help answers without building, and the script builds with -Pbench and
 * runs the JDK that JAVA_HOME names.
 */
class RunScriptTest {
    @TempDir
    Path root;

    private Path log;

    @BeforeEach
    void createCallLog() throws IOException {
        log = Files.writeString(root.resolve("calls.log"), "");
    }

    private void stub(Path file, String name) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "#!/bin/sh\necho \"" + name + " $*\" >> '" + log + "'\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private String run(Map<String, String> env, String... args) throws IOException, InterruptedException {
        Path script = root.resolve("benchmarks/run.sh");
        Files.createDirectories(script.getParent());
        Files.copy(Path.of("run.sh"), script);
        stub(root.resolve("mvnw"), "mvnw");
        String[] command = new String[args.length + 2];
        command[0] = "bash";
        command[1] = script.toString();
        System.arraycopy(args, 0, command, 2, args.length);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().remove("JAVA_HOME");
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "run.sh did not end");
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    @Test
    void helpPrintsTheUsageAndBuildsNothing() throws Exception {
        String out = run(Map.of(), "--quick", "--help");
        assertTrue(out.startsWith("Usage: benchmarks/run.sh [--include NAMES | --regex REGEX]"), out);
        assertTrue(out.contains("--param NAME=V1,V2"), out);
        assertEquals("", Files.readString(log), "--help must not build");
    }

    @Test
    void buildsTheShadedJarWithTheBenchProfileAndRunsJavaFromJavaHome() throws Exception {
        Path jdk = root.resolve("some-jdk");
        stub(jdk.resolve("bin/java"), "java-from-java-home");
        run(Map.of("JAVA_HOME", jdk.toString()), "--quick", "--include", "Gemm");
        String[] calls = Files.readString(log).split("\n");
        assertEquals(2, calls.length, String.join("\n", calls));
        assertTrue(calls[0].startsWith("mvnw ") && calls[0].contains("-Pbench") && calls[0].contains(" package"), calls[0]);
        assertEquals("java-from-java-home -cp benchmarks/target/benchmarks.jar org.rnn4j.bench.Report --quick --include Gemm", calls[1]);
    }
}
