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

    @Override
    public void set(int row, int col, double value) {
        TensorChecks.requireIndex(this, row, col);
        elements.set(row * cols + col, value);
    }

    @Override
    public void copyFrom(double[] rowMajor) {
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
