package org.rnn4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BackendCheckTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return BackendCheck.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void listsBothPureJavaBackendsPicksSimdAndTimesBothDtypes() {
        assertEquals(0, run("--size", "16"));
        String text = out();
        assertTrue(text.contains("  ejml (priority 100, available)"), text);
        assertTrue(text.contains("  simd (priority 200, available)"), text);
        assertTrue(text.contains("Backends.get() picks: simd"), text);
        assertTrue(text.contains("simd FLOAT32 gemm 16x16: "), text);
        assertTrue(text.contains("ejml FLOAT32 gemm 16x16: "), text);
        assertTrue(text.contains("ejml FLOAT64 gemm 16x16: "), text);
        assertEquals("", err());
    }

    @Test
    void helpPrintsUsage() {
        assertEquals(0, run("--help"));
        assertTrue(out().startsWith("Usage: BackendCheck"), out());
    }

    @Test
    void unknownArgumentIsRejected() {
        assertEquals(2, run("--sise", "3"));
        assertTrue(err().startsWith("unknown argument '--sise'"), err());
        assertTrue(err().contains("Run with --help to see the options."), err());
    }

    @Test
    void badSizesAreRejectedWithTheValue() {
        assertEquals(2, run("--size", "0"));
        assertTrue(err().startsWith("--size must be a whole number from 1 to 4096, got '0'"), err());
        err.reset();
        assertEquals(2, run("--size", "big"));
        assertTrue(err().startsWith("--size must be a whole number from 1 to 4096, got 'big'"), err());
        err.reset();
        assertEquals(2, run("--size"));
        assertTrue(err().startsWith("--size needs a value"), err());
    }
}
