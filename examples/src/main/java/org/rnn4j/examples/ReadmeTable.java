package org.rnn4j.examples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A results table in markdown, written by an example for the root README: the file
 * ({@code examples/results/*.md}) is what the README shows between its
 * {@code <!-- table: FILE -->} and {@code <!-- end of table -->} markers, and the examples' tests
 * check that the two are equal and that a fresh run reproduces the file's deterministic columns.
 * So a figure in the README is always the output of the command the file names.
 */
final class ReadmeTable {
    private final List<String> header;
    private final String alignment;
    private final List<List<String>> rows = new ArrayList<>();

    /**
     * @param alignment one character per column: {@code l} left, {@code r} right
     * @param header the column titles
     */
    ReadmeTable(String alignment, String... header) {
        if (alignment.length() != header.length || !alignment.matches("[lr]*")) {
            throw new IllegalArgumentException("alignment '" + alignment + "' must give l or r for each of " + header.length + " columns");
        }
        this.alignment = alignment;
        this.header = List.of(header);
    }

    ReadmeTable row(String... cells) {
        if (cells.length != header.size()) {
            throw new IllegalArgumentException("a row of " + cells.length + " cells in a table of " + header.size() + " columns");
        }
        rows.add(List.of(cells));
        return this;
    }

    /** The table's lines: header, alignment, one line per row. */
    String markdown() {
        StringBuilder sb = new StringBuilder();
        sb.append(line(header));
        List<String> align = new ArrayList<>();
        for (char c : alignment.toCharArray()) {
            align.add(c == 'r' ? "---:" : "---");
        }
        sb.append(line(align));
        for (List<String> r : rows) {
            sb.append(line(r));
        }
        return sb.toString();
    }

    private static String line(List<String> cells) {
        return "| " + String.join(" | ", cells) + " |\n";
    }

    /**
     * Writes the file: the caption, the table, and the command that made it.
     *
     * @return the file's absolute path
     */
    Path write(Path file, String command, String caption) throws IOException {
        String text = caption + "\n\n" + markdown() + "\nWritten by `" + command + "`.\n";
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file.toAbsolutePath();
    }

    /** The cells of every row of the first table in a markdown text, the header and alignment lines left out. */
    static List<List<String>> rows(String markdown) {
        List<List<String>> out = new ArrayList<>();
        int tableLine = 0;
        for (String l : markdown.split("\\R")) {
            if (!l.startsWith("|")) {
                if (tableLine > 0) {
                    break;
                }
                continue;
            }
            if (tableLine++ < 2) {
                continue;
            }
            List<String> cells = new ArrayList<>();
            for (String c : l.substring(1, l.length() - 1).split("\\|", -1)) {
                cells.add(c.trim());
            }
            out.add(cells);
        }
        return out;
    }

    /**
     * Whether a table file was written on this JDK's feature release (its caption names the JDK, as
     * {@link #machine()} writes it). Figures of a FLOAT64 run repeat bit for bit only there: JDK 24 and
     * later compute {@code Math.tanh} and friends with other intrinsics, within their 1-ulp bound but not
     * to the same bits, and a long training run carries such differences into the third digit.
     */
    static boolean writtenOnThisJdk(String tableFile) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("JDK (\\d+)").matcher(tableFile);
        return m.find() && Integer.parseInt(m.group(1)) == Runtime.version().feature();
    }

    /** The rows with one column blanked: wall times are the one figure a rerun cannot repeat. */
    static List<List<String>> withoutColumn(List<List<String>> rows, int column) {
        List<List<String>> out = new ArrayList<>();
        for (List<String> row : rows) {
            List<String> copy = new ArrayList<>(row);
            copy.set(column, "");
            out.add(copy);
        }
        return out;
    }

    /** Where and when a table was measured: JDK, CPU model, cores and load, date (UTC). */
    static String machine() {
        String cpu = System.getProperty("os.arch");
        try {
            Path info = Path.of("/proc/cpuinfo");
            if (Files.isReadable(info)) {
                for (String l : Files.readAllLines(info, StandardCharsets.UTF_8)) {
                    if (l.startsWith("model name")) {
                        cpu = l.substring(l.indexOf(':') + 1).trim();
                        break;
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // the architecture alone then
        }
        String load = "";
        try {
            Path loadavg = Path.of("/proc/loadavg");
            if (Files.isReadable(loadavg)) {
                // Wall times depend on what else the machine runs: the 1-minute load average says how busy it was.
                load = ", load average " + Files.readString(loadavg, StandardCharsets.UTF_8).trim().split("\\s+")[0];
            }
        } catch (IOException | RuntimeException e) {
            // no load figure then
        }
        return String.format(Locale.ROOT, "JDK %s, %s (%d cores%s), %s", System.getProperty("java.version"), cpu,
                Runtime.getRuntime().availableProcessors(), load, LocalDate.now(ZoneOffset.UTC));
    }

    /** A figure with three significant digits, in the form the tables use ({@code 0.470}, {@code 2.67e-05}). */
    static String figure(double v) {
        return String.format(Locale.ROOT, "%.3g", v);
    }

    /** Seconds with one decimal: {@code 2.8 s}. */
    static String seconds(double s) {
        return String.format(Locale.ROOT, "%.1f s", s);
    }
}
