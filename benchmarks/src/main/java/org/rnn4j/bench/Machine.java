package org.rnn4j.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The CPU a report ran on, from Linux's {@code /proc/cpuinfo}: model name, the vector extensions that
 * bound the gemm peak (FMA, AVX2, AVX-512F) and the clock the kernel reports (the current clock of the
 * first core, or the nominal one on a virtual machine). Elsewhere each is "unknown".
 */
final class Machine {
    private static final List<String> FLAGS = List.of("fma", "avx2", "avx512f");

    final String model;
    final List<String> flags;
    final String clock;

    private Machine(String model, List<String> flags, String clock) {
        this.model = model;
        this.flags = flags;
        this.clock = clock;
    }

    /**
     * Reads this machine's /proc/cpuinfo.
     *
     * @return the CPU, with "unknown" for what could not be read
     */
    static Machine current() {
        try {
            return parse(Files.readString(Path.of("/proc/cpuinfo"), StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            return parse("");
        }
    }

    /**
     * Reads the first processor's entry of a /proc/cpuinfo text.
     *
     * @param cpuinfo the text
     * @return the CPU
     */
    static Machine parse(String cpuinfo) {
        String model = "unknown";
        String clock = "unknown";
        Set<String> have = new HashSet<>();
        for (String line : cpuinfo.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon).trim();
            String value = line.substring(colon + 1).trim();
            if (key.equals("model name") && model.equals("unknown")) {
                model = value;
            } else if (key.equals("cpu MHz") && clock.equals("unknown")) {
                try {
                    clock = String.format(Locale.ROOT, "%.0f MHz", Double.parseDouble(value));
                } catch (NumberFormatException e) {
                    clock = "unknown";
                }
            } else if (key.equals("flags") && have.isEmpty()) {
                have.addAll(Arrays.asList(value.split("\\s+")));
            }
        }
        List<String> flags = new ArrayList<>();
        for (String f : FLAGS) {
            if (have.contains(f)) {
                flags.add(f.toUpperCase(Locale.ROOT).replace("AVX512F", "AVX-512F"));
            }
        }
        return new Machine(model, flags, clock);
    }

    /**
     * One line for a report's header.
     *
     * @return e.g. "CPU: AMD EPYC; FMA AVX2 AVX-512F; clock 2096 MHz (as /proc/cpuinfo reports it)"
     */
    String describe() {
        return "CPU: " + model + "; " + (flags.isEmpty() ? "no FMA, AVX2 or AVX-512F" : String.join(" ", flags)) + "; clock " + clock
                + (clock.equals("unknown") ? "" : " (as /proc/cpuinfo reports it)");
    }
}
