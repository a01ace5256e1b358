// Per-call time of Nd4jBackend.gemmInto (FLOAT32) at shapes around OneDnnGemm.MIN_WORK, in one JVM:
// run once with -Drnn4j.nd4j.onednn=false (OpenBLAS) and once without (oneDNN above the threshold).
import org.rnn4j.api.DType;
import org.rnn4j.api.Tensor;
import org.rnn4j.backend.nd4j.Nd4jBackend;
public class Crossover {
    public static void main(String[] args) {
        Nd4jBackend be = new Nd4jBackend();
        int[][] shapes = {{32, 100, 100}, {32, 400, 100}, {64, 128, 128}, {32, 256, 256}, {128, 128, 128}, {64, 256, 256}, {32, 512, 512}, {128, 512, 512}};
        for (boolean ta : new boolean[] {false, true}) for (int[] s : shapes) {
            int m = s[0], n = s[1], k = s[2];
            Tensor a = ta ? be.zeros(DType.FLOAT32, k, m) : be.zeros(DType.FLOAT32, m, k), b = be.zeros(DType.FLOAT32, n, k), c = be.zeros(DType.FLOAT32, m, n);
            a.copyFrom(rnd(m * k)); b.copyFrom(rnd(n * k));
            int reps = (int) Math.max(20, 2e8 / (2.0 * m * n * k));
            double best = 1e9;
            for (int r = 0; r < 9; r++) {
                long t0 = System.nanoTime();
                for (int i = 0; i < reps; i++) be.gemmInto(1, a, ta, b, true, 0, c);
                best = Math.min(best, (System.nanoTime() - t0) / 1e3 / reps);
            }
            System.out.printf("%s %dx%dx%d (%.2f M) ta=%b: %.1f us%n", System.getProperty("rnn4j.nd4j.onednn", "true").equals("false") ? "openblas" : "default ", m, n, k, m * (double) n * k / 1e6, ta, best);
        }
        System.out.println(Nd4jBackend.matrixProducts());
    }
    static float[] rnd(int n) { float[] v = new float[n]; java.util.Random r = new java.util.Random(n); for (int i = 0; i < n; i++) v[i] = (float) r.nextGaussian(); return v; }
}
