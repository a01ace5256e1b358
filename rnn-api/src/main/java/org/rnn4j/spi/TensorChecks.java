package org.rnn4j.spi;

import org.rnn4j.api.Tensor;

/**
 * Argument checks shared by backends, so that every backend rejects bad calls with the same
 * {@link IllegalArgumentException} messages (the conformance kit pins them). Each message starts
 * with the operation's name and names the operands with their shapes and dtypes, for example
 * {@code "multiplyInto: a is 2×3 FLOAT64 but out is 3×2 FLOAT64"}.
 *
 * <p>The checks allocate nothing unless they fail, so they are safe on the hot path.
 */
public final class TensorChecks {

    private TensorChecks() {
    }

    /**
     * Checks that dimensions are positive and their product fits an int.
     *
     * @param op the operation, for the message
     * @param rows rows
     * @param cols columns
     */
    public static void requireDims(String op, int rows, int cols) {
        if (rows < 1 || cols < 1) {
            throw new IllegalArgumentException(op + ": shape " + rows + "×" + cols + " is invalid; rows and columns must be at least 1");
        }
        if ((long) rows * cols > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(op + ": shape " + rows + "×" + cols + " has more than " + Integer.MAX_VALUE + " elements");
        }
    }

    /**
     * Checks that an array holds exactly rows·cols values.
     *
     * @param op the operation, for the message
     * @param rows rows
     * @param cols columns
     * @param length the array's length
     */
    public static void requireLength(String op, int rows, int cols, int length) {
        requireDims(op, rows, cols);
        if (length != rows * cols) {
            throw new IllegalArgumentException(op + ": array has " + length + " values but a " + rows + "×" + cols
                    + " tensor needs " + (rows * cols));
        }
    }

    /**
     * Checks an element index.
     *
     * @param t the tensor
     * @param row row index
     * @param col column index
     */
    public static void requireIndex(Tensor t, int row, int col) {
        if (row < 0 || row >= t.rows() || col < 0 || col >= t.cols()) {
            throw new IllegalArgumentException("index (" + row + ", " + col + ") is outside the " + t.describe() + " tensor");
        }
    }

    /**
     * Checks that a tensor is not null and was created by the given backend.
     *
     * @param backend the backend running the operation
     * @param op the operation
     * @param name the operand's name
     * @param t the operand
     */
    public static void requireOwned(Backend backend, String op, String name, Tensor t) {
        if (t == null) {
            throw new IllegalArgumentException(op + ": " + name + " is null");
        }
        if (t.backend() != backend) {
            throw new IllegalArgumentException(op + ": " + name + " (" + t.describe() + ") belongs to backend '"
                    + t.backend().name() + "', not to '" + backend.name() + "'; copy it with toDoubleArray() and fromArray()");
        }
    }

    /**
     * Checks that two operands share a dtype.
     *
     * @param op the operation
     * @param nameA first operand's name
     * @param a first operand
     * @param nameB second operand's name
     * @param b second operand
     */
    public static void requireSameDType(String op, String nameA, Tensor a, String nameB, Tensor b) {
        if (a.dtype() != b.dtype()) {
            throw new IllegalArgumentException(op + ": " + nameA + " is " + a.describe() + " but " + nameB + " is "
                    + b.describe() + "; dtypes must match");
        }
    }

    /**
     * Checks that two operands have the same shape and dtype.
     *
     * @param op the operation
     * @param nameA first operand's name
     * @param a first operand
     * @param nameB second operand's name
     * @param b second operand
     */
    public static void requireSameShape(String op, String nameA, Tensor a, String nameB, Tensor b) {
        requireSameDType(op, nameA, a, nameB, b);
        if (a.rows() != b.rows() || a.cols() != b.cols()) {
            throw new IllegalArgumentException(op + ": " + nameA + " is " + a.describe() + " but " + nameB + " is "
                    + b.describe() + "; shapes must match");
        }
    }

    /**
     * Checks an operand's exact shape, where the shape follows from another operand. The message
     * is built only on failure, e.g. {@code "v is 1×4 FLOAT64 but must be 1×3 (a row vector as
     * wide as a, which is 2×3 FLOAT64)"}.
     *
     * @param op the operation
     * @param name the operand's name
     * @param t the operand
     * @param rows the required rows
     * @param cols the required columns
     * @param why what the shape follows from, a constant such as {@code "a row vector as wide as a"}
     * @param related the operand named in {@code why}, whose shape completes the message
     */
    public static void requireShape(String op, String name, Tensor t, int rows, int cols, String why, Tensor related) {
        if (t.rows() != rows || t.cols() != cols) {
            throw new IllegalArgumentException(op + ": " + name + " is " + t.describe() + " but must be " + rows + "×" + cols
                    + " (" + why + ", which is " + related.describe() + ")");
        }
    }

    /**
     * Rejects using an input as the output where the operation cannot work in place.
     *
     * @param op the operation
     * @param outName the output's name
     * @param out the output
     * @param inName the input's name
     * @param in the input
     */
    public static void requireDistinct(String op, String outName, Tensor out, String inName, Tensor in) {
        if (out == in) {
            throw new IllegalArgumentException(op + ": " + outName + " is the same tensor as " + inName
                    + " (" + in.describe() + "); this operation cannot write its output over that input");
        }
        if (overlap(out, in)) {
            throw new IllegalArgumentException(op + ": " + outName + " (" + rowsOfBase(out) + ") shares memory with " + inName
                    + " (" + rowsOfBase(in) + "); this operation cannot write its output over that input");
        }
    }

    /**
     * Rejects an output that overlaps an input only in part: in-place use (the same tensor, or a view
     * of exactly the same rows) and disjoint memory pass.
     *
     * @param op the operation
     * @param outName the output's name
     * @param out the output
     * @param inName the input's name
     * @param in the input
     */
    public static void requireInPlaceOrDisjoint(String op, String outName, Tensor out, String inName, Tensor in) {
        if (overlap(out, in) && !sameMemory(out, in)) {
            throw new IllegalArgumentException(op + ": " + outName + " (" + rowsOfBase(out) + ") overlaps " + inName + " ("
                    + rowsOfBase(in) + ") in part; an output must be exactly an input or share no memory with it");
        }
    }

    // ---------------------------------------------------------------- gate operations

    /**
     * Checks the first operand of a gate operation ({@link Backend#lstmForwardInto} and the rest),
     * whose width sets H: owned, and its columns a whole number of H-wide blocks.
     *
     * @param backend the backend
     * @param op the operation
     * @param name the operand's name
     * @param t the operand
     * @param blocks how many H-wide column blocks it holds
     * @return H, its columns divided by blocks
     */
    public static int requireGateBlocks(Backend backend, String op, String name, Tensor t, int blocks) {
        requireOwned(backend, op, name, t);
        if (t.cols() % blocks != 0) {
            throw new IllegalArgumentException(op + ": " + name + " is " + t.describe() + "; its columns must be " + blocks
                    + " blocks of H, one per hidden unit, so a multiple of " + blocks);
        }
        return t.cols() / blocks;
    }

    /**
     * Checks a further operand of a gate operation: owned, of the first operand's dtype, B×(blocks·H)
     * with B the first operand's rows.
     *
     * @param backend the backend
     * @param op the operation
     * @param name the operand's name
     * @param t the operand
     * @param blocks how many H-wide column blocks it must hold
     * @param firstName the first operand's name
     * @param first the first operand
     * @param hidden H
     */
    public static void requireGateOperand(Backend backend, String op, String name, Tensor t, int blocks, String firstName,
            Tensor first, int hidden) {
        requireOwned(backend, op, name, t);
        requireSameDType(op, firstName, first, name, t);
        if (t.rows() != first.rows() || t.cols() != blocks * hidden) {
            throw new IllegalArgumentException(op + ": " + name + " is " + t.describe() + " but must be " + first.rows() + "×"
                    + blocks * hidden + " (" + (blocks == 1 ? "" : blocks + "·") + "H with H = " + hidden + " and B = "
                    + first.rows() + " from " + firstName + ", which is " + first.describe() + ")");
        }
    }

    // ---------------------------------------------------------------- shared memory (row views)

    /**
     * Returns the tensor that owns a tensor's memory.
     *
     * @param t a tensor
     * @return its {@link RowView#base()}, or t itself when it is no view
     */
    public static Tensor baseOf(Tensor t) {
        return t instanceof RowView ? ((RowView) t).base() : t;
    }

    /**
     * Returns the row of its base where a tensor starts.
     *
     * @param t a tensor
     * @return its {@link RowView#firstRow()}, or 0 when it is no view
     */
    public static int firstRowOf(Tensor t) {
        return t instanceof RowView ? ((RowView) t).firstRow() : 0;
    }

    /**
     * Whether two tensors share any memory: the same tensor, or views with rows of one base in common.
     *
     * @param a a tensor
     * @param b a tensor
     * @return true if a write to one can change the other
     */
    public static boolean overlap(Tensor a, Tensor b) {
        if (a == b) {
            return true;
        }
        if (!(a instanceof RowView) && !(b instanceof RowView) || baseOf(a) != baseOf(b)) {
            return false;
        }
        int fa = firstRowOf(a);
        int fb = firstRowOf(b);
        return fa < fb + b.rows() && fb < fa + a.rows();
    }

    /**
     * Whether two tensors are exactly the same memory: the same tensor, or views of the same rows.
     *
     * @param a a tensor
     * @param b a tensor
     * @return true if they cover the same elements of one base
     */
    public static boolean sameMemory(Tensor a, Tensor b) {
        return a == b || baseOf(a) == baseOf(b) && firstRowOf(a) == firstRowOf(b) && a.rows() == b.rows();
    }

    /** "2×3 FLOAT64", or for a view "rows 4..5 of 10×3 FLOAT64"; only built for messages. */
    private static String rowsOfBase(Tensor t) {
        Tensor base = baseOf(t);
        if (base == t) {
            return t.describe();
        }
        int first = firstRowOf(t);
        return "rows " + first + ".." + (first + t.rows() - 1) + " of " + base.describe();
    }

    /**
     * Checks {@link Backend#rowView}: the tensor is owned and the rows lie inside it.
     *
     * @param backend the backend
     * @param t the tensor
     * @param row the first row
     * @param count the number of rows
     */
    public static void requireRowView(Backend backend, Tensor t, int row, int count) {
        String op = "rowView";
        requireOwned(backend, op, "t", t);
        if (count < 1) {
            throw new IllegalArgumentException(op + ": count is " + count + "; it must be at least 1");
        }
        if (row < 0 || (long) row + count > t.rows()) {
            throw new IllegalArgumentException(op + ": rows " + row + ".." + ((long) row + count - 1) + " are outside t ("
                    + t.describe() + ")");
        }
    }

    /**
     * Checks every operand of {@link Backend#gemmInto}: owners, dtypes, inner dimensions, the shape
     * of C, and that C aliases neither input.
     *
     * @param backend the backend running the operation
     * @param a A
     * @param transposeA whether op(A) = Aᵀ
     * @param b B
     * @param transposeB whether op(B) = Bᵀ
     * @param c C
     */
    public static void requireGemm(Backend backend, Tensor a, boolean transposeA, Tensor b, boolean transposeB, Tensor c) {
        String op = "gemmInto";
        requireOwned(backend, op, "a", a);
        requireOwned(backend, op, "b", b);
        requireOwned(backend, op, "c", c);
        requireSameDType(op, "a", a, "b", b);
        requireSameDType(op, "a", a, "c", c);
        int m = transposeA ? a.cols() : a.rows();
        int ka = transposeA ? a.rows() : a.cols();
        int kb = transposeB ? b.cols() : b.rows();
        int n = transposeB ? b.rows() : b.cols();
        if (ka != kb) {
            throw new IllegalArgumentException(op + ": inner dimensions differ: op(a) is " + m + "×" + ka + " (a is "
                    + a.describe() + (transposeA ? ", transposed" : "") + ") but op(b) is " + kb + "×" + n + " (b is "
                    + b.describe() + (transposeB ? ", transposed" : "") + ")");
        }
        if (c.rows() != m || c.cols() != n) {
            throw new IllegalArgumentException(op + ": c is " + c.describe() + " but must be " + m + "×" + n
                    + " (op(a)·op(b) is " + m + "×" + n + ")");
        }
        requireDistinct(op, "c", c, "a", a);
        requireDistinct(op, "c", c, "b", b);
    }

    /**
     * Checks an element-wise operation with one input: owners, and same shape and dtype.
     *
     * @param backend the backend
     * @param op the operation
     * @param a the input
     * @param out the output
     */
    public static void requireElementwise(Backend backend, String op, Tensor a, Tensor out) {
        requireOwned(backend, op, "a", a);
        requireOwned(backend, op, "out", out);
        requireSameShape(op, "a", a, "out", out);
        requireInPlaceOrDisjoint(op, "out", out, "a", a);
    }

    /**
     * Checks an element-wise operation with two inputs: owners, and same shape and dtype.
     *
     * @param backend the backend
     * @param op the operation
     * @param nameA first input's name
     * @param a first input
     * @param nameB second input's name
     * @param b second input
     * @param out the output
     */
    public static void requireElementwise(Backend backend, String op, String nameA, Tensor a, String nameB, Tensor b, Tensor out) {
        requireOwned(backend, op, nameA, a);
        requireOwned(backend, op, nameB, b);
        requireOwned(backend, op, "out", out);
        requireSameShape(op, nameA, a, nameB, b);
        requireSameShape(op, nameA, a, "out", out);
        requireInPlaceOrDisjoint(op, "out", out, nameA, a);
        requireInPlaceOrDisjoint(op, "out", out, nameB, b);
    }

    /**
     * Checks {@link Backend#copyRowsInto}: owners, dtype, equal widths, row ranges inside both
     * tensors, and no overlap when source and destination share memory (unless the rows are the same).
     *
     * @param backend the backend
     * @param src the source
     * @param srcRow first source row
     * @param count rows to copy
     * @param dst the destination
     * @param dstRow first destination row
     */
    public static void requireCopyRows(Backend backend, Tensor src, int srcRow, int count, Tensor dst, int dstRow) {
        String op = "copyRowsInto";
        requireOwned(backend, op, "src", src);
        requireOwned(backend, op, "dst", dst);
        requireSameDType(op, "src", src, "dst", dst);
        if (src.cols() != dst.cols()) {
            throw new IllegalArgumentException(op + ": src is " + src.describe() + " but dst is " + dst.describe()
                    + "; the number of columns must match");
        }
        if (count < 1) {
            throw new IllegalArgumentException(op + ": count is " + count + "; it must be at least 1");
        }
        if (srcRow < 0 || (long) srcRow + count > src.rows()) {
            throw new IllegalArgumentException(op + ": rows " + srcRow + ".." + ((long) srcRow + count - 1)
                    + " are outside src (" + src.describe() + ")");
        }
        if (dstRow < 0 || (long) dstRow + count > dst.rows()) {
            throw new IllegalArgumentException(op + ": rows " + dstRow + ".." + ((long) dstRow + count - 1)
                    + " are outside dst (" + dst.describe() + ")");
        }
        if (baseOf(src) == baseOf(dst)) {
            int from = firstRowOf(src) + srcRow;
            int to = firstRowOf(dst) + dstRow;
            if (from < to + count && to < from + count && from != to) {
                throw new IllegalArgumentException(op + ": source rows " + from + ".." + (from + count - 1)
                        + " overlap destination rows " + to + ".." + (to + count - 1) + " of the same tensor"
                        + (src == dst ? "" : " (" + baseOf(src).describe() + ", through row views)"));
            }
        }
    }
}
