// The same operations timed alone, each repeated on the same buffers (best of 5 × 200 calls).
// Not part of the build; run like Seq.java: java -cp benchmarks/target/benchmarks.jar:/tmp/seq Ops nd4j
// Printed at 03:47 UTC: gemm h.W^T 443.5 µs, fill + ger 12.4 µs, addRowVector 6.0 µs, tanh 31.0 µs
// (36.0 µs into a cold view), copy 3.2 µs, dW gemm 24.1 ms (19.8 ms at best in later runs).
import org.rnn4j.api.*;
import org.rnn4j.spi.*;
public class Ops {
    interface Op { void run(); }
    static void time(String name, Op op) {
        for (int i = 0; i < 300; i++) op.run();
        double best = 1e18;
        for (int r = 0; r < 5; r++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < 200; i++) op.run();
            best = Math.min(best, (System.nanoTime() - t0) / 200.0 / 1000.0);
        }
        System.out.printf("%-40s %8.1f us%n", name, best);
    }
    public static void main(String[] a) {
        Backend be = Backends.get(a.length > 0 ? a[0] : "nd4j");
        DType f = DType.FLOAT32;
        int B = 128, H = 512, T = 50;
        Tensor h = be.zeros(f, B, H), gx = be.zeros(f, B, H), w = be.zeros(f, H, H), x = be.zeros(f, B, 1), u = be.zeros(f, H, 1), bias = be.zeros(f, 1, H);
        Tensor seq = be.zeros(f, (T + 1) * B, H);
        double[] r = new double[H * H]; java.util.Random rnd = new java.util.Random(1); for (int i = 0; i < r.length; i++) r[i] = rnd.nextGaussian() * 0.05; w.copyFrom(r);
        double[] hv = new double[B * H]; for (int i = 0; i < hv.length; i++) hv[i] = rnd.nextGaussian(); h.copyFrom(hv); gx.copyFrom(hv);
        Tensor[] views = new Tensor[T + 1];
        if (be.supportsRowViews()) for (int t = 0; t <= T; t++) views[t] = be.rowView(seq, t * B, B);
        int[] tt = {0};
        time("gemm h.W^T beta1 (128x512x512)", () -> be.gemmInto(1, h, false, w, true, 1, gx));
        time("gemm h.W beta1", () -> be.gemmInto(1, h, false, w, false, 1, gx));
        time("gemm x.U^T k=1 beta0", () -> be.gemmInto(1, x, false, u, true, 0, gx));
        time("addRowVector", () -> be.addRowVectorInto(gx, bias, gx));
        time("activate tanh", () -> be.activateInto(Activation.TANH, gx, h));
        time("activationDerivative tanh", () -> be.activationDerivativeInto(Activation.TANH, h, gx, gx));
        time("fill 0", () -> be.fillInto(0, h));
        time("copyInto", () -> be.copyInto(gx, h));
        time("axpy", () -> be.axpyInto(1, gx, h));
        if (be.supportsRowViews()) {
            time("activate tanh into cold view", () -> { be.activateInto(Activation.TANH, gx, views[1 + tt[0]]); tt[0] = (tt[0] + 1) % T; });
            time("gemm view.W^T beta1", () -> { be.gemmInto(1, views[tt[0]], false, w, true, 1, gx); tt[0] = (tt[0] + 1) % T; });
        }
        Tensor big = be.zeros(f, T * B, H), bigb = be.zeros(f, T * B, H), dW = be.zeros(f, H, H);
        time("dW gemm (512x6400x512)", () -> be.gemmInto(1, big, true, bigb, false, 0, dW));
    }
}
