package org.rnn4j.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Discovery and choice, each on a purpose-built class path: a class loader whose only service
 * registration lists exactly the providers a test names. The test class path of rnn-api itself
 * holds no backend, which {@link #getOnTheRealClassPathWithNoBackendThrows} relies on.
 */
class BackendsTest {

    private static final String P = "org.rnn4j.spi.FakeProviders$";

    @TempDir
    Path dir;

    private final List<LogRecord> warnings = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
                warnings.add(r);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private final Logger julLogger = Logger.getLogger(Backends.class.getName());

    @BeforeEach
    void captureWarnings() {
        julLogger.addHandler(capture);
        julLogger.setUseParentHandlers(false);
    }

    @AfterEach
    void release() {
        julLogger.removeHandler(capture);
        julLogger.setUseParentHandlers(true);
    }

    private ClassLoader classPathWith(String... providerClasses) throws IOException {
        Path services = dir.resolve("META-INF/services");
        Files.createDirectories(services);
        Files.writeString(services.resolve(BackendProvider.class.getName()), String.join("\n", providerClasses) + "\n");
        return new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader());
    }

    private static Backend chooseImplicit(ClassLoader cl) {
        return Backends.choose(Backends.discover(cl), null);
    }

    private static Backend chooseByProperty(ClassLoader cl, String value) {
        return Backends.choose(Backends.discover(cl), Backends.requestedName(value, null));
    }

    private List<String> warningTexts() {
        return warnings.stream().map(LogRecord::getMessage).collect(Collectors.toList());
    }

    @Test
    void getOnTheRealClassPathWithNoBackendThrows() {
        BackendNotFoundException e = assertThrows(BackendNotFoundException.class, Backends::get);
        assertEquals("No rnn4j backend found: ServiceLoader saw no org.rnn4j.spi.BackendProvider on the class path. "
                + "Add org.rnn4j:backend-simd (pure Java, the fastest; start the JVM with --add-modules jdk.incubator.vector), "
                + "org.rnn4j:backend-ejml (pure Java, no flag needed) or org.rnn4j:backend-nd4j (native BLAS) to your dependencies.",
                e.getMessage());
        assertTrue(Backends.available().isEmpty());
    }

    @Test
    void singleProviderIsChosen() throws IOException {
        assertEquals("alpha", chooseImplicit(classPathWith(P + "Alpha")).name());
        assertTrue(warnings.isEmpty());
    }

    @Test
    void highestPriorityWins() throws IOException {
        assertEquals("alpha", chooseImplicit(classPathWith(P + "Low", P + "Alpha")).name());
    }

    @Test
    void tieIsBrokenByNameWithOneWarningListingTheCandidates() throws IOException {
        Backend chosen = chooseImplicit(classPathWith(P + "Beta", P + "Alpha", P + "Low"));
        assertEquals("alpha", chosen.name());
        assertEquals(List.of("Several rnn4j backends share the highest priority 10: [alpha, beta]; using 'alpha' "
                + "(first by name). Choose one with -Drnn4j.backend=NAME."), warningTexts());
    }

    @Test
    void unavailableProviderIsListedWithItsReasonAndSkipped() throws IOException {
        ClassLoader cl = classPathWith(P + "Unavailable", P + "Low");
        assertEquals("low", chooseImplicit(cl).name());
        BackendStatus gone = Backends.discover(cl).candidates.get(0).status;
        assertFalse(gone.available());
        assertTrue(gone.loaded());
        assertEquals("gone (priority 99, unavailable: no native library for test-os)", gone.toString());
    }

    /** Issue #24: simd on the class path without its JVM flag used to lose to ejml without a word. */
    @Test
    void higherPriorityBackendThatCannotRunIsNamedInOneWarningWithItsReason() throws IOException {
        ClassLoader cl = classPathWith(P + "NeedsIncubator", P + "Alpha");
        for (int i = 0; i < 3; i++) {
            assertEquals("alpha", chooseImplicit(cl).name());
        }
        assertEquals(List.of("Using rnn4j backend 'alpha' (priority 10), not the higher-priority simd (priority 200, unavailable: "
                + "the Vector API is missing; run with --add-modules jdk.incubator.vector). Fix the reason given to use it, "
                + "or choose a backend with -Drnn4j.backend=NAME."), warningTexts());
    }

    @Test
    void severalPassedOverBackendsShareTheOneWarning() throws IOException {
        assertEquals("low", chooseImplicit(classPathWith(P + "NeedsIncubator", P + "Unavailable", P + "Low")).name());
        assertEquals(List.of("Using rnn4j backend 'low' (priority 1), not the higher-priority simd (priority 200, unavailable: "
                + "the Vector API is missing; run with --add-modules jdk.incubator.vector); gone (priority 99, unavailable: "
                + "no native library for test-os). Fix the reasons given to use them, or choose a backend with -Drnn4j.backend=NAME."),
                warningTexts());
    }

    /** Controls: nothing is passed over when the unusable backend ranks lower, nor when the choice is explicit. */
    @Test
    void unusableBackendBelowTheWinnerOrAnExplicitChoiceLogsNothing() throws IOException {
        assertEquals("top", chooseImplicit(classPathWith(P + "NeedsIncubator", P + "Top")).name());
        assertEquals("alpha", chooseByProperty(classPathWith(P + "Unavailable", P + "Alpha"), "alpha").name());
        assertEquals(List.of(), warningTexts());
    }

    @Test
    void brokenProvidersAreReportedAndTheOthersStillLoad() throws IOException {
        ClassLoader cl = classPathWith(P + "ThrowsInConstructor", "com.example.DoesNotExist", P + "ThrowsInProbe", P + "Alpha");
        assertEquals("alpha", chooseImplicit(cl).name());
        List<String> statuses = Backends.discover(cl).candidates.stream().map(c -> c.status.toString()).collect(Collectors.toList());
        assertEquals(List.of(
                P + "ThrowsInConstructor (failed to load: IllegalStateException: broken on purpose)",
                "com.example.DoesNotExist (failed to load: ServiceConfigurationError: org.rnn4j.spi.BackendProvider: Provider com.example.DoesNotExist not found)",
                "probe (priority 1000, unavailable: unavailableReason() threw IllegalStateException: probe exploded)",
                "alpha (priority 10, available)"), statuses);
        assertTrue(warningTexts().contains("rnn4j backend provider skipped: " + statuses.get(0)), warningTexts().toString());
    }

    @Test
    void nothingAvailableListsWhatWasSeen() throws IOException {
        BackendNotFoundException e = assertThrows(BackendNotFoundException.class,
                () -> chooseImplicit(classPathWith(P + "Unavailable", P + "ThrowsInConstructor")));
        assertEquals("No rnn4j backend is available. On the class path but unusable here: gone (priority 99, unavailable: "
                + "no native library for test-os); " + P + "ThrowsInConstructor (failed to load: IllegalStateException: broken on purpose). "
                + "Fix the reason each one gives, or add org.rnn4j:backend-ejml (pure Java, runs everywhere) to your dependencies.",
                e.getMessage());
    }

    /** A backend present but unable to run: its own reason is the advice, not "add the artifact" it already has. */
    @Test
    void presentButUnavailableBackendGivesItsReasonNotAddTheArtifact() throws IOException {
        BackendNotFoundException e = assertThrows(BackendNotFoundException.class, () -> chooseImplicit(classPathWith(P + "NeedsIncubator")));
        assertEquals("No rnn4j backend is available. On the class path but unusable here: simd (priority 200, unavailable: "
                + "the Vector API is missing; run with --add-modules jdk.incubator.vector). Fix the reason each one gives, "
                + "or add org.rnn4j:backend-ejml (pure Java, runs everywhere) to your dependencies.", e.getMessage());
        assertFalse(e.getMessage().contains("backend-simd"), e.getMessage());
    }

    @Test
    void unusablePureJavaBackendIsNotAdvisedAsTheFallback() throws IOException {
        BackendNotFoundException e = assertThrows(BackendNotFoundException.class, () -> chooseImplicit(classPathWith(P + "BrokenEjml")));
        assertEquals("No rnn4j backend is available. On the class path but unusable here: ejml (priority 100, unavailable: "
                + "disabled for this test). Fix the reason each one gives.", e.getMessage());
    }

    @Test
    void explicitChoiceBeatsPriority() throws IOException {
        assertEquals("low", chooseByProperty(classPathWith(P + "Alpha", P + "Low"), "low").name());
    }

    @Test
    void explicitChoiceIgnoresCaseAndSpaces() throws IOException {
        assertEquals("low", chooseByProperty(classPathWith(P + "Alpha", P + "Low"), " LOW ").name());
    }

    @Test
    void explicitChoiceOfAMissingBackendThrowsNamingTheAvailableOnes() throws IOException {
        BackendNotFoundException e = assertThrows(BackendNotFoundException.class,
                () -> chooseByProperty(classPathWith(P + "Alpha", P + "Unavailable"), "nd4j"));
        assertEquals("Backend 'nd4j' was requested by system property rnn4j.backend but is not on the class path. "
                + "Available: [alpha]. Seen: alpha (priority 10, available); gone (priority 99, unavailable: no native library for test-os). "
                + "Add org.rnn4j:backend-nd4j to your dependencies or request one of the available backends.", e.getMessage());
    }

    @Test
    void explicitChoiceOfAnUnavailableBackendNeverFallsBack() throws IOException {
        BackendNotFoundException e = assertThrows(BackendNotFoundException.class,
                () -> chooseByProperty(classPathWith(P + "Alpha", P + "Unavailable"), "gone"));
        assertEquals("Backend 'gone' was requested by system property rnn4j.backend; it is on the class path but unavailable here: "
                + "no native library for test-os. Fix that, or request one of the available backends: [alpha].", e.getMessage());
    }

    @Test
    void explicitChoiceOfAPresentButUnavailableBackendPrintsTheProvidersOwnReason() throws IOException {
        BackendNotFoundException e = assertThrows(BackendNotFoundException.class,
                () -> chooseByProperty(classPathWith(P + "NeedsIncubator", P + "Low"), "simd"));
        assertEquals("Backend 'simd' was requested by system property rnn4j.backend; it is on the class path but unavailable here: "
                + "the Vector API is missing; run with --add-modules jdk.incubator.vector. Fix that, or request one of the "
                + "available backends: [low].", e.getMessage());
    }

    @Test
    void explicitChoiceWhenSomeProviderFailedToLoadDoesNotClaimItIsAbsent() throws IOException {
        BackendNotFoundException e = assertThrows(BackendNotFoundException.class,
                () -> chooseByProperty(classPathWith(P + "ThrowsInConstructor", P + "Low"), "never"));
        assertEquals("Backend 'never' was requested by system property rnn4j.backend but no provider that loaded has that name, "
                + "and 1 failed to load (one may be it): " + P + "ThrowsInConstructor (failed to load: IllegalStateException: "
                + "broken on purpose). Available: [low]. Fix the load failure, or add org.rnn4j:backend-never to your "
                + "dependencies if it is missing.", e.getMessage());
    }

    @Test
    void discoveryRunsOncePerClassLoader() throws IOException {
        ClassLoader cl = classPathWith(P + "Counted", P + "Low");
        int before = FakeProviders.Counted.PROBES.get();
        Backends.Scan first = Backends.discover(cl);
        for (int i = 0; i < 5; i++) {
            assertSame(first, Backends.discover(cl));
            chooseImplicit(cl);
        }
        assertEquals(1, FakeProviders.Counted.PROBES.get() - before, "the provider was probed more than once");
        assertNotSame(first, Backends.discover(classPathWith(P + "Counted")), "another class loader gets its own discovery");
    }

    @Test
    void eachWarningIsLoggedOnceHoweverOftenDiscoveryIsAsked() throws IOException {
        ClassLoader cl = classPathWith(P + "ThrowsInConstructor", P + "Beta", P + "Alpha");
        for (int i = 0; i < 4; i++) {
            assertEquals("alpha", chooseImplicit(cl).name());
        }
        assertEquals(List.of("rnn4j backend provider skipped: " + P + "ThrowsInConstructor (failed to load: IllegalStateException: broken on purpose)",
                "Several rnn4j backends share the highest priority 10: [alpha, beta]; using 'alpha' (first by name). "
                        + "Choose one with -Drnn4j.backend=NAME."), warningTexts());
    }

    @Test
    void threadsAskingAtOnceShareOneDiscovery() throws Exception {
        ClassLoader cl = classPathWith(P + "Counted");
        int before = FakeProviders.Counted.PROBES.get();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<Backends.Scan>> scans = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                scans.add(pool.submit(() -> Backends.discover(cl)));
            }
            Backends.Scan first = scans.get(0).get();
            for (java.util.concurrent.Future<Backends.Scan> f : scans) {
                assertSame(first, f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, FakeProviders.Counted.PROBES.get() - before);
    }

    @Test
    void createFailureIsReportedNotSwallowed() throws IOException {
        BackendNotFoundException e = assertThrows(BackendNotFoundException.class,
                () -> chooseImplicit(classPathWith(P + "ThrowsInCreate")));
        assertEquals("Backend 'fragile' reported itself available but create() failed: IllegalStateException: out of native memory", e.getMessage());
    }

    @Test
    void propertyWinsOverEnvironmentAndBlankMeansUnset() {
        assertEquals("a", Backends.requestedName("a", "b").name);
        assertEquals("system property rnn4j.backend", Backends.requestedName("a", "b").source);
        assertEquals("b", Backends.requestedName("  ", "b").name);
        assertEquals("environment variable RNN4J_BACKEND", Backends.requestedName(null, "b").source);
        assertNull(Backends.requestedName("", " "));
    }

    @Test
    void systemPropertyIsReadByGet() {
        String old = System.getProperty(Backends.PROPERTY);
        System.setProperty(Backends.PROPERTY, "nd4j");
        try {
            BackendNotFoundException e = assertThrows(BackendNotFoundException.class, Backends::get);
            assertTrue(e.getMessage().startsWith("Backend 'nd4j' was requested by system property rnn4j.backend but is not on the class path. Available: []."),
                    e.getMessage());
        } finally {
            if (old == null) {
                System.clearProperty(Backends.PROPERTY);
            } else {
                System.setProperty(Backends.PROPERTY, old);
            }
        }
    }

    @Test
    void getByBlankNameIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Backends.get(" "));
        assertEquals("backend name is blank; available: []", e.getMessage());
    }

    @Test
    void getByNameUsesTheContextClassLoader() throws IOException {
        Thread t = Thread.currentThread();
        ClassLoader old = t.getContextClassLoader();
        t.setContextClassLoader(classPathWith(P + "Alpha", P + "Low"));
        try {
            assertEquals("low", Backends.get("low").name());
            assertSame(Backends.get("low"), Backends.get("LOW"), "one shared instance per provider, so tensors mix");
            assertEquals("alpha", Backends.get().name());
            assertEquals(2, Backends.available().size());
            BackendNotFoundException e = assertThrows(BackendNotFoundException.class, () -> Backends.get("zeta"));
            assertTrue(e.getMessage().startsWith("Backend 'zeta' was requested by Backends.get(\"zeta\") but is not on the class path. Available: [alpha, low]."),
                    e.getMessage());
        } finally {
            t.setContextClassLoader(old);
        }
    }
}
