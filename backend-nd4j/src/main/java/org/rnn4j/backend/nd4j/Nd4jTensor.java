package org.rnn4j.backend.nd4j;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.indexer.DoubleRawIndexer;
import org.bytedeco.javacpp.indexer.FloatRawIndexer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.rnn4j.api.DType;
import org.rnn4j.api.Tensor;
import org.rnn4j.spi.Backend;
import org.rnn4j.spi.ElementLoops.Elements;
import org.rnn4j.spi.TensorChecks;

/**
 * A tensor backed by a row-major ND4J array. Holds the array (which keeps its native memory alive),
 * a JavaCPP pointer to that memory for cblas, and a raw indexer over it for the element loops.
 */
final class Nd4jTensor implements Tensor {
    private final Nd4jBackend backend;
    private final DType dtype;
    private final int rows;
    private final int cols;
    final INDArray array;
    final DoublePointer d;
    final FloatPointer f;
    /** A second pointer to the same memory, so a copy within one tensor can position source and destination apart. */
    final DoublePointer dTarget;
    final FloatPointer fTarget;
    final Elements elements;
    private final DoubleRawIndexer dRaw;
    private final FloatRawIndexer fRaw;

    Nd4jTensor(Nd4jBackend backend, DType dtype, int rows, int cols) {
        this.backend = backend;
        this.dtype = dtype;
        this.rows = rows;
        this.cols = cols;
        this.array = Nd4j.create(dtype == DType.FLOAT64 ? DataType.DOUBLE : DataType.FLOAT, new long[] {rows, cols}, 'c');
        // Element loops read and write the native memory through JavaCPP's raw (Unsafe-based)
        // indexers: NIO's direct buffers bounds-check every access, which dominated the loops
        // (JFR). Bounds are checked once per operation by TensorChecks instead.
        long n = (long) rows * cols;
        if (dtype == DType.FLOAT64) {
            d = new DoublePointer(array.data().addressPointer()).capacity(n).limit(n);
            dTarget = new DoublePointer(d).capacity(n).limit(n);
            f = null;
            fTarget = null;
            DoubleRawIndexer raw = new DoubleRawIndexer(d);
            dRaw = raw;
            fRaw = null;
            elements = new Elements() {
                @Override
                public double get(int i) {
                    return raw.get(i);
                }

                @Override
                public void set(int i, double v) {
                    raw.put(i, v);
                }
            };
        } else {
            d = null;
            dTarget = null;
            f = new FloatPointer(array.data().addressPointer()).capacity(n).limit(n);
            fTarget = new FloatPointer(f).capacity(n).limit(n);
            FloatRawIndexer raw = new FloatRawIndexer(f);
            dRaw = null;
            fRaw = raw;
            elements = new Elements() {
                @Override
                public double get(int i) {
                    return raw.get(i);
                }

                @Override
                public void set(int i, double v) {
                    raw.put(i, (float) v);
                }
            };
        }
    }

    @Override
    public Backend backend() {
        return backend;
    }

    @Override
    public DType dtype() {
        return dtype;
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

    // Bulk copies: one native copy when the dtypes match, else a converting loop; no wrapper objects,
    // since optimizers and the loss copy between host arrays and tensors at every step.

    @Override
    public void copyFrom(double[] rowMajor) {
        TensorChecks.requireLength("copyFrom", rows, cols, rowMajor.length);
        if (d != null) {
            d.put(rowMajor, 0, rowMajor.length);
        } else {
            for (int i = 0; i < rowMajor.length; i++) {
                fRaw.put(i, (float) rowMajor[i]);
            }
        }
    }

    @Override
    public void copyFrom(float[] rowMajor) {
        TensorChecks.requireLength("copyFrom", rows, cols, rowMajor.length);
        if (f != null) {
            f.put(rowMajor, 0, rowMajor.length);
        } else {
            for (int i = 0; i < rowMajor.length; i++) {
                dRaw.put(i, rowMajor[i]);
            }
        }
    }

    @Override
    public void copyTo(double[] rowMajor) {
        TensorChecks.requireLength("copyTo", rows, cols, rowMajor.length);
        if (d != null) {
            d.get(rowMajor, 0, rowMajor.length);
        } else {
            for (int i = 0; i < rowMajor.length; i++) {
                rowMajor[i] = fRaw.get(i);
            }
        }
    }

    @Override
    public void copyTo(float[] rowMajor) {
        TensorChecks.requireLength("copyTo", rows, cols, rowMajor.length);
        if (f != null) {
            f.get(rowMajor, 0, rowMajor.length);
        } else {
            for (int i = 0; i < rowMajor.length; i++) {
                rowMajor[i] = (float) dRaw.get(i);
            }
        }
    }

    @Override
    public String toString() {
        return "Nd4jTensor " + describe();
    }
}
