package org.rnn4j.backend.simd;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes backend-simd's FLOAT32 kernels from their FLOAT64 sources, as EJML's autocode writes its
 * float code from the double code: GemmF.java from GemmD.java and ElementsF.java from ElementsD.java.
 * A fix is made once, in the double file, then the float file is regenerated;
 * {@code GeneratedFloatCodeTest} fails while the committed float file differs from what this
 * makes. Run it from the repository root (it needs nothing but the JDK):
 * <pre>
 * java backend-simd/src/test/java/org/rnn4j/backend/simd/Float32Generator.java
 * </pre>
 * The rules, in order: {@code DoubleVector} → {@code FloatVector}, {@code VectorSpecies<Double>} →
 * {@code VectorSpecies<Float>}, each source's class name (…D → …F), the word {@code double} →
 * {@code float}, {@code FLOAT64} → {@code FLOAT32}, and a decimal literal such as {@code 0.0} gets
 * the suffix {@code f}; the source's javadoc paragraph that starts as {@link #NOTE_START} becomes
 * one that names the source. A source therefore writes its literals with a decimal point and mentions no
 * double-only API.
 */
final class Float32Generator {
    /** The FLOAT64 sources, by class name; each ends in D and its twin is the same name ending in F. */
    static final List<String> SOURCES = List.of("GemmD", "ElementsD");

    /** Where the sources are, relative to the repository root. */
    static final Path PACKAGE = Path.of("backend-simd/src/main/java/org/rnn4j/backend/simd");

    /** How the javadoc paragraph that each source has, saying it is the source, starts; the twin's says where it comes from. */
    static final String NOTE_START = " * <p>This file is the source of its FLOAT32 twin:";

    private static final Pattern SOURCE_NOTE = Pattern.compile(Pattern.quote(NOTE_START) + "(?s).*?regenerate\\.\n");
    private static final Pattern DOUBLE_WORD = Pattern.compile("\\bdouble\\b");
    private static final Pattern DECIMAL = Pattern.compile("(?<![\\w.])(\\d+\\.\\d+)(?![\\w.])");

    private Float32Generator() {
    }

    /**
     * The FLOAT32 twin's name.
     *
     * @param doubleClass a name from {@link #SOURCES}
     * @return the name with F for its final D
     */
    static String floatName(String doubleClass) {
        if (!doubleClass.endsWith("D")) {
            throw new IllegalArgumentException("a FLOAT64 source's name ends in D, got '" + doubleClass + "'");
        }
        return doubleClass.substring(0, doubleClass.length() - 1) + "F";
    }

    /**
     * Decimal literals of code as float literals ({@code 0.5} to {@code 0.5f}); comments (a line's text
     * after {@code //}, and lines of a block comment) keep their figures as written.
     */
    static String floatLiterals(String source) {
        StringBuilder out = new StringBuilder(source.length() + 64);
        for (String line : source.split("\n", -1)) {
            String trimmed = line.stripLeading();
            int comment = line.indexOf("//");
            if (trimmed.startsWith("*") || trimmed.startsWith("/*")) {
                out.append(line);
            } else if (comment >= 0) {
                out.append(DECIMAL.matcher(line.substring(0, comment)).replaceAll("$1f")).append(line.substring(comment));
            } else {
                out.append(DECIMAL.matcher(line).replaceAll("$1f"));
            }
            out.append('\n');
        }
        return out.substring(0, out.length() - 1);
    }

    /**
     * The FLOAT32 source made from a FLOAT64 one.
     *
     * @param name the source's class name, one of {@link #SOURCES}
     * @param doubleSource its text
     * @return the text of its twin
     * @throws IllegalArgumentException if the source lacks the paragraph {@link #NOTE_START}
     */
    static String generate(String name, String doubleSource) {
        String s = doubleSource.replace("DoubleVector", "FloatVector").replace("VectorSpecies<Double>", "VectorSpecies<Float>");
        for (String source : SOURCES) {
            s = s.replaceAll("\\b" + source + "\\b", floatName(source));
        }
        s = DOUBLE_WORD.matcher(s).replaceAll("float").replace("FLOAT64", "FLOAT32");
        s = floatLiterals(s);
        Matcher m = SOURCE_NOTE.matcher(s);
        if (!m.find()) {
            throw new IllegalArgumentException(name + ".java has no javadoc paragraph starting '" + NOTE_START + "'");
        }
        return m.replaceFirst(Matcher.quoteReplacement(" * <p>Generated from " + name + ".java by Float32Generator (backend-simd's tests):\n * edit "
                + name + ".java, not this file, and regenerate.\n"));
    }

    /**
     * Regenerates every FLOAT32 twin.
     *
     * @param args optional: the repository root (default: the working directory)
     * @throws IOException if a file cannot be read or written
     */
    public static void main(String[] args) throws IOException {
        Path dir = (args.length > 0 ? Path.of(args[0]) : Path.of("")).resolve(PACKAGE);
        for (String name : SOURCES) {
            String source = Files.readString(dir.resolve(name + ".java"), StandardCharsets.UTF_8);
            Path target = dir.resolve(floatName(name) + ".java");
            Files.writeString(target, generate(name, source), StandardCharsets.UTF_8);
            System.out.println("wrote " + target);
        }
    }
}
