import org.rnn4j.spi.*;
import org.rnn4j.api.*;
import java.util.*;

/**
 * Every gemm of a one-layer training step as RecurrentLayer issues it, and dG·W with a transposed copy
 * of W (dG·(Wᵀ)ᵀ), on one backend: medians of rounds 10-29. args: backend g B H I T. Ran against main
 * at cb39f6e (the first rows of prods.log, before the last product was added) and at cb39f6e with
 * AB2.java's fields (defaults as at cb39f6e).
 */
public class Prods {
    static Tensor rnd(Backend be, int r, int c, long seed) {
        SplittableRandom g = new SplittableRandom(seed);
        double[] v = new double[r * c];
        for (int i = 0; i < v.length; i++) v[i] = g.nextDouble(-1, 1);
        return be.fromArray(DType.FLOAT32, r, c, v);
    }
    public static void main(String[] a) {
        Backend be = Backends.get(a[0]);
        int g = Integer.parseInt(a[1]), B = Integer.parseInt(a[2]), H = Integer.parseInt(a[3]), I = Integer.parseInt(a[4]), T = Integer.parseInt(a[5]);
        int gH = g * H, TB = T * B;
        Tensor h = rnd(be, B, H, 1), w = rnd(be, gH, H, 2), gx = rnd(be, B, gH, 3), dG = rnd(be, B, gH, 4), dP = rnd(be, B, H, 5);
        Tensor dGAll = rnd(be, TB, gH, 6), hAll = rnd(be, TB, H, 7), dW = be.zeros(DType.FLOAT32, gH, H);
        Tensor wt = rnd(be, H, gH, 10);
        Tensor xAll = rnd(be, TB, I, 8), u = rnd(be, gH, I, 9), gxAll = be.zeros(DType.FLOAT32, TB, gH), dU = be.zeros(DType.FLOAT32, gH, I), dX = be.zeros(DType.FLOAT32, TB, I);
        String[] names = {"X.U^T", "h.W^T x T", "dG.W x T", "dW=dG^T.H", "dU=dG^T.X", "dX=dG.U", "dG.(Wt)^T x T"};
        int P = 7;
        int R = 30;
        double[][] ms = new double[P][R];
        double[] fl = new double[P];
        for (int round = 0; round < R; round++) {
            for (int p = 0; p < P; p++) {
                long t0 = System.nanoTime();
                switch (p) {
                    case 0 -> { if (I > 1) be.gemmInto(1, xAll, false, u, true, 0, gxAll); fl[p] = 2.0 * TB * gH * I; }
                    case 1 -> { for (int t = 0; t < T; t++) be.gemmInto(1, h, false, w, true, 1, gx); fl[p] = 2.0 * B * gH * H * T; }
                    case 2 -> { for (int t = 0; t < T; t++) be.gemmInto(1, dG, false, w, false, 1, dP); fl[p] = 2.0 * B * gH * H * T; }
                    case 3 -> { be.gemmInto(1, dGAll, true, hAll, false, 0, dW); fl[p] = 2.0 * TB * gH * H; }
                    case 4 -> { be.gemmInto(1, dGAll, true, xAll, false, 0, dU); fl[p] = 2.0 * TB * gH * I; }
                    case 5 -> { if (I > 1) be.gemmInto(1, dGAll, false, u, false, 0, dX); fl[p] = 2.0 * TB * gH * I; }
                    default -> { for (int t = 0; t < T; t++) be.gemmInto(1, dG, false, wt, true, 1, dP); fl[p] = 2.0 * B * gH * H * T; }
                }
                ms[p][round] = (System.nanoTime() - t0) / 1e6;
            }
        }
        StringBuilder sb = new StringBuilder(String.format("%-5s", a[0]));
        double tot = 0;
        for (int p = 0; p < P; p++) {
            if (I == 1 && (p == 0 || p == 4 || p == 5)) continue;
            double[] v = Arrays.copyOfRange(ms[p], 10, R);
            Arrays.sort(v);
            tot += v[v.length / 2];
            sb.append(String.format(" | %s %.2f ms %.0f GF/s", names[p], v[v.length / 2], fl[p] / v[v.length / 2] / 1e6));
        }
        System.out.println(sb + String.format(" | sum of medians %.1f ms", tot));
    }
}
