package org.rnn4j.examples;

import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * The fenced {@code java} blocks of a markdown file, and how each becomes Java source.
 *
 * <p>A block is compiled as it stands when it declares a top-level type (a line at column 0 that
 * starts with {@code class}, {@code interface}, {@code record}, {@code enum}, or one of those after
 * {@code public}, {@code abstract} or {@code final}); otherwise its leading {@code import} lines stay
 * at the top and the rest becomes the body of {@code main(String[]) throws Exception} in a class of
 * its own. So a README snippet shows its imports, and when the API changes, editing the README is
 * all it takes. Types that a snippet asks the reader to write (a backend of their own, say) are
 * declared once in {@code examples/src/test/readme-context} and compiled with every block.
 */
final class ReadmeSnippets {
    private static final Pattern FENCE = Pattern.compile("(?m)^```java[ \\t]*\\R(.*?)^```[ \\t]*$", Pattern.DOTALL);
    private static final Pattern TOP_LEVEL_TYPE = Pattern.compile(
            "(?m)^((public|abstract|final|sealed)\\s+)*(class|interface|record|enum)\\s+(\\w+)");

    private ReadmeSnippets() {
    }

    /** One fenced block: where it starts (1-based line of its opening fence) and its text. */
    static final class Snippet {
        final int line;
        final String code;

        Snippet(int line, String code) {
            this.line = line;
            this.code = code;
        }

        /** The name of the class a wrapped fragment gets, unique per line. */
        String className() {
            return "ReadmeSnippetAtLine" + line;
        }

        /** {@return the type name and the source of the compilation unit this block becomes} */
        String[] compilationUnit() {
            Matcher type = TOP_LEVEL_TYPE.matcher(code);
            if (type.find()) {
                return new String[] {type.group(4), code};
            }
            StringBuilder imports = new StringBuilder();
            StringBuilder body = new StringBuilder();
            boolean header = true;
            for (String l : code.split("\\R", -1)) {
                if (header && (l.startsWith("import ") || l.isBlank())) {
                    imports.append(l).append('\n');
                } else {
                    header = false;
                    body.append("        ").append(l).append('\n');
                }
            }
            return new String[] {className(), imports + "public class " + className() + " {\n"
                    + "    public static void main(String[] args) throws Exception {\n" + body + "    }\n}\n"};
        }
    }

    static List<Snippet> extract(String markdown) {
        List<Snippet> out = new ArrayList<>();
        Matcher m = FENCE.matcher(markdown);
        while (m.find()) {
            int line = 1;
            for (int i = 0; i < m.start(); i++) {
                if (markdown.charAt(i) == '\n') {
                    line++;
                }
            }
            out.add(new Snippet(line, m.group(1)));
        }
        return out;
    }

    /** A source held in memory, named as javac expects for its public type. */
    private static final class Source extends SimpleJavaFileObject {
        private final String text;

        Source(String typeName, String text) {
            super(URI.create("string:///" + typeName + Kind.SOURCE.extension), Kind.SOURCE);
            this.text = text;
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return text;
        }
    }

    /** The test's own class path: Surefire's full list when it runs the test, else the JVM's. */
    static String classPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }

    /**
     * Compiles one snippet with the context types against the class path, into {@code outDir}.
     *
     * @return "" if it compiled, else javac's errors, each with its line in the generated source
     */
    static String compile(Snippet snippet, List<Path> context, Path outDir) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalStateException("no system Java compiler: run the tests on a JDK, not a JRE");
        }
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        String[] unit = snippet.compilationUnit();
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
            List<JavaFileObject> sources = new ArrayList<>();
            sources.add(new Source(unit[0], unit[1]));
            for (JavaFileObject f : files.getJavaFileObjectsFromPaths(context)) {
                sources.add(f);
            }
            List<String> options = List.of("--release", "17", "-proc:none", "-Xlint:all,-path,-classfile", "-Werror", "-classpath", classPath(), "-d",
                    outDir.toString());
            StringWriter javacOut = new StringWriter();
            boolean ok = javac.getTask(javacOut, files, diagnostics, options, null, sources).call();
            if (ok) {
                return "";
            }
            StringBuilder sb = new StringBuilder(javacOut.toString());
            for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                sb.append(d.getKind()).append(" at line ").append(d.getLineNumber()).append(" of the generated source: ")
                        .append(d.getMessage(Locale.ROOT)).append('\n');
            }
            return sb.append("generated source:\n").append(unit[1]).toString();
        }
    }

    /** The .java files of a context folder, sorted; none if the folder does not exist. */
    static List<Path> context(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
    }

    /** README.md of the repository: the examples module's parent folder. */
    static Path readme() {
        return Path.of("").toAbsolutePath().getParent().resolve("README.md");
    }
}
