import org.rnn4j.spi.*;
import org.rnn4j.api.*;
import java.util.*;

/**
 * The large GRU step's h·Wᵀ ×25, dG·W ×25 and dW for ten memory layouts in one JVM: before each set of
 * operands a random 1-8 KB array shifts where they land. args: backend seed. Ran against main at
 * cb39f6e: javac -cp benchmarks.jar Layout.java; java --add-modules jdk.incubator.vector -cp
 * benchmarks.jar:. Layout simd 1
 */
public class Layout {
    static Tensor rnd(Backend be, int r, int c, long seed) {
        SplittableRandom g = new SplittableRandom(seed);
        double[] v = new double[r * c];
        for (int i = 0; i < v.length; i++) v[i] = g.nextDouble(-1, 1);
        return be.fromArray(DType.FLOAT32, r, c, v);
    }
    static Object[] keep = new Object[64];
    public static void main(String[] a) {
        Backend be = Backends.get(a[0]);
        int g = 3, B = 64, H = 512, I = 512, T = 25, gH = g * H, TB = T * B;
        SplittableRandom pad = new SplittableRandom(Long.parseLong(a[1]));
        for (int layout = 0; layout < 10; layout++) {
            keep[layout] = new byte[pad.nextInt(1, 8192)];
            Tensor h = rnd(be, B, H, 1), w = rnd(be, gH, H, 2), gx = rnd(be, B, gH, 3), dG = rnd(be, B, gH, 4), dP = rnd(be, B, H, 5);
            keep[20 + layout] = new byte[pad.nextInt(1, 8192)];
            Tensor dGAll = rnd(be, TB, gH, 6), hAll = rnd(be, TB, H, 7), dW = be.zeros(DType.FLOAT32, gH, H);
            double[] f = new double[3], s = new double[3];
            double[][] ms = new double[3][12];
            for (int round = 0; round < 12; round++) {
                for (int p = 0; p < 3; p++) {
                    long t0 = System.nanoTime();
                    if (p == 0) for (int t = 0; t < T; t++) be.gemmInto(1, h, false, w, true, 1, gx);
                    else if (p == 1) for (int t = 0; t < T; t++) be.gemmInto(1, dG, false, w, false, 1, dP);
                    else be.gemmInto(1, dGAll, true, hAll, false, 0, dW);
                    ms[p][round] = (System.nanoTime() - t0) / 1e6;
                }
            }
            StringBuilder sb = new StringBuilder("layout " + layout);
            for (int p = 0; p < 3; p++) { double[] v = Arrays.copyOfRange(ms[p], 2, 12); Arrays.sort(v); sb.append(String.format(" %6.2f", v[5])); }
            System.out.println(sb);
        }
    }
}
