// How the per-call figures in the README's "The large Elman step after row views" were taken: the
// forward step's operations timed one after another as the layer runs them (50 steps, 40 windows
// after 20 for warm-up), per call. Not part of the build; run against the shaded benchmark jar:
//   javac -cp benchmarks/target/benchmarks.jar -d /tmp/seq benchmarks/results/row-views-2026-12-02/Seq.java
//   java -cp benchmarks/target/benchmarks.jar:/tmp/seq Seq
// Printed at 04:27 UTC on the machine of session.log: copy bias 20.2 µs, ger x.u 14.9 µs,
// gemm h.W^T 496.4 µs, tanh -> view 63.4 µs per step.
import org.rnn4j.api.*;
import org.rnn4j.spi.*;
public class Seq {
    public static void main(String[] a) {
        Backend be = Backends.get("nd4j");
        DType f = DType.FLOAT32;
        int B = 128, H = 512, T = 50;
        java.util.Random r = new java.util.Random(1);
        double[] v = new double[(T + 1) * B * H]; for (int i = 0; i < v.length; i++) v[i] = r.nextGaussian() * 0.1;
        Tensor hs = be.fromArray(f, (T + 1) * B, H, v);
        Tensor w = be.fromArray(f, H, H, java.util.Arrays.copyOf(v, H * H)), gx = be.zeros(f, B, H), bias = be.zeros(f, B, H), x = be.zeros(f, B, 1), u = be.fromArray(f, H, 1, java.util.Arrays.copyOf(v, H));
        Tensor[] hv = new Tensor[T + 1];
        for (int t = 0; t <= T; t++) hv[t] = be.rowView(hs, t * B, B);
        long[] acc = new long[4];
        String[] names = {"copy bias", "ger x.u", "gemm h.W^T", "tanh -> view"};
        for (int rep = 0; rep < 60; rep++) {
            if (rep == 20) java.util.Arrays.fill(acc, 0);
            for (int t = 0; t < T; t++) {
                long t0 = System.nanoTime();
                be.copyInto(bias, gx);
                long t1 = System.nanoTime();
                be.gemmInto(1, x, false, u, true, 1, gx);
                long t2 = System.nanoTime();
                be.gemmInto(1, hv[t], false, w, true, 1, gx);
                long t3 = System.nanoTime();
                be.activateInto(Activation.TANH, gx, hv[t + 1]);
                long t4 = System.nanoTime();
                acc[0] += t1 - t0; acc[1] += t2 - t1; acc[2] += t3 - t2; acc[3] += t4 - t3;
            }
        }
        for (int i = 0; i < 4; i++) System.out.printf("%-14s %7.1f us per step%n", names[i], acc[i] / 40.0 / T / 1000);
    }
}
