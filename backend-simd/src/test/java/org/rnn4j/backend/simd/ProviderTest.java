package org.rnn4j.backend.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.rnn4j.spi.BackendStatus;
import org.rnn4j.spi.Backends;

/** Registration, priority, and what happens on a JVM started without the Vector API. */
class ProviderTest {

    @Test
    void withTheFlagSimdIsAvailableAndTheDefault() {
        List<String> seen = Backends.available().stream().map(BackendStatus::toString).sorted().collect(Collectors.toList());
        assertEquals(List.of("ejml (priority 100, available)", "simd (priority 200, available)"), seen);
        assertEquals("simd", Backends.get().name());
        assertEquals("ejml", Backends.get("ejml").name());
        assertNull(new SimdBackendProvider().unavailableReason());
    }

    @Test
    void theReasonNamesTheFlag() {
        assertEquals("the JDK Vector API (module jdk.incubator.vector) is not enabled; start the JVM with --add-modules jdk.incubator.vector",
                SimdBackendProvider.reason(Optional.empty()));
        assertNull(SimdBackendProvider.reason(ModuleLayer.boot().findModule("java.base")));
    }

    /** A fresh JVM without --add-modules: simd is listed unavailable with the flag, EJML is chosen, asking for simd fails clearly. */
    @Test
    void withoutTheFlagSimdIsUnavailableAndEjmlIsChosen() throws IOException, InterruptedException {
        String out = ForkedJvm.run(List.of(), NoVectorMain.class);
        assertTrue(out.contains("simd (priority 200, unavailable: the JDK Vector API (module jdk.incubator.vector) is not enabled; "
                + "start the JVM with --add-modules jdk.incubator.vector)"), out);
        assertTrue(out.contains("chosen: ejml"), out);
        assertTrue(out.contains("Backend 'simd' was requested by Backends.get(\"simd\"); it is on the class path but unavailable here: "
                + "the JDK Vector API"), out);
        assertTrue(!out.contains("Using incubator modules"), "the child must really run without the module: " + out);
    }

    /** Run in the forked JVM. */
    static final class NoVectorMain {
        private NoVectorMain() {
        }

        public static void main(String[] args) {
            for (BackendStatus s : Backends.available()) {
                System.out.println(s);
            }
            System.out.println("chosen: " + Backends.get().name());
            try {
                Backends.get("simd");
            } catch (RuntimeException e) {
                System.out.println(e.getMessage());
            }
        }
    }
}
