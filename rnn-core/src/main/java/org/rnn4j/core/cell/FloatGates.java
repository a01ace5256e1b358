package org.rnn4j.core.cell;

import org.rnn4j.api.Activation;
import org.rnn4j.spi.kit.FloatKernels;

/**
 * The FLOAT32 forward's element-wise passes that a step repeats most, over whole host arrays from
 * index 0: written so that HotSpot's C2 compiles them to SIMD instructions (a loop that reads and
 * writes one array at an offset stays scalar, about ten times slower). The gated cells gather
 * each gate into its own compact B×H array with {@link System#arraycopy} first, then run these.
 */
final class FloatGates {
    private FloatGates() {
    }

    /** {@code a[i] = σ(a[i])} for i in [0, n), with {@link Activation#sigmoid(float)}. */
    static void sigmoid(float[] a, int n) {
        for (int i = 0; i < n; i++) {
            a[i] = Activation.sigmoid(a[i]);
        }
    }

    /** {@code out[i] = tanh(a[i])} for i in [0, n), with {@link Activation#tanh(float)}; out may be a. */
    static void tanh(float[] a, float[] out, int n) {
        FloatKernels.activate(Activation.TANH, a, out, n);
    }

    /**
     * Copies H-wide blocks between row-major arrays of different widths: for every row r,
     * {@code dst[r·dstWidth + dstCol, +count) = src[r·srcWidth + srcCol, +count)}.
     */
    static void copyBlock(float[] src, int srcWidth, int srcCol, float[] dst, int dstWidth, int dstCol, int count, int rows) {
        for (int r = 0; r < rows; r++) {
            System.arraycopy(src, r * srcWidth + srcCol, dst, r * dstWidth + dstCol, count);
        }
    }

    /**
     * Splits a row-major array of {@code blocks} H-wide column blocks into compact B×H arrays:
     * block b goes to {@code into[first + b]}.
     */
    static void split(float[] src, int blocks, float[][] into, int first, int batch, int hidden) {
        for (int b = 0; b < blocks; b++) {
            copyBlock(src, blocks * hidden, b * hidden, into[first + b], hidden, 0, hidden, batch);
        }
    }

    /** The inverse of {@link #split}: compact B×H arrays {@code from[first + b]} become column block b of dst. */
    static void join(float[][] from, int first, int blocks, float[] dst, int batch, int hidden) {
        for (int b = 0; b < blocks; b++) {
            copyBlock(from[first + b], hidden, 0, dst, blocks * hidden, b * hidden, hidden, batch);
        }
    }
}
