package org.rnn4j.spi;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * Finds backends with {@link ServiceLoader} and chooses one.
 *
 * <h2>How a backend is chosen</h2>
 * <ol>
 *   <li>If the system property {@value #PROPERTY} is set (else the environment variable
 *       {@value #ENVIRONMENT_VARIABLE}), exactly that backend is used; if it is missing or
 *       unavailable, {@link BackendNotFoundException} is thrown naming the backends that are
 *       available. There is never a silent fallback. A blank value counts as unset.</li>
 *   <li>Otherwise the available backend with the highest {@link BackendProvider#priority()} wins
 *       (rnn4j's own: simd 200, ejml 100, nd4j 50, so a pure-Java backend is the default: simd when the
 *       JVM runs with {@code --add-modules jdk.incubator.vector}, otherwise ejml). Ties are broken
 *       by name, alphabetically, with one warning listing the tied backends. When a backend that
 *       ranks above the winner is on the class path but unavailable (simd without
 *       {@code --add-modules jdk.incubator.vector}), one warning names it and its reason.</li>
 *   <li>A provider that fails to load or reports itself unavailable is listed by {@link #available()}
 *       with its reason and skipped; the others still load.</li>
 *   <li>With nothing usable, {@link BackendNotFoundException} says what was seen and what to do:
 *       with nothing on the class path, which artifact to add; with backends on the class path that
 *       cannot run here, each one's own reason, to be fixed (adding the artifact again would not
 *       help), and the pure-Java backend as the fallback to add.</li>
 * </ol>
 * Names compare case-insensitively. Discovery uses the thread's context class loader, as
 * {@link ServiceLoader#load(Class)} does. It runs once per class loader, on first use; its result
 * (providers, their availability, and the warnings it logs, each once) is reused by every later
 * call with that loader. There is no rescan: whether natives load does not change while the JVM
 * runs. Another class loader (a plugin, a test with its own class path) gets its own discovery. The backend itself is created once per provider class and shared: tensors belong to a
 * backend instance, so every {@code get()} that picks the same backend returns the same instance
 * and their tensors mix.
 */
public final class Backends {

    /** The system property that names the backend to use: {@code -Drnn4j.backend=ejml}. */
    public static final String PROPERTY = "rnn4j.backend";

    /** The environment variable consulted when {@link #PROPERTY} is not set. */
    public static final String ENVIRONMENT_VARIABLE = "RNN4J_BACKEND";

    static final String ADD_ARTIFACT = "Add org.rnn4j:backend-simd (pure Java, the fastest; start the JVM with --add-modules "
            + "jdk.incubator.vector), org.rnn4j:backend-ejml (pure Java, no flag needed) or org.rnn4j:backend-nd4j (native BLAS) "
            + "to your dependencies.";

    /** The backend that runs wherever Java runs: the advice when the backends present cannot. */
    static final String EJML_FALLBACK = "org.rnn4j:backend-ejml (pure Java, runs everywhere)";

    private static final System.Logger LOG = System.getLogger(Backends.class.getName());

    /** Guards against a service registration that keeps failing at the same place. */
    private static final int MAX_LOAD_ERRORS = 100;

    /** One backend per provider class, created on first use. */
    private static final Map<Class<?>, Backend> CREATED = new ConcurrentHashMap<>();

    /**
     * What discovery saw, per class loader; guarded by itself, so that one scan runs per loader even
     * when threads ask at once (probing a native backend takes seconds and must not run twice).
     * Weak keys let a discarded loader go when none of its classes are in the scan.
     */
    private static final Map<ClassLoader, Scan> SCANS = new WeakHashMap<>();

    private Backends() {
    }

    /**
     * Returns the backend chosen by the rules above.
     *
     * @return the shared instance of the chosen backend
     * @throws BackendNotFoundException if the explicitly requested backend is missing or unavailable,
     *         or if no backend is available
     */
    public static Backend get() {
        return choose(discover(contextLoader()), requestedName(System.getProperty(PROPERTY), System.getenv(ENVIRONMENT_VARIABLE)));
    }

    /**
     * Returns exactly the named backend, ignoring {@link #PROPERTY} and priorities.
     *
     * @param name the backend's name, e.g. {@code "ejml"}
     * @return the shared instance of that backend
     * @throws BackendNotFoundException if that backend is missing or unavailable (the message names the available ones)
     * @throws IllegalArgumentException if the name is blank
     */
    public static Backend get(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("backend name is blank; available: " + availableNames(discover(contextLoader()).candidates));
        }
        return choose(discover(contextLoader()), new Request(name.trim(), "Backends.get(\"" + name.trim() + "\")"));
    }

    /**
     * Lists every provider discovery saw, usable or not, in discovery order.
     *
     * @return one status per registered provider, including those that failed to load
     */
    public static List<BackendStatus> available() {
        List<BackendStatus> out = new ArrayList<>();
        for (Candidate c : discover(contextLoader()).candidates) {
            out.add(c.status);
        }
        return List.copyOf(out);
    }

    // ---- implementation, package-private for tests that use purpose-built class loaders ----

    static final class Candidate {
        final BackendStatus status;
        final BackendProvider provider;

        Candidate(BackendStatus status, BackendProvider provider) {
            this.status = status;
            this.provider = provider;
        }
    }

    /** What one discovery saw, and whether its warnings about the choice were logged yet. */
    static final class Scan {
        final List<Candidate> candidates;
        final AtomicBoolean tieWarned = new AtomicBoolean();
        final AtomicBoolean passedOverWarned = new AtomicBoolean();

        Scan(List<Candidate> candidates) {
            this.candidates = List.copyOf(candidates);
        }
    }

    static final class Request {
        final String name;
        final String source;

        Request(String name, String source) {
            this.name = name;
            this.source = source;
        }
    }

    private static ClassLoader contextLoader() {
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        return cl != null ? cl : Backends.class.getClassLoader();
    }

    static Request requestedName(String property, String environment) {
        if (property != null && !property.isBlank()) {
            return new Request(property.trim(), "system property " + PROPERTY);
        }
        if (environment != null && !environment.isBlank()) {
            return new Request(environment.trim(), "environment variable " + ENVIRONMENT_VARIABLE);
        }
        return null;
    }

    /** The loader's scan: made and its warnings logged on the first call for that loader, then reused. */
    static Scan discover(ClassLoader loader) {
        synchronized (SCANS) {
            Scan scan = SCANS.get(loader);
            if (scan == null) {
                scan = scan(loader);
                SCANS.put(loader, scan);
            }
            return scan;
        }
    }

    /** Runs ServiceLoader over the loader and probes every provider; logs one warning per provider skipped. */
    static Scan scan(ClassLoader loader) {
        List<Candidate> found = new ArrayList<>();
        Iterator<ServiceLoader.Provider<BackendProvider>> it = ServiceLoader.load(BackendProvider.class, loader).stream().iterator();
        int errors = 0;
        while (true) {
            ServiceLoader.Provider<BackendProvider> handle;
            try {
                if (!it.hasNext()) {
                    break;
                }
                handle = it.next();
            } catch (ServiceConfigurationError e) {
                // The provider class could not even be found or is not a BackendProvider.
                found.add(failed(classNameIn(e), e));
                if (++errors >= MAX_LOAD_ERRORS) {
                    break;
                }
                continue;
            }
            String className = handle.type().getName();
            BackendProvider provider;
            try {
                provider = handle.get();
            } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
                found.add(failed(className, e.getCause() != null ? e.getCause() : e));
                continue;
            }
            found.add(probe(className, provider));
        }
        for (Candidate c : found) {
            if (!c.status.loaded()) {
                LOG.log(Level.WARNING, "rnn4j backend provider skipped: " + c.status);
            }
        }
        return new Scan(found);
    }

    private static Candidate probe(String className, BackendProvider provider) {
        String name;
        int priority;
        String reason;
        try {
            name = provider.name();
            priority = provider.priority();
        } catch (RuntimeException | LinkageError e) {
            return failed(className, e);
        }
        if (name == null || name.isBlank()) {
            return failed(className, new IllegalStateException("name() returned a blank name"));
        }
        try {
            reason = provider.unavailableReason();
        } catch (RuntimeException | LinkageError e) {
            reason = "unavailableReason() threw " + describe(e);
        }
        return new Candidate(new BackendStatus(name, className, priority, reason, true), provider);
    }

    private static Candidate failed(String className, Throwable e) {
        return new Candidate(new BackendStatus(className, className, 0, describe(e), false), null);
    }

    private static String describe(Throwable e) {
        String msg = e.getMessage();
        return e.getClass().getSimpleName() + (msg == null ? "" : ": " + msg);
    }

    /** ServiceLoader names the missing class in its message: "Provider com.x.Y not found". */
    private static String classNameIn(ServiceConfigurationError e) {
        String msg = String.valueOf(e.getMessage());
        int at = msg.indexOf("Provider ");
        if (at >= 0) {
            String rest = msg.substring(at + "Provider ".length());
            int end = rest.indexOf(' ');
            return end > 0 ? rest.substring(0, end) : rest;
        }
        return "<unknown provider>";
    }

    static Backend choose(Scan scan, Request request) {
        List<Candidate> candidates = scan.candidates;
        if (request != null) {
            return chooseExplicit(candidates, request);
        }
        List<Candidate> usable = candidates.stream().filter(c -> c.status.available()).collect(Collectors.toList());
        if (usable.isEmpty()) {
            if (candidates.isEmpty()) {
                throw new BackendNotFoundException("No rnn4j backend found: ServiceLoader saw no org.rnn4j.spi.BackendProvider on the class path. " + ADD_ARTIFACT);
            }
            // On the class path already: adding the artifact again would not help; the reasons say what will.
            boolean ejmlSeen = candidates.stream().anyMatch(c -> c.status.name().equalsIgnoreCase("ejml")
                    || c.status.providerClass().startsWith("org.rnn4j.backend.ejml."));
            throw new BackendNotFoundException("No rnn4j backend is available. On the class path but unusable here: " + listed(candidates)
                    + ". Fix the reason each one gives" + (ejmlSeen ? "." : ", or add " + EJML_FALLBACK + " to your dependencies."));
        }
        int best = usable.stream().mapToInt(c -> c.status.priority()).max().getAsInt();
        List<Candidate> top = usable.stream()
                .filter(c -> c.status.priority() == best)
                .sorted(Comparator.comparing(c -> c.status.name()))
                .collect(Collectors.toList());
        Candidate winner = top.get(0);
        // A backend that outranks the winner but cannot run here (simd without its JVM flag) would
        // otherwise be passed over silently, at two to three times the cost per step.
        List<Candidate> passedOver = candidates.stream()
                .filter(c -> c.status.loaded() && !c.status.available() && c.status.priority() > best)
                .collect(Collectors.toList());
        if (!passedOver.isEmpty() && scan.passedOverWarned.compareAndSet(false, true)) {
            LOG.log(Level.WARNING, "Using rnn4j backend '" + winner.status.name() + "' (priority " + best + "), not the higher-priority "
                    + listed(passedOver) + ". Fix " + (passedOver.size() == 1 ? "the reason given to use it" : "the reasons given to use them")
                    + ", or choose a backend with -D" + PROPERTY + "=NAME.");
        }
        if (top.size() > 1 && scan.tieWarned.compareAndSet(false, true)) {
            LOG.log(Level.WARNING, "Several rnn4j backends share the highest priority " + best + ": "
                    + top.stream().map(c -> c.status.name()).collect(Collectors.toList())
                    + "; using '" + winner.status.name() + "' (first by name). Choose one with -D" + PROPERTY + "=NAME.");
        }
        return create(winner);
    }

    private static Backend chooseExplicit(List<Candidate> candidates, Request request) {
        String wanted = request.name.toLowerCase(Locale.ROOT);
        for (Candidate c : candidates) {
            if (c.status.loaded() && c.status.name().toLowerCase(Locale.ROOT).equals(wanted)) {
                if (!c.status.available()) {
                    throw new BackendNotFoundException("Backend '" + request.name + "' was requested by " + request.source
                            + "; it is on the class path but unavailable here: " + c.status.reason()
                            + ". Fix that, or request one of the available backends: " + availableNames(candidates) + ".");
                }
                return create(c);
            }
        }
        String seen = candidates.isEmpty() ? "none" : listed(candidates);
        List<Candidate> failed = candidates.stream().filter(c -> !c.status.loaded()).collect(Collectors.toList());
        if (!failed.isEmpty()) {
            // A provider that failed to load is known only by its class name: it may be the one requested.
            throw new BackendNotFoundException("Backend '" + request.name + "' was requested by " + request.source
                    + " but no provider that loaded has that name, and " + failed.size() + " failed to load (one may be it): "
                    + listed(failed) + ". Available: " + availableNames(candidates) + ". Fix the load failure, or add org.rnn4j:backend-"
                    + wanted + " to your dependencies if it is missing.");
        }
        throw new BackendNotFoundException("Backend '" + request.name + "' was requested by " + request.source
                + " but is not on the class path. Available: " + availableNames(candidates) + ". Seen: " + seen
                + ". Add org.rnn4j:backend-" + wanted + " to your dependencies or request one of the available backends.");
    }

    private static Backend create(Candidate c) {
        Backend existing = CREATED.get(c.provider.getClass());
        if (existing != null) {
            return existing;
        }
        try {
            Backend created = c.provider.create();
            Backend raced = CREATED.putIfAbsent(c.provider.getClass(), created);
            return raced != null ? raced : created;
        } catch (RuntimeException | LinkageError e) {
            throw new BackendNotFoundException("Backend '" + c.status.name() + "' reported itself available but create() failed: " + describe(e), e);
        }
    }

    private static List<String> availableNames(List<Candidate> candidates) {
        return candidates.stream().filter(c -> c.status.available()).map(c -> c.status.name()).sorted().collect(Collectors.toList());
    }

    private static String listed(List<Candidate> candidates) {
        return candidates.stream().map(c -> c.status.toString()).collect(Collectors.joining("; "));
    }
}
