package org.rnn4j.backend.nd4j;

import static org.bytedeco.openblas.global.openblas.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas.CblasTrans;

import org.bytedeco.openblas.global.openblas;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.rnn4j.api.Activation;
import org.rnn4j.api.DType;
import org.rnn4j.api.Tensor;
import org.rnn4j.spi.AbstractBackend;
import org.rnn4j.spi.ElementLoops.Elements;
import org.rnn4j.spi.FloatKernels;

/**
 * The ND4J backend. {@link AbstractBackend} checks every call; gemm, row copies, axpy and scaling
 * run OpenBLAS's cblas routines ({@code ?gemm} row-major, {@code ?copy}, {@code ?axpy},
 * {@code ?scal}) on the arrays' memory; FLOAT32 activations, their derivative, bias adds and column
 * sums run {@link FloatKernels} on heap chunks of it; the other operations are
 * {@link org.rnn4j.spi.ElementLoops} loops over it. See {@link org.rnn4j.spi.Backend} for the formulas.
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

    @Override
    public String name() {
        return NAME;
    }

    @Override
    protected Tensor create(DType dtype, int rows, int cols) {
        return new Nd4jTensor(this, dtype, rows, cols);
    }

    @Override
    protected Elements elements(Tensor t) {
        return t(t).elements;
    }

    private static Nd4jTensor t(Tensor t) {
        return (Nd4jTensor) t;
    }

    @Override
    protected void gemm(double alpha, Tensor a, boolean transposeA, Tensor b, boolean transposeB, double beta, Tensor c) {
        int m = c.rows();
        int n = c.cols();
        int k = transposeA ? a.rows() : a.cols();
        int ta = transposeA ? CblasTrans : CblasNoTrans;
        int tb = transposeB ? CblasTrans : CblasNoTrans;
        // Row-major: the leading dimension of each operand is its stored row length.
        if (c.dtype() == DType.FLOAT64) {
            openblas.cblas_dgemm(CblasRowMajor, ta, tb, m, n, k, alpha, t(a).d, a.cols(), t(b).d, b.cols(), beta, t(c).d, n);
        } else {
            openblas.cblas_sgemm(CblasRowMajor, ta, tb, m, n, k, (float) alpha, t(a).f, a.cols(), t(b).f, b.cols(), (float) beta, t(c).f, n);
        }
    }

    @Override
    protected void axpy(double alpha, Tensor x, Tensor y) {
        if (x.dtype() == DType.FLOAT64) {
            openblas.cblas_daxpy(x.size(), alpha, t(x).d, 1, t(y).d, 1);
        } else {
            openblas.cblas_saxpy(x.size(), (float) alpha, t(x).f, 1, t(y).f, 1);
        }
    }

    @Override
    protected void scale(double alpha, Tensor a, Tensor out) {
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
     * Native copy through cblas_?copy, from the source's read pointer to the destination's write
     * pointer, each positioned at its rows (the tensors' gemm pointers never move), so a copy
     * between rows of one tensor works.
     */
    @Override
    protected void copyRows(Tensor src, int srcRow, int count, Tensor dst, int dstRow) {
        long from = (long) srcRow * src.cols();
        long to = (long) dstRow * dst.cols();
        int n = count * src.cols();
        if (src.dtype() == DType.FLOAT64) {
            openblas.cblas_dcopy(n, t(src).dRead.position(from), 1, t(dst).dWrite.position(to), 1);
        } else {
            openblas.cblas_scopy(n, t(src).fRead.position(from), 1, t(dst).fWrite.position(to), 1);
        }
    }

    // ---------------------------------------------------------------- FLOAT32 element work
    //
    // A Java loop cannot be vectorised over native memory, and reading it element by element costs
    // several times the arithmetic; so FLOAT32 element operations copy a chunk of each operand to a
    // per-thread heap array (one native copy each), run the SIMD-compiled FloatKernels loop there,
    // and copy the result back. FLOAT64 element work stays on the ElementLoops over the raw indexers.

    /** Elements per chunk: 16 KB per float array, so a chunk's operands stay in the L1/L2 caches. */
    static final int CHUNK = 4096;

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /** Per-thread heap arrays for chunks; they grow to the widest row seen and are then reused. */
    static final class Scratch {
        private float[] a = new float[CHUNK];
        private float[] b = new float[CHUNK];
        private float[] row = new float[CHUNK];

        /** @return a chunk array of at least n elements */
        float[] a(int n) {
            if (a.length < n) {
                a = new float[n];
            }
            return a;
        }

        /** @return a second chunk array of at least n elements */
        float[] b(int n) {
            if (b.length < n) {
                b = new float[n];
            }
            return b;
        }

        /** @return an array of at least n elements for one row (a row vector, or column sums) */
        float[] row(int n) {
            if (row.length < n) {
                row = new float[n];
            }
            return row;
        }
    }

    /** @return the current thread's chunk arrays */
    static Scratch scratch() {
        return SCRATCH.get();
    }

    /** Rows per chunk for a tensor of this width: whole rows, at least one. */
    private static int rowsPerChunk(int cols) {
        return Math.max(1, CHUNK / cols);
    }

    @Override
    protected void activate(Activation f, Tensor a, Tensor out) {
        if (a.dtype() != DType.FLOAT32) {
            super.activate(f, a, out);
            return;
        }
        float[] x = scratch().a(CHUNK);
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
        float[] x = s.a(CHUNK);
        float[] u = s.b(CHUNK);
        int size = h.size();
        for (int off = 0; off < size; off += CHUNK) {
            int n = Math.min(CHUNK, size - off);
            t(h).read(off, x, n);
            t(upstream).read(off, u, n);
            FloatKernels.activationDerivative(f, x, u, x, n);
            t(out).write(off, x, n);
        }
    }

    @Override
    protected void addRowVector(Tensor a, Tensor v, Tensor out) {
        if (a.dtype() != DType.FLOAT32) {
            super.addRowVector(a, v, out);
            return;
        }
        int cols = a.cols();
        int rowsPer = rowsPerChunk(cols);
        Scratch s = scratch();
        float[] x = s.a(rowsPer * cols);
        float[] vec = s.row(cols);
        t(v).read(0, vec, cols);
        for (int r = 0; r < a.rows(); r += rowsPer) {
            int rows = Math.min(rowsPer, a.rows() - r);
            long off = (long) r * cols;
            t(a).read(off, x, rows * cols);
            FloatKernels.addRowVector(x, vec, x, rows, cols);
            t(out).write(off, x, rows * cols);
        }
    }

    @Override
    protected void columnSums(Tensor a, double beta, Tensor out) {
        if (a.dtype() != DType.FLOAT32) {
            super.columnSums(a, beta, out);
            return;
        }
        int cols = a.cols();
        int rowsPer = rowsPerChunk(cols);
        Scratch s = scratch();
        float[] x = s.a(rowsPer * cols);
        float[] sums = s.row(cols);
        if (beta != 0) {
            t(out).read(0, sums, cols);
        }
        float scale = (float) beta;
        for (int r = 0; r < a.rows(); r += rowsPer) {
            int rows = Math.min(rowsPer, a.rows() - r);
            t(a).read((long) r * cols, x, rows * cols);
            FloatKernels.columnSums(x, rows, cols, scale, sums);
            scale = 1;
        }
        t(out).write(0, sums, cols);
    }

    @Override
    public String toString() {
        return "Nd4jBackend";
    }
}
