import org.rnn4j.spi.*;
import org.rnn4j.api.*;
import java.lang.reflect.*;
import java.util.*;

/**
 * The products with A transposed (dW = dGᵀ·H, dU = dGᵀ·X) of a one-layer training step, with A packed and
 * read in place (GemmF.TA_IN_PLACE of an experiment build, set by reflection), alternating round by round
 * in one JVM; each round checks that both give the same floats. args: g B H I T.
 */
public class ABT {
    static Tensor rnd(Backend be, int r, int c, long seed) {
        SplittableRandom g = new SplittableRandom(seed);
        double[] v = new double[r * c];
        for (int i = 0; i < v.length; i++) v[i] = g.nextDouble(-1, 1);
        return be.fromArray(DType.FLOAT32, r, c, v);
    }
    public static void main(String[] a) throws Exception {
        Backend be = Backends.get("simd");
        int g = Integer.parseInt(a[0]), B = Integer.parseInt(a[1]), H = Integer.parseInt(a[2]), I = Integer.parseInt(a[3]), T = Integer.parseInt(a[4]);
        int gH = g * H, TB = T * B;
        Field f = Class.forName("org.rnn4j.backend.simd.GemmF").getDeclaredField("TA_IN_PLACE"); f.setAccessible(true);
        Tensor dGAll = rnd(be, TB, gH, 6), hAll = rnd(be, TB, H, 7), dW = be.zeros(DType.FLOAT32, gH, H);
        Tensor xAll = rnd(be, TB, I, 8), dU = be.zeros(DType.FLOAT32, gH, I);
        int R = 40;
        boolean[] vs = {false, true};
        double[][][] ms = new double[2][2][R];
        double[][] res = new double[2][];
        for (int round = 0; round < R; round++) {
            for (int v = 0; v < 2; v++) {
                f.setBoolean(null, vs[v]);
                long t0 = System.nanoTime();
                be.gemmInto(1, dGAll, true, hAll, false, 0, dW);
                ms[v][0][round] = (System.nanoTime() - t0) / 1e6;
                if (I > 1) {
                    t0 = System.nanoTime();
                    be.gemmInto(1, dGAll, true, xAll, false, 0, dU);
                    ms[v][1][round] = (System.nanoTime() - t0) / 1e6;
                }
                res[v] = dW.toDoubleArray();
            }
            if (!Arrays.equals(res[0], res[1])) throw new AssertionError("dW differs");
        }
        for (int v = 0; v < 2; v++) {
            StringBuilder sb = new StringBuilder("A in place=" + vs[v]);
            for (int p = 0; p < (I > 1 ? 2 : 1); p++) {
                double[] x = Arrays.copyOfRange(ms[v][p], 10, R); Arrays.sort(x);
                double fl = 2.0 * TB * gH * (p == 0 ? H : I);
                sb.append(String.format(" | %s %.2f ms %.0f GF/s", p == 0 ? "dW" : "dU", x[x.length / 2], fl / x[x.length / 2] / 1e6));
            }
            System.out.println(sb);
        }
    }
}
