package org.rnn4j.backend.simd;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import jdk.incubator.vector.VectorShape;
import org.rnn4j.api.Activation;
import org.rnn4j.api.DType;
import org.rnn4j.api.Tensor;
import org.rnn4j.spi.TensorChecks;
import org.rnn4j.spi.kit.AbstractBackend;
import org.rnn4j.spi.kit.ElementLoops.Elements;
import org.rnn4j.spi.kit.FloatKernels;

/**
 * The backend on the JDK Vector API. {@link AbstractBackend} checks every call; gemm runs the
 * register-blocked kernels of {@link GemmF} (FLOAT32) and {@link GemmD} (FLOAT64), split over a
 * small pool of daemon threads when {@code m·n·k} reaches {@link #PARALLEL_MIN}; element work runs
 * plain loops on the tensors' arrays ({@link ElementsD} and its generated FLOAT32 twin
 * {@link ElementsF}, and the kit's {@link FloatKernels}; FLOAT64 tanh from the exp and log
 * intrinsics, within 1e-15 of {@link StrictMath#tanh}), split in two over the same pool from
 * {@link #SPLIT_MIN_ELEMENTS} elements. A {@linkplain #pin pinned} B (a layer's W during its time
 * loop) is packed once for all the products that read it. Vectors are as wide as the CPU's widest
 * (512 bits with AVX-512) unless {@value #VECTOR_BITS_PROPERTY} narrows them. Nothing
 * is allocated after the tensors themselves and, per thread, the first gemm's packing buffers.
 * See {@link org.rnn4j.spi.Backend} for each operation's formula.
 *
 * <p>Results do not depend on the thread count: every element of C, and of an element operation's
 * output, is computed by the same operations in the same order whichever thread computes it, so 1
 * and 2 threads agree bit for bit.
 */
public final class SimdBackend extends AbstractBackend {

    /** The name that selects this backend: {@code -Drnn4j.backend=simd}. */
    public static final String NAME = "simd";

    /** The system property that sets the number of gemm threads (default: available processors). */
    public static final String THREADS_PROPERTY = "rnn4j.simd.threads";

    /**
     * Products with {@code m·n·k} below this (2<sup>20</sup>, about 30 µs of work on one core) run on
     * the calling thread alone: below it, waking a worker and waiting for the slower half costs more
     * than it saves.
     */
    public static final long PARALLEL_MIN = 1L << 20;

    /**
     * The most gemm threads per available processor ({@link #maxThreads()}): more only add switching,
     * and a mistyped count (100000) would otherwise start that many threads and take the JVM down.
     */
    public static final int MAX_THREADS_PER_PROCESSOR = 4;

    /**
     * The system property that narrows the kernels' vectors: 128, 256 or 512 bits, at most the CPU's
     * widest (the default), read once when the JVM first uses this backend.
     */
    public static final String VECTOR_BITS_PROPERTY = VectorWidth.PROPERTY;

    /**
     * Up to this many rows, C = A·Bᵀ with more columns than rows is computed as Cᵀ = B·Aᵀ. With more
     * rows, packing Bᵀ is shared by enough tiles of A, and Cᵀ's element-wise stores cost more:
     * FLOAT32, n = 2048, k = 512, one thread, median GFLOP/s computing C, then Cᵀ: m = 64: 109, 144;
     * 128: 128, 145; 256: 139, 142; 512: 142, 128; 1600 (the input projection X·Uᵀ of a T·B = 1600-row
     * window): 143, 124 (benchmarks/results/gemm-2026-12-06/swap.log).
     */
    static final int SWAP_MAX_ROWS = 256;

    /**
     * Element work on at least this many elements (2<sup>15</sup>: a step's 64×512 states at LSTM's large
     * size, 10-50 µs on one core when its operands have left L2) is split in two over the pool: the
     * large Elman step (T = 50, H = 512, B = 128) took 47.5 ms against 50.6 alone, the LSTM step 70.4
     * against 72.1, the GRU step 61.8 against 61.3 (one JVM, alternating;
     * benchmarks/results/split-2026-12-07). Below it the wait for the worker costs about what it saves.
     */
    static final int SPLIT_MIN_ELEMENTS = 1 << 15;

    /** One pool per thread count, shared by every instance: creating backends does not add threads. */
    private static final Map<Integer, WorkerPool> POOLS = new ConcurrentHashMap<>();

    private final int threads;
    private final WorkerPool pool;
    private final GemmJob job = new GemmJob();
    private final ElementJob elementJob = new ElementJob();

    /**
     * Creates the backend with the thread count of {@value #THREADS_PROPERTY}, or
     * {@link Runtime#availableProcessors()} when it is not set.
     *
     * @throws IllegalArgumentException if the property is set to something other than a positive integer of
     *     at most {@link #maxThreads()}
     */
    public SimdBackend() {
        this(threadsFromProperty(System.getProperty(THREADS_PROPERTY)));
    }

    /**
     * Creates the backend with a given number of gemm threads (the caller's included).
     *
     * @param threads 1 to {@link #maxThreads()}; 1 runs everything on the calling thread
     * @throws IllegalArgumentException if threads is below 1 or above {@link #maxThreads()}
     * @throws IllegalArgumentException if {@value #VECTOR_BITS_PROPERTY} is set to something other than 128,
     *     256 or 512 bits within the CPU's widest
     */
    public SimdBackend(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        requireAtMostMax("threads", threads);
        // Checked here, where it can be named, before a kernel's class initialisation would fail on it.
        VectorWidth.shape(System.getProperty(VECTOR_BITS_PROPERTY), VectorShape.preferredShape());
        this.threads = threads;
        this.pool = threads > 1 ? POOLS.computeIfAbsent(threads, n -> new WorkerPool(n, "rnn4j-simd-gemm")) : null;
    }

    /**
     * Returns the most gemm threads a backend accepts: {@value #MAX_THREADS_PER_PROCESSOR} per available processor.
     *
     * @return {@value #MAX_THREADS_PER_PROCESSOR} × {@link Runtime#availableProcessors()}
     */
    public static int maxThreads() {
        return MAX_THREADS_PER_PROCESSOR * Runtime.getRuntime().availableProcessors();
    }

    private static void requireAtMostMax(String what, long threads) {
        if (threads > maxThreads()) {
            int cpus = Runtime.getRuntime().availableProcessors();
            throw new IllegalArgumentException(what + " is " + threads + "; at most " + maxThreads() + " are allowed ("
                    + MAX_THREADS_PER_PROCESSOR + " × the " + cpus + " available processor" + (cpus == 1 ? "" : "s")
                    + "): more threads than cores only add switching");
        }
    }

    static int threadsFromProperty(String value) {
        if (value == null || value.isBlank()) {
            return Runtime.getRuntime().availableProcessors();
        }
        try {
            long n = Long.parseLong(value.trim());
            if (n >= 1) {
                requireAtMostMax(THREADS_PROPERTY, n);
                return (int) n;
            }
        } catch (NumberFormatException e) {
            // reported below with the value
        }
        throw new IllegalArgumentException(THREADS_PROPERTY + " must be a positive integer, got '" + value + "'");
    }

    /**
     * Returns the number of threads a large gemm is split over.
     *
     * @return at least 1
     */
    public int threads() {
        return threads;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    protected Tensor create(DType dtype, int rows, int cols) {
        return new SimdTensor(this, dtype, rows, cols);
    }

    @Override
    protected Elements elements(Tensor t) {
        return t(t).elements;
    }

    private static SimdTensor t(Tensor t) {
        return (SimdTensor) t;
    }

    @Override
    protected void gemm(double alpha, Tensor a, boolean transposeA, Tensor b, boolean transposeB, double beta, Tensor c) {
        int m = c.rows();
        int n = c.cols();
        int k = transposeA ? a.rows() : a.cols();
        int lda = a.cols();
        int ldb = b.cols();
        boolean ta = transposeA;
        boolean tb = transposeB;
        Tensor x = a;
        Tensor y = b;
        // A matrix with one row or one column has the same storage as its transpose.
        if (ta && (m == 1 || k == 1)) {
            ta = false;
            lda = k;
        }
        if (tb && (k == 1 || n == 1)) {
            tb = false;
            ldb = n;
        }
        if (n == 1 && m > 1) {
            // C is a column: Cᵀ = op(B)ᵀ·op(A)ᵀ has the same storage and one row.
            x = b;
            y = a;
            boolean swapped = ta;
            ta = !tb;
            tb = !swapped;
            int l = lda;
            lda = ldb;
            ldb = l;
            n = m;
            m = 1;
        }
        boolean f32 = c.dtype() == DType.FLOAT32;
        if (m == 1) {
            // One row of op(A), stored contiguously whichever way it is read.
            if (f32) {
                GemmF.rowTimesMatrix((float) alpha, t(x).f, t(y).f, ldb, tb, (float) beta, t(c).f, k, n);
            } else {
                GemmD.rowTimesMatrix(alpha, t(x).d, t(y).d, ldb, tb, beta, t(c).d, k, n);
            }
            return;
        }
        if (k == 1) {
            // An outer product of a column and a row, both contiguous (see above): memory-bound, one thread.
            if (f32) {
                GemmF.outer((float) alpha, t(x).f, t(y).f, (float) beta, t(c).f, m, n);
            } else {
                GemmD.outer(alpha, t(x).d, t(y).d, beta, t(c).d, m, n);
            }
            return;
        }
        int crs = n;
        int ccs = 1;
        // B pinned as read here (pin): its panels are packed already, and C is computed as it is.
        SimdTensor pinned = t(y);
        int slot = tb ? 1 : 0;
        boolean prepacked = pinned.pins[slot] > 0 && ldb == pinned.cols() && k == (tb ? pinned.cols() : pinned.rows())
                && n == (tb ? pinned.rows() : pinned.cols());
        Object packed = prepacked ? pinned.panels(slot) : null;
        if (!prepacked && tb && !ta && m < n && m <= SWAP_MAX_ROWS) {
            // C = A·Bᵀ with few rows (the forward's h·Wᵀ): computing Cᵀ = B·Aᵀ reads B in place and
            // packs A, the smaller operand, instead of B.
            Tensor swap = x;
            x = y;
            y = swap;
            int l = lda;
            lda = ldb;
            ldb = l;
            int rows = m;
            m = n;
            n = rows;
            crs = 1;
            ccs = m;
        }
        GemmJob g = job;
        if (pool != null && (long) m * n * k >= PARALLEL_MIN) {
            // Another thread's gemm holds the pool: this one runs alone rather than wait.
            if (g.claimed.compareAndSet(false, true)) {
                try {
                    g.set(f32, alpha, x, lda, ta, y, ldb, tb, packed, beta, c, crs, ccs, m, n, k, threads);
                    if (pool.run(g, g.parts)) {
                        g.adapt();
                        return;
                    }
                } finally {
                    g.clear();
                    g.claimed.set(false);
                }
            }
        }
        if (f32) {
            GemmF.block((float) alpha, t(x).f, lda, ta, t(y).f, ldb, tb, (float[]) packed, (float) beta, t(c).f, crs, ccs, k, 0, m, 0, n);
        } else {
            GemmD.block(alpha, t(x).d, lda, ta, t(y).d, ldb, tb, (double[]) packed, beta, t(c).d, crs, ccs, k, 0, m, 0, n);
        }
    }

    /**
     * Lets the products that read op(t) as B until {@link #unpin} share one packing of it into the
     * panels {@link GemmF#block} reads, made at the first such product, instead of packing at every
     * product: in a training window W is read by every step's product, and was packed at every step
     * (or, for h·Wᵀ, computed as Cᵀ, whose element-wise stores and transposed packing of h cost as
     * much). Results are the same bits as unpinned: the panels hold what each product would have
     * packed, and each element of C is the same chain of fused multiply-adds. While pinned, this
     * backend's operations (through beforeWrite) and the tensor's setters refuse to write t. The packing buffer stays with
     * the tensor for its next pin (no allocation after the first).
     */
    @Override
    public void pin(Tensor t, boolean transposed) {
        TensorChecks.requireOwned(this, "pin", "t", t);
        t(t).pin(transposed ? 1 : 0);
    }

    /** Refuses, before anything is written, every write to a pinned tensor. */
    @Override
    protected void beforeWrite(String op, String name, Tensor out) {
        t(out).requireUnpinned(op, name);
    }

    /**
     * Undoes one {@link #pin} of the same kind.
     *
     * @throws IllegalStateException if t is not pinned that way
     */
    @Override
    public void unpin(Tensor t, boolean transposed) {
        TensorChecks.requireOwned(this, "unpin", "t", t);
        t(t).unpin(transposed ? 1 : 0);
    }

    /**
     * One gemm split into blocks of whole rows or of whole columns of C, sizes rounded to the
     * kernel's tile; which thread computes a block does not change its values.
     *
     * <p>Split two ways, the caller's block (part 0) is sized by what the last products of the same
     * shape measured: the worker's half of a product took 3-13 % longer than the caller's on the 2-vCPU
     * machine of benchmarks/results/copies-2026-12-07 (the data were written by the caller; jobstats.log),
     * and the caller waited for it. Each shape's share moves a fifth of the way toward the share that
     * would have ended both blocks together, within [0.3, 0.7].
     */
    private static final class GemmJob implements WorkerPool.Job {
        /** Shapes whose two-way split is remembered; a step of a layer has four or five. */
        private static final int SHAPES = 16;

        final AtomicBoolean claimed = new AtomicBoolean();
        private final long[] shapeKeys = new long[SHAPES];
        private final double[] shares = new double[SHAPES];
        private int shapesUsed;
        private int nextShape;
        /** This call's entry in shares, or -1 when the split is uniform. */
        private int shape;
        private int cut;
        private int len;
        private final long[] partStart = new long[2];
        private final long[] partEnd = new long[2];
        private final Thread[] ranBy = new Thread[2];
        private boolean f32;
        private double alpha;
        private double beta;
        private SimdTensor a;
        private SimdTensor b;
        private SimdTensor c;
        private int lda;
        private int ldb;
        private int crs;
        private int ccs;
        private boolean ta;
        private boolean tb;
        private int m;
        private int n;
        private int k;
        private boolean byRows;
        private int step;
        int parts;
        /** op(B)'s panels, packed by pin (a float[] or double[]), or null. */
        private Object packed;

        void set(boolean isF32, double al, Tensor x, int la, boolean transA, Tensor y, int lb, boolean transB, Object bPacked, double be,
                Tensor out, int rowStride, int colStride, int rows, int cols, int inner, int threads) {
            f32 = isF32;
            packed = bPacked;
            alpha = al;
            beta = be;
            a = t(x);
            b = t(y);
            c = t(out);
            crs = rowStride;
            ccs = colStride;
            lda = la;
            ldb = lb;
            ta = transA;
            tb = transB;
            m = rows;
            n = cols;
            k = inner;
            // A part split by rows reads its rows of A and all of B; split by columns, all of A and its
            // columns of B. The larger of m and n is split, so that no part reads more than half of the
            // larger operand: the forward's Cᵀ = W·hᵀ (gH rows, B columns) split by columns had each
            // thread stream all of W for B/2 columns. A transposed A, which is packed, is split by rows
            // (each part then packs its rows of A and all of B, rows of B being cheap to copy).
            int mr = f32 ? GemmF.MR : GemmD.MR;
            int nr = f32 ? GemmF.NR : GemmD.NR;
            byRows = transA ? rows >= 2 * mr : cols < 2 * nr || rows > cols && rows >= 2 * mr;
            int tile = byRows ? mr : nr;
            len = byRows ? rows : cols;
            if (threads == 2 && len >= 2 * tile) {
                shape = shapeOf((((rows * 31L + cols) * 31L + inner) * 8) + (transA ? 4 : 0) + (transB ? 2 : 0) + (rowStride == 1 ? 1 : 0));
                cut = Math.max(tile, Math.min(len - tile, (int) Math.round(len * shares[shape] / tile) * tile));
                parts = 2;
                return;
            }
            shape = -1;
            int per = (len + threads - 1) / threads;
            step = (per + tile - 1) / tile * tile;
            parts = (len + step - 1) / step;
        }

        /** The entry of a shape in shares, made (with an even share) if it has none; the oldest is replaced. */
        private int shapeOf(long key) {
            for (int i = 0; i < shapesUsed; i++) {
                if (shapeKeys[i] == key) {
                    return i;
                }
            }
            int i = shapesUsed < SHAPES ? shapesUsed++ : nextShape++ % SHAPES;
            shapeKeys[i] = key;
            shares[i] = 0.5;
            return i;
        }

        /**
         * After a two-way job: unless the caller ran both blocks, moves its shape's share toward
         * u1/(u0 + u1), u0 the caller's time per row (or column) and u1 the worker's, counted from the
         * caller's start so that a late start counts as a slow worker.
         */
        void adapt() {
            if (shape < 0 || ranBy[1] == ranBy[0]) {
                return;
            }
            double u0 = (partEnd[0] - partStart[0]) / (double) cut;
            double u1 = (partEnd[1] - partStart[0]) / (double) (len - cut);
            if (u0 > 0 && u1 > 0) {
                double s = shares[shape] + 0.2 * (u1 / (u0 + u1) - shares[shape]);
                shares[shape] = Math.max(0.3, Math.min(0.7, s));
            }
        }

        void clear() {
            a = null;
            b = null;
            c = null;
            packed = null;
            ranBy[0] = null;
            ranBy[1] = null;
        }

        @Override
        public void run(int part) {
            long start = System.nanoTime();
            int from = shape >= 0 ? (part == 0 ? 0 : cut) : part * step;
            int to = shape >= 0 ? (part == 0 ? cut : len) : Math.min(from + step, len);
            int i0 = byRows ? from : 0;
            int i1 = byRows ? to : m;
            int j0 = byRows ? 0 : from;
            int j1 = byRows ? n : to;
            if (f32) {
                GemmF.block((float) alpha, a.f, lda, ta, b.f, ldb, tb, (float[]) packed, (float) beta, c.f, crs, ccs, k, i0, i1, j0, j1);
            } else {
                GemmD.block(alpha, a.d, lda, ta, b.d, ldb, tb, (double[]) packed, beta, c.d, crs, ccs, k, i0, i1, j0, j1);
            }
            if (shape >= 0) {
                partStart[part] = start;
                partEnd[part] = System.nanoTime();
                ranBy[part] = Thread.currentThread();
            }
        }
    }

    // Element work runs ElementsF/ElementsD (FLOAT32 generated from FLOAT64) or the kit's FloatKernels
    // on the arrays: plain loops that C2 compiles to SIMD, on ranges of the arrays so that a large
    // operation can be split in two over the pool (ElementJob).

    @Override
    protected void activate(Activation f, Tensor a, Tensor out) {
        if (a.dtype() == DType.FLOAT32 || f == Activation.TANH) {
            elements(ElementJob.ACTIVATE, f, 0, a, 0, null, out, 0, 0, a.size());
        } else {
            super.activate(f, a, out);
        }
    }

    @Override
    protected void activationDerivative(Activation f, Tensor h, Tensor upstream, Tensor out) {
        if (h.dtype() == DType.FLOAT32 || f == Activation.TANH) {
            elements(ElementJob.DERIVATIVE, f, 0, h, 0, upstream, out, 0, 0, h.size());
        } else {
            super.activationDerivative(f, h, upstream, out);
        }
    }

    @Override
    protected void addRowVector(Tensor a, Tensor v, Tensor out) {
        elements(ElementJob.ADD_ROW, null, 0, a, 0, v, out, 0, a.cols(), a.rows());
    }

    @Override
    protected void columnSums(Tensor a, double beta, Tensor out) {
        if (a.dtype() == DType.FLOAT32) {
            ElementsF.columnSums(t(a).f, a.rows(), a.cols(), (float) beta, t(out).f);
        } else {
            ElementsD.columnSums(t(a).d, a.rows(), a.cols(), beta, t(out).d);
        }
    }

    @Override
    protected void multiply(Tensor a, Tensor b, Tensor out) {
        elements(ElementJob.MULTIPLY, null, 0, a, 0, b, out, 0, 0, a.size());
    }

    @Override
    protected void axpy(double alpha, Tensor x, Tensor y) {
        elements(ElementJob.AXPY, null, alpha, x, 0, null, y, 0, 0, x.size());
    }

    @Override
    protected void scale(double alpha, Tensor a, Tensor out) {
        elements(ElementJob.SCALE, null, alpha, a, 0, null, out, 0, 0, a.size());
    }

    @Override
    protected void fill(double value, Tensor out) {
        elements(ElementJob.FILL, null, value, null, 0, null, out, 0, 0, out.size());
    }

    @Override
    protected void copyRows(Tensor src, int srcRow, int count, Tensor dst, int dstRow) {
        int cols = src.cols();
        elements(ElementJob.COPY, null, 0, src, srcRow * cols, null, dst, dstRow * cols, 0, count * cols);
    }

    /**
     * Runs an element operation over its n units (elements, or rows for a row vector's add, of
     * {@code cols} elements each): split in two over the pool when it has at least
     * {@link #SPLIT_MIN_ELEMENTS} elements and the pool is free, else on the calling thread.
     */
    private void elements(int op, Activation f, double alpha, Tensor x, int xOff, Tensor y, Tensor z, int zOff, int cols, int n) {
        SimdTensor tx = x == null ? null : t(x);
        SimdTensor ty = y == null ? null : t(y);
        SimdTensor tz = t(z);
        long size = cols == 0 ? n : (long) n * cols;
        // A copy within one array may overlap itself: System.arraycopy handles that whole, not in parts.
        boolean split = pool != null && size >= SPLIT_MIN_ELEMENTS && !(op == ElementJob.COPY && tx == tz);
        ElementJob j = elementJob;
        if (split && j.claimed.compareAndSet(false, true)) {
            try {
                j.set(op, f, alpha, tx, xOff, ty, tz, zOff, cols, n);
                if (pool.run(j, 2)) {
                    return;
                }
            } finally {
                j.clear();
                j.claimed.set(false);
            }
        }
        ElementJob.apply(op, f, alpha, tx, xOff, ty, tz, zOff, cols, 0, n);
    }

    /**
     * One element operation split in two at a multiple of 64 elements (whole cache lines and vectors
     * to each thread), or of rows for a row vector's add. Every element is computed by the same
     * operations whichever thread computes it, so the split does not change a bit.
     */
    static final class ElementJob implements WorkerPool.Job {
        static final int ACTIVATE = 0;
        static final int DERIVATIVE = 1;
        static final int ADD_ROW = 2;
        static final int MULTIPLY = 3;
        static final int AXPY = 4;
        static final int SCALE = 5;
        static final int FILL = 6;
        static final int COPY = 7;

        final AtomicBoolean claimed = new AtomicBoolean();
        private int op;
        private Activation f;
        private double alpha;
        private SimdTensor x;
        private SimdTensor y;
        private SimdTensor z;
        private int xOff;
        private int zOff;
        private int cols;
        private int n;
        private int cut;

        void set(int operation, Activation fn, double al, SimdTensor tx, int xo, SimdTensor ty, SimdTensor tz, int zo, int width, int units) {
            op = operation;
            f = fn;
            alpha = al;
            x = tx;
            y = ty;
            z = tz;
            xOff = xo;
            zOff = zo;
            cols = width;
            n = units;
            cut = width == 0 ? units / 2 / 64 * 64 : units / 2;
        }

        void clear() {
            x = null;
            y = null;
            z = null;
            f = null;
        }

        @Override
        public void run(int part) {
            apply(op, f, alpha, x, xOff, y, z, zOff, cols, part == 0 ? 0 : cut, part == 0 ? cut : n);
        }

        /** The operation on units [from, to); x is read at xOff + i and z written at zOff + i (a copy), else both at i. */
        static void apply(int op, Activation f, double alpha, SimdTensor x, int xOff, SimdTensor y, SimdTensor z, int zOff, int cols,
                int from, int to) {
            boolean f32 = z.dtype() == DType.FLOAT32;
            switch (op) {
                case ACTIVATE:
                    if (f32) {
                        FloatKernels.activate(f, x.f, z.f, from, to);
                    } else {
                        DoubleTanh.apply(x.d, z.d, from, to);
                    }
                    break;
                case DERIVATIVE:
                    if (f32 && f != Activation.TANH) {
                        FloatKernels.activationDerivative(f, x.f, y.f, z.f, from, to);
                    } else if (f32) {
                        ElementsF.tanhDerivative(x.f, y.f, z.f, from, to);
                    } else {
                        ElementsD.tanhDerivative(x.d, y.d, z.d, from, to);
                    }
                    break;
                case ADD_ROW:
                    if (f32) {
                        ElementsF.addRowVector(x.f, y.f, z.f, from, to, cols);
                    } else {
                        ElementsD.addRowVector(x.d, y.d, z.d, from, to, cols);
                    }
                    break;
                case MULTIPLY:
                    if (f32) {
                        ElementsF.multiply(x.f, y.f, z.f, from, to);
                    } else {
                        ElementsD.multiply(x.d, y.d, z.d, from, to);
                    }
                    break;
                case AXPY:
                    if (f32) {
                        ElementsF.axpy((float) alpha, x.f, z.f, from, to);
                    } else {
                        ElementsD.axpy(alpha, x.d, z.d, from, to);
                    }
                    break;
                case SCALE:
                    if (f32) {
                        ElementsF.scale((float) alpha, x.f, z.f, from, to);
                    } else {
                        ElementsD.scale(alpha, x.d, z.d, from, to);
                    }
                    break;
                case FILL:
                    if (f32) {
                        Arrays.fill(z.f, from, to, (float) alpha);
                    } else {
                        Arrays.fill(z.d, from, to, alpha);
                    }
                    break;
                case COPY:
                    if (f32) {
                        System.arraycopy(x.f, xOff + from, z.f, zOff + from, to - from);
                    } else {
                        System.arraycopy(x.d, xOff + from, z.d, zOff + from, to - from);
                    }
                    break;
                default:
                    throw new AssertionError(op);
            }
        }
    }

    // The gate operations: the FLOAT32 backward steps on the Vector API (GateVectors) wherever a row
    // is at least one vector wide and no error output is written over its input; the forward steps,
    // the rest and FLOAT64 on the kit's kernels (FloatGateKernels on compact copies of the gate blocks,
    // gathered from the arrays that floatArray gives, and readFloats and writeFloats).

    private static boolean vectorGates(Tensor t, int hidden) {
        return t.dtype() == DType.FLOAT32 && hidden >= GateVectors.LANES;
    }

    @Override
    protected void lstmBackward(Tensor cache, Tensor dh, Tensor dc, Tensor dGates, Tensor dcPrev, int hidden) {
        if (vectorGates(cache, hidden) && dcPrev != dc) {
            GateVectors.lstmBackward(t(cache).f, t(dh).f, t(dc).f, t(dGates).f, t(dcPrev).f, cache.rows(), hidden);
        } else {
            super.lstmBackward(cache, dh, dc, dGates, dcPrev, hidden);
        }
    }

    @Override
    protected void gruBackward(Tensor cache, Tensor dh, Tensor dGx, Tensor dGh, Tensor dhPrev, int hidden) {
        if (vectorGates(cache, hidden) && dhPrev != dh) {
            GateVectors.gruBackward(t(cache).f, t(dh).f, t(dGx).f, t(dGh).f, t(dhPrev).f, cache.rows(), hidden);
        } else {
            super.gruBackward(cache, dh, dGx, dGh, dhPrev, hidden);
        }
    }

    /**
     * FLOAT32: {@link FloatKernels#sumOfSquares}, four running sums in double (ND4J's float path sums
     * the same way); one running sum, the kit's default, is one dependent addition per element and took
     * 3.4 % of a large GRU training step, where the optimizer checks every new parameter value.
     * FLOAT64 keeps the kit's single sum, whose bits the examples' tables were made with.
     */
    @Override
    protected double sumOfSquares(Tensor a) {
        if (a.dtype() == DType.FLOAT32) {
            return FloatKernels.sumOfSquares(t(a).f, a.size());
        }
        return super.sumOfSquares(a);
    }

    @Override
    protected float[] floatArray(Tensor t) {
        return t(t).f;
    }

    @Override
    protected void readFloats(Tensor t, int from, float[] dst, int n) {
        System.arraycopy(t(t).f, from, dst, 0, n);
    }

    @Override
    protected void writeFloats(float[] src, Tensor t, int from, int n) {
        System.arraycopy(src, 0, t(t).f, from, n);
    }

    /**
     * Returns the width of the kernels' vectors.
     *
     * @return 128, 256 or 512
     */
    public int vectorBits() {
        return VectorWidth.SHAPE.vectorBitSize();
    }

    @Override
    public String toString() {
        return "SimdBackend (" + threads + " gemm thread" + (threads == 1 ? "" : "s") + ", " + vectorBits() + "-bit vectors)";
    }
}
