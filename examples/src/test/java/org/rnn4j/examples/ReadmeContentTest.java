package org.rnn4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What the root README copies from files that a build or a command makes: its results tables
 * (between {@code <!-- table: FILE -->} and {@code <!-- end of table -->}) are exactly the files the
 * examples write, and its quick-start program is exactly the starter project's, which the build
 * compiles, tests and packages. So none of them can drift from what the code does.
 */
class ReadmeContentTest {
    private static final Pattern TABLE = Pattern.compile("(?ms)^<!-- table: (\\S+) -->\\R(.*?)^<!-- end of table -->$");
    private static final Path ROOT = ReadmeSnippets.readme().getParent();

    /** Every marked table of a markdown text: file → the text between the markers. */
    static Map<String, String> tables(String markdown) {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = TABLE.matcher(markdown);
        while (m.find()) {
            out.put(m.group(1), m.group(2));
        }
        return out;
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8).replace("\r\n", "\n");
    }

    @Test
    void theReadmesTablesAreExactlyTheFilesTheExamplesWrite() throws IOException {
        Map<String, String> tables = tables(read(ReadmeSnippets.readme()));
        assertEquals(java.util.List.of(SineWave.TABLE_FILE, CharRnn.TABLE_FILE, ElNinoForecast.TABLE_FILE), java.util.List.copyOf(tables.keySet()));
        for (Map.Entry<String, String> t : tables.entrySet()) {
            assertEquals(read(ROOT.resolve(t.getKey())), t.getValue(), "README.md's copy of " + t.getKey()
                    + " differs from the file: copy the file between the markers");
        }
    }

    /** Control: a figure edited by hand in the README is caught. */
    @Test
    void controlAHandEditedFigureDiffers() throws IOException {
        String readme = read(ReadmeSnippets.readme());
        String edited = readme.replaceFirst("\\| 0\\.706 \\|", "| 0.700 |");
        assertTrue(!edited.equals(readme), "the control needs the always-0 baseline's figure in the README");
        assertTrue(!tables(edited).get(SineWave.TABLE_FILE).equals(read(ROOT.resolve(SineWave.TABLE_FILE))));
    }

    @Test
    void theReadmesQuickStartIsTheStarterProjectsProgram() throws IOException {
        String program = read(ROOT.resolve("examples/starter/src/main/java/com/example/QuickStart.java"));
        assertTrue(read(ReadmeSnippets.readme()).contains("```java\n" + program + "```\n"),
                "README.md must show examples/starter/src/main/java/com/example/QuickStart.java verbatim in a java block");
    }

    @Test
    void theStarterUsesThisBuildsVersion() throws IOException {
        String pom = read(ROOT.resolve("examples/starter/pom.xml"));
        String version = read(ROOT.resolve("pom.xml")).replaceFirst("(?s).*?<artifactId>rnn4j-parent</artifactId>\\s*<version>([^<]+)</version>.*", "$1");
        assertTrue(pom.contains("<rnn4j.version>" + version + "</rnn4j.version>"), "examples/starter/pom.xml must use rnn4j " + version);
        assertTrue(read(ReadmeSnippets.readme()).contains("<version>" + version + "</version>"), "README's BOM version");
    }

    /** The JDK check that decides whether a table's figures must repeat exactly. */
    @Test
    void aTableIsOfThisJdkOnlyWhenItsCaptionNamesThisFeatureRelease() {
        int f = Runtime.version().feature();
        assertTrue(ReadmeTable.writtenOnThisJdk("Backend simd; JDK " + f + ".0.3, AMD EPYC (2 cores), 2026-12-06."));
        assertFalse(ReadmeTable.writtenOnThisJdk("Backend simd; JDK " + (f + 1) + ".0.3, AMD EPYC (2 cores), 2026-12-06."));
        assertFalse(ReadmeTable.writtenOnThisJdk("Backend simd, no JDK named"));
    }
}
