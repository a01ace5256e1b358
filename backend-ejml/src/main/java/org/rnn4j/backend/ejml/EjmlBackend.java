package org.rnn4j.backend.ejml;

import org.ejml.data.DMatrixRMaj;
import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.CommonOps_FDRM;
import org.ejml.dense.row.mult.MatrixMatrixMult_DDRM;
import org.ejml.dense.row.mult.MatrixMatrixMult_FDRM;
import org.rnn4j.api.Activation;
import org.rnn4j.api.DType;
import org.rnn4j.api.Tensor;
import org.rnn4j.spi.Backend;
import org.rnn4j.spi.ElementLoops;
import org.rnn4j.spi.TensorChecks;

/**
 * The EJML backend. Every operation checks its operands with {@link TensorChecks} before writing,
 * then runs EJML's dense row-major kernels (gemm, element product, axpy, scale, fill) or a single
 * loop over the storage (bias add, activations, column sums, clip, norm). Nothing is allocated
 * after the tensors themselves. See {@link Backend} for each operation's formula.
 */
public final class EjmlBackend implements Backend {

    /** The name that selects this backend: {@code -Drnn4j.backend=ejml}. */
    public static final String NAME = "ejml";

    /** Creates the backend; it holds no state, so instances are interchangeable. */
    public EjmlBackend() {
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
        return new EjmlTensor(this, dtype, rows, cols);
    }

    private static EjmlTensor t(Tensor t) {
        return (EjmlTensor) t;
    }

    @Override
    public void gemmInto(double alpha, Tensor a, boolean transposeA, Tensor b, boolean transposeB, double beta, Tensor c) {
        TensorChecks.requireGemm(this, a, transposeA, b, transposeB, c);
        if (c.dtype() == DType.FLOAT64) {
            gemm(alpha, t(a).d, transposeA, t(b).d, transposeB, beta, t(c).d);
        } else {
            gemm((float) alpha, t(a).f, transposeA, t(b).f, transposeB, (float) beta, t(c).f);
        }
    }

    private static void gemm(double alpha, DMatrixRMaj a, boolean ta, DMatrixRMaj b, boolean tb, double beta, DMatrixRMaj c) {
        if (beta == 0) {
            // mult* overwrite c without reading it, so NaN in c cannot leak through 0·NaN.
            if (!ta && !tb) {
                CommonOps_DDRM.mult(alpha, a, b, c);
            } else if (ta && !tb) {
                CommonOps_DDRM.multTransA(alpha, a, b, c);
            } else if (!ta) {
                CommonOps_DDRM.multTransB(alpha, a, b, c);
            } else {
                // Not CommonOps: from 40 columns it switches to multTransAB_aux, which allocates a row per call.
                MatrixMatrixMult_DDRM.multTransAB(alpha, a, b, c);
            }
            return;
        }
        if (beta != 1) {
            CommonOps_DDRM.scale(beta, c);
        }
        if (!ta && !tb) {
            CommonOps_DDRM.multAdd(alpha, a, b, c);
        } else if (ta && !tb) {
            CommonOps_DDRM.multAddTransA(alpha, a, b, c);
        } else if (!ta) {
            CommonOps_DDRM.multAddTransB(alpha, a, b, c);
        } else {
            MatrixMatrixMult_DDRM.multAddTransAB(alpha, a, b, c);
        }
    }

    private static void gemm(float alpha, FMatrixRMaj a, boolean ta, FMatrixRMaj b, boolean tb, float beta, FMatrixRMaj c) {
        if (beta == 0) {
            if (!ta && !tb) {
                CommonOps_FDRM.mult(alpha, a, b, c);
            } else if (ta && !tb) {
                CommonOps_FDRM.multTransA(alpha, a, b, c);
            } else if (!ta) {
                CommonOps_FDRM.multTransB(alpha, a, b, c);
            } else {
                MatrixMatrixMult_FDRM.multTransAB(alpha, a, b, c);
            }
            return;
        }
        if (beta != 1) {
            CommonOps_FDRM.scale(beta, c);
        }
        if (!ta && !tb) {
            CommonOps_FDRM.multAdd(alpha, a, b, c);
        } else if (ta && !tb) {
            CommonOps_FDRM.multAddTransA(alpha, a, b, c);
        } else if (!ta) {
            CommonOps_FDRM.multAddTransB(alpha, a, b, c);
        } else {
            MatrixMatrixMult_FDRM.multAddTransAB(alpha, a, b, c);
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
        if (a.dtype() == DType.FLOAT64) {
            CommonOps_DDRM.elementMult(t(a).d, t(b).d, t(out).d);
        } else {
            CommonOps_FDRM.elementMult(t(a).f, t(b).f, t(out).f);
        }
    }

    @Override
    public void axpyInto(double alpha, Tensor x, Tensor y) {
        TensorChecks.requireOwned(this, "axpyInto", "x", x);
        TensorChecks.requireOwned(this, "axpyInto", "y", y);
        TensorChecks.requireSameShape("axpyInto", "x", x, "y", y);
        if (x.dtype() == DType.FLOAT64) {
            CommonOps_DDRM.addEquals(t(y).d, alpha, t(x).d);
        } else {
            CommonOps_FDRM.addEquals(t(y).f, (float) alpha, t(x).f);
        }
    }

    @Override
    public void scaleInto(double alpha, Tensor a, Tensor out) {
        TensorChecks.requireElementwise(this, "scaleInto", a, out);
        if (a.dtype() == DType.FLOAT64) {
            CommonOps_DDRM.scale(alpha, t(a).d, t(out).d);
        } else {
            CommonOps_FDRM.scale((float) alpha, t(a).f, t(out).f);
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
        if (out.dtype() == DType.FLOAT64) {
            CommonOps_DDRM.fill(t(out).d, value);
        } else {
            CommonOps_FDRM.fill(t(out).f, (float) value);
        }
    }

    @Override
    public void copyInto(Tensor src, Tensor dst) {
        TensorChecks.requireOwned(this, "copyInto", "src", src);
        TensorChecks.requireOwned(this, "copyInto", "dst", dst);
        TensorChecks.requireSameShape("copyInto", "src", src, "dst", dst);
        if (src != dst) {
            copyRows(t(src), 0, src.rows(), t(dst), 0);
        }
    }

    @Override
    public void copyRowsInto(Tensor src, int srcRow, int count, Tensor dst, int dstRow) {
        TensorChecks.requireCopyRows(this, src, srcRow, count, dst, dstRow);
        copyRows(t(src), srcRow, count, t(dst), dstRow);
    }

    private static void copyRows(EjmlTensor src, int srcRow, int count, EjmlTensor dst, int dstRow) {
        int cols = src.cols();
        if (src.d != null) {
            System.arraycopy(src.d.data, srcRow * cols, dst.d.data, dstRow * cols, count * cols);
        } else {
            System.arraycopy(src.f.data, srcRow * cols, dst.f.data, dstRow * cols, count * cols);
        }
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
        return "EjmlBackend";
    }
}
