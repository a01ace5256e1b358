import org.rnn4j.spi.*;
import org.rnn4j.api.*;
import java.lang.reflect.*;
import java.util.*;

/**
 * Every gemm of a one-layer training step (shapes as RecurrentLayer issues them), variants alternating
 * round by round in one JVM. args: g B H I T, then variants "bip,blis,kcs".
 *
 * <p>Runs against a build made for the comparison, not against main: cb39f6e with three fields of
 * GemmD (and so GemmF) made static and non-final, set here by reflection: B_IN_PLACE_ROWS, BLIS
 * (true: the loop order committed in aaed38e, false: cb39f6e's) and KCS (the k block of the swapped
 * products, KC otherwise; the scratch arrays sized for 512). Compile and run with that build's
 * benchmarks.jar: javac -cp benchmarks.jar AB2.java; java --add-modules jdk.incubator.vector -cp
 * benchmarks.jar:. AB2 3 64 512 512 25 64,false,256 64,true,256 64,true,512
 */
public class AB2 {
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
        Class<?> gf = Class.forName("org.rnn4j.backend.simd.GemmF");
        Field bip = gf.getDeclaredField("B_IN_PLACE_ROWS"); bip.setAccessible(true);
        Field blis = gf.getDeclaredField("BLIS"); blis.setAccessible(true);
        Field kcs = gf.getDeclaredField("KCS"); kcs.setAccessible(true);
        Tensor h = rnd(be, B, H, 1), w = rnd(be, gH, H, 2), gx = rnd(be, B, gH, 3), dG = rnd(be, B, gH, 4), dP = rnd(be, B, H, 5);
        Tensor dGAll = rnd(be, TB, gH, 6), hAll = rnd(be, TB, H, 7), dW = be.zeros(DType.FLOAT32, gH, H);
        Tensor xAll = rnd(be, TB, I, 8), u = rnd(be, gH, I, 9), gxAll = be.zeros(DType.FLOAT32, TB, gH), dU = be.zeros(DType.FLOAT32, gH, I), dX = be.zeros(DType.FLOAT32, TB, I);
        String[] names = {"X.U^T", "h.W^T", "dG.W", "dW", "dU", "dX"};
        int nv = a.length - 5, R = 40, P = 6;
        double[][][] ms = new double[nv][P][R];
        for (int round = 0; round < R; round++) {
            for (int v = 0; v < nv; v++) {
                String[] kv = a[5 + v].split(",");
                bip.setInt(null, Integer.parseInt(kv[0]));
                blis.setBoolean(null, Boolean.parseBoolean(kv[1]));
                kcs.setInt(null, Integer.parseInt(kv[2]));
                for (int p = 0; p < P; p++) {
                    if (I == 1 && (p == 0 || p >= 4)) continue;
                    long t0 = System.nanoTime();
                    switch (p) {
                        case 0 -> be.gemmInto(1, xAll, false, u, true, 0, gxAll);
                        case 1 -> { for (int t = 0; t < T; t++) be.gemmInto(1, h, false, w, true, 1, gx); }
                        case 2 -> { for (int t = 0; t < T; t++) be.gemmInto(1, dG, false, w, false, 1, dP); }
                        case 3 -> be.gemmInto(1, dGAll, true, hAll, false, 0, dW);
                        case 4 -> be.gemmInto(1, dGAll, true, xAll, false, 0, dU);
                        default -> be.gemmInto(1, dGAll, false, u, false, 0, dX);
                    }
                    ms[v][p][round] = (System.nanoTime() - t0) / 1e6;
                }
            }
        }
        for (int v = 0; v < nv; v++) {
            StringBuilder sb = new StringBuilder(String.format("%-11s", a[5 + v]));
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
