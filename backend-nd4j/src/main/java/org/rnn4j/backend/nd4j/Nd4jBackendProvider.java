package org.rnn4j.backend.nd4j;

import org.rnn4j.spi.Backend;
import org.rnn4j.spi.BackendProvider;

/**
 * Registers the ND4J backend with {@link java.util.ServiceLoader}. Priority 50, below EJML's 100:
 * with both on the class path, EJML is the default and ND4J is chosen with {@code -Drnn4j.backend=nd4j}.
 * {@link #unavailableReason()} loads ND4J's natives and OpenBLAS once per JVM (a second or two) and
 * reports why if they cannot load, for instance on a platform whose natives were not downloaded.
 * When they load, and the class path holds the natives of several platforms (nd4j-native-platform
 * without {@code -Djavacpp.platform}: about 880 MB), it logs one warning with that one-line fix.
 */
public final class Nd4jBackendProvider implements BackendProvider {

    /** The priority of the ND4J backend. */
    public static final int PRIORITY = 50;

    private static volatile String probed;
    private static final String AVAILABLE = "";

    /** Creates the provider; cheap: natives load only in {@link #unavailableReason()}. */
    public Nd4jBackendProvider() {
    }

    @Override
    public String name() {
        return Nd4jBackend.NAME;
    }

    @Override
    public int priority() {
        return PRIORITY;
    }

    @Override
    public String unavailableReason() {
        String p = probed;
        if (p == null) {
            synchronized (Nd4jBackendProvider.class) {
                p = probed;
                if (p == null) {
                    p = probe();
                    probed = p;
                }
            }
        }
        return p.isEmpty() ? null : p;
    }

    private static String probe() {
        try {
            // Loads OpenBLAS (gemm and copies go there), then ND4J's natives (its first array).
            Class.forName("org.bytedeco.openblas.global.openblas", true, Nd4jBackendProvider.class.getClassLoader());
            new Nd4jBackend().zeros(org.rnn4j.api.DType.FLOAT32, 1, 1);
            String advice = NativePlatforms.advice(NativePlatforms.onClassPath(Nd4jBackendProvider.class.getClassLoader()),
                    NativePlatforms.current());
            if (advice != null) {
                System.getLogger(Nd4jBackendProvider.class.getName()).log(System.Logger.Level.WARNING, advice);
            }
            return AVAILABLE;
        } catch (ClassNotFoundException | RuntimeException | LinkageError e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            return "ND4J's native libraries could not load (" + root.getClass().getSimpleName()
                    + (root.getMessage() == null ? "" : ": " + root.getMessage().lines().findFirst().orElse(""))
                    + "); is org.nd4j:nd4j-native-platform for this platform (javacpp.platform) on the class path?";
        }
    }

    @Override
    public Backend create() {
        return new Nd4jBackend();
    }
}
