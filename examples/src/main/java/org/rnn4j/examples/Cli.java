package org.rnn4j.examples;

import java.io.PrintStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The examples' command-line flags: {@code --name value} pairs declared with a default and a help
 * text, {@code --help}, and typed accessors whose errors name the flag, the allowed range and the
 * value given.
 */
final class Cli {

    /** A bad command line; the message says what is wrong. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    private final String usageLine;
    private final String description;
    private final Map<String, String[]> options = new LinkedHashMap<>(); // name → {default, help}
    private final Map<String, String> values = new LinkedHashMap<>();
    private boolean help;

    Cli(String program, String description) {
        this.usageLine = "Usage: " + program + " [--help] [options]";
        this.description = description;
    }

    Cli option(String name, String defaultValue, String help) {
        options.put(name, new String[] {defaultValue, help});
        return this;
    }

    /**
     * Parses the arguments.
     *
     * @return this, for the typed accessors; {@link #helpRequested()} tells whether to print the usage instead
     */
    Cli parse(String[] args) throws UsageException {
        values.clear();
        help = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--help") || a.equals("-h")) {
                help = true;
                continue;
            }
            if (!a.startsWith("--") || !options.containsKey(a.substring(2))) {
                throw new UsageException("unknown argument '" + a + "'");
            }
            if (i + 1 >= args.length) {
                throw new UsageException(a + " needs a value");
            }
            values.put(a.substring(2), args[++i]);
        }
        return this;
    }

    boolean helpRequested() {
        return help;
    }

    String usage() {
        StringBuilder sb = new StringBuilder(usageLine).append(System.lineSeparator()).append("  ").append(description)
                .append(System.lineSeparator());
        for (Map.Entry<String, String[]> e : options.entrySet()) {
            sb.append(String.format(Locale.ROOT, "  --%-14s %s (default %s)%n", e.getKey() + " V", e.getValue()[1], e.getValue()[0]));
        }
        sb.append("  Choose the backend with -Drnn4j.backend=NAME (or RNN4J_BACKEND); the default is the highest-priority one.");
        return sb.toString();
    }

    private String raw(String name) {
        String v = values.get(name);
        return v != null ? v : options.get(name)[0];
    }

    int integer(String name, int min, int max) throws UsageException {
        String v = raw(name);
        try {
            int n = Integer.parseInt(v.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("--" + name + " must be a whole number from " + min + " to " + max + ", got '" + v + "'");
    }

    double real(String name, double minExclusive, double max) throws UsageException {
        String v = raw(name);
        try {
            double d = Double.parseDouble(v.trim());
            if (d > minExclusive && d <= max) {
                return d;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("--" + name + " must be a number above " + minExclusive + " and at most " + max + ", got '" + v + "'");
    }

    double nonNegative(String name, double max) throws UsageException {
        String v = raw(name);
        try {
            double d = Double.parseDouble(v.trim());
            if (d >= 0 && d <= max) {
                return d;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("--" + name + " must be a number from 0 to " + max + ", got '" + v + "'");
    }

    String choice(String name, String... allowed) throws UsageException {
        String v = raw(name);
        for (String a : allowed) {
            if (a.equalsIgnoreCase(v.trim())) {
                return a;
            }
        }
        throw new UsageException("--" + name + " must be one of " + String.join(", ", allowed) + ", got '" + v + "'");
    }

    String text(String name) {
        return raw(name);
    }

    /**
     * Runs a program body with the examples' conventions: usage on --help (exit 0), the error and a
     * hint on a bad command line (exit 2).
     */
    static int run(Cli cli, String[] args, PrintStream out, PrintStream err, Body body) {
        try {
            cli.parse(args);
            if (cli.helpRequested()) {
                out.println(cli.usage());
                return 0;
            }
            return body.run(cli);
        } catch (UsageException e) {
            err.println(e.getMessage());
            err.println("Run with --help to see the options.");
            return 2;
        }
    }

    /**
     * Where the examples write files unless told otherwise: the examples module's build directory
     * ({@code examples/target}) when the classes run from their build folder, as they do under
     * Maven and with the README's {@code java -cp ...:examples/target/classes} command, whatever the
     * working directory; the working directory when they run from a jar or anywhere else.
     *
     * @param codeSource where the examples' classes were loaded from (a folder or a jar), or null
     * @return the directory to write into
     */
    static Path outputDirectory(URL codeSource) {
        if (codeSource != null && "file".equals(codeSource.getProtocol())) {
            try {
                Path classes = Path.of(codeSource.toURI());
                Path parent = classes.getParent();
                if (Files.isDirectory(classes) && classes.getFileName().toString().equals("classes") && parent != null) {
                    return parent;
                }
            } catch (URISyntaxException | IllegalArgumentException e) {
                // not a plain file URL: fall back to the working directory
            }
        }
        return Path.of("").toAbsolutePath();
    }

    /** {@link #outputDirectory(URL)} for the folder or jar these examples were loaded from. */
    static Path outputDirectory() {
        CodeSource source = Cli.class.getProtectionDomain().getCodeSource();
        return outputDirectory(source == null ? null : source.getLocation());
    }

    /** Ends the JVM with the code if it signals failure; returns normally on 0 (so Maven's exec:java continues). */
    static void exitOnFailure(int code) {
        if (code != 0) {
            System.exit(code);
        }
    }

    /** A program body that reads its settings from the parsed flags. */
    @FunctionalInterface
    interface Body {
        int run(Cli cli) throws UsageException;
    }
}
