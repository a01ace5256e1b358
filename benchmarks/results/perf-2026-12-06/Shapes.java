import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import org.rnn4j.api.DType;
import org.rnn4j.api.Tensor;
import org.rnn4j.spi.Backend;
import org.rnn4j.spi.Backends;

/** CPU-time GFLOP/s of the LSTM step's gemm shapes on one backend (calling thread's CPU time). */
public class Shapes {
    public static void main(String[] a) {
        Backend be = Backends.get(a[0]);
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        int[][] shapes = {{64, 512, 2048, 0, 1}, {64, 2048, 512, 0, 0}, {2048, 1600, 512, 1, 0}, {1600, 512, 2048, 0, 1}, {1024, 1024, 1024, 0, 0}};
        String[] names = {"fwd h·Wᵀ 64x512·(2048x512)ᵀ", "bwd dG·W 64x2048·2048x512", "dW dGᵀ·H (1600x2048)ᵀ·1600x512", "X·Uᵀ 1600x512·(2048x512)ᵀ", "sq 1024 NN"};
        for (int s = 0; s < shapes.length; s++) { if (a.length > 2 && !a[2].contains(Integer.toString(s))) continue;
            int m = shapes[s][0], k = shapes[s][1], n = shapes[s][2];
            boolean ta = shapes[s][3] == 1, tb = shapes[s][4] == 1;
            Tensor A = ta ? be.zeros(DType.FLOAT32, k, m) : be.zeros(DType.FLOAT32, m, k);
            Tensor B = tb ? be.zeros(DType.FLOAT32, n, k) : be.zeros(DType.FLOAT32, k, n);
            Tensor C = be.zeros(DType.FLOAT32, m, n);
            be.fillInto(0.5, A); be.fillInto(0.25, B);
            double flops = 2.0 * m * n * k;
            int reps = (int) Math.max(3, 3e9 / flops);
            double[] t = new double[Integer.parseInt(a[1])];
            for (int w = 0; w < 2; w++) for (int i = 0; i < reps; i++) be.gemmInto(1, A, ta, B, tb, 0, C);
            for (int r = 0; r < t.length; r++) {
                long c0 = mx.getCurrentThreadCpuTime();
                for (int i = 0; i < reps; i++) be.gemmInto(1, A, ta, B, tb, 0, C);
                t[r] = (mx.getCurrentThreadCpuTime() - c0) / 1e9 / reps;
            }
            Arrays.sort(t);
            System.out.printf("%-36s %7.1f GFLOP/s (median cpu), best %7.1f%n", names[s], flops / t[t.length / 2] / 1e9, flops / t[0] / 1e9);
        }
    }
}
