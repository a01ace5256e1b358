package org.rnn4j.backend.simd;
import java.util.*;
/**
 * Computing C = A·Bᵀ directly against computing Cᵀ = B·Aᵀ (GemmF.block, one thread), m = 64 to 1600,
 * n = 2048, k = 512, FLOAT32, alternating call by call (swap.log). Compiled against benchmarks.jar:
 * javac --add-modules jdk.incubator.vector -cp benchmarks.jar -d out Swap.java, then
 * java --add-modules jdk.incubator.vector -cp out:benchmarks.jar org.rnn4j.backend.simd.Swap
 */
public class Swap {
    static float[] rnd(int n, long seed) {
        SplittableRandom g = new SplittableRandom(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) g.nextDouble(-1, 1);
        }
        return v;
    }

    public static void main(String[] args) {
        int n = 2048, k = 512;
        for (int m : new int[]{64, 128, 256, 512, 1600}) {
            float[] x = rnd(m * k, 1), u = rnd(n * k, 2), c = new float[m * n];
            List<Long> d = new ArrayList<>(), s = new ArrayList<>();
            long end = System.nanoTime() + 8_000_000_000L;
            for (int round = 0; System.nanoTime() < end; round++) {
                long t0 = System.nanoTime();
                GemmF.block(1f, x, k, false, u, k, true, 0f, c, n, 1, k, 0, m, 0, n);
                long t1 = System.nanoTime();
                GemmF.block(1f, u, k, false, x, k, true, 0f, c, 1, n, k, 0, n, 0, m);
                long t2 = System.nanoTime();
                if (round > 5) { d.add(t1 - t0); s.add(t2 - t1); }
            }
            Collections.sort(d); Collections.sort(s);
            double f = 2.0 * m * n * k;
            System.out.printf("m=%4d direct best %6.1f median %6.1f | swapped best %6.1f median %6.1f GF/s (n=%d)%n", m, f / d.get(0), f / d.get(d.size() / 2), f / s.get(0), f / s.get(s.size() / 2), d.size());
        }
    }
}
