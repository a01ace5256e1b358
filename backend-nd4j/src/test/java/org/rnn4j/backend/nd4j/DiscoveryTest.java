package org.rnn4j.backend.nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.rnn4j.api.DType;
import org.rnn4j.spi.Backend;
import org.rnn4j.spi.BackendStatus;
import org.rnn4j.spi.Backends;

/** Which backend wins with both present, what happens when ND4J's natives cannot load, and ND4J's globals. */
class DiscoveryTest {

    @Test
    void withBothPresentEjmlIsTheDefaultAndNd4jIsChosenByName() {
        List<String> seen = Backends.available().stream().map(BackendStatus::toString).sorted().collect(Collectors.toList());
        assertEquals(List.of("ejml (priority 100, available)", "nd4j (priority 50, available)"), seen);
        assertEquals("ejml", Backends.get().name());
        assertEquals("nd4j", Backends.get("nd4j").name());
        assertNull(new Nd4jBackendProvider().unavailableReason());
    }

    @Test
    void theBackendLeavesNd4jsGlobalSettingsAlone() {
        DataType before = Nd4j.defaultFloatingPointType();
        Backend be = Backends.get("nd4j");
        be.gemmInto(1, be.zeros(DType.FLOAT64, 3, 3), false, be.zeros(DType.FLOAT64, 3, 3), false, 0, be.zeros(DType.FLOAT64, 3, 3));
        assertEquals(before, Nd4j.defaultFloatingPointType());
        assertEquals(DataType.DOUBLE, Nd4jBackend.array(be.zeros(DType.FLOAT64, 2, 2)).dataType());
        assertEquals('c', Nd4jBackend.array(be.zeros(DType.FLOAT32, 2, 2)).ordering());
        assertTrue(Nd4j.getMemoryManager().getCurrentWorkspace() == null, "no workspace may be opened");
    }

    /**
     * A fresh JVM in which JavaCPP looks for the natives of a platform that has none: nd4j must be
     * listed as unavailable with the reason, and EJML chosen.
     */
    @Test
    void whenNativesCannotLoadNd4jIsListedUnavailableAndEjmlIsChosen() throws IOException, InterruptedException {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        List<String> cmd = new ArrayList<>(List.of(java, "-Dorg.bytedeco.javacpp.platform=linux-nonexistent",
                "-cp", System.getProperty("java.class.path"), NativesMissingMain.class.getName()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the forked JVM did not finish");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("nd4j (priority 50, unavailable: ND4J's native libraries could not load ("), out);
        assertTrue(out.contains("is org.nd4j:nd4j-native-platform for this platform (javacpp.platform) on the class path?)"), out);
        assertTrue(out.contains("ejml (priority 100, available)"), out);
        assertTrue(out.contains("chosen: ejml"), out);
    }

    /** Run in the forked JVM. */
    static final class NativesMissingMain {
        private NativesMissingMain() {
        }

        public static void main(String[] args) {
            for (BackendStatus s : Backends.available()) {
                System.out.println(s);
            }
            System.out.println("chosen: " + Backends.get().name());
        }
    }
}
