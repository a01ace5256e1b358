package org.rnn4j.backend.nd4j;

import static org.bytedeco.openblas.global.openblas.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas.CblasTrans;

import java.util.Arrays;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.rnn4j.api.Activation;
import org.rnn4j.api.DType;
import org.rnn4j.api.Tensor;
import org.rnn4j.spi.kit.AbstractBackend;
import org.rnn4j.spi.kit.ElementLoops.Elements;
import org.rnn4j.spi.kit.FloatKernels;
import org.rnn4j.spi.TensorChecks;

/**
 * The ND4J backend, with {@linkplain #rowView row views}. {@link AbstractBackend} checks every
 * call. FLOAT32 products of at least 2²¹ multiply-adds run oneDNN where the ND4J build that loaded
 * has it (nd4j-native's {@code -onednn} builds, which this module brings on Linux x86-64; see
 * {@link #matrixProducts()}); the other products, row copies, axpy and scaling run OpenBLAS's cblas
 * routines ({@code ?gemm} row-major, {@code ?copy}, {@code ?axpy}, {@code ?scal}) on the arrays'
 * memory, bias adds and column sums {@code ?ger} and {@code ?gemv} with a vector of ones, the
 * FLOAT64 squared norm {@code ddot}; FLOAT32 activations, their derivative and the squared norm run
 * {@link FloatKernels} on heap chunks of it; the other operations are
 * {@link org.rnn4j.spi.kit.ElementLoops} loops over it. See {@link org.rnn4j.spi.Backend} for the
 * formulas.
 */
public final class Nd4jBackend extends AbstractBackend {

    /** The name that selects this backend: {@code -Drnn4j.backend=nd4j}. */
    public static final String NAME = "nd4j";

    /** Creates the backend. ND4J's natives must load: use {@link Nd4jBackendProvider#unavailableReason()} to check first. */
    public Nd4jBackend() {
    }

    /**
     * Returns the ND4J array behind a tensor of this backend, for interoperation: a live row-major view.
     *
     * @param t a tensor created by an {@code Nd4jBackend}
     * @return its array (writes show in the tensor)
     */
    public static INDArray array(Tensor t) {
        if (!(t instanceof Nd4jTensor)) {
            throw new IllegalArgumentException("array: " + t.describe() + " belongs to backend '" + t.backend().name() + "', not nd4j");
        }
        return ((Nd4jTensor) t).array;
    }

    /**
     * Which library runs this backend's matrix products, and what was set for it. On Linux x86-64
     * the backend brings ND4J's {@code -onednn} build, and FLOAT32 products of at least 2²¹
     * multiply-adds go to oneDNN, the rest to OpenBLAS (on one thread for FLOAT32 work, on the count
     * it had for FLOAT64 work); elsewhere, or with {@code -Drnn4j.nd4j.onednn=false}, every product
     * goes to OpenBLAS. Loads ND4J's natives on first use.
     *
     * @return for instance "oneDNN for FLOAT32 products of at least 2097152 multiply-adds, OpenBLAS for the rest (…)"
     * @throws IllegalArgumentException if {@code rnn4j.nd4j.onednn} is neither true nor false
     * @throws IllegalStateException if ND4J's natives cannot load, with the reason
     */
    public static String matrixProducts() {
        return OneDnnGemm.describe();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    protected Tensor create(DType dtype, int rows, int cols) {
        return new Nd4jTensor(this, dtype, rows, cols);
    }

    /** Row views are tensors over the same native memory, at an offset; every kernel works on them unchanged. */
    @Override
    public boolean supportsRowViews() {
        return true;
    }

    @Override
    protected Tensor createRowView(Tensor base, int firstRow, int count) {
        return new Nd4jTensor(t(base), firstRow, count);
    }

    @Override
    protected Elements elements(Tensor t) {
        return t(t).elements;
    }

    private static Nd4jTensor t(Tensor t) {
        return (Nd4jTensor) t;
    }

    /**
     * {@code ?gemm}, except where a dimension is 1: OpenBLAS's gemm packs its operands whatever their
     * shape, which made a 128×512 product with k = 1 take 195 µs against 7 µs as a rank-1 update.
     * So m = 1 or n = 1 is a matrix-vector product ({@code ?gemv}) and k = 1 an outer product
     * ({@code ?ger}); single rows and columns of row-major tensors are contiguous whether
     * transposed or not. With β = 0, C is zeroed first so that nothing in it is read.
     */
    @Override
    protected void gemm(double alpha, Tensor a, boolean transposeA, Tensor b, boolean transposeB, double beta, Tensor c) {
        int m = c.rows();
        int n = c.cols();
        int k = transposeA ? a.rows() : a.cols();
        boolean f64 = c.dtype() == DType.FLOAT64;
        OneDnnGemm.openBlasFor(f64);
        if (m == 1 || n == 1 || k == 1) {
            if (beta == 0) {
                fill(0, c);
            }
            if (n == 1) {
                // c (m) = α·op(A)·b + β·c, b a k-vector.
                gemv(f64, transposeA, a, alpha, b, beta, c);
            } else if (m == 1) {
                // cᵀ (n) = α·op(B)ᵀ·aᵀ + β·cᵀ, a a k-vector.
                gemv(f64, !transposeB, b, alpha, a, beta, c);
            } else {
                // C = α·a·bᵀ + β·C with a an m-vector, b an n-vector.
                if (beta != 0 && beta != 1) {
                    scale(beta, c, c);
                }
                if (f64) {
                    openblas.cblas_dger(CblasRowMajor, m, n, alpha, t(a).d, 1, t(b).d, 1, t(c).d, n);
                } else {
                    openblas.cblas_sger(CblasRowMajor, m, n, (float) alpha, t(a).f, 1, t(b).f, 1, t(c).f, n);
                }
            }
            return;
        }
        if (!f64 && OneDnnGemm.takes(m, n, k)) {
            OneDnnGemm.sgemm(alpha, t(a), transposeA, t(b), transposeB, beta, t(c));
            return;
        }
        int ta = transposeA ? CblasTrans : CblasNoTrans;
        int tb = transposeB ? CblasTrans : CblasNoTrans;
        // Row-major: the leading dimension of each operand is its stored row length.
        if (f64) {
            openblas.cblas_dgemm(CblasRowMajor, ta, tb, m, n, k, alpha, t(a).d, a.cols(), t(b).d, b.cols(), beta, t(c).d, n);
        } else {
            openblas.cblas_sgemm(CblasRowMajor, ta, tb, m, n, k, (float) alpha, t(a).f, a.cols(), t(b).f, b.cols(), (float) beta, t(c).f, n);
        }
    }

    /** y = α·op(M)·x + β·y over the stored row-major matrix M, op(M) = Mᵀ if transpose; x and y contiguous vectors. */
    private static void gemv(boolean f64, boolean transpose, Tensor matrix, double alpha, Tensor x, double beta, Tensor y) {
        int tm = transpose ? CblasTrans : CblasNoTrans;
        int rows = matrix.rows();
        int cols = matrix.cols();
        if (f64) {
            openblas.cblas_dgemv(CblasRowMajor, tm, rows, cols, alpha, t(matrix).d, cols, t(x).d, 1, beta, t(y).d, 1);
        } else {
            openblas.cblas_sgemv(CblasRowMajor, tm, rows, cols, (float) alpha, t(matrix).f, cols, t(x).f, 1, (float) beta, t(y).f, 1);
        }
    }

    /** Zeros through memset; other values through the element loop. */
    @Override
    protected void fill(double value, Tensor out) {
        if (value == 0) {
            if (out.dtype() == DType.FLOAT64) {
                t(out).d.zero();
            } else {
                t(out).f.zero();
            }
        } else {
            super.fill(value, out);
        }
    }

    @Override
    protected void axpy(double alpha, Tensor x, Tensor y) {
        OneDnnGemm.openBlasFor(x.dtype() == DType.FLOAT64);
        if (x.dtype() == DType.FLOAT64) {
            openblas.cblas_daxpy(x.size(), alpha, t(x).d, 1, t(y).d, 1);
        } else {
            openblas.cblas_saxpy(x.size(), (float) alpha, t(x).f, 1, t(y).f, 1);
        }
    }

    @Override
    protected void scale(double alpha, Tensor a, Tensor out) {
        OneDnnGemm.openBlasFor(a.dtype() == DType.FLOAT64);
        if (a != out) {
            copyRows(a, 0, a.rows(), out, 0);
        }
        if (a.dtype() == DType.FLOAT64) {
            openblas.cblas_dscal(a.size(), alpha, t(out).d, 1);
        } else {
            openblas.cblas_sscal(a.size(), (float) alpha, t(out).f, 1);
        }
    }

    /**
     * Native copy through cblas_?copy between the calling thread's two views, aimed at the source
     * and destination rows; a tensor's own pointers never move, so threads copying from one tensor
     * at once do not disturb each other, and a copy between rows of one tensor works.
     */
    @Override
    protected void copyRows(Tensor src, int srcRow, int count, Tensor dst, int dstRow) {
        long from = (long) srcRow * src.cols();
        long to = (long) dstRow * dst.cols();
        int n = count * src.cols();
        Scratch s = scratch();
        if (src.dtype() == DType.FLOAT64) {
            openblas.cblas_dcopy(n, s.srcD.at(t(src).d, from, n), 1, s.dstD.at(t(dst).d, to, n), 1);
        } else {
            openblas.cblas_scopy(n, s.src.at(t(src).f, from, n), 1, s.dst.at(t(dst).f, to, n), 1);
        }
    }

    // ---------------------------------------------------------------- bias add and column sums
    //
    // Both are BLAS level-2 calls with a vector of ones: the bias add is the rank-1 update
    // out += 1·vᵀ (?ger), column sums the product aᵀ·1 (?gemv). Each is one pass over memory in
    // native code, several times faster than an element loop with its copies to the heap.

    /** Ones for ?ger and ?gemv in both dtypes; replaced by longer vectors when a taller tensor comes. */
    private static final class Ones {
        final int length;
        final FloatPointer f;
        final DoublePointer d;

        Ones(int length) {
            this.length = length;
            double[] dOnes = new double[length];
            Arrays.fill(dOnes, 1.0);
            d = new DoublePointer(dOnes);
            float[] fOnes = new float[length];
            Arrays.fill(fOnes, 1f);
            f = new FloatPointer(fOnes);
        }
    }

    private volatile Ones ones;

    private Ones ones(int n) {
        Ones o = ones;
        if (o == null || o.length < n) {
            synchronized (this) {
                o = ones;
                if (o == null || o.length < n) {
                    o = new Ones(Math.max(n, CHUNK));
                    ones = o;
                }
            }
        }
        return o;
    }

    @Override
    protected void addRowVector(Tensor a, Tensor v, Tensor out) {
        if (TensorChecks.overlap(v, out) || TensorChecks.overlap(v, a)) {
            // A one-row tensor added to itself: BLAS forbids the overlap, the element loop allows it.
            super.addRowVector(a, v, out);
            return;
        }
        if (a != out) {
            copyRows(a, 0, a.rows(), out, 0);
        }
        int rows = a.rows();
        int cols = a.cols();
        OneDnnGemm.openBlasFor(a.dtype() == DType.FLOAT64);
        if (a.dtype() == DType.FLOAT64) {
            openblas.cblas_dger(CblasRowMajor, rows, cols, 1, ones(rows).d, 1, t(v).d, 1, t(out).d, cols);
        } else {
            openblas.cblas_sger(CblasRowMajor, rows, cols, 1, ones(rows).f, 1, t(v).f, 1, t(out).f, cols);
        }
    }

    @Override
    protected void columnSums(Tensor a, double beta, Tensor out) {
        if (beta == 0) {
            // Not read: zeroed first, so that NaN or infinity in out cannot come through 0·out.
            fill(0, out);
        }
        int rows = a.rows();
        int cols = a.cols();
        OneDnnGemm.openBlasFor(a.dtype() == DType.FLOAT64);
        if (a.dtype() == DType.FLOAT64) {
            openblas.cblas_dgemv(CblasRowMajor, CblasTrans, rows, cols, 1, t(a).d, cols, ones(rows).d, 1, beta, t(out).d, 1);
        } else {
            openblas.cblas_sgemv(CblasRowMajor, CblasTrans, rows, cols, 1, t(a).f, cols, ones(rows).f, 1, (float) beta, t(out).f, 1);
        }
    }

    // ---------------------------------------------------------------- FLOAT32 element work
    //
    // A Java loop cannot be vectorised over native memory, and reading it element by element costs
    // several times the arithmetic; so FLOAT32 activations and their derivative copy a chunk of each
    // operand to a per-thread heap array (one native copy each), run the SIMD-compiled FloatKernels
    // loop there, and copy the result back. FLOAT64 element work stays on ElementLoops over the raw
    // indexers.

    /** Elements per chunk: 16 KB per float array, so a chunk's operands stay in the L1/L2 caches. */
    static final int CHUNK = 4096;

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /**
     * Per-thread heap arrays of {@link #CHUNK} floats and pointer views (a source and a destination
     * per dtype), made on a thread's first use and then reused.
     */
    static final class Scratch {
        final float[] a = new float[CHUNK];
        final float[] b = new float[CHUNK];
        final Views.OfFloat src = new Views.OfFloat();
        final Views.OfFloat dst = new Views.OfFloat();
        final Views.OfDouble srcD = new Views.OfDouble();
        final Views.OfDouble dstD = new Views.OfDouble();
    }

    /**
     * Pointers that own no memory and that one thread aims at part of a tensor just before a native
     * call. A JavaCPP pointer passes its address plus its position to native code; a position stored
     * in a tensor and moved per call was shared by every thread reading that tensor, so one thread's
     * copy could start at another thread's rows. Re-aiming a per-thread view instead allocates nothing.
     */
    static final class Views {
        private Views() {
        }

        /** A view of FLOAT32 memory. */
        static final class OfFloat extends FloatPointer {
            /** Aims the view at {@code base[offset, offset + count)}; base's own position is not read or moved. */
            OfFloat at(FloatPointer base, long offset, long count) {
                address = base.address() + offset * Float.BYTES;
                position = 0;
                limit = count;
                capacity = count;
                return this;
            }
        }

        /** A view of FLOAT64 memory. */
        static final class OfDouble extends DoublePointer {
            /** Aims the view at {@code base[offset, offset + count)}; base's own position is not read or moved. */
            OfDouble at(DoublePointer base, long offset, long count) {
                address = base.address() + offset * Double.BYTES;
                position = 0;
                limit = count;
                capacity = count;
                return this;
            }
        }
    }

    /** {@return the current thread's chunk arrays} */
    static Scratch scratch() {
        return SCRATCH.get();
    }

    @Override
    protected void activate(Activation f, Tensor a, Tensor out) {
        if (a.dtype() != DType.FLOAT32) {
            super.activate(f, a, out);
            return;
        }
        float[] x = scratch().a;
        int size = a.size();
        for (int off = 0; off < size; off += CHUNK) {
            int n = Math.min(CHUNK, size - off);
            t(a).read(off, x, n);
            FloatKernels.activate(f, x, x, n);
            t(out).write(off, x, n);
        }
    }

    @Override
    protected void activationDerivative(Activation f, Tensor h, Tensor upstream, Tensor out) {
        if (h.dtype() != DType.FLOAT32) {
            super.activationDerivative(f, h, upstream, out);
            return;
        }
        Scratch s = scratch();
        float[] x = s.a;
        float[] u = s.b;
        int size = h.size();
        for (int off = 0; off < size; off += CHUNK) {
            int n = Math.min(CHUNK, size - off);
            t(h).read(off, x, n);
            t(upstream).read(off, u, n);
            FloatKernels.activationDerivative(f, x, u, x, n);
            t(out).write(off, x, n);
        }
    }

    /** The FLOAT32 gate kernels of the kit read and write through one native copy per block of rows. */
    @Override
    protected void readFloats(Tensor t, int from, float[] dst, int n) {
        t(t).read(from, dst, n);
    }

    @Override
    protected void writeFloats(float[] src, Tensor t, int from, int n) {
        t(t).write(from, src, n);
    }

    /**
     * FLOAT64: one {@code ddot} of the tensor with itself. FLOAT32: heap chunks summed in double by
     * {@link FloatKernels#sumOfSquares} (OpenBLAS's {@code dsdot} squares in float, 1e-9 off).
     */
    @Override
    protected double sumOfSquares(Tensor a) {
        Nd4jTensor x = t(a);
        int size = a.size();
        if (x.d != null) {
            OneDnnGemm.openBlasFor(true);
            return openblas.cblas_ddot(size, x.d, 1, x.d, 1);
        }
        float[] chunk = scratch().a;
        double sum = 0;
        for (int off = 0; off < size; off += CHUNK) {
            int n = Math.min(CHUNK, size - off);
            x.read(off, chunk, n);
            sum += FloatKernels.sumOfSquares(chunk, n);
        }
        return sum;
    }

    @Override
    public String toString() {
        return "Nd4jBackend";
    }
}
