// The step's four gemm shapes through ND4J's OpenBLAS (cblas_sgemm, as backend-nd4j calls it) and
// through oneDNN's dnnl_sgemm (org.bytedeco:dnnl 2.5.2-1.5.7, the JavaCPP release ND4J 1.0.0-M2.1 uses),
// best of 6 rounds each, and the largest difference between the two results. Not part of the build:
// the dnnl jars are not a project dependency. With the jars in the local Maven repository
// (./mvnw dependency:get -Dartifact=org.bytedeco:dnnl:2.5.2-1.5.7, the same with :jar:linux-x86_64,
// and org.bytedeco:opencl:3.0-1.5.7 with and without :jar:linux-x86_64):
//   CP=$(ls ~/.m2/repository/org/bytedeco/dnnl/2.5.2-1.5.7/*.jar ~/.m2/repository/org/bytedeco/opencl/3.0-1.5.7/*.jar | tr '\n' :)benchmarks/target/benchmarks.jar
//   javac -cp $CP -d /tmp/onednn benchmarks/results/side-by-side-2026-12-02/OneDnnGemm.java && java -cp $CP:/tmp/onednn OneDnnGemm
// Shapes (m×n×k, row-major, ta/tb = A/B transposed): the forward's h·Wᵀ, the backward's dG·W,
// the weight gradient over all steps, and the large LSTM's h·Wᵀ.
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas;
import org.bytedeco.dnnl.global.dnnl;
public class OneDnnGemm {
    static FloatPointer rnd(long n) { float[] a = new float[(int) n]; java.util.Random r = new java.util.Random(n); for (int i = 0; i < a.length; i++) a[i] = (float) r.nextGaussian(); return new FloatPointer(a); }
    public static void main(String[] x) {
        int[][] shapes = {{128, 512, 512, 0, 1}, {128, 512, 512, 0, 0}, {512, 512, 6400, 1, 0}, {64, 2048, 512, 0, 1}};
        for (int[] s : shapes) {
            int m = s[0], n = s[1], k = s[2]; boolean ta = s[3] == 1, tb = s[4] == 1;
            FloatPointer a = rnd((long) m * k), b = rnd((long) k * n), c = rnd((long) m * n), c2 = rnd((long) m * n);
            int lda = ta ? m : k, ldb = tb ? k : n;
            double best1 = 1e9, best2 = 1e9;
            int reps = k > 1000 ? 20 : 200;
            for (int round = 0; round < 6; round++) {
                long t0 = System.nanoTime();
                for (int i = 0; i < reps; i++) openblas.cblas_sgemm(openblas.CblasRowMajor, ta ? openblas.CblasTrans : openblas.CblasNoTrans, tb ? openblas.CblasTrans : openblas.CblasNoTrans, m, n, k, 1f, a, lda, b, ldb, 0f, c, n);
                long t1 = System.nanoTime();
                for (int i = 0; i < reps; i++) dnnl.dnnl_sgemm((byte) (ta ? 'T' : 'N'), (byte) (tb ? 'T' : 'N'), m, n, k, 1f, a, lda, b, ldb, 0f, c2, n);
                long t2 = System.nanoTime();
                best1 = Math.min(best1, (t1 - t0) / 1e3 / reps); best2 = Math.min(best2, (t2 - t1) / 1e3 / reps);
            }
            double maxd = 0; for (long i = 0; i < (long) m * n; i++) maxd = Math.max(maxd, Math.abs(c.get(i) - c2.get(i)));
            double fl = 2.0 * m * n * k;
            System.out.printf("%dx%dx%d ta=%b tb=%b  openblas %.1f us (%.0f GF/s)  dnnl %.1f us (%.0f GF/s) maxdiff %.2e%n", m, n, k, ta, tb, best1, fl / best1 / 1e3, best2, fl / best2 / 1e3, maxd);
        }
    }
}
