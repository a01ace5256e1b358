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
import org.rnn4j.spi.kit.AbstractBackend;
import org.rnn4j.spi.kit.ElementLoops.Elements;
import org.rnn4j.spi.kit.FloatKernels;

/**
 * The EJML backend. {@link AbstractBackend} checks every call; the kernels are EJML's dense
 * row-major routines (the gemm family, element product, axpy, scale, fill), array copies for rows,
 * {@link FloatKernels} on the FLOAT32 arrays for bias adds, activations and column sums, and
 * {@link org.rnn4j.spi.kit.ElementLoops} for the rest (those in FLOAT64, clip, norm). Nothing is
 * allocated after the tensors themselves. See {@link org.rnn4j.spi.Backend} for each operation's
 * formula.
 */
public final class EjmlBackend extends AbstractBackend {

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
    protected Tensor create(DType dtype, int rows, int cols) {
        return new EjmlTensor(this, dtype, rows, cols);
    }

    @Override
    protected Elements elements(Tensor t) {
        return t(t).elements;
    }

    private static EjmlTensor t(Tensor t) {
        return (EjmlTensor) t;
    }

    @Override
    protected void gemm(double alpha, Tensor a, boolean transposeA, Tensor b, boolean transposeB, double beta, Tensor c) {
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

    // FLOAT32 element work runs FloatKernels on the matrices' own arrays (SIMD-compiled loops);
    // FLOAT64 keeps the double ElementLoops.

    @Override
    protected void activate(Activation f, Tensor a, Tensor out) {
        if (a.dtype() == DType.FLOAT32) {
            FloatKernels.activate(f, t(a).f.data, t(out).f.data, a.size());
        } else {
            super.activate(f, a, out);
        }
    }

    @Override
    protected void activationDerivative(Activation f, Tensor h, Tensor upstream, Tensor out) {
        if (h.dtype() == DType.FLOAT32) {
            FloatKernels.activationDerivative(f, t(h).f.data, t(upstream).f.data, t(out).f.data, h.size());
        } else {
            super.activationDerivative(f, h, upstream, out);
        }
    }

    @Override
    protected void addRowVector(Tensor a, Tensor v, Tensor out) {
        if (a.dtype() == DType.FLOAT32) {
            FloatKernels.addRowVector(t(a).f.data, t(v).f.data, t(out).f.data, a.rows(), a.cols());
        } else {
            super.addRowVector(a, v, out);
        }
    }

    @Override
    protected void columnSums(Tensor a, double beta, Tensor out) {
        if (a.dtype() == DType.FLOAT32) {
            FloatKernels.columnSums(t(a).f.data, a.rows(), a.cols(), (float) beta, t(out).f.data);
        } else {
            super.columnSums(a, beta, out);
        }
    }

    @Override
    protected void multiply(Tensor a, Tensor b, Tensor out) {
        if (a.dtype() == DType.FLOAT64) {
            CommonOps_DDRM.elementMult(t(a).d, t(b).d, t(out).d);
        } else {
            CommonOps_FDRM.elementMult(t(a).f, t(b).f, t(out).f);
        }
    }

    @Override
    protected void axpy(double alpha, Tensor x, Tensor y) {
        if (x.dtype() == DType.FLOAT64) {
            CommonOps_DDRM.addEquals(t(y).d, alpha, t(x).d);
        } else {
            CommonOps_FDRM.addEquals(t(y).f, (float) alpha, t(x).f);
        }
    }

    @Override
    protected void scale(double alpha, Tensor a, Tensor out) {
        if (a.dtype() == DType.FLOAT64) {
            CommonOps_DDRM.scale(alpha, t(a).d, t(out).d);
        } else {
            CommonOps_FDRM.scale((float) alpha, t(a).f, t(out).f);
        }
    }

    @Override
    protected void fill(double value, Tensor out) {
        if (out.dtype() == DType.FLOAT64) {
            CommonOps_DDRM.fill(t(out).d, value);
        } else {
            CommonOps_FDRM.fill(t(out).f, (float) value);
        }
    }

    @Override
    protected void copyRows(Tensor src, int srcRow, int count, Tensor dst, int dstRow) {
        int cols = src.cols();
        if (src.dtype() == DType.FLOAT64) {
            System.arraycopy(t(src).d.data, srcRow * cols, t(dst).d.data, dstRow * cols, count * cols);
        } else {
            System.arraycopy(t(src).f.data, srcRow * cols, t(dst).f.data, dstRow * cols, count * cols);
        }
    }

    // The FLOAT32 gate kernels of the kit read and write the matrices' own arrays.

    @Override
    protected void readFloats(Tensor t, int from, float[] dst, int n) {
        System.arraycopy(t(t).f.data, from, dst, 0, n);
    }

    @Override
    protected float[] floatArray(Tensor t) {
        return t(t).f.data;
    }

    @Override
    protected void writeFloats(float[] src, Tensor t, int from, int n) {
        System.arraycopy(src, 0, t(t).f.data, from, n);
    }

    @Override
    public String toString() {
        return "EjmlBackend";
    }
}
