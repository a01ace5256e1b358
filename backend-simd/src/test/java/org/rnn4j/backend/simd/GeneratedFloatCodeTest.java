package org.rnn4j.backend.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The committed FLOAT32 kernels are exactly what {@link Float32Generator} makes from their FLOAT64
 * sources, so a fix made in GemmD or ElementsD cannot be left out of GemmF or ElementsF; plus the
 * controls: a change to one kernel is seen, and the twin keeps no double.
 */
class GeneratedFloatCodeTest {
    /** The package folder, from backend-simd (the tests' working directory). */
    private static final Path DIR = Path.of("").toAbsolutePath().getParent().resolve(Float32Generator.PACKAGE);

    static final java.util.List<String> SOURCES = Float32Generator.SOURCES;

    private static String read(String name) throws IOException {
        return Files.readString(DIR.resolve(name + ".java"), StandardCharsets.UTF_8);
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("SOURCES")
    void theCommittedFloatTwinIsWhatTheGeneratorMakes(String name) throws IOException {
        assertEquals(Float32Generator.generate(name, read(name)), read(Float32Generator.floatName(name)),
                Float32Generator.floatName(name) + ".java differs from what Float32Generator makes of " + name
                        + ".java: edit the double source and run the generator (see its javadoc)");
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("SOURCES")
    void theFloatTwinMentionsNoDouble(String name) throws IOException {
        String f = read(Float32Generator.floatName(name));
        assertFalse(Pattern.compile("\\bdouble\\b|Double|FLOAT64").matcher(f).find(), f);
        String code = f.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\\n]*", "");    // figures in comments stay as written
        assertFalse(Pattern.compile("\\b\\d+\\.\\d+\\b(?!f)").matcher(code).find(), code);
        assertTrue(f.contains("final class " + Float32Generator.floatName(name) + " {"));
    }

    @Test
    void aChangeInOneKernelIsSeen() throws IOException {
        String d = read("GemmD");
        String mutated = d.replace("c01 = x.fma(b1, c01);", "c01 = x.fma(b0, c01);");
        assertNotEquals(d, mutated, "the mutation must apply");
        assertNotEquals(Float32Generator.generate("GemmD", mutated), read("GemmF"));
    }

    @Test
    void theRulesTurnEachDoubleFormIntoItsFloatForm() {
        String d = "package p;\n/**\n * FLOAT64 on {@code double[]}.\n *\n" + Float32Generator.NOTE_START + " see the\n * generator; regenerate.\n */\n"
                + "final class GemmD {\n    static final VectorSpecies<Double> S = VectorSpecies.of(double.class, X);\n"
                + "    double z = 0.0; DoubleVector v = DoubleVector.zero(S); int i = 10; ElementsD.axpy(2.0, x, y, n);\n}\n";
        String f = "package p;\n/**\n * FLOAT32 on {@code float[]}.\n *\n * <p>Generated from GemmD.java by Float32Generator (backend-simd's tests):\n"
                + " * edit GemmD.java, not this file, and regenerate.\n */\n"
                + "final class GemmF {\n    static final VectorSpecies<Float> S = VectorSpecies.of(float.class, X);\n"
                + "    float z = 0.0f; FloatVector v = FloatVector.zero(S); int i = 10; ElementsF.axpy(2.0f, x, y, n);\n}\n";
        assertEquals(f, Float32Generator.generate("GemmD", d));
    }

    @Test
    void figuresInCommentsStayAsWritten() {
        String code = "    double a = 0.5; // took 50.2 ms, not 52.8\n    /*\n     * moved by 0.011\n     */\n    double b = 1.5 * a;";
        assertEquals("    double a = 0.5f; // took 50.2 ms, not 52.8\n    /*\n     * moved by 0.011\n     */\n    double b = 1.5f * a;",
                Float32Generator.floatLiterals(code));
    }

    @Test
    void aSourceWithoutItsNoteIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Float32Generator.generate("GemmD", "final class GemmD {}"));
        assertTrue(e.getMessage().contains("GemmD.java has no javadoc paragraph"), e.getMessage());
    }

    @Test
    void aNameThatDoesNotEndInDIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Float32Generator.floatName("Gemm"));
    }
}
