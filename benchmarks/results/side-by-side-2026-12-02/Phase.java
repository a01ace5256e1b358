// The Elman training step's operations (T = 50, I = 1, H = 512, B = 128, FLOAT32, nd4j with row views)
// timed one after another in the order RecurrentLayer runs them, summed per window (40 windows after
// 20 for warm-up). Not part of the build; run against the shaded benchmark jar:
//   javac -cp benchmarks/target/benchmarks.jar -d /tmp/phase benchmarks/results/side-by-side-2026-12-02/Phase.java
//   java -cp benchmarks/target/benchmarks.jar:/tmp/phase Phase            (OpenBLAS on ND4J's thread count)
//   java -Dobt=1 -cp benchmarks/target/benchmarks.jar:/tmp/phase Phase    (OpenBLAS on one thread)
import org.rnn4j.api.*;
import org.rnn4j.spi.*;
public class Phase {
    static long[] acc = new long[16];
    static String[] names = new String[16];
    static long last;
    static void mark(int i, String n) { long now = System.nanoTime(); acc[i] += now - last; names[i] = n; last = now; }
    public static void main(String[] a) {
        Backend be = Backends.get("nd4j");
        DType f = DType.FLOAT32;
        int B = 128, H = 512, T = 50;
        java.util.Random r = new java.util.Random(1);
        double[] v = new double[(T + 1) * B * H]; for (int i = 0; i < v.length; i++) v[i] = r.nextGaussian() * 0.1;
        Tensor hs = be.fromArray(f, (T + 1) * B, H, v);
        Tensor before = be.rowView(hs, 0, T * B);
        Tensor w = be.fromArray(f, H, H, java.util.Arrays.copyOf(v, H * H)), gx = be.zeros(f, B, H), bias = be.zeros(f, B, H), x = be.zeros(f, B, 1), u = be.fromArray(f, H, 1, java.util.Arrays.copyOf(v, H));
        Tensor xs = be.fromArray(f, T * B, 1, java.util.Arrays.copyOf(v, T * B));
        Tensor dGxAll = be.zeros(f, T * B, H), dA = be.zeros(f, B, H), dB = be.zeros(f, B, H), dU = be.zeros(f, H, 1), db = be.zeros(f, 1, H), dW = be.zeros(f, H, H);
        Tensor[] hv = new Tensor[T + 1], dg = new Tensor[T];
        for (int t = 0; t <= T; t++) hv[t] = be.rowView(hs, t * B, B);
        for (int t = 0; t < T; t++) dg[t] = be.rowView(dGxAll, t * B, B);
        int reps = Integer.getInteger("reps", 60);
        if (Integer.getInteger("obt", 0) > 0) {
            // ND4J sets OpenBLAS's thread count as it loads, over OPENBLAS_NUM_THREADS: set it after.
            org.bytedeco.openblas.global.openblas.blas_set_num_threads(Integer.getInteger("obt"));
        }
        System.out.println("OpenBLAS threads: " + org.bytedeco.openblas.global.openblas.blas_get_num_threads());
        for (int rep = 0; rep < reps; rep++) {
            if (rep == 20) java.util.Arrays.fill(acc, 0);
            last = System.nanoTime();
            for (int t = 0; t < T; t++) {
                be.copyRowsInto(xs, t * B, B, x, 0); mark(0, "f copy x");
                be.copyInto(bias, gx); mark(1, "f copy bias");
                be.gemmInto(1, x, false, u, true, 1, gx); mark(2, "f ger x.u");
                be.gemmInto(1, hv[t], false, w, true, 1, gx); mark(3, "f gemm h.W^T");
                be.activateInto(Activation.TANH, gx, hv[t + 1]); mark(4, "f tanh");
                be.copyInto(hv[t + 1], hv[t + 1]); mark(5, "f copy cache(same)");
            }
            Tensor dn = dA, dp = dB;
            be.fillInto(0, dn); mark(6, "b fill start");
            for (int t = T - 1; t >= 0; t--) {
                be.activationDerivativeInto(Activation.TANH, hv[t + 1], dn, dg[t]); mark(7, "b dtanh");
                be.fillInto(0, dp); mark(8, "b fill dPrev");
                be.gemmInto(1, dg[t], false, w, false, 1, dp); mark(9, "b gemm dG.W");
                Tensor s = dn; dn = dp; dp = s;
            }
            be.gemmInto(1, dGxAll, true, xs, false, 0, dU); mark(10, "p dU");
            be.columnSumsInto(dGxAll, 0, db); mark(11, "p db");
            be.gemmInto(1, dGxAll, true, before, false, 0, dW); mark(12, "p dW");
        }
        double tot = 0;
        for (int i = 0; i < 13; i++) { double ms = acc[i] / (reps - 20.0) / 1e6; tot += ms; System.out.printf("%-20s %8.3f ms per window%n", names[i], ms); }
        System.out.printf("%-20s %8.3f ms%n", "total", tot);
    }
}
