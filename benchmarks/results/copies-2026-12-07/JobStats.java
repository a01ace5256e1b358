import org.rnn4j.bench.TrainStepBenchmark;
import org.rnn4j.api.DType;
import java.lang.reflect.*;
import java.util.*;

/** Per gemm shape: calls, caller's wait for the other parts, caller's own time, parts the caller ran, over N steps after warm-up. args: cell H I B T warm N */
public class JobStats {
    public static void main(String[] a) throws Exception {
        TrainStepBenchmark b = new TrainStepBenchmark();
        b.backendName = "simd"; b.dtype = DType.FLOAT32; b.cell = a[0];
        b.hidden = Integer.parseInt(a[1]); b.input = Integer.parseInt(a[2]); b.batch = Integer.parseInt(a[3]); b.seqLen = Integer.parseInt(a[4]);
        b.layers = 1; b.bidirectional = false;
        b.setUp();
        int W = Integer.parseInt(a[5]), N = Integer.parseInt(a[6]);
        for (int i = 0; i < W; i++) b.step();
        @SuppressWarnings("unchecked")
        Map<String, double[]> st = (Map<String, double[]>) Class.forName("org.rnn4j.backend.simd.SimdBackend").getField("STATS").get(null);
        st.clear();
        long t0 = System.nanoTime();
        for (int i = 0; i < N; i++) b.step();
        double ms = (System.nanoTime() - t0) / 1e6 / N;
        System.out.printf("%s: %.2f ms a step%n", a[0], ms);
        for (Map.Entry<String, double[]> e : st.entrySet()) {
            double[] v = e.getValue();
            System.out.printf("  %-60s calls/step %5.1f | wait/step %6.3f ms | caller's parts/step %6.3f ms | caller ran %.2f parts a call%n", e.getKey(), v[0] / N, v[1] / N, v[2] / N, v[3] / v[0]);
        }
    }
}
