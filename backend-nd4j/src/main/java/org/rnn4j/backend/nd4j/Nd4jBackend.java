package org.rnn4j.backend.nd4j;

import static org.bytedeco.openblas.global.openblas.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas.CblasTrans;

import org.bytedeco.openblas.global.openblas;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.rnn4j.api.DType;
import org.rnn4j.api.Tensor;
import org.rnn4j.spi.AbstractBackend;
import org.rnn4j.spi.ElementLoops.Elements;

/**
 * The ND4J backend. {@link AbstractBackend} checks every call; gemm, row copies, axpy and scaling
 * run OpenBLAS's cblas routines ({@code ?gemm} row-major, {@code ?copy}, {@code ?axpy},
 * {@code ?scal}) on the arrays' memory; the other operations are {@link org.rnn4j.spi.ElementLoops}
 * loops over it. See {@link org.rnn4j.spi.Backend} for the formulas.
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
     * Native copy through cblas_?copy on the tensors' pointers moved to the rows (and put back: the
     * pointers belong to the tensors). The destination uses its tensor's second pointer, so a copy
     * between rows of one tensor works.
     */
    @Override
    protected void copyRows(Tensor src, int srcRow, int count, Tensor dst, int dstRow) {
        Nd4jTensor s = t(src);
        Nd4jTensor d = t(dst);
        long from = (long) srcRow * src.cols();
        long to = (long) dstRow * dst.cols();
        int n = count * src.cols();
        if (s.d != null) {
            try {
                openblas.cblas_dcopy(n, s.d.position(from), 1, d.dTarget.position(to), 1);
            } finally {
                s.d.position(0);
                d.dTarget.position(0);
            }
        } else {
            try {
                openblas.cblas_scopy(n, s.f.position(from), 1, d.fTarget.position(to), 1);
            } finally {
                s.f.position(0);
                d.fTarget.position(0);
            }
        }
    }

    @Override
    public String toString() {
        return "Nd4jBackend";
    }
}
