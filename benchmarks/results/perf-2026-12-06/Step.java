import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import org.rnn4j.api.DType;
import org.rnn4j.api.Tensor;
import org.rnn4j.core.Loss;
import org.rnn4j.core.Optimizer;
import org.rnn4j.core.Rnn;
import org.rnn4j.core.Targets;
import org.rnn4j.core.cell.CellType;
import org.rnn4j.spi.Backend;
import org.rnn4j.spi.Backends;

/** CPU time per training step on the calling thread (run with -Drnn4j.simd.threads=1). */
public class Step {
    public static void main(String[] a) {
        Backend be = Backends.get(a[0]);
        String cell = a[1]; int T = Integer.parseInt(a[2]), B = Integer.parseInt(a[3]), I = Integer.parseInt(a[4]), H = Integer.parseInt(a[5]);
        Rnn m = Rnn.builder().cell(CellType.ofKind(cell)).inputSize(I).hiddenSize(H).outputSize(1).dtype(DType.FLOAT32).backend(be).seed(1).build();
        Tensor xs = be.zeros(DType.FLOAT32, T * B, I);
        be.fillInto(0.1, xs);
        Targets t = Targets.lastStep(Loss.MSE, B, 1, new double[B]);
        Optimizer sgd = Optimizer.sgd(1e-9);
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        int warm = Integer.parseInt(a[6]), reps = Integer.parseInt(a[7]);
        for (int i = 0; i < warm; i++) { m.bptt().lossAndGradients(xs, B, t, null, null); sgd.step(m.parameters()); }
        double[] s = new double[reps];
        for (int i = 0; i < reps; i++) {
            long c0 = mx.getCurrentThreadCpuTime();
            m.bptt().lossAndGradients(xs, B, t, null, null); sgd.step(m.parameters());
            s[i] = (mx.getCurrentThreadCpuTime() - c0) / 1e6;
        }
        Arrays.sort(s);
        System.out.printf("%s %s T=%d B=%d I=%d H=%d: cpu median %.3f ms, p10 %.3f ms%n", a[0], cell, T, B, I, H, s[reps / 2], s[reps / 10]);
    }
}
