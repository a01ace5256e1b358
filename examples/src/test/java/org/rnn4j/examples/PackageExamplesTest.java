package org.rnn4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The overviews of {@code org.rnn4j.core} and {@code org.rnn4j.interop} open with a code example
 * (a {@code <pre>{@code ...}</pre>} block right after the first paragraph), and that example
 * compiles against the build as a README snippet does.
 */
class PackageExamplesTest {
    private static final Pattern EXAMPLE = Pattern.compile("<pre>\\{@code[ \\t]*\\R(.*?)^[ \\t]*\\*[ \\t]*\\}</pre>",
            Pattern.DOTALL | Pattern.MULTILINE);
    private static final Pattern COMMENT_PREFIX = Pattern.compile("(?m)^[ \\t]*\\*( |$)");

    /** Where the package overview's example may start at the latest: after a first paragraph of a few lines. */
    private static final int LATEST_START_LINE = 6;

    @TempDir
    Path out;

    /** The first example of a package-info's comment, as a snippet numbered by its line in the file; null if none. */
    static ReadmeSnippets.Snippet example(String packageInfo) {
        Matcher m = EXAMPLE.matcher(packageInfo);
        if (!m.find()) {
            return null;
        }
        int line = 1;
        for (int i = 0; i < m.start(); i++) {
            if (packageInfo.charAt(i) == '\n') {
                line++;
            }
        }
        return new ReadmeSnippets.Snippet(line, COMMENT_PREFIX.matcher(m.group(1)).replaceAll(""));
    }

    @TestFactory
    Stream<DynamicTest> theCoreAndInteropOverviewsOpenWithAnExampleThatCompiles() {
        Path root = ReadmeSnippets.readme().getParent();
        return Stream.of("rnn-core/src/main/java/org/rnn4j/core/package-info.java", "rnn-interop/src/main/java/org/rnn4j/interop/package-info.java")
                .map(file -> DynamicTest.dynamicTest(file, () -> {
                    ReadmeSnippets.Snippet s = example(Files.readString(root.resolve(file), StandardCharsets.UTF_8));
                    assertTrue(s != null, file + " has no <pre>{@code ...}</pre> example");
                    assertTrue(s.line <= LATEST_START_LINE, file + ": the example starts at line " + s.line + ", not in the opening");
                    Path dir = Files.createDirectories(out.resolve(file.replace('/', '_')));
                    assertEquals("", ReadmeSnippets.compile(s, List.of(), dir), "the example of " + file + " does not compile");
                }));
    }

    @Test
    void theExampleLosesItsCommentPrefixButKeepsItsIndentation() {
        ReadmeSnippets.Snippet s = example("/**\n * Text.\n *\n * <pre>{@code\n * int a = 1;\n * if (a > 0) {\n *     a++;\n * }\n * }</pre>\n */\n");
        assertEquals(4, s.line);
        assertEquals("int a = 1;\nif (a > 0) {\n    a++;\n}\n", s.code);
    }

    /** Control: an example that no longer matches the API fails with javac's message. */
    @Test
    void controlAnExampleOfAMissingMethodFails() throws IOException {
        ReadmeSnippets.Snippet s = example("/**\n * T.\n * <pre>{@code\n * import org.rnn4j.core.Rnn;\n *\n"
                + " * Rnn model = Rnn.builder().layerCount(2).build();\n * }</pre>\n */\n");
        String errors = ReadmeSnippets.compile(s, List.of(), out);
        assertTrue(errors.contains("cannot find symbol") && errors.contains("layerCount"), errors);
    }
}
