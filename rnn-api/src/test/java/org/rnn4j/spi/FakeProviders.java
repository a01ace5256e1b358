package org.rnn4j.spi;

import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicInteger;

/** Test providers with fixed behaviours, listed in purpose-built service registrations. */
final class FakeProviders {
    private FakeProviders() {
    }

    /** A backend whose only working method is name(): enough to see which provider was chosen. */
    static Backend namedBackend(String name) {
        return (Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(), new Class<?>[] {Backend.class}, (proxy, method, args) -> {
            if (method.getName().equals("name")) {
                return name;
            }
            throw new UnsupportedOperationException(method.getName());
        });
    }

    abstract static class Base implements BackendProvider {
        private final String name;
        private final int priority;
        private final String reason;

        Base(String name, int priority, String reason) {
            this.name = name;
            this.priority = priority;
            this.reason = reason;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public int priority() {
            return priority;
        }

        @Override
        public String unavailableReason() {
            return reason;
        }

        @Override
        public Backend create() {
            return namedBackend(name);
        }
    }

    public static final class Alpha extends Base {
        public Alpha() {
            super("alpha", 10, null);
        }
    }

    public static final class Beta extends Base {
        public Beta() {
            super("beta", 10, null);
        }
    }

    public static final class Low extends Base {
        public Low() {
            super("low", 1, null);
        }
    }

    /** Outranks every other fake, simd's 200 included. */
    public static final class Top extends Base {
        public Top() {
            super("top", 500, null);
        }
    }

    public static final class Unavailable extends Base {
        public Unavailable() {
            super("gone", 99, "no native library for test-os");
        }
    }

    /** Unavailable the way a Vector API backend is without its incubator module: its reason says what to do. */
    public static final class NeedsIncubator extends Base {
        public NeedsIncubator() {
            super("simd", 200, "the Vector API is missing; run with --add-modules jdk.incubator.vector");
        }
    }

    /** A pure-Java backend that reports itself unavailable: the fallback advice must not name it. */
    public static final class BrokenEjml extends Base {
        public BrokenEjml() {
            super("ejml", 100, "disabled for this test");
        }
    }

    /** Counts how often discovery probes it, across instances. */
    public static final class Counted extends Base {
        static final AtomicInteger PROBES = new AtomicInteger();

        public Counted() {
            super("counted", 5, null);
        }

        @Override
        public String unavailableReason() {
            PROBES.incrementAndGet();
            return super.unavailableReason();
        }
    }

    public static final class ThrowsInConstructor extends Base {
        public ThrowsInConstructor() {
            super("never", 1000, null);
            throw new IllegalStateException("broken on purpose");
        }
    }

    public static final class ThrowsInProbe extends Base {
        public ThrowsInProbe() {
            super("probe", 1000, null);
        }

        @Override
        public String unavailableReason() {
            throw new IllegalStateException("probe exploded");
        }
    }

    public static final class ThrowsInCreate extends Base {
        public ThrowsInCreate() {
            super("fragile", 10, null);
        }

        @Override
        public Backend create() {
            throw new IllegalStateException("out of native memory");
        }
    }
}
