package org.rnn4j.backend.nd4j;

import static org.bytedeco.openblas.global.openblas.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas.CblasTrans;

import org.bytedeco.openblas.global.openblas;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.rnn4j.api.Activation;
import org.rnn4j.api.DType;
import org.rnn4j.api.Tensor;
import org.rnn4j.spi.Backend;
import org.rnn4j.spi.ElementLoops;
import org.rnn4j.spi.TensorChecks;

/**
 * The ND4J backend. Operands are checked with {@link TensorChecks} before anything is written; gemm,
 * copies, axpy and scaling run OpenBLAS's cblas routines ({@code ?gemm} row-major, {@code ?copy},
 * {@code ?axpy}, {@code ?scal}) on the arrays' memory; the other operations are {@link ElementLoops}
 * loops over it. See {@link Backend} for the formulas.
 */
public final class Nd4jBackend implements Backend {

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
    public Tensor zeros(DType dtype, int rows, int cols) {
        if (dtype == null) {
            throw new IllegalArgumentException("zeros: dtype is null");
        }
        TensorChecks.requireDims("zeros", rows, cols);
        return new Nd4jTensor(this, dtype, rows, cols);
    }

    private static Nd4jTensor t(Tensor t) {
        return (Nd4jTensor) t;
    }

    @Override
    public void gemmInto(double alpha, Tensor a, boolean transposeA, Tensor b, boolean transposeB, double beta, Tensor c) {
        TensorChecks.requireGemm(this, a, transposeA, b, transposeB, c);
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
    public void addRowVectorInto(Tensor a, Tensor v, Tensor out) {
        String op = "addRowVectorInto";
        TensorChecks.requireElementwise(this, op, a, out);
        TensorChecks.requireOwned(this, op, "v", v);
        TensorChecks.requireSameDType(op, "a", a, "v", v);
        TensorChecks.requireShape(op, "v", v, 1, a.cols(), "a row vector as wide as a", a);
        ElementLoops.addRowVector(t(a).elements, t(v).elements, t(out).elements, a.rows(), a.cols());
    }

    @Override
    public void activateInto(Activation f, Tensor a, Tensor out) {
        requireActivation("activateInto", f);
        TensorChecks.requireElementwise(this, "activateInto", a, out);
        ElementLoops.activate(f, t(a).elements, t(out).elements, a.size());
    }

    @Override
    public void activationDerivativeInto(Activation f, Tensor h, Tensor upstream, Tensor out) {
        requireActivation("activationDerivativeInto", f);
        TensorChecks.requireElementwise(this, "activationDerivativeInto", "h", h, "upstream", upstream, out);
        ElementLoops.activationDerivative(f, t(h).elements, t(upstream).elements, t(out).elements, h.size());
    }

    private static void requireActivation(String op, Activation f) {
        if (f == null) {
            throw new IllegalArgumentException(op + ": activation is null");
        }
    }

    @Override
    public void multiplyInto(Tensor a, Tensor b, Tensor out) {
        TensorChecks.requireElementwise(this, "multiplyInto", "a", a, "b", b, out);
        ElementLoops.multiply(t(a).elements, t(b).elements, t(out).elements, a.size());
    }

    @Override
    public void axpyInto(double alpha, Tensor x, Tensor y) {
        TensorChecks.requireOwned(this, "axpyInto", "x", x);
        TensorChecks.requireOwned(this, "axpyInto", "y", y);
        TensorChecks.requireSameShape("axpyInto", "x", x, "y", y);
        if (x.dtype() == DType.FLOAT64) {
            openblas.cblas_daxpy(x.size(), alpha, t(x).d, 1, t(y).d, 1);
        } else {
            openblas.cblas_saxpy(x.size(), (float) alpha, t(x).f, 1, t(y).f, 1);
        }
    }

    @Override
    public void scaleInto(double alpha, Tensor a, Tensor out) {
        TensorChecks.requireElementwise(this, "scaleInto", a, out);
        if (a != out) {
            copy(t(a), 0, t(out), 0, a.size());
        }
        if (a.dtype() == DType.FLOAT64) {
            openblas.cblas_dscal(a.size(), alpha, t(out).d, 1);
        } else {
            openblas.cblas_sscal(a.size(), (float) alpha, t(out).f, 1);
        }
    }

    /**
     * Native copy of n elements, {@code dst[dstOffset…] = src[srcOffset…]}, through cblas_?copy on the
     * tensors' pointers moved to the offsets (and put back: the pointers belong to the tensors). The
     * destination uses its tensor's second pointer, so a copy between rows of one tensor works.
     * Callers have checked ranges and rejected overlapping self-copies.
     */
    private static void copy(Nd4jTensor src, long srcOffset, Nd4jTensor dst, long dstOffset, int n) {
        if (src.d != null) {
            try {
                openblas.cblas_dcopy(n, src.d.position(srcOffset), 1, dst.dTarget.position(dstOffset), 1);
            } finally {
                src.d.position(0);
                dst.dTarget.position(0);
            }
        } else {
            try {
                openblas.cblas_scopy(n, src.f.position(srcOffset), 1, dst.fTarget.position(dstOffset), 1);
            } finally {
                src.f.position(0);
                dst.fTarget.position(0);
            }
        }
    }

    @Override
    public void columnSumsInto(Tensor a, double beta, Tensor out) {
        String op = "columnSumsInto";
        TensorChecks.requireOwned(this, op, "a", a);
        TensorChecks.requireOwned(this, op, "out", out);
        TensorChecks.requireSameDType(op, "a", a, "out", out);
        TensorChecks.requireShape(op, "out", out, 1, a.cols(), "one sum per column of a", a);
        TensorChecks.requireDistinct(op, "out", out, "a", a);
        ElementLoops.columnSums(t(a).elements, beta, t(out).elements, a.rows(), a.cols());
    }

    @Override
    public void fillInto(double value, Tensor out) {
        TensorChecks.requireOwned(this, "fillInto", "out", out);
        ElementLoops.fill(value, t(out).elements, out.size());
    }

    @Override
    public void copyInto(Tensor src, Tensor dst) {
        TensorChecks.requireOwned(this, "copyInto", "src", src);
        TensorChecks.requireOwned(this, "copyInto", "dst", dst);
        TensorChecks.requireSameShape("copyInto", "src", src, "dst", dst);
        if (src != dst) {
            copy(t(src), 0, t(dst), 0, src.size());
        }
    }

    @Override
    public void copyRowsInto(Tensor src, int srcRow, int count, Tensor dst, int dstRow) {
        TensorChecks.requireCopyRows(this, src, srcRow, count, dst, dstRow);
        int cols = src.cols();
        if (src == dst && srcRow == dstRow) {
            return;
        }
        copy(t(src), (long) srcRow * cols, t(dst), (long) dstRow * cols, count * cols);
    }

    @Override
    public void clipInto(double lo, double hi, Tensor a, Tensor out) {
        if (!(lo <= hi)) {
            throw new IllegalArgumentException("clipInto: lower bound " + lo + " is not at most upper bound " + hi);
        }
        TensorChecks.requireElementwise(this, "clipInto", a, out);
        ElementLoops.clip(lo, hi, t(a).elements, t(out).elements, a.size());
    }

    @Override
    public double squaredNorm(Tensor a) {
        TensorChecks.requireOwned(this, "squaredNorm", "a", a);
        return ElementLoops.squaredNorm(t(a).elements, a.size());
    }

    @Override
    public String toString() {
        return "Nd4jBackend";
    }
}
