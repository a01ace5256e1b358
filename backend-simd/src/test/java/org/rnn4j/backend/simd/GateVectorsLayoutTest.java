package org.rnn4j.backend.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeMap;
import java.util.spi.ToolProvider;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@link GateVectors}' kernels stay longer than C2's limit for inlining a hot method (FreqInlineSize,
 * 325 bytes of bytecode on x86-64, JDK 17 to 25), so that each is compiled on its own and never
 * inside a larger caller, where C2 could reach its node limit and leave Vector API calls to their
 * boxing fallback. A kernel made shorter fails here, before it shows up as allocation in a training
 * step.
 */
class GateVectorsLayoutTest {
    private static final int FREQ_INLINE_SIZE = 325;

    @Test
    void everyKernelIsTooLongToBeInlined() throws URISyntaxException {
        Path classes = Path.of(GateVectors.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        ToolProvider javap = ToolProvider.findFirst("javap").orElseThrow();
        StringWriter out = new StringWriter();
        int rc = javap.run(new PrintWriter(out), new PrintWriter(out), "-c", "-p", "-cp", classes.toString(), GateVectors.class.getName());
        assertEquals(0, rc, out.toString());
        // A method's header line, then its instructions "  NNN: opcode"; the last offset is about its length.
        TreeMap<String, Integer> lengths = new TreeMap<>();
        String method = null;
        Matcher m;
        for (String line : out.toString().split("\n")) {
            if ((m = Pattern.compile("^  static void (\\w+)\\(").matcher(line)).find()) {
                method = m.group(1);
            } else if (line.matches("^  \\S.*")) {
                method = null;                    // another member: a field or the static initializer
            } else if (method != null && (m = Pattern.compile("^\\s+(\\d+): ").matcher(line)).find()) {
                lengths.put(method, Integer.parseInt(m.group(1)));
            }
        }
        assertEquals(Set.of("lstmBackward", "gruBackward"), lengths.keySet(), "the kernels javap found: " + lengths);
        lengths.forEach((name, length) -> assertTrue(length > FREQ_INLINE_SIZE,
                name + " is " + length + " bytes of bytecode, within C2's inlining limit of " + FREQ_INLINE_SIZE));
    }
}
