package org.rnn4j.backend.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * GemmD is GemmF with double for float: this test applies the substitution to GemmF's source and
 * compares everything from the class declaration on, so the two kernels cannot drift apart.
 */
class GemmDoubleIsGeneratedTest {
    private static final Path SOURCES = Path.of("src/main/java/org/rnn4j/backend/simd");

    static String toDouble(String floatSource) {
        return floatSource.replace("FloatVector", "DoubleVector").replace("VectorSpecies<Float>", "VectorSpecies<Double>")
                .replace("GemmF", "GemmD").replaceAll("\\bfloat\\b", "double").replace("0f", "0.0");
    }

    private static String body(String source) {
        return source.substring(source.indexOf("final class "));
    }

    @Test
    void gemmDIsGemmFWithDoubleForFloat() throws IOException {
        String f = Files.readString(SOURCES.resolve("GemmF.java"), StandardCharsets.UTF_8);
        String d = Files.readString(SOURCES.resolve("GemmD.java"), StandardCharsets.UTF_8);
        assertEquals(body(toDouble(f)), body(d));
    }

    @Test
    void theComparisonSeesAChangeInOneKernel() throws IOException {
        String f = Files.readString(SOURCES.resolve("GemmF.java"), StandardCharsets.UTF_8);
        String d = Files.readString(SOURCES.resolve("GemmD.java"), StandardCharsets.UTF_8);
        assertNotEquals(body(toDouble(f.replace("c01 = x.fma(b1, c01);", "c01 = x.fma(b0, c01);"))), body(d));
    }
}
