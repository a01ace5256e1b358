package org.rnn4j.backend.ejml;

import org.ejml.data.DMatrixRMaj;
import org.ejml.data.FMatrixRMaj;
import org.rnn4j.api.DType;
import org.rnn4j.api.Tensor;
import org.rnn4j.spi.Backend;
import org.rnn4j.spi.kit.ElementLoops.Elements;
import org.rnn4j.spi.TensorChecks;

/**
 * A tensor backed by an EJML row-major matrix: {@link DMatrixRMaj} for FLOAT64,
 * {@link FMatrixRMaj} for FLOAT32 (exactly one of the two is set).
 */
final class EjmlTensor implements Tensor {
    private final EjmlBackend backend;
    final DMatrixRMaj d;
    final FMatrixRMaj f;
    final Elements elements;

    EjmlTensor(EjmlBackend backend, DType dtype, int rows, int cols) {
        this.backend = backend;
        if (dtype == DType.FLOAT64) {
            d = new DMatrixRMaj(rows, cols);
            f = null;
            elements = Elements.of(d.data);
        } else {
            d = null;
            f = new FMatrixRMaj(rows, cols);
            elements = Elements.of(f.data);
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
        return d != null ? d.numRows : f.numRows;
    }

    @Override
    public int cols() {
        return d != null ? d.numCols : f.numCols;
    }

    @Override
    public double get(int row, int col) {
        TensorChecks.requireIndex(this, row, col);
        return elements.get(row * cols() + col);
    }

    @Override
    public void set(int row, int col, double value) {
        TensorChecks.requireIndex(this, row, col);
        elements.set(row * cols() + col, value);
    }

    @Override
    public void copyFrom(double[] rowMajor) {
        TensorChecks.requireLength("copyFrom", rows(), cols(), rowMajor.length);
        if (d != null) {
            System.arraycopy(rowMajor, 0, d.data, 0, rowMajor.length);
        } else {
            for (int i = 0; i < rowMajor.length; i++) {
                f.data[i] = (float) rowMajor[i];
            }
        }
    }

    @Override
    public void copyFrom(float[] rowMajor) {
        TensorChecks.requireLength("copyFrom", rows(), cols(), rowMajor.length);
        if (f != null) {
            System.arraycopy(rowMajor, 0, f.data, 0, rowMajor.length);
        } else {
            for (int i = 0; i < rowMajor.length; i++) {
                d.data[i] = rowMajor[i];
            }
        }
    }

    @Override
    public void copyTo(double[] rowMajor) {
        TensorChecks.requireLength("copyTo", rows(), cols(), rowMajor.length);
        for (int i = 0; i < rowMajor.length; i++) {
            rowMajor[i] = elements.get(i);
        }
    }

    @Override
    public void copyTo(float[] rowMajor) {
        TensorChecks.requireLength("copyTo", rows(), cols(), rowMajor.length);
        for (int i = 0; i < rowMajor.length; i++) {
            rowMajor[i] = (float) elements.get(i);
        }
    }

    @Override
    public String toString() {
        return "EjmlTensor " + describe();
    }
}
