package org.rnn4j.spi;

import org.rnn4j.api.Activation;
import org.rnn4j.api.DType;
import org.rnn4j.api.Tensor;

/**
 * A matrix backend: the factory for {@link Tensor}s and the bulk operations the RNN is built from.
 *
 * <h2>Contract of every operation</h2>
 * <ul>
 *   <li>Every tensor argument was created by this backend; all tensors of one call share one dtype.</li>
 *   <li>Outputs are passed in, preallocated, with exactly the shape the formula gives: operations
 *       never resize and never allocate.</li>
 *   <li>Before writing anything, an operation checks backends, dtypes, shapes and aliasing and
 *       throws {@link IllegalArgumentException} naming the operands and their shapes; a rejected
 *       call leaves every tensor unchanged.</li>
 *   <li>Element-wise operations accept an output that is the same tensor as an input (in-place
 *       use). Operations that read an input in a different pattern than they write the output
 *       ({@link #gemmInto}, {@link #columnSumsInto}, {@link #copyRowsInto} between overlapping rows)
 *       reject that aliasing. With {@linkplain #rowView row views}, aliasing means sharing memory:
 *       two views of the same rows count as the same tensor, and an output that overlaps an input
 *       only in part is always rejected.</li>
 *   <li>FLOAT32 operations may accumulate in float; {@link #squaredNorm} always accumulates in double.</li>
 *   <li>The gate operations ({@link #lstmForwardInto} and the rest) are the gated cells' whole
 *       element-wise step, fused, so that a cell moves no values to the host.</li>
 * </ul>
 * Implementations are stateless apart from caches and are safe to share between threads.
 * Tensors are not safe to write from several threads, but any number of threads may read one
 * tensor at once (as an input of operations, or through {@link Tensor#copyTo(double[])}) while
 * each writes its own outputs: no read moves state that another read depends on. The conformance
 * kit tests this.
 */
public interface Backend {

    /**
     * Returns the backend's name, as its provider reports it.
     *
     * @return e.g. {@code "ejml"} or {@code "nd4j"}
     */
    String name();

    /**
     * Creates a tensor filled with zeros.
     *
     * @param dtype the element type
     * @param rows rows, at least 1
     * @param cols columns, at least 1
     * @return a new rows×cols tensor of zeros
     * @throws IllegalArgumentException if a dimension is below 1 or rows·cols exceeds {@code Integer.MAX_VALUE}
     */
    Tensor zeros(DType dtype, int rows, int cols);

    /**
     * Creates a tensor holding a copy of row-major values (rounded to float for FLOAT32).
     *
     * @param dtype the element type
     * @param rows rows, at least 1
     * @param cols columns, at least 1
     * @param rowMajor (input, not modified) exactly rows·cols values
     * @return a new rows×cols tensor
     * @throws IllegalArgumentException if the array is null, a dimension is below 1 or the array length is not rows·cols
     */
    default Tensor fromArray(DType dtype, int rows, int cols, double[] rowMajor) {
        if (rowMajor == null) {
            throw new IllegalArgumentException("fromArray: rowMajor is null; pass " + rows + "×" + cols + " values, or use zeros(dtype, rows, cols)");
        }
        TensorChecks.requireLength("fromArray", rows, cols, rowMajor.length);
        Tensor t = zeros(dtype, rows, cols);
        t.copyFrom(rowMajor);
        return t;
    }

    /**
     * General matrix multiply: {@code C = α·op(A)·op(B) + β·C}, where {@code op(X)} is X or Xᵀ.
     * With {@code β = 0}, C is not read (NaN or infinity in C does not propagate).
     *
     * @param alpha the scale of the product
     * @param a (input, not modified) A; op(A) is m×k
     * @param transposeA whether op(A) = Aᵀ
     * @param b (input, not modified) B; op(B) is k×n
     * @param transposeB whether op(B) = Bᵀ
     * @param beta the scale of the existing C
     * @param c (input and output, updated) m×n; must not be {@code a} or {@code b}
     */
    void gemmInto(double alpha, Tensor a, boolean transposeA, Tensor b, boolean transposeB, double beta, Tensor c);

    /**
     * Adds a row vector to every row: {@code out[r][j] = a[r][j] + v[0][j]}.
     *
     * @param a (input, not modified) m×n
     * @param v (input, not modified) 1×n
     * @param out (output, overwritten) m×n; may be {@code a}
     */
    void addRowVectorInto(Tensor a, Tensor v, Tensor out);

    /**
     * Applies an activation element-wise: {@code out = f(a)}.
     *
     * @param f the activation
     * @param a (input, not modified) pre-activations
     * @param out (output, overwritten) same shape as {@code a}; may be {@code a}
     */
    void activateInto(Activation f, Tensor a, Tensor out);

    /**
     * Backpropagates through an activation: {@code out = upstream ⊙ f'(a)}, where the derivative is
     * computed from the activation's output {@code h = f(a)} (see {@link Activation#derivativeFromOutput}).
     *
     * @param f the activation
     * @param h (input, not modified) outputs {@code f(a)} of the forward pass
     * @param upstream (input, not modified) error with respect to h, same shape
     * @param out (output, overwritten) error with respect to a, same shape; may be {@code upstream} or {@code h}
     */
    void activationDerivativeInto(Activation f, Tensor h, Tensor upstream, Tensor out);

    /**
     * Element-wise (Hadamard) product: {@code out = a ⊙ b}.
     *
     * @param a (input, not modified) m×n
     * @param b (input, not modified) m×n
     * @param out (output, overwritten) m×n; may be {@code a} or {@code b}
     */
    void multiplyInto(Tensor a, Tensor b, Tensor out);

    /**
     * Scaled accumulation: {@code y = α·x + y}.
     *
     * @param alpha the scale of x
     * @param x (input, not modified) m×n
     * @param y (input and output, updated) m×n; if it is {@code x}, the result is {@code (1 + α)·x}
     */
    void axpyInto(double alpha, Tensor x, Tensor y);

    /**
     * Scaling: {@code out = α·a}.
     *
     * @param alpha the scale
     * @param a (input, not modified) m×n
     * @param out (output, overwritten) m×n; may be {@code a}
     */
    void scaleInto(double alpha, Tensor a, Tensor out);

    /**
     * Column sums: {@code out[0][j] = Σ_r a[r][j] + β·out[0][j]}. With {@code β = 0}, out is not read.
     *
     * @param a (input, not modified) m×n
     * @param beta the scale of the existing out (1 to accumulate)
     * @param out (input and output, updated) 1×n; must not be {@code a}
     */
    void columnSumsInto(Tensor a, double beta, Tensor out);

    /**
     * Sets every element: {@code out[r][j] = value}.
     *
     * @param value the value (rounded to float for FLOAT32)
     * @param out (output, overwritten) any shape
     */
    void fillInto(double value, Tensor out);

    /**
     * Copies every element: {@code dst = src}.
     *
     * @param src (input, not modified) m×n
     * @param dst (output, overwritten) m×n; if it is {@code src}, nothing changes
     */
    void copyInto(Tensor src, Tensor dst);

    /**
     * Copies a block of whole rows: {@code dst[dstRow + i] = src[srcRow + i]} for i in [0, count).
     * This is how per-step B×n slices move in and out of one (T·B)×n sequence tensor.
     *
     * @param src (input, not modified) with at least {@code srcRow + count} rows
     * @param srcRow first source row
     * @param count number of rows, at least 1
     * @param dst (output, rows dstRow..dstRow+count−1 overwritten) same number of columns as src
     * @param dstRow first destination row
     */
    void copyRowsInto(Tensor src, int srcRow, int count, Tensor dst, int dstRow);

    /**
     * Declares that the products reading {@code t} as {@code op(t)} (t itself, or tᵀ when
     * {@code transposed}) until the matching {@link #unpin} read it as it is now, so that a backend
     * may prepare it once for all of them instead of at every product: a training window reads each
     * layer's W in every step's product. The caller does not write t until then, and a backend may
     * refuse such writes. Pins nest (each needs its own unpin) and do not change any result: a
     * product reads the same values, bit for bit, pinned or not. The default does nothing; the
     * simd backend packs op(t) into its kernels' panels (and refuses to write t meanwhile).
     *
     * @param t (input, not modified) a tensor of this backend
     * @param transposed whether the products read tᵀ (as {@code transposeB} of {@link #gemmInto})
     * @throws IllegalArgumentException if t is null or belongs to another backend
     */
    default void pin(Tensor t, boolean transposed) {
        TensorChecks.requireOwned(this, "pin", "t", t);
    }

    /**
     * Undoes one {@link #pin} of t made with the same {@code transposed}.
     *
     * @param t (input, not modified) a tensor of this backend
     * @param transposed as given to {@link #pin}
     * @throws IllegalArgumentException if t is null or belongs to another backend
     * @throws IllegalStateException if the backend keeps pins and t is not pinned that way
     */
    default void unpin(Tensor t, boolean transposed) {
        TensorChecks.requireOwned(this, "unpin", "t", t);
    }

    /**
     * Whether this backend makes {@linkplain #rowView row views}. Callers that find none copy rows
     * with {@link #copyRowsInto} instead.
     *
     * @return true if {@link #rowView} works; false (the default) if it throws
     */
    default boolean supportsRowViews() {
        return false;
    }

    /**
     * Returns rows {@code row .. row + count − 1} of a tensor as a count×cols tensor that shares its
     * memory: a write through either shows in the other, and neither copies. A view of a view
     * covers rows of the same base tensor. Views let a per-step B×n block of a (T·B)×n sequence
     * tensor be an operand directly, without {@link #copyRowsInto} in and out.
     *
     * <p>Every operation treats a view as the rows it covers: an output may be exactly an input
     * where the operation allows in-place use (the same tensor, or another view of the same rows),
     * and is otherwise refused when it overlaps an input. Making a view may allocate: make views
     * once, outside hot loops. A view keeps its base's memory alive.
     *
     * @param t (not modified) the tensor, created by this backend, possibly a view
     * @param row the first row, in t's rows
     * @param count the number of rows, at least 1
     * @return a new count×cols tensor over those rows
     * @throws UnsupportedOperationException if {@link #supportsRowViews()} is false (the message names the backend)
     * @throws IllegalArgumentException if t is null or not this backend's, or the rows are not inside t
     */
    default Tensor rowView(Tensor t, int row, int count) {
        throw new UnsupportedOperationException("rowView: backend '" + name() + "' makes no row views (supportsRowViews() is false);"
                + " copy the rows with copyRowsInto");
    }

    /**
     * The LSTM cell's element-wise forward (PyTorch's {@code nn.LSTM}; gate blocks i, f, g, o, each H
     * columns wide), for B rows at once:
     * <pre>
     * [a_i a_f a_g a_o] = gates
     * i = σ(a_i)   f = σ(a_f)   g = tanh(a_g)   o = σ(a_o)
     * c = f ⊙ cPrev + i ⊙ g      h = o ⊙ tanh(c)      cache = [i f g o cPrev tanh(c)]
     * </pre>
     * FLOAT64 computes in double with {@link Activation#apply}; FLOAT32 in float with
     * {@link Activation#sigmoid(float)} and {@link Activation#tanh(float)}, so that every backend
     * gives the same bits.
     *
     * @param gates (input, not modified) B×4H pre-activations
     * @param cPrev (input, not modified) B×H, the cell state before the step
     * @param h (output, overwritten) B×H
     * @param c (output, overwritten) B×H
     * @param cache (output, overwritten) B×6H, what {@link #lstmBackwardInto} reads
     * @throws IllegalArgumentException if gates' columns are not a multiple of 4, a shape, owner or
     *         dtype differs, or an output shares memory with another operand
     */
    void lstmForwardInto(Tensor gates, Tensor cPrev, Tensor h, Tensor c, Tensor cache);

    /**
     * The LSTM cell's element-wise backward, from the cache of {@link #lstmForwardInto} and the
     * errors dh, dc reaching h and c:
     * <pre>
     * dc' = dc + dh ⊙ o ⊙ (1 − tanh²(c))
     * dGates = [dc' ⊙ g ⊙ i(1−i)   dc' ⊙ cPrev ⊙ f(1−f)   dc' ⊙ i ⊙ (1−g²)   dh ⊙ tanh(c) ⊙ o(1−o)]
     * dcPrev = dc' ⊙ f
     * </pre>
     * The error reaching h_{t-1} is {@code dGates·W}, a gemm the caller runs.
     *
     * @param cache (input, not modified) B×6H
     * @param dh (input, not modified) B×H
     * @param dc (input, not modified unless it is dcPrev) B×H
     * @param dGates (output, overwritten) B×4H, the error of the gate pre-activations
     * @param dcPrev (output, overwritten) B×H; may be {@code dc}
     * @throws IllegalArgumentException if the cache's columns are not a multiple of 6, a shape, owner
     *         or dtype differs, or an output shares memory with another operand (other than dcPrev = dc)
     */
    void lstmBackwardInto(Tensor cache, Tensor dh, Tensor dc, Tensor dGates, Tensor dcPrev);

    /**
     * The GRU cell's element-wise forward (PyTorch's {@code nn.GRU}; gate blocks r, z, n, each H
     * columns wide; the reset gate applied after the recurrent product):
     * <pre>
     * r = σ(gx_r + gh_r)   z = σ(gx_z + gh_z)   n = tanh(gx_n + r ⊙ gh_n)
     * h = (1 − z) ⊙ n + z ⊙ hPrev      cache = [r z n gh_n hPrev]
     * </pre>
     * Arithmetic as in {@link #lstmForwardInto}.
     *
     * @param gx (input, not modified) B×3H, x·Uᵀ + b
     * @param gh (input, not modified) B×3H, h_{t-1}·Wᵀ + bh
     * @param hPrev (input, not modified) B×H
     * @param h (output, overwritten) B×H
     * @param cache (output, overwritten) B×5H, what {@link #gruBackwardInto} reads
     * @throws IllegalArgumentException if gx's columns are not a multiple of 3, a shape, owner or
     *         dtype differs, or an output shares memory with another operand
     */
    void gruForwardInto(Tensor gx, Tensor gh, Tensor hPrev, Tensor h, Tensor cache);

    /**
     * The GRU cell's element-wise backward, from the cache of {@link #gruForwardInto} and the error
     * dh reaching h:
     * <pre>
     * da_n = dh ⊙ (1 − z) ⊙ (1 − n²)   da_r = da_n ⊙ gh_n ⊙ r(1−r)   da_z = dh ⊙ (hPrev − n) ⊙ z(1−z)
     * dGx = [da_r da_z da_n]      dGh = [da_r da_z da_n ⊙ r]      dhPrev = dh ⊙ z
     * </pre>
     * The recurrent path adds {@code dGh·W} to dhPrev, a gemm the caller runs.
     *
     * @param cache (input, not modified) B×5H
     * @param dh (input, not modified unless it is dhPrev) B×H
     * @param dGx (output, overwritten) B×3H
     * @param dGh (output, overwritten) B×3H
     * @param dhPrev (output, overwritten) B×H; may be {@code dh}
     * @throws IllegalArgumentException if the cache's columns are not a multiple of 5, a shape, owner
     *         or dtype differs, or an output shares memory with another operand (other than dhPrev = dh)
     */
    void gruBackwardInto(Tensor cache, Tensor dh, Tensor dGx, Tensor dGh, Tensor dhPrev);

    /**
     * Clips element-wise: {@code out = min(max(a, lo), hi)}. NaN stays NaN.
     *
     * @param lo the lower bound
     * @param hi the upper bound, at least {@code lo}
     * @param a (input, not modified) m×n
     * @param out (output, overwritten) m×n; may be {@code a}
     */
    void clipInto(double lo, double hi, Tensor a, Tensor out);

    /**
     * Squared Frobenius norm {@code Σ a[r][j]²}, accumulated in double.
     *
     * @param a (input, not modified)
     * @return the sum of squares
     */
    double squaredNorm(Tensor a);
}
