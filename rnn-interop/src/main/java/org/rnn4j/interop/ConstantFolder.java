package org.rnn4j.interop;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Evaluates the ONNX operators that {@code torch.onnx.export(..., do_constant_folding=False)} applies to
 * initializers before they reach a recurrent node or the read-out: {@code Slice}, {@code Concat},
 * {@code Unsqueeze}, {@code Squeeze} and {@code Transpose}, on dense row-major tensors held as doubles. Each
 * method checks its arguments against the operator's specification and throws an
 * {@link IllegalArgumentException} naming the one that does not fit; the caller turns that into an
 * {@link InteropException} naming the node.
 */
final class ConstantFolder {
    /** The operators folded when every input is a constant. */
    static final Set<String> OPERATORS = Set.of("Slice", "Concat", "Unsqueeze", "Squeeze", "Transpose");

    /** A folded tensor: its dims and row-major values. */
    record Value(long[] dims, double[] values) {
    }

    private ConstantFolder() {
    }

    /**
     * ONNX Slice: for each listed axis, the elements start, start + step, ... before end, with negative starts
     * and ends counted from the end of the axis and both clamped to it.
     *
     * @param dims (input, not modified) the data's shape
     * @param values (input, not modified) the data
     * @param starts one per axis
     * @param ends one per axis
     * @param axes the axes (negative counted from the end), or null for 0, 1, ...
     * @param steps one non-zero step per axis, or null for 1s
     * @return the slice
     */
    static Value slice(long[] dims, double[] values, List<Long> starts, List<Long> ends, List<Long> axes, List<Long> steps) {
        int rank = dims.length;
        int n = starts.size();
        if (ends.size() != n || (axes != null && axes.size() != n) || (steps != null && steps.size() != n) || n > rank) {
            throw new IllegalArgumentException("starts " + starts + ", ends " + ends + ", axes " + axes + " and steps " + steps
                    + " must have one entry per sliced axis of a rank-" + rank + " tensor");
        }
        long[] begin = new long[rank];
        long[] step = new long[rank];
        long[] out = dims.clone();
        Arrays.fill(step, 1);
        boolean[] seen = new boolean[rank];
        for (int i = 0; i < n; i++) {
            int axis = axis(axes == null ? i : axes.get(i), rank, "axes");
            if (seen[axis]) {
                throw new IllegalArgumentException("axes " + axes + " repeat axis " + axis);
            }
            seen[axis] = true;
            long s = steps == null ? 1 : steps.get(i);
            if (s == 0) {
                throw new IllegalArgumentException("steps " + steps + " has a 0");
            }
            long d = dims[axis];
            long b = starts.get(i) < 0 ? starts.get(i) + d : starts.get(i);
            long e = ends.get(i) < 0 ? ends.get(i) + d : ends.get(i);
            if (s > 0) {
                b = Math.max(0, Math.min(b, d));
                e = Math.max(0, Math.min(e, d));
                out[axis] = Math.max(0, (e - b + s - 1) / s);
            } else {
                b = Math.max(-1, Math.min(b, d - 1));
                e = Math.max(-1, Math.min(e, d - 1));
                out[axis] = Math.max(0, (b - e - s - 1) / -s);
            }
            begin[axis] = b;
            step[axis] = s;
        }
        double[] result = new double[count(out)];
        long[] stride = strides(dims);
        long[] index = new long[rank];
        for (int k = 0; k < result.length; k++) {
            long at = 0;
            for (int a = 0; a < rank; a++) {
                at += (begin[a] + index[a] * step[a]) * stride[a];
            }
            result[k] = values[(int) at];
            next(index, out);
        }
        return new Value(out, result);
    }

    /**
     * ONNX Concat along one axis; every other size must agree.
     *
     * @param parts (input, not modified) the tensors, in order
     * @param axis the axis (negative counted from the end)
     * @return the concatenation
     */
    static Value concat(List<Value> parts, long axis) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("Concat has no inputs");
        }
        long[] first = parts.get(0).dims;
        int a = axis(axis, first.length, "axis");
        long[] out = first.clone();
        out[a] = 0;
        for (Value p : parts) {
            for (int i = 0; i < first.length; i++) {
                if (p.dims.length != first.length || (i != a && p.dims[i] != first[i])) {
                    throw new IllegalArgumentException("inputs of shapes " + Arrays.toString(first) + " and " + Arrays.toString(p.dims)
                            + " cannot be concatenated on axis " + axis);
                }
            }
            out[a] += p.dims[a];
        }
        // Row-major: each input contributes blocks of (its size on the axis) × (the inner size) per outer index.
        long outer = 1;
        for (int i = 0; i < a; i++) {
            outer *= first[i];
        }
        long inner = 1;
        for (int i = a + 1; i < first.length; i++) {
            inner *= first[i];
        }
        double[] result = new double[count(out)];
        int at = 0;
        for (long o = 0; o < outer; o++) {
            for (Value p : parts) {
                int block = (int) (p.dims[a] * inner);
                System.arraycopy(p.values, (int) (o * block), result, at, block);
                at += block;
            }
        }
        return new Value(out, result);
    }

    /**
     * ONNX Unsqueeze: inserts size-1 axes at the given positions of the output.
     *
     * @param dims (input, not modified) the shape
     * @param values (input, not modified) the data, unchanged by the operator
     * @param axes positions in the output (negative counted from its end)
     * @return the reshaped tensor
     */
    static Value unsqueeze(long[] dims, double[] values, List<Long> axes) {
        int rank = dims.length + axes.size();
        boolean[] inserted = new boolean[rank];
        for (long x : axes) {
            int a = axis(x, rank, "axes");
            if (inserted[a]) {
                throw new IllegalArgumentException("axes " + axes + " repeat axis " + a);
            }
            inserted[a] = true;
        }
        long[] out = new long[rank];
        for (int i = 0, j = 0; i < rank; i++) {
            out[i] = inserted[i] ? 1 : dims[j++];
        }
        return new Value(out, values.clone());
    }

    /**
     * ONNX Squeeze: removes the given size-1 axes, or every size-1 axis if none are given.
     *
     * @param dims (input, not modified) the shape
     * @param values (input, not modified) the data, unchanged by the operator
     * @param axes the axes (negative counted from the end), or empty for every size-1 axis
     * @return the reshaped tensor
     */
    static Value squeeze(long[] dims, double[] values, List<Long> axes) {
        boolean[] removed = new boolean[dims.length];
        for (int i = 0; i < dims.length; i++) {
            removed[i] = axes.isEmpty() && dims[i] == 1;
        }
        for (long x : axes) {
            int a = axis(x, dims.length, "axes");
            if (dims[a] != 1) {
                throw new IllegalArgumentException("axis " + a + " of shape " + Arrays.toString(dims) + " has size " + dims[a] + ", not 1");
            }
            removed[a] = true;
        }
        return new Value(Arrays.stream(range(dims.length)).filter(i -> !removed[i]).mapToLong(i -> dims[i]).toArray(), values.clone());
    }

    /**
     * ONNX Transpose: output axis i is input axis perm[i].
     *
     * @param dims (input, not modified) the shape
     * @param values (input, not modified) the data
     * @param perm a permutation of 0 .. rank − 1, or empty for the reversed axes (the operator's default)
     * @return the transposed tensor
     */
    static Value transpose(long[] dims, double[] values, List<Long> perm) {
        int rank = dims.length;
        int[] p = new int[rank];
        boolean[] used = new boolean[rank];
        if (!perm.isEmpty() && perm.size() != rank) {
            throw new IllegalArgumentException("perm " + perm + " does not permute the " + rank + " axes of " + Arrays.toString(dims));
        }
        for (int i = 0; i < rank; i++) {
            long x = perm.isEmpty() ? rank - 1 - i : perm.get(i);
            if (x < 0 || x >= rank || used[(int) x]) {
                throw new IllegalArgumentException("perm " + perm + " does not permute the " + rank + " axes of " + Arrays.toString(dims));
            }
            used[(int) x] = true;
            p[i] = (int) x;
        }
        long[] out = new long[rank];
        for (int i = 0; i < rank; i++) {
            out[i] = dims[p[i]];
        }
        long[] stride = strides(dims);
        double[] result = new double[values.length];
        long[] index = new long[rank];
        for (int k = 0; k < result.length; k++) {
            long at = 0;
            for (int i = 0; i < rank; i++) {
                at += index[i] * stride[p[i]];
            }
            result[k] = values[(int) at];
            next(index, out);
        }
        return new Value(out, result);
    }

    private static int axis(long a, int rank, String what) {
        long x = a < 0 ? a + rank : a;
        if (x < 0 || x >= rank) {
            throw new IllegalArgumentException(what + " entry " + a + " is outside a rank-" + rank + " tensor");
        }
        return (int) x;
    }

    private static int count(long[] dims) {
        long n = 1;
        for (long d : dims) {
            n *= d;
        }
        return (int) n;
    }

    private static long[] strides(long[] dims) {
        long[] s = new long[dims.length];
        long x = 1;
        for (int i = dims.length - 1; i >= 0; i--) {
            s[i] = x;
            x *= dims[i];
        }
        return s;
    }

    /** Advances a row-major multi-index within the given shape. */
    private static void next(long[] index, long[] shape) {
        for (int i = index.length - 1; i >= 0; i--) {
            if (++index[i] < shape[i]) {
                return;
            }
            index[i] = 0;
        }
    }

    private static int[] range(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }
}
