import org.rnn4j.bench.TrainStepBenchmark;
import org.rnn4j.api.DType;
import java.lang.reflect.*;
import java.util.*;

/**
 * Whole training steps (TrainStepBenchmark.step) of one JVM, variants alternating round by round:
 * each variant is a set of static fields of an experiment build. args: cell H I B T rounds stepsPerRound variant...
 * a variant is name=Class.FIELD:value,Class.FIELD:value (empty for the build's defaults).
 */
public class StepAB {
    public static void main(String[] a) throws Exception {
        TrainStepBenchmark b = new TrainStepBenchmark();
        b.backendName = "simd"; b.dtype = DType.FLOAT32; b.cell = a[0];
        b.hidden = Integer.parseInt(a[1]); b.input = Integer.parseInt(a[2]); b.batch = Integer.parseInt(a[3]); b.seqLen = Integer.parseInt(a[4]);
        b.layers = 1; b.bidirectional = false;
        int R = Integer.parseInt(a[5]), N = Integer.parseInt(a[6]);
        int V = a.length - 7;
        String[] names = new String[V];
        List<List<Object[]>> sets = new ArrayList<>();
        for (int v = 0; v < V; v++) {
            String[] p = a[7 + v].split("=", 2);
            names[v] = p[0];
            List<Object[]> l = new ArrayList<>();
            if (p.length > 1 && !p[1].isEmpty()) for (String s : p[1].split(",")) {
                String[] kv = s.split(":");
                int dot = kv[0].lastIndexOf('.');
                Field f = Class.forName("org.rnn4j.backend.simd." + kv[0].substring(0, dot)).getDeclaredField(kv[0].substring(dot + 1));
                f.setAccessible(true);
                l.add(new Object[]{f, kv[1]});
            }
            sets.add(l);
        }
        b.setUp();
        double[][] med = new double[V][R];
        for (int round = 0; round < R; round++) {
            for (int v = 0; v < V; v++) {
                for (Object[] fv : sets.get(v)) {
                    Field f = (Field) fv[0];
                    if (f.getType() == boolean.class) f.setBoolean(null, Boolean.parseBoolean((String) fv[1]));
                    else f.setInt(null, Integer.parseInt((String) fv[1]));
                }
                double[] t = new double[N];
                for (int i = 0; i < N; i++) { long t0 = System.nanoTime(); b.step(); t[i] = (System.nanoTime() - t0) / 1e6; }
                for (Object[] fv : sets.get(v)) { // back to defaults: first variant's values are the reference
                }
                Arrays.sort(t);
                med[v][round] = t[N / 2];
            }
            StringBuilder sb = new StringBuilder("round " + round);
            for (int v = 0; v < V; v++) sb.append(String.format(" | %s %.2f", names[v], med[v][round]));
            System.out.println(sb);
        }
        StringBuilder sb = new StringBuilder("median of rounds 2..");
        for (int v = 0; v < V; v++) {
            double[] m = Arrays.copyOfRange(med[v], 2, R); Arrays.sort(m);
            sb.append(String.format(" | %s %.2f", names[v], m[m.length / 2]));
        }
        System.out.println(sb);
    }
}
