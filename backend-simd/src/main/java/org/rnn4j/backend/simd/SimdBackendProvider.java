package org.rnn4j.backend.simd;

import java.util.Optional;
import org.rnn4j.spi.Backend;
import org.rnn4j.spi.BackendProvider;

/**
 * Registers the SIMD backend with {@link java.util.ServiceLoader}. Priority 200, above ejml's 100 and
 * nd4j's 50: the default whenever it can run. It can run when the JVM resolved the incubating
 * module {@code jdk.incubator.vector}, which it does only when started with {@value #FLAG}; otherwise
 * the provider reports itself unavailable with that flag in the reason, and discovery moves on.
 * This class touches no Vector API class, so it loads and answers on any JVM.
 */
public final class SimdBackendProvider implements BackendProvider {

    /** The priority of the SIMD backend, above ejml's 100 and nd4j's 50. */
    public static final int PRIORITY = 200;

    /** The module that holds the JDK Vector API. */
    public static final String MODULE = "jdk.incubator.vector";

    /** The JVM option that makes the Vector API available. */
    public static final String FLAG = "--add-modules " + MODULE;

    /** Creates the provider; cheap, as ServiceLoader requires. */
    public SimdBackendProvider() {
    }

    @Override
    public String name() {
        return SimdBackend.NAME;
    }

    @Override
    public int priority() {
        return PRIORITY;
    }

    @Override
    public String unavailableReason() {
        return reason(ModuleLayer.boot().findModule(MODULE));
    }

    /**
     * The reason for a given lookup of the Vector API module in the boot layer.
     *
     * @param vectorModule the module, or empty if the JVM did not resolve it
     * @return null if present, otherwise the one-line reason with the flag to add
     */
    static String reason(Optional<Module> vectorModule) {
        if (vectorModule.isPresent()) {
            return null;
        }
        return "the JDK Vector API (module " + MODULE + ") is not enabled; start the JVM with " + FLAG;
    }

    @Override
    public Backend create() {
        return new SimdBackend();
    }
}
