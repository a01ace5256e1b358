package org.rnn4j.spi.kit;

import org.rnn4j.api.Activation;
import org.rnn4j.api.DType;
import org.rnn4j.api.Tensor;
import org.rnn4j.spi.Backend;
import org.rnn4j.spi.RowView;
import org.rnn4j.spi.TensorChecks;
import org.rnn4j.spi.kit.ElementLoops.Elements;

/**
 * A base for backends: every public operation is final and does all of the {@link Backend}
 * contract's checks (owners, dtypes, shapes, aliasing) with {@link TensorChecks}, so that all
 * backends reject bad calls with the same messages, then calls a protected kernel. A backend
 * supplies {@link #name()}, {@link #create}, {@link #elements} and {@link #gemm}; every other kernel
 * defaults to an {@link ElementLoops} loop over {@link #elements} (the gate kernels to
 * {@link GateLoops} and, for FLOAT32, {@link FloatGateKernels} through {@link #readFloats} and
 * {@link #writeFloats}) and may be overridden with the library's own routine. Kernels receive
 * checked operands only.
 */
public abstract class AbstractBackend implements Backend {

    /** For subclasses. */
    protected AbstractBackend() {
    }

    /**
     * Creates a zero-filled tensor (dimensions already checked).
     *
     * @param dtype the element type, not null
     * @param rows rows, at least 1
     * @param cols columns, at least 1, with rows·cols within int range
     * @return a new tensor owned by this backend
     */
    protected abstract Tensor create(DType dtype, int rows, int cols);

    /**
     * Returns flat access to the storage of a tensor this backend created.
     *
     * @param t an owned tensor
     * @return its elements, row-major
     */
    protected abstract Elements elements(Tensor t);

    /**
     * The gemm kernel: {@code C = α·op(A)·op(B) + β·C}, operands checked (C aliases neither input).
     *
     * @param alpha α
     * @param a A
     * @param transposeA whether op(A) = Aᵀ
     * @param b B
     * @param transposeB whether op(B) = Bᵀ
     * @param beta β; with 0, C must not be read
     * @param c C
     */
    protected abstract void gemm(double alpha, Tensor a, boolean transposeA, Tensor b, boolean transposeB, double beta, Tensor c);

    /**
     * Called by every operation once its arguments are checked and before it writes anything, with
     * each tensor it will write: a backend that refuses some writes (simd, to a
     * {@linkplain Backend#pin pinned} tensor) throws here, and nothing has been written. The default
     * accepts every write.
     *
     * @param op the operation, for messages
     * @param name the output's name in that operation
     * @param out the tensor it will write
     */
    protected void beforeWrite(String op, String name, Tensor out) {
    }

    @Override
    public final Tensor zeros(DType dtype, int rows, int cols) {
        if (dtype == null) {
            throw new IllegalArgumentException("zeros: dtype is null");
        }
        TensorChecks.requireDims("zeros", rows, cols);
        return create(dtype, rows, cols);
    }

    @Override
    public final void gemmInto(double alpha, Tensor a, boolean transposeA, Tensor b, boolean transposeB, double beta, Tensor c) {
        TensorChecks.requireGemm(this, a, transposeA, b, transposeB, c);
        beforeWrite("gemmInto", "c", c);
        gemm(alpha, a, transposeA, b, transposeB, beta, c);
    }

    @Override
    public final void addRowVectorInto(Tensor a, Tensor v, Tensor out) {
        String op = "addRowVectorInto";
        TensorChecks.requireElementwise(this, op, a, out);
        TensorChecks.requireOwned(this, op, "v", v);
        TensorChecks.requireSameDType(op, "a", a, "v", v);
        TensorChecks.requireShape(op, "v", v, 1, a.cols(), "a row vector as wide as a", a);
        TensorChecks.requireInPlaceOrDisjoint(op, "out", out, "v", v);
        beforeWrite(op, "out", out);
        addRowVector(a, v, out);
    }

    /**
     * Kernel of {@link #addRowVectorInto}, operands checked.
     *
     * @param a input
     * @param v input, the row vector
     * @param out output, possibly a
     */
    protected void addRowVector(Tensor a, Tensor v, Tensor out) {
        ElementLoops.addRowVector(elements(a), elements(v), elements(out), a.rows(), a.cols());
    }

    @Override
    public final void activateInto(Activation f, Tensor a, Tensor out) {
        requireActivation("activateInto", f);
        TensorChecks.requireElementwise(this, "activateInto", a, out);
        beforeWrite("activateInto", "out", out);
        activate(f, a, out);
    }

    /**
     * Kernel of {@link #activateInto}, operands checked.
     *
     * @param f the activation, not null
     * @param a input
     * @param out output, possibly a
     */
    protected void activate(Activation f, Tensor a, Tensor out) {
        ElementLoops.activate(f, elements(a), elements(out), a.size());
    }

    @Override
    public final void activationDerivativeInto(Activation f, Tensor h, Tensor upstream, Tensor out) {
        requireActivation("activationDerivativeInto", f);
        TensorChecks.requireElementwise(this, "activationDerivativeInto", "h", h, "upstream", upstream, out);
        beforeWrite("activationDerivativeInto", "out", out);
        activationDerivative(f, h, upstream, out);
    }

    /**
     * Kernel of {@link #activationDerivativeInto}, operands checked.
     *
     * @param f the activation, not null
     * @param h input, the activation's outputs
     * @param upstream input
     * @param out output, possibly h or upstream
     */
    protected void activationDerivative(Activation f, Tensor h, Tensor upstream, Tensor out) {
        ElementLoops.activationDerivative(f, elements(h), elements(upstream), elements(out), h.size());
    }

    private static void requireActivation(String op, Activation f) {
        if (f == null) {
            throw new IllegalArgumentException(op + ": activation is null");
        }
    }

    @Override
    public final void multiplyInto(Tensor a, Tensor b, Tensor out) {
        TensorChecks.requireElementwise(this, "multiplyInto", "a", a, "b", b, out);
        beforeWrite("multiplyInto", "out", out);
        multiply(a, b, out);
    }

    /**
     * Kernel of {@link #multiplyInto}, operands checked.
     *
     * @param a input
     * @param b input
     * @param out output, possibly a or b
     */
    protected void multiply(Tensor a, Tensor b, Tensor out) {
        ElementLoops.multiply(elements(a), elements(b), elements(out), a.size());
    }

    @Override
    public final void axpyInto(double alpha, Tensor x, Tensor y) {
        TensorChecks.requireOwned(this, "axpyInto", "x", x);
        TensorChecks.requireOwned(this, "axpyInto", "y", y);
        TensorChecks.requireSameShape("axpyInto", "x", x, "y", y);
        TensorChecks.requireInPlaceOrDisjoint("axpyInto", "y", y, "x", x);
        beforeWrite("axpyInto", "y", y);
        axpy(alpha, x, y);
    }

    /**
     * Kernel of {@link #axpyInto}, operands checked.
     *
     * @param alpha α
     * @param x input
     * @param y input and output
     */
    protected void axpy(double alpha, Tensor x, Tensor y) {
        ElementLoops.axpy(alpha, elements(x), elements(y), x.size());
    }

    @Override
    public final void scaleInto(double alpha, Tensor a, Tensor out) {
        TensorChecks.requireElementwise(this, "scaleInto", a, out);
        beforeWrite("scaleInto", "out", out);
        scale(alpha, a, out);
    }

    /**
     * Kernel of {@link #scaleInto}, operands checked.
     *
     * @param alpha α
     * @param a input
     * @param out output, possibly a
     */
    protected void scale(double alpha, Tensor a, Tensor out) {
        ElementLoops.scale(alpha, elements(a), elements(out), a.size());
    }

    @Override
    public final void columnSumsInto(Tensor a, double beta, Tensor out) {
        String op = "columnSumsInto";
        TensorChecks.requireOwned(this, op, "a", a);
        TensorChecks.requireOwned(this, op, "out", out);
        TensorChecks.requireSameDType(op, "a", a, "out", out);
        TensorChecks.requireShape(op, "out", out, 1, a.cols(), "one sum per column of a", a);
        TensorChecks.requireDistinct(op, "out", out, "a", a);
        beforeWrite(op, "out", out);
        columnSums(a, beta, out);
    }

    /**
     * Kernel of {@link #columnSumsInto}, operands checked.
     *
     * @param a input
     * @param beta the scale of the existing out; with 0, out must not be read
     * @param out input and output, not a
     */
    protected void columnSums(Tensor a, double beta, Tensor out) {
        ElementLoops.columnSums(elements(a), beta, elements(out), a.rows(), a.cols());
    }

    @Override
    public final void fillInto(double value, Tensor out) {
        TensorChecks.requireOwned(this, "fillInto", "out", out);
        beforeWrite("fillInto", "out", out);
        fill(value, out);
    }

    /**
     * Kernel of {@link #fillInto}, operand checked.
     *
     * @param value the value
     * @param out output
     */
    protected void fill(double value, Tensor out) {
        ElementLoops.fill(value, elements(out), out.size());
    }

    @Override
    public final void copyInto(Tensor src, Tensor dst) {
        TensorChecks.requireOwned(this, "copyInto", "src", src);
        TensorChecks.requireOwned(this, "copyInto", "dst", dst);
        TensorChecks.requireSameShape("copyInto", "src", src, "dst", dst);
        TensorChecks.requireInPlaceOrDisjoint("copyInto", "dst", dst, "src", src);
        if (!TensorChecks.sameMemory(src, dst)) {
            beforeWrite("copyInto", "dst", dst);
            copyRows(src, 0, src.rows(), dst, 0);
        }
    }

    @Override
    public final void copyRowsInto(Tensor src, int srcRow, int count, Tensor dst, int dstRow) {
        TensorChecks.requireCopyRows(this, src, srcRow, count, dst, dstRow);
        if (TensorChecks.baseOf(src) != TensorChecks.baseOf(dst)
                || TensorChecks.firstRowOf(src) + srcRow != TensorChecks.firstRowOf(dst) + dstRow) {
            beforeWrite("copyRowsInto", "dst", dst);
            copyRows(src, srcRow, count, dst, dstRow);
        }
    }

    /**
     * Kernel of {@link #copyRowsInto} and {@link #copyInto}: ranges checked, and where source and
     * destination share memory they are disjoint.
     *
     * @param src source
     * @param srcRow first source row
     * @param count rows
     * @param dst destination
     * @param dstRow first destination row
     */
    protected void copyRows(Tensor src, int srcRow, int count, Tensor dst, int dstRow) {
        int cols = src.cols();
        ElementLoops.copy(elements(src), srcRow * cols, elements(dst), dstRow * cols, count * cols);
    }

    /**
     * Checks the call, then makes the view with {@link #createRowView} over the base tensor's rows.
     * A backend with views overrides {@link #supportsRowViews()} and {@link #createRowView}, and its
     * tensors implement {@link RowView}.
     */
    @Override
    public final Tensor rowView(Tensor t, int row, int count) {
        TensorChecks.requireRowView(this, t, row, count);
        if (!supportsRowViews()) {
            return Backend.super.rowView(t, row, count);
        }
        return createRowView(TensorChecks.baseOf(t), TensorChecks.firstRowOf(t) + row, count);
    }

    /**
     * Makes a view (only called when {@link #supportsRowViews()} is true): the call is checked.
     *
     * @param base a tensor of this backend that is no view
     * @param firstRow the view's first row in base
     * @param count rows, with {@code firstRow + count ≤ base.rows()}
     * @return a count×cols tensor over those rows, implementing {@link RowView}
     */
    protected Tensor createRowView(Tensor base, int firstRow, int count) {
        throw new UnsupportedOperationException("createRowView: backend '" + name() + "' says it supports row views but makes none");
    }

    // ---------------------------------------------------------------- gate operations

    @Override
    public final void lstmForwardInto(Tensor gates, Tensor cPrev, Tensor h, Tensor c, Tensor cache) {
        String op = "lstmForwardInto";
        int hidden = TensorChecks.requireGateBlocks(this, op, "gates", gates, 4);
        TensorChecks.requireGateOperand(this, op, "cPrev", cPrev, 1, "gates", gates, hidden);
        TensorChecks.requireGateOperand(this, op, "h", h, 1, "gates", gates, hidden);
        TensorChecks.requireGateOperand(this, op, "c", c, 1, "gates", gates, hidden);
        TensorChecks.requireGateOperand(this, op, "cache", cache, 6, "gates", gates, hidden);
        requireApart(op, "h", h, "gates", gates, "cPrev", cPrev);
        requireApart(op, "c", c, "gates", gates, "cPrev", cPrev);
        requireApart(op, "c", c, "h", h, null, null);
        requireApart(op, "cache", cache, "gates", gates, "cPrev", cPrev);
        requireApart(op, "cache", cache, "h", h, "c", c);
        beforeWrite(op, "h", h);
        beforeWrite(op, "c", c);
        beforeWrite(op, "cache", cache);
        lstmForward(gates, cPrev, h, c, cache, hidden);
    }

    /**
     * Kernel of {@link #lstmForwardInto}, operands checked. FLOAT64 runs {@link GateLoops}, FLOAT32
     * {@link FloatGateKernels} through {@link #readFloats} and {@link #writeFloats}.
     *
     * @param gates input, B×4H
     * @param cPrev input, B×H
     * @param h output, B×H
     * @param c output, B×H
     * @param cache output, B×6H
     * @param hidden H
     */
    protected void lstmForward(Tensor gates, Tensor cPrev, Tensor h, Tensor c, Tensor cache, int hidden) {
        if (gates.dtype() == DType.FLOAT32) {
            FloatGateKernels.lstmForward(floatIo, gates, cPrev, h, c, cache, hidden);
        } else {
            GateLoops.lstmForward(elements(gates), elements(cPrev), elements(h), elements(c), elements(cache), gates.rows(), hidden);
        }
    }

    @Override
    public final void lstmBackwardInto(Tensor cache, Tensor dh, Tensor dc, Tensor dGates, Tensor dcPrev) {
        String op = "lstmBackwardInto";
        int hidden = TensorChecks.requireGateBlocks(this, op, "cache", cache, 6);
        TensorChecks.requireGateOperand(this, op, "dh", dh, 1, "cache", cache, hidden);
        TensorChecks.requireGateOperand(this, op, "dc", dc, 1, "cache", cache, hidden);
        TensorChecks.requireGateOperand(this, op, "dGates", dGates, 4, "cache", cache, hidden);
        TensorChecks.requireGateOperand(this, op, "dcPrev", dcPrev, 1, "cache", cache, hidden);
        requireApart(op, "dGates", dGates, "cache", cache, "dh", dh);
        requireApart(op, "dGates", dGates, "dc", dc, "dcPrev", dcPrev);
        requireApart(op, "dcPrev", dcPrev, "cache", cache, "dh", dh);
        TensorChecks.requireInPlaceOrDisjoint(op, "dcPrev", dcPrev, "dc", dc);
        beforeWrite(op, "dGates", dGates);
        beforeWrite(op, "dcPrev", dcPrev);
        lstmBackward(cache, dh, dc, dGates, dcPrev, hidden);
    }

    /**
     * Kernel of {@link #lstmBackwardInto}, operands checked; dtypes as in {@link #lstmForward}.
     *
     * @param cache input, B×6H
     * @param dh input, B×H
     * @param dc input, B×H
     * @param dGates output, B×4H
     * @param dcPrev output, B×H, possibly dc
     * @param hidden H
     */
    protected void lstmBackward(Tensor cache, Tensor dh, Tensor dc, Tensor dGates, Tensor dcPrev, int hidden) {
        if (cache.dtype() == DType.FLOAT32) {
            FloatGateKernels.lstmBackward(floatIo, cache, dh, dc, dGates, dcPrev, hidden);
        } else {
            GateLoops.lstmBackward(elements(cache), elements(dh), elements(dc), elements(dGates), elements(dcPrev), cache.rows(), hidden);
        }
    }

    @Override
    public final void gruForwardInto(Tensor gx, Tensor gh, Tensor hPrev, Tensor h, Tensor cache) {
        String op = "gruForwardInto";
        int hidden = TensorChecks.requireGateBlocks(this, op, "gx", gx, 3);
        TensorChecks.requireGateOperand(this, op, "gh", gh, 3, "gx", gx, hidden);
        TensorChecks.requireGateOperand(this, op, "hPrev", hPrev, 1, "gx", gx, hidden);
        TensorChecks.requireGateOperand(this, op, "h", h, 1, "gx", gx, hidden);
        TensorChecks.requireGateOperand(this, op, "cache", cache, 5, "gx", gx, hidden);
        requireApart(op, "h", h, "gx", gx, "gh", gh);
        requireApart(op, "h", h, "hPrev", hPrev, "cache", cache);
        requireApart(op, "cache", cache, "gx", gx, "gh", gh);
        requireApart(op, "cache", cache, "hPrev", hPrev, null, null);
        beforeWrite(op, "h", h);
        beforeWrite(op, "cache", cache);
        gruForward(gx, gh, hPrev, h, cache, hidden);
    }

    /**
     * Kernel of {@link #gruForwardInto}, operands checked; dtypes as in {@link #lstmForward}.
     *
     * @param gx input, B×3H
     * @param gh input, B×3H
     * @param hPrev input, B×H
     * @param h output, B×H
     * @param cache output, B×5H
     * @param hidden H
     */
    protected void gruForward(Tensor gx, Tensor gh, Tensor hPrev, Tensor h, Tensor cache, int hidden) {
        if (gx.dtype() == DType.FLOAT32) {
            FloatGateKernels.gruForward(floatIo, gx, gh, hPrev, h, cache, hidden);
        } else {
            GateLoops.gruForward(elements(gx), elements(gh), elements(hPrev), elements(h), elements(cache), gx.rows(), hidden);
        }
    }

    @Override
    public final void gruBackwardInto(Tensor cache, Tensor dh, Tensor dGx, Tensor dGh, Tensor dhPrev) {
        String op = "gruBackwardInto";
        int hidden = TensorChecks.requireGateBlocks(this, op, "cache", cache, 5);
        TensorChecks.requireGateOperand(this, op, "dh", dh, 1, "cache", cache, hidden);
        TensorChecks.requireGateOperand(this, op, "dGx", dGx, 3, "cache", cache, hidden);
        TensorChecks.requireGateOperand(this, op, "dGh", dGh, 3, "cache", cache, hidden);
        TensorChecks.requireGateOperand(this, op, "dhPrev", dhPrev, 1, "cache", cache, hidden);
        requireApart(op, "dGx", dGx, "cache", cache, "dh", dh);
        requireApart(op, "dGx", dGx, "dGh", dGh, "dhPrev", dhPrev);
        requireApart(op, "dGh", dGh, "cache", cache, "dh", dh);
        requireApart(op, "dGh", dGh, "dhPrev", dhPrev, null, null);
        requireApart(op, "dhPrev", dhPrev, "cache", cache, null, null);
        TensorChecks.requireInPlaceOrDisjoint(op, "dhPrev", dhPrev, "dh", dh);
        beforeWrite(op, "dGx", dGx);
        beforeWrite(op, "dGh", dGh);
        beforeWrite(op, "dhPrev", dhPrev);
        gruBackward(cache, dh, dGx, dGh, dhPrev, hidden);
    }

    /**
     * Kernel of {@link #gruBackwardInto}, operands checked; dtypes as in {@link #lstmForward}.
     *
     * @param cache input, B×5H
     * @param dh input, B×H
     * @param dGx output, B×3H
     * @param dGh output, B×3H
     * @param dhPrev output, B×H, possibly dh
     * @param hidden H
     */
    protected void gruBackward(Tensor cache, Tensor dh, Tensor dGx, Tensor dGh, Tensor dhPrev, int hidden) {
        if (cache.dtype() == DType.FLOAT32) {
            FloatGateKernels.gruBackward(floatIo, cache, dh, dGx, dGh, dhPrev, hidden);
        } else {
            GateLoops.gruBackward(elements(cache), elements(dh), elements(dGx), elements(dGh), elements(dhPrev), cache.rows(), hidden);
        }
    }

    /**
     * Rejects an output of a gate operation that shares memory with either of two other operands
     * (b may be null): these operations read and write in different patterns, so none works in place.
     */
    private static void requireApart(String op, String outName, Tensor out, String nameA, Tensor a, String nameB, Tensor b) {
        TensorChecks.requireDistinct(op, outName, out, nameA, a);
        if (b != null) {
            TensorChecks.requireDistinct(op, outName, out, nameB, b);
        }
    }

    /**
     * Copies {@code n} row-major values of a FLOAT32 tensor, from flat index {@code from}, into
     * {@code dst[0, n)}: how the FLOAT32 gate kernels read. The default loops over {@link #elements};
     * a backend overrides it with its own bulk copy.
     *
     * @param t a FLOAT32 tensor of this backend
     * @param from the first flat index
     * @param dst the destination
     * @param n how many values
     */
    protected void readFloats(Tensor t, int from, float[] dst, int n) {
        Elements e = elements(t);
        for (int i = 0; i < n; i++) {
            dst[i] = (float) e.get(from + i);
        }
    }

    /**
     * Copies {@code src[0, n)} into a FLOAT32 tensor from flat index {@code from}: how the FLOAT32
     * gate kernels write. The default loops over {@link #elements}.
     *
     * @param src the source
     * @param t a FLOAT32 tensor of this backend
     * @param from the first flat index
     * @param n how many values
     */
    protected void writeFloats(float[] src, Tensor t, int from, int n) {
        Elements e = elements(t);
        for (int i = 0; i < n; i++) {
            e.set(from + i, src[i]);
        }
    }

    /**
     * Returns the heap array that holds a FLOAT32 tensor's row-major values from index 0, or null (the
     * default): with an array, the FLOAT32 forward gate kernels gather from it and scatter into it
     * directly ({@link FloatGateKernels.Io#array}) instead of through {@link #readFloats} and
     * {@link #writeFloats}.
     *
     * @param t a FLOAT32 tensor of this backend
     * @return its array, or null
     */
    protected float[] floatArray(Tensor t) {
        return null;
    }

    /** The FLOAT32 gate kernels' access to this backend's tensors. */
    private final FloatGateKernels.Io floatIo = new FloatGateKernels.Io() {
        @Override
        public void read(Tensor t, int from, float[] dst, int n) {
            readFloats(t, from, dst, n);
        }

        @Override
        public void write(float[] src, Tensor t, int from, int n) {
            writeFloats(src, t, from, n);
        }

        @Override
        public float[] array(Tensor t) {
            return floatArray(t);
        }
    };

    @Override
    public final void clipInto(double lo, double hi, Tensor a, Tensor out) {
        if (!(lo <= hi)) {
            throw new IllegalArgumentException("clipInto: lower bound " + lo + " is not at most upper bound " + hi);
        }
        TensorChecks.requireElementwise(this, "clipInto", a, out);
        beforeWrite("clipInto", "out", out);
        ElementLoops.clip(lo, hi, elements(a), elements(out), a.size());
    }

    @Override
    public final double squaredNorm(Tensor a) {
        TensorChecks.requireOwned(this, "squaredNorm", "a", a);
        return sumOfSquares(a);
    }

    /**
     * Kernel of {@link #squaredNorm}: the tensor is owned; the sum is accumulated in double.
     *
     * @param a the tensor
     * @return the sum of its squared elements
     */
    protected double sumOfSquares(Tensor a) {
        return ElementLoops.squaredNorm(elements(a), a.size());
    }
}
