package org.rnn4j.backend.nd4j;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.indexer.DoubleRawIndexer;
import org.bytedeco.javacpp.indexer.FloatRawIndexer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.rnn4j.api.DType;
import org.rnn4j.api.Tensor;
import org.rnn4j.spi.Backend;
import org.rnn4j.spi.kit.ElementLoops.Elements;
import org.rnn4j.spi.RowView;
import org.rnn4j.spi.TensorChecks;

/**
 * A tensor backed by a row-major ND4J array, or a row view of one. Holds the array (which keeps its
 * native memory alive; a view's array is a view of its base's), a JavaCPP pointer to that memory
 * for cblas and bulk copies (always at position 0: nothing moves it, so any number of threads may
 * read the tensor at once), and a raw indexer over it for the element loops. Copies that start
 * inside the tensor go through the calling thread's own {@link Nd4jBackend.Views}, never through a
 * position stored in the tensor.
 */
final class Nd4jTensor implements Tensor, RowView {
    private final Nd4jBackend backend;
    private final DType dtype;
    private final int rows;
    private final int cols;
    /** The tensor that owns the memory: this one, or the base of a row view. */
    private final Nd4jTensor base;
    private final int firstRow;
    final INDArray array;
    final DoublePointer d;
    final FloatPointer f;
    final Elements elements;
    /** ND4J's native shape descriptor of the array (row-major, contiguous), for ND4J's own operations. */
    final Pointer shapeInfo;
    private final DoubleRawIndexer dRaw;

    Nd4jTensor(Nd4jBackend backend, DType dtype, int rows, int cols) {
        this(backend, dtype, rows, cols, null, 0,
                Nd4j.create(dtype == DType.FLOAT64 ? DataType.DOUBLE : DataType.FLOAT, new long[] {rows, cols}, 'c'));
    }

    /**
     * A row view: rows {@code firstRow .. firstRow + count − 1} of base, in its memory.
     *
     * @param base a tensor that is no view
     * @param firstRow the first row (checked by the caller)
     * @param count rows (checked by the caller)
     */
    Nd4jTensor(Nd4jTensor base, int firstRow, int count) {
        this(base.backend, base.dtype, count, base.cols, base, firstRow,
                base.array.get(NDArrayIndex.interval(firstRow, firstRow + count), NDArrayIndex.all()));
    }

    private Nd4jTensor(Nd4jBackend backend, DType dtype, int rows, int cols, Nd4jTensor base, int firstRow, INDArray array) {
        this.backend = backend;
        this.dtype = dtype;
        this.rows = rows;
        this.cols = cols;
        this.base = base != null ? base : this;
        this.firstRow = firstRow;
        this.array = array;
        this.shapeInfo = array.shapeInfoDataBuffer().addressPointer();
        // Element loops read and write the native memory through JavaCPP's raw (Unsafe-based)
        // indexers: NIO's direct buffers bounds-check every access, which dominated the loops
        // (JFR). Bounds are checked once per operation by TensorChecks instead. A view's pointer is
        // its base's moved by the rows before it; like the base's, it never moves again.
        long n = (long) rows * cols;
        long offset = (long) firstRow * cols;
        if (dtype == DType.FLOAT64) {
            d = base == null ? new DoublePointer(array.data().addressPointer()).capacity(n).limit(n)
                    : new Nd4jBackend.Views.OfDouble().at(base.d, offset, n);
            f = null;
            DoubleRawIndexer raw = new DoubleRawIndexer(d);
            dRaw = raw;
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
            f = base == null ? new FloatPointer(array.data().addressPointer()).capacity(n).limit(n)
                    : new Nd4jBackend.Views.OfFloat().at(base.f, offset, n);
            FloatRawIndexer raw = new FloatRawIndexer(f);
            dRaw = null;
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
    public Tensor base() {
        return base;
    }

    @Override
    public int firstRow() {
        return firstRow;
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

    /**
     * Copies elements [from, from + n) of a FLOAT32 tensor to {@code dst[0, n)}: one native copy.
     *
     * @param from first flat index
     * @param dst destination
     * @param n count
     */
    void read(long from, float[] dst, int n) {
        Nd4jBackend.scratch().src.at(f, from, n).get(dst, 0, n);
    }

    /**
     * Copies {@code src[0, n)} to elements [to, to + n) of a FLOAT32 tensor: one native copy.
     *
     * @param to first flat index
     * @param src source
     * @param n count
     */
    void write(long to, float[] src, int n) {
        Nd4jBackend.scratch().dst.at(f, to, n).put(src, 0, n);
    }

    // Bulk copies: one native copy when the dtypes match; across dtypes, FLOAT32 goes through a heap
    // chunk (one native copy and a conversion loop per chunk), FLOAT64 through its raw indexer.
    // No wrapper objects: optimizers and the loss copy between host arrays and tensors at every step.

    @Override
    public void copyFrom(double[] rowMajor) {
        TensorChecks.requireLength("copyFrom", rows, cols, rowMajor.length);
        if (d != null) {
            d.put(rowMajor, 0, rowMajor.length);
        } else {
            float[] chunk = Nd4jBackend.scratch().a;
            for (int off = 0; off < rowMajor.length; off += chunk.length) {
                int n = Math.min(chunk.length, rowMajor.length - off);
                for (int i = 0; i < n; i++) {
                    chunk[i] = (float) rowMajor[off + i];
                }
                write(off, chunk, n);
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
            float[] chunk = Nd4jBackend.scratch().a;
            for (int off = 0; off < rowMajor.length; off += chunk.length) {
                int n = Math.min(chunk.length, rowMajor.length - off);
                read(off, chunk, n);
                for (int i = 0; i < n; i++) {
                    rowMajor[off + i] = chunk[i];
                }
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
