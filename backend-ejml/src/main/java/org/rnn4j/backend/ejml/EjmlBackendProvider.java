package org.rnn4j.backend.ejml;

import org.rnn4j.spi.Backend;
import org.rnn4j.spi.BackendProvider;

/**
 * Registers the EJML backend with {@link java.util.ServiceLoader}. Priority 100: the default
 * when no backend is requested, being pure Java with no native code to fail.
 */
public final class EjmlBackendProvider implements BackendProvider {

    /** The priority of the EJML backend, above nd4j's 50. */
    public static final int PRIORITY = 100;

    /** Creates the provider; cheap, as ServiceLoader requires. */
    public EjmlBackendProvider() {
    }

    @Override
    public String name() {
        return EjmlBackend.NAME;
    }

    @Override
    public int priority() {
        return PRIORITY;
    }

    @Override
    public String unavailableReason() {
        try {
            Class.forName("org.ejml.dense.row.CommonOps_DDRM", false, EjmlBackendProvider.class.getClassLoader());
            Class.forName("org.ejml.dense.row.CommonOps_FDRM", false, EjmlBackendProvider.class.getClassLoader());
            return null;
        } catch (ClassNotFoundException | LinkageError e) {
            return "EJML is not on the class path (" + e.getMessage() + "); add org.ejml:ejml-ddense and org.ejml:ejml-fdense";
        }
    }

    @Override
    public Backend create() {
        return new EjmlBackend();
    }
}
