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
 * The gated cells' FLOAT32 forward (float arithmetic, gates gathered into compact arrays) against
 * their FLOAT64 forward on the same inputs: every new state and every cache block within float
 * accuracy. Odd hidden sizes leave a remainder after the SIMD lanes; large pre-activations
 * saturate the gates.
 */
class FloatForwardTest {
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
