package org.rnn4j.core.cell;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rnn4j.api.Cell;
import org.rnn4j.api.DType;
import org.rnn4j.api.Tensor;
import org.rnn4j.backend.ejml.EjmlBackend;
import org.rnn4j.spi.Backend;

/**
 * The gated cells' FLOAT32 forward and backward (the kit's float kernels, on EJML) against their
 * FLOAT64 forward and backward on the same inputs: every new state, cache
 * block and error within float accuracy. Odd hidden sizes leave a remainder after the SIMD lanes;
 * large pre-activations saturate the gates.
 */
class FloatCellTest {
    private static final Backend BE = new EjmlBackend();

    static Stream<Arguments> cases() {
        return Stream.of("lstm", "gru").flatMap(cell -> Stream.of(new int[] {1, 1}, new int[] {3, 7}, new int[] {5, 17})
                .map(bh -> Arguments.of(cell, bh[0], bh[1])));
    }

    private static Cell cell(String kind) {
        return kind.equals("lstm") ? new LstmCell() : new GruCell();
    }

    @ParameterizedTest(name = "{0} B={1} H={2}")
    @MethodSource("cases")
    void floatForwardAgreesWithDoubleForward(String kind, int batch, int hidden) {
        SplittableRandom rnd = new SplittableRandom(kind.hashCode() * 31L + batch * 7L + hidden);
        Cell c32 = cell(kind);
        Cell c64 = cell(kind);
        int gh = c32.gates() * hidden;
        double[] gx = values(rnd, batch * gh);
        double[] ghv = values(rnd, batch * gh);
        double[][] prev = new double[c32.states()][];
        for (int k = 0; k < prev.length; k++) {
            prev[k] = values(rnd, batch * hidden);
        }
        double[][] out32 = forward(c32, DType.FLOAT32, gx, ghv, prev, batch, hidden);
        double[][] out64 = forward(c64, DType.FLOAT64, gx, ghv, prev, batch, hidden);
        for (int k = 0; k < out64.length; k++) {
            int width = out64[k].length / batch;
            for (int i = 0; i < out64[k].length; i++) {
                // σ's error is absolute (1.5e-7); a gate multiplies the previous state, so the bound scales with it.
                int at = (i / width) * hidden + (i % width) % hidden;
                double scale = 1;
                for (double[] p : prev) {
                    scale += Math.abs(p[at]);
                }
                double tol = 4e-7 * scale;
                assertTrue(Math.abs(out32[k][i] - out64[k][i]) <= tol, kind + " output " + k + " element " + i + ": float "
                        + out32[k][i] + ", double " + out64[k][i]);
            }
        }
    }

    @ParameterizedTest(name = "{0} B={1} H={2}")
    @MethodSource("cases")
    void floatBackwardAgreesWithDoubleBackward(String kind, int batch, int hidden) {
        SplittableRandom rnd = new SplittableRandom(kind.hashCode() * 17L + batch * 5L + hidden);
        Cell c64 = cell(kind);
        int states = c64.states();
        double[][] prev = new double[states][];
        double[][] dNext = new double[states][];
        for (int k = 0; k < states; k++) {
            prev[k] = values(rnd, batch * hidden);
            dNext[k] = values(rnd, batch * hidden);
        }
        int gh = c64.gates() * hidden;
        // The cache of a FLOAT64 forward, rounded to float: both backward passes read the same values.
        double[][] f64 = forward(c64, DType.FLOAT64, values(rnd, batch * gh), values(rnd, batch * gh), prev, batch, hidden);
        double[] cache = f64[states];
        for (int i = 0; i < cache.length; i++) {
            cache[i] = (float) cache[i];
        }
        double[][] out32 = backward(cell(kind), DType.FLOAT32, cache, dNext, batch, hidden);
        double[][] out64 = backward(cell(kind), DType.FLOAT64, cache, dNext, batch, hidden);
        int width = c64.cacheWidth(hidden);
        for (int k = 0; k < out64.length; k++) {
            int outWidth = out64[k].length / batch;
            for (int i = 0; i < out64[k].length; i++) {
                int row = i / outWidth;
                int j = (i % outWidth) % hidden;
                double scale = 1;
                for (double[] d : dNext) {
                    scale += Math.abs(d[row * hidden + j]);
                }
                double largest = 1;
                for (int b = 0; b < width / hidden; b++) {
                    largest = Math.max(largest, Math.abs(cache[row * width + b * hidden + j]));
                }
                double tol = 1e-6 * scale * largest;
                assertTrue(Math.abs(out32[k][i] - out64[k][i]) <= tol, kind + " error " + k + " element " + i + ": float "
                        + out32[k][i] + ", double " + out64[k][i]);
            }
        }
    }

    /** Runs one backward; returns dGx, dGh (if the cell has it), then dPrev, as doubles. */
    private static double[][] backward(Cell cell, DType dtype, double[] cache, double[][] dNext, int batch, int hidden) {
        int width = cell.gates() * hidden;
        Tensor dGx = BE.zeros(dtype, batch, width);
        Tensor dGh = cell.separateRecurrentPath() ? BE.zeros(dtype, batch, width) : null;
        Tensor[] dn = new Tensor[dNext.length];
        Tensor[] dp = new Tensor[dNext.length];
        for (int k = 0; k < dn.length; k++) {
            dn[k] = BE.fromArray(dtype, batch, hidden, dNext[k]);
            dp[k] = BE.zeros(dtype, batch, hidden);
        }
        cell.backward(BE.fromArray(dtype, batch, cell.cacheWidth(hidden), cache), dn, dGx, dGh, dp);
        java.util.List<double[]> out = new java.util.ArrayList<>();
        out.add(dGx.toDoubleArray());
        if (dGh != null) {
            out.add(dGh.toDoubleArray());
        }
        for (Tensor t : dp) {
            out.add(t.toDoubleArray());
        }
        return out.toArray(new double[0][]);
    }

    /** Pre-activations and states from N(0, 3²), with every 11th value ±40 (a saturated gate). */
    private static double[] values(SplittableRandom rnd, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            double g = rnd.nextGaussian() * 3;
            v[i] = (float) (i % 11 == 5 ? Math.copySign(40, g) : g);   // representable in float: both dtypes see the same input
        }
        return v;
    }

    /** Runs one forward; returns the new states, then the cache, as doubles. */
    private static double[][] forward(Cell cell, DType dtype, double[] gx, double[] gh, double[][] prev, int batch, int hidden) {
        int width = cell.gates() * hidden;
        Tensor tgx = BE.fromArray(dtype, batch, width, gx);
        Tensor tgh = cell.separateRecurrentPath() ? BE.fromArray(dtype, batch, width, gh) : null;
        Tensor[] p = new Tensor[prev.length];
        Tensor[] n = new Tensor[prev.length];
        for (int k = 0; k < p.length; k++) {
            p[k] = BE.fromArray(dtype, batch, hidden, prev[k]);
            n[k] = BE.zeros(dtype, batch, hidden);
        }
        Tensor cache = BE.zeros(dtype, batch, cell.cacheWidth(hidden));
        cell.forward(tgx, tgh, p, n, cache);
        double[][] out = new double[n.length + 1][];
        for (int k = 0; k < n.length; k++) {
            out[k] = n[k].toDoubleArray();
        }
        out[n.length] = cache.toDoubleArray();
        return out;
    }
}
