package org.rnn4j.backend.nd4j;

import java.lang.ref.Cleaner;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.openblas.global.openblas;
import org.nd4j.linalg.api.ops.impl.reduce.Mmul;
import org.nd4j.nativeblas.NativeOps;
import org.nd4j.nativeblas.NativeOpsHolder;
import org.nd4j.nativeblas.OpaqueContext;

/**
 * FLOAT32 matrix products through oneDNN, where the ND4J build that loaded has it.
 *
 * <p>ND4J publishes its natives in several builds of the same version: {@code nd4j-native} with the
 * classifier {@code linux-x86_64} links OpenBLAS only; {@code linux-x86_64-onednn} (also for
 * {@code windows-x86_64} and {@code macosx-x86_64}) links oneDNN into ND4J's own library as well,
 * and JavaCPP loads it in preference to the plain build when both are on the class path. oneDNN
 * picks its kernels at run time for the CPU it finds (AVX-512 where there is one), where the
 * OpenBLAS build ND4J ships uses Haswell's AVX2 kernels on such CPUs when {@code OPENBLAS_CORETYPE}
 * says so; on the machine rnn4j is measured on, that makes the large Elman step's products 1.5 to
 * 2.2 times as fast (benchmarks/results/onednn-2026-12-02).
 *
 * <p>The product goes through ND4J's {@code matmul} operation, whose oneDNN implementation ND4J
 * chooses for contiguous row-major FLOAT32 operands, called on a per-thread native context with
 * the tensors' own memory and shape descriptors: no Java object is made per call. Only products
 * with at least {@link #MIN_WORK} multiply-adds come here; below that the operation's fixed cost
 * outweighs the gain and {@code cblas_sgemm} stays faster. FLOAT64 always stays on
 * OpenBLAS ({@code matmul} has no FLOAT64 oneDNN implementation).
 *
 * <p><b>OpenBLAS's threads.</b> oneDNN runs on ND4J's OpenMP threads, OpenBLAS on a pool of its
 * own whose idle threads spin for a while after every call. With both pools at two threads on two
 * cores, each of oneDNN's products after an OpenBLAS call ran at the pace of a thread sharing its
 * core: the large Elman step's medians were 73–103 ms (its fastest steps 49–55 ms), against 44–58 ms
 * with one OpenBLAS thread.
 * So when oneDNN is in use, the backend runs OpenBLAS on one thread for FLOAT32 work (rank-1
 * updates, matrix-vector products, the small products: passes over memory that a second thread
 * barely speeds up) and on its earlier count for FLOAT64 work, which has no oneDNN beside it (the
 * large Elman step in FLOAT64 took 225–229 ms with all but its products on one thread, against
 * 161–172 ms); {@link #openBlasFor} sets the count when the dtype of the work changes. The count is
 * OpenBLAS's, for the whole process; {@link #describe()} says what was done.
 *
 * <p>{@code -Drnn4j.nd4j.onednn=false} turns all of this off: every product then goes to OpenBLAS
 * and its thread count is left alone, as with the plain build.
 */
final class OneDnnGemm {

    /** The system property that turns the oneDNN products off when {@code false}. */
    static final String PROPERTY = "rnn4j.nd4j.onednn";

    /**
     * Products with fewer multiply-adds (m·n·k) than this stay on OpenBLAS: 2²¹. Per call, B
     * transposed, on the measuring machine: at 32×100×100 (0.3 M) ND4J's matmul operation alone
     * costs more than OpenBLAS's whole product (25 against 17 µs), while at 32×256×256 and
     * 128×128×128 (2.1 M) oneDNN takes 41 and 32 µs against OpenBLAS's 51 and 44 µs on two threads,
     * and at 128×512×512 (34 M) 334 against 460 µs.
     */
    static final long MIN_WORK = 1L << 21;

    private static final String BUILD_FLAG = "HAVE_ONEDNN";

    private static final Cleaner CLEANER = Cleaner.create();

    private static volatile State state;

    private OneDnnGemm() {
    }

    /** Whether ND4J loaded with oneDNN and the property does not turn it off; the first call loads ND4J. */
    private static final class State {
        /** ND4J's native operations, or null when products stay on OpenBLAS. */
        final NativeOps ops;
        final long matmul;
        /** OpenBLAS's thread count when the backend first ran: what FLOAT64 work gets. */
        final int openBlasThreads;
        final String description;

        State(NativeOps ops, long matmul, int openBlasThreads, String description) {
            this.ops = ops;
            this.matmul = matmul;
            this.openBlasThreads = openBlasThreads;
            this.description = description;
        }
    }

    private static State state() {
        State s = state;
        if (s == null) {
            synchronized (OneDnnGemm.class) {
                s = state;
                if (s == null) {
                    s = probe();
                    state = s;
                }
            }
        }
        return s;
    }

    private static State probe() {
        // Starts ND4J if nothing has yet (its natives, OpenBLAS and its thread count), or says why it cannot.
        String unavailable = new Nd4jBackendProvider().unavailableReason();
        if (unavailable != null) {
            throw new IllegalStateException("nd4j: " + unavailable);
        }
        if (!enabled(System.getProperty(PROPERTY))) {
            return new State(null, 0, 1, "OpenBLAS (oneDNN turned off by -D" + PROPERTY + "=false)");
        }
        NativeOps ops = NativeOpsHolder.getInstance().getDeviceNativeOps();
        String build = ops.buildInfo();
        if (build == null || !build.contains(BUILD_FLAG)) {
            return new State(null, 0, 1, "OpenBLAS (the ND4J build that loaded has no oneDNN; nd4j-native's -onednn builds have it)");
        }
        int threads = Math.max(1, openblas.blas_get_num_threads());
        return new State(ops, new Mmul().opHash(), threads, "oneDNN for FLOAT32 products of at least "
                + MIN_WORK + " multiply-adds, OpenBLAS for the rest (on 1 thread for FLOAT32 work, "
                + threads + " for FLOAT64)");
    }

    /** The count this class last gave OpenBLAS; 0 before the first. A stale read costs one redundant call. */
    private static int openBlasThreadsSet;

    /**
     * Before an OpenBLAS call: with oneDNN in use, gives OpenBLAS one thread for FLOAT32 work and its
     * earlier count for FLOAT64 work, if it does not have that already. Without oneDNN it does nothing.
     *
     * @param float64 whether the work is FLOAT64
     */
    static void openBlasFor(boolean float64) {
        State s = state();
        if (s.ops == null) {
            return;
        }
        int want = float64 ? s.openBlasThreads : 1;
        if (openBlasThreadsSet != want) {
            openblas.blas_set_num_threads(want);
            openBlasThreadsSet = want;
        }
    }

    /**
     * Reads {@code -Drnn4j.nd4j.onednn}.
     *
     * @param value the property's value, null if unset
     * @return false for "false", true for "true" or unset (either case, blanks trimmed)
     * @throws IllegalArgumentException for any other value, naming the property
     */
    static boolean enabled(String value) {
        String v = value == null ? "true" : value.trim();
        if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException("-D" + PROPERTY + "=" + value + ": expected true or false");
        }
        return v.equalsIgnoreCase("true");
    }

    /**
     * Which library runs the backend's matrix products, and why; loads ND4J's natives on first use.
     *
     * @return for instance "oneDNN for FLOAT32 products of at least 2097152 multiply-adds, OpenBLAS for
     *     the rest (on 1 thread for FLOAT32 work, 2 for FLOAT64)"
     */
    static String describe() {
        return state().description;
    }

    /**
     * Whether an m×n×k FLOAT32 product goes to oneDNN.
     *
     * @param m rows of the result
     * @param n columns of the result
     * @param k the inner dimension
     * @return true if oneDNN is in use and the product is large enough
     */
    static boolean takes(int m, int n, int k) {
        return (long) m * n * k >= MIN_WORK && state().ops != null;
    }

    /**
     * C = α·op(A)·op(B) + β·C for contiguous row-major FLOAT32 tensors, shapes checked by the caller;
     * with β = 0, C is not read. Only after {@link #takes} said yes.
     *
     * @param alpha α
     * @param a A
     * @param transposeA op(A) = Aᵀ
     * @param b B
     * @param transposeB op(B) = Bᵀ
     * @param beta β
     * @param c C, written
     */
    static void sgemm(double alpha, Nd4jTensor a, boolean transposeA, Nd4jTensor b, boolean transposeB, double beta, Nd4jTensor c) {
        State s = state();
        NativeOps ops = s.ops;
        Context x = CONTEXT.get();
        OpaqueContext ctx = x.ctx;
        ops.setGraphContextInputArray(ctx, 0, a.f, a.shapeInfo, null, null);
        ops.setGraphContextInputArray(ctx, 1, b.f, b.shapeInfo, null, null);
        ops.setGraphContextOutputArray(ctx, 0, c.f, c.shapeInfo, null, null);
        ops.setGraphContextIArguments(ctx, x.transposes[(transposeA ? 1 : 0) + (transposeB ? 2 : 0)], 3);
        x.scalars.put(0, alpha).put(1, beta);
        ops.setGraphContextTArguments(ctx, x.scalars, 2);
        int status = ops.execCustomOp2(null, s.matmul, ctx);
        // The context holds an array descriptor per operand until purged.
        ops.ctxPurge(ctx);
        if (status != 0) {
            throw new IllegalStateException("nd4j: oneDNN matmul of " + a.describe() + (transposeA ? "ᵀ" : "") + " by "
                    + b.describe() + (transposeB ? "ᵀ" : "") + " into " + c.describe() + " failed (status " + status
                    + "): " + ops.lastErrorMessage() + "; -D" + PROPERTY + "=false sends products to OpenBLAS");
        }
    }

    private static final ThreadLocal<Context> CONTEXT = ThreadLocal.withInitial(Context::new);

    /**
     * A thread's native operation context and argument buffers, made on its first product and freed
     * by a {@link Cleaner} once the thread is gone.
     */
    private static final class Context {
        final OpaqueContext ctx;
        /** The integer arguments (transpose A, transpose B, transpose C) for each pair of flags. */
        final LongPointer[] transposes = new LongPointer[4];
        /** α and β. */
        final DoublePointer scalars = new DoublePointer(2);

        Context() {
            NativeOps ops = state().ops;
            ctx = ops.createGraphContext(1);
            ops.ctxAllowHelpers(ctx, true);
            for (int i = 0; i < 4; i++) {
                transposes[i] = new LongPointer(i & 1, (i >> 1) & 1, 0);
            }
            OpaqueContext owned = ctx;
            CLEANER.register(Thread.currentThread(), () -> ops.deleteGraphContext(owned));
        }
    }
}
