import org.rnn4j.bench.TrainStepBenchmark;
import org.rnn4j.api.DType;
import java.lang.reflect.*;
import java.util.*;

/**
 * Whole training steps of models set up under different values of a static field (read when a model's
 * workspace is made), alternating round by round in one JVM. args: cell H I B T rounds steps Class.FIELD value...
 */
public class StepInst {
    public static void main(String[] a) throws Exception {
        int R = Integer.parseInt(a[5]), N = Integer.parseInt(a[6]);
        int dot = a[7].lastIndexOf('.');
        Field f = Class.forName(a[7].substring(0, dot)).getDeclaredField(a[7].substring(dot + 1));
        int V = a.length - 8;
        TrainStepBenchmark[] bs = new TrainStepBenchmark[V];
        for (int v = 0; v < V; v++) {
            f.setBoolean(null, Boolean.parseBoolean(a[8 + v]));
            TrainStepBenchmark b = new TrainStepBenchmark();
            b.backendName = "simd"; b.dtype = DType.FLOAT32; b.cell = a[0];
            b.hidden = Integer.parseInt(a[1]); b.input = Integer.parseInt(a[2]); b.batch = Integer.parseInt(a[3]); b.seqLen = Integer.parseInt(a[4]);
            b.layers = 1; b.bidirectional = false;
            b.setUp();
            bs[v] = b;
        }
        double[][] med = new double[V][R];
        double[] loss = new double[V];
        for (int round = 0; round < R; round++) {
            StringBuilder sb = new StringBuilder("round " + round);
            for (int v = 0; v < V; v++) {
                double[] t = new double[N];
                for (int i = 0; i < N; i++) { long t0 = System.nanoTime(); loss[v] = bs[v].step(); t[i] = (System.nanoTime() - t0) / 1e6; }
                Arrays.sort(t);
                med[v][round] = t[N / 2];
                sb.append(String.format(" | %s=%s %.2f", f.getName(), a[8 + v], med[v][round]));
            }
            for (int v = 1; v < V; v++) if (loss[v] != loss[0]) throw new AssertionError("losses differ: " + loss[0] + " " + loss[v]);
            System.out.println(sb);
        }
        StringBuilder sb = new StringBuilder("median of rounds 2..");
        for (int v = 0; v < V; v++) {
            double[] m = Arrays.copyOfRange(med[v], 2, R); Arrays.sort(m);
            sb.append(String.format(" | %s=%s %.2f", f.getName(), a[8 + v], m[m.length / 2]));
        }
        System.out.println(sb);
    }
}
