package org.rnn4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every fenced {@code java} block of the repository's README.md compiles against the build (see
 * {@link ReadmeSnippets} for how a block becomes source). A snippet that stops compiling fails here
 * with javac's message and the README line of its fence.
 */
class ReadmeSnippetsTest {
    @TempDir
    Path out;

    private static List<Path> context() throws IOException {
        return ReadmeSnippets.context(Path.of("src/test/readme-context"));
    }

    @TestFactory
    Stream<DynamicTest> everyJavaBlockOfTheReadmeCompiles() throws IOException {
        List<ReadmeSnippets.Snippet> snippets = ReadmeSnippets.extract(Files.readString(ReadmeSnippets.readme(), StandardCharsets.UTF_8));
        // The README has the "Using it" program, the backend API fragment and the backend-author class at least.
        assertTrue(snippets.size() >= 3, "found only " + snippets.size() + " java blocks in " + ReadmeSnippets.readme());
        List<Path> context = context();
        return snippets.stream().map(s -> DynamicTest.dynamicTest("README.md line " + s.line, () -> {
            Path dir = Files.createDirectories(out.resolve("line" + s.line));
            assertEquals("", ReadmeSnippets.compile(s, context, dir), "the java block at README.md line " + s.line + " does not compile");
        }));
    }

    @Test
    void extractFindsEachBlockWithItsFenceLineAndSkipsOtherLanguages() {
        String md = "# t\n```xml\n<a/>\n```\ntext\n```java\nint a = 1;\n```\n\n```java\nclass A {}\n```\n";
        List<ReadmeSnippets.Snippet> s = ReadmeSnippets.extract(md);
        assertEquals(2, s.size());
        assertEquals(6, s.get(0).line);
        assertEquals("int a = 1;\n", s.get(0).code);
        assertEquals(10, s.get(1).line);
        assertEquals("class A {}\n", s.get(1).code);
    }

    @Test
    void fragmentWithImportsIsWrappedInAMainThatMayThrow() throws IOException {
        ReadmeSnippets.Snippet s = new ReadmeSnippets.Snippet(3,
                "import java.nio.file.Files;\nimport java.nio.file.Path;\n\nString text = Files.readString(Path.of(\"x\"));\n");
        String[] unit = s.compilationUnit();
        assertEquals("ReadmeSnippetAtLine3", unit[0]);
        assertTrue(unit[1].startsWith("import java.nio.file.Files;\nimport java.nio.file.Path;\n\npublic class ReadmeSnippetAtLine3 {"), unit[1]);
        // Files.readString throws the checked IOException: this compiles only inside main(...) throws Exception.
        assertEquals("", ReadmeSnippets.compile(s, List.of(), out));
    }

    @Test
    void controlBrokenSnippetFailsWithJavacsMessage() throws IOException {
        ReadmeSnippets.Snippet s = new ReadmeSnippets.Snippet(7, "import org.rnn4j.api.DType;\n\nDType d = DType.FLOAT16;\n");
        String errors = ReadmeSnippets.compile(s, List.of(), out);
        assertTrue(errors.contains("cannot find symbol") && errors.contains("FLOAT16"), errors);
    }

    @Test
    void controlSnippetWithoutItsImportsFails() throws IOException {
        ReadmeSnippets.Snippet s = new ReadmeSnippets.Snippet(9, "Rnn model = Rnn.builder().inputSize(1).hiddenSize(4).outputSize(1).build();\n");
        String errors = ReadmeSnippets.compile(s, List.of(), out);
        assertTrue(errors.contains("cannot find symbol") && errors.contains("Rnn"), errors);
    }

    @Test
    void controlCheckedExceptionOutsideMainFails() throws IOException {
        // A complete class is compiled as written: an unhandled checked exception there is an error.
        ReadmeSnippets.Snippet s = new ReadmeSnippets.Snippet(11, "import java.nio.file.Files;\nimport java.nio.file.Path;\n\n"
                + "public class Reader {\n    static String read() {\n        return Files.readString(Path.of(\"x\"));\n    }\n}\n");
        assertEquals("Reader", s.compilationUnit()[0]);
        String errors = ReadmeSnippets.compile(s, List.of(), out);
        assertTrue(errors.contains("unreported exception java.io.IOException"), errors);
    }
}
