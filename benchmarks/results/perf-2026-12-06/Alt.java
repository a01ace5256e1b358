import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Field;
import java.util.Arrays;
import org.rnn4j.api.DType;
import org.rnn4j.api.Tensor;
import org.rnn4j.spi.Backend;
import org.rnn4j.spi.Backends;

/** Alternates two settings of a static field of GemmF call by call; CPU time medians of each. */
public class Alt {
    public static void main(String[] a) throws Exception {
        Backend be = Backends.get("simd");
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Field f = Class.forName("org.rnn4j.backend.simd.GemmF").getDeclaredField(a[0]);
        f.setAccessible(true);
        Object v0 = parse(f, a[1]), v1 = parse(f, a[2]);
        int m = Integer.parseInt(a[3]), k = Integer.parseInt(a[4]), n = Integer.parseInt(a[5]);
        boolean ta = a[6].charAt(0) == 'T', tb = a[6].charAt(1) == 'T';
        Tensor A = ta ? be.zeros(DType.FLOAT32, k, m) : be.zeros(DType.FLOAT32, m, k);
        Tensor B = tb ? be.zeros(DType.FLOAT32, n, k) : be.zeros(DType.FLOAT32, k, n);
        Tensor C = be.zeros(DType.FLOAT32, m, n);
        be.fillInto(0.5, A); be.fillInto(0.25, B);
        int reps = 301;
        double[][] t = new double[2][reps];
        for (int w = 0; w < 100; w++) { f.set(null, w % 2 == 0 ? v0 : v1); be.gemmInto(1, A, ta, B, tb, 0, C); }
        for (int i = 0; i < reps; i++) for (int s = 0; s < 2; s++) {
            f.set(null, s == 0 ? v0 : v1);
            long c0 = mx.getCurrentThreadCpuTime();
            be.gemmInto(1, A, ta, B, tb, 0, C);
            t[s][i] = (mx.getCurrentThreadCpuTime() - c0) / 1e9;
        }
        double flops = 2.0 * m * n * k;
        for (int s = 0; s < 2; s++) { Arrays.sort(t[s]); System.out.printf("%s=%s: median %.1f GFLOP/s, p10 %.1f%n", a[0], s == 0 ? a[1] : a[2], flops / t[s][reps / 2] / 1e9, flops / t[s][reps / 10] / 1e9); }
    }
    static Object parse(Field f, String v) { return f.getType() == boolean.class ? (Object) Boolean.valueOf(v) : (Object) Integer.valueOf(v); }
}
