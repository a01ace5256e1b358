import org.rnn4j.spi.*;
import org.rnn4j.api.*;
import java.lang.reflect.*;
import java.util.*;

/**
 * Every gemm of a one-layer training step, the twelve-row kernel off and on, alternating round by round
 * in one JVM; each round checks that dG·W gives the same floats both ways. args: g B H I T.
 *
 * <p>Runs against a build made for the comparison: GemmD.TWELVE (and so GemmF's) made a mutable static
 * field, set here by reflection (ab12.log says which rule each build applied; the all12 and packed12
 * variants were the same harness with the field name changed).
 */
public class AB12 {
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
        Field f12 = Class.forName("org.rnn4j.backend.simd.GemmF").getDeclaredField("TWELVE"); f12.setAccessible(true);
        Tensor h = rnd(be, B, H, 1), w = rnd(be, gH, H, 2), gx = rnd(be, B, gH, 3), dG = rnd(be, B, gH, 4), dP = rnd(be, B, H, 5);
        Tensor dGAll = rnd(be, TB, gH, 6), hAll = rnd(be, TB, H, 7), dW = be.zeros(DType.FLOAT32, gH, H);
        Tensor xAll = rnd(be, TB, I, 8), u = rnd(be, gH, I, 9), gxAll = be.zeros(DType.FLOAT32, TB, gH), dU = be.zeros(DType.FLOAT32, gH, I), dX = be.zeros(DType.FLOAT32, TB, I);
        String[] names = {"X.U^T", "h.W^T", "dG.W", "dW", "dU", "dX"};
        int R = 40, P = 6;
        boolean[] vs = {false, true};
        double[][][] ms = new double[2][P][R];
        float[][] res = new float[2][];
        for (int round = 0; round < R; round++) {
            for (int v = 0; v < 2; v++) {
                f12.setBoolean(null, vs[v]);
                for (int p = 0; p < P; p++) {
                    if (I == 1 && (p == 0 || p >= 4)) continue;
                    long t0 = System.nanoTime();
                    switch (p) {
                        case 0 -> be.gemmInto(1, xAll, false, u, true, 0, gxAll);
                        case 1 -> { for (int t = 0; t < T; t++) be.gemmInto(1, h, false, w, true, 1, gx); }
                        case 2 -> { for (int t = 0; t < T; t++) be.gemmInto(1, dG, false, w, false, 0, dP); }
                        case 3 -> be.gemmInto(1, dGAll, true, hAll, false, 0, dW);
                        case 4 -> be.gemmInto(1, dGAll, true, xAll, false, 0, dU);
                        default -> be.gemmInto(1, dGAll, false, u, false, 0, dX);
                    }
                    ms[v][p][round] = (System.nanoTime() - t0) / 1e6;
                }
                double[] d = dP.toDoubleArray();
                float[] fl = new float[d.length];
                for (int i = 0; i < d.length; i++) fl[i] = (float) d[i];
                res[v] = fl;
            }
            if (!Arrays.equals(res[0], res[1])) throw new AssertionError("dG.W differs between the kernels");
        }
        for (int v = 0; v < 2; v++) {
            StringBuilder sb = new StringBuilder("twelve=" + vs[v]);
            double tot = 0;
            for (int p = 0; p < P; p++) {
                if (I == 1 && (p == 0 || p >= 4)) continue;
                double[] x = Arrays.copyOfRange(ms[v][p], 8, R); Arrays.sort(x);
                tot += x[x.length / 2];
                sb.append(String.format(" %s %.2f", names[p], x[x.length / 2]));
            }
            System.out.println(sb + String.format(" | sum %.2f ms", tot));
        }
    }
}
