package org.rnn4j.backend.simd;

import org.rnn4j.api.DType;
import org.rnn4j.api.Tensor;
import org.rnn4j.spi.Backend;
import org.rnn4j.spi.kit.ElementLoops.Elements;
import org.rnn4j.spi.TensorChecks;

/**
 * A tensor on a plain heap array, row-major: {@code double[]} for FLOAT64, {@code float[]} for
 * FLOAT32 (exactly one of the two is set).
 */
final class SimdTensor implements Tensor {
    private final SimdBackend backend;
    private final int rows;
    private final int cols;
    final double[] d;
    final float[] f;
    final Elements elements;
    /** Pins (SimdBackend.pin) as B read as is [0] and transposed [1]. */
    final int[] pins = new int[2];
    /** op(this)'s panels for gemm's B, per kind: packed at the first product after a pin, kept for the next pin. */
    private final Object[] panels = new Object[2];
    private final boolean[] panelsPacked = new boolean[2];

    SimdTensor(SimdBackend backend, DType dtype, int rows, int cols) {
        this.backend = backend;
        this.rows = rows;
        this.cols = cols;
        if (dtype == DType.FLOAT64) {
            d = new double[rows * cols];
            f = null;
            elements = Elements.of(d);
        } else {
            d = null;
            f = new float[rows * cols];
            elements = Elements.of(f);
        }
    }

    @Override
    public Backend backend() {
        return backend;
    }

    @Override
    public DType dtype() {
        return d != null ? DType.FLOAT64 : DType.FLOAT32;
    }

    @Override
    public int rows() {
        return rows;
    }

    @Override
    public int cols() {
        return cols;
    }

    @Override
    public double get(int row, int col) {
        TensorChecks.requireIndex(this, row, col);
        return elements.get(row * cols + col);
    }

    /** One more pin of a kind (0: as is, 1: transposed); the first makes the panels stale. */
    synchronized void pin(int kind) {
        if (pins[kind] == 0) {
            panelsPacked[kind] = false;
        }
        pins[kind]++;
    }

    /**
     * One pin less.
     *
     * @throws IllegalStateException if there is none of that kind
     */
    synchronized void unpin(int kind) {
        if (pins[kind] == 0) {
            throw new IllegalStateException("unpin: the " + describe() + " tensor is not pinned " + (kind == 1 ? "transposed" : "as is")
                    + " (pins: " + pins[0] + " as is, " + pins[1] + " transposed)");
        }
        pins[kind]--;
    }

    /**
     * Returns op(this)'s panels for gemm's B (GemmF/GemmD.packAll), packing them on the first call after a pin.
     *
     * @param kind 0: this, 1: its transpose
     * @return a float[] or double[]
     */
    synchronized Object panels(int kind) {
        if (!panelsPacked[kind]) {
            boolean transposed = kind == 1;
            int k = transposed ? cols : rows;
            int n = transposed ? rows : cols;
            if (f != null) {
                if (panels[kind] == null) {
                    panels[kind] = new float[GemmF.packedSize(k, n)];
                }
                GemmF.packAll(f, cols, transposed, k, n, (float[]) panels[kind]);
            } else {
                if (panels[kind] == null) {
                    panels[kind] = new double[GemmD.packedSize(k, n)];
                }
                GemmD.packAll(d, cols, transposed, k, n, (double[]) panels[kind]);
            }
            panelsPacked[kind] = true;
        }
        return panels[kind];
    }

    /** Whether this tensor is pinned either way. */
    boolean pinned() {
        return pins[0] + pins[1] > 0;
    }

    /**
     * Refuses a write while pinned.
     *
     * @param op the operation, for the message
     * @param name the name of this tensor in that operation
     * @throws IllegalStateException if this tensor is pinned
     */
    void requireUnpinned(String op, String name) {
        if (pinned()) {
            throw new IllegalStateException(op + ": " + name + " (" + describe() + ") is pinned (Backend.pin): products read the"
                    + " contents it had when pinned, so it is not written until every pin is undone (Backend.unpin)");
        }
    }

    @Override
    public void set(int row, int col, double value) {
        requireUnpinned("set", "this tensor");
        TensorChecks.requireIndex(this, row, col);
        elements.set(row * cols + col, value);
    }

    @Override
    public void copyFrom(double[] rowMajor) {
        requireUnpinned("copyFrom", "this tensor");
        TensorChecks.requireLength("copyFrom", rows, cols, rowMajor.length);
        if (d != null) {
            System.arraycopy(rowMajor, 0, d, 0, rowMajor.length);
        } else {
            for (int i = 0; i < rowMajor.length; i++) {
                f[i] = (float) rowMajor[i];
            }
        }
    }

    @Override
    public void copyFrom(float[] rowMajor) {
        requireUnpinned("copyFrom", "this tensor");
        TensorChecks.requireLength("copyFrom", rows, cols, rowMajor.length);
        if (f != null) {
            System.arraycopy(rowMajor, 0, f, 0, rowMajor.length);
        } else {
            for (int i = 0; i < rowMajor.length; i++) {
                d[i] = rowMajor[i];
            }
        }
    }

    @Override
    public void copyTo(double[] rowMajor) {
        TensorChecks.requireLength("copyTo", rows, cols, rowMajor.length);
        if (d != null) {
            System.arraycopy(d, 0, rowMajor, 0, rowMajor.length);
        } else {
            for (int i = 0; i < rowMajor.length; i++) {
                rowMajor[i] = f[i];
            }
        }
    }

    @Override
    public void copyTo(float[] rowMajor) {
        TensorChecks.requireLength("copyTo", rows, cols, rowMajor.length);
        if (f != null) {
            System.arraycopy(f, 0, rowMajor, 0, rowMajor.length);
        } else {
            for (int i = 0; i < rowMajor.length; i++) {
                rowMajor[i] = (float) d[i];
            }
        }
    }

    @Override
    public String toString() {
        return "SimdTensor " + describe();
    }
}
