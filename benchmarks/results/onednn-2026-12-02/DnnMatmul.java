// The step's product shapes three ways in one JVM, best of 8 rounds each: OpenBLAS's cblas_sgemm
// (2 threads, as backend-nd4j called it before), ND4J's matmul operation made per call, and the
// same operation on one reused context (what OneDnnGemm does, there with the operands set per call);
// maxdiff is the largest difference from cblas. With the benchmarks jar (which brings ND4J's
// -onednn build, so the operation runs oneDNN):
//   javac -cp benchmarks/target/benchmarks.jar -d /tmp/x DnnMatmul.java && java -cp benchmarks/target/benchmarks.jar:/tmp/x DnnMatmul
// Shapes m×n×k (ta/tb: A/B transposed): the Elman step's h·Wᵀ, dG·W and weight gradient (T·B = 6400),
// the large LSTM's h·Wᵀ, and a small product below the threshold.
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.openblas.global.openblas;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.api.ops.impl.reduce.Mmul;
import org.nd4j.linalg.factory.Nd4j;
public class DnnMatmul {
    public static void main(String[] x) {
        Nd4j.getRandom().setSeed(1);
        System.out.println("helpers allowed " + Nd4j.getEnvironment().helpersAllowed());
        System.out.println(Loader.getLoadedLibraries().keySet());
        int[][] shapes = {{128, 512, 512, 0, 1}, {128, 512, 512, 0, 0}, {512, 512, 6400, 1, 0}, {64, 2048, 512, 0, 1}, {32,100,100,0,1}};
        for (int[] s : shapes) {
            int m = s[0], n = s[1], k = s[2]; boolean ta = s[3] == 1, tb = s[4] == 1;
            INDArray a = ta ? Nd4j.randn(DataType.FLOAT, k, m) : Nd4j.randn(DataType.FLOAT, m, k);
            INDArray b = tb ? Nd4j.randn(DataType.FLOAT, n, k) : Nd4j.randn(DataType.FLOAT, k, n);
            INDArray c = Nd4j.zeros(DataType.FLOAT, m, n), c2 = Nd4j.zeros(DataType.FLOAT, m, n), c3 = Nd4j.zeros(DataType.FLOAT, m, n);
            FloatPointer pa = (FloatPointer) a.data().addressPointer(), pb = (FloatPointer) b.data().addressPointer(), pc = (FloatPointer) c.data().addressPointer();
            int lda = ta ? m : k, ldb = tb ? k : n;
            Mmul op = new Mmul(a, b, c2, 1.0, 0.0, org.nd4j.linalg.api.blas.params.MMulTranspose.builder().transposeA(ta).transposeB(tb).build());
            OpContext ctx = Nd4j.getExecutioner().buildContext();
            ctx.setIArguments(ta ? 1 : 0, tb ? 1 : 0, 0);
            ctx.setTArguments(1.0, 0.0);
            ctx.setInputArrays(a, b); ctx.setOutputArrays(c3);
            double best1 = 1e9, best2 = 1e9, best3 = 1e9;
            int reps = k > 1000 ? 20 : (m < 64 ? 2000 : 200);
            for (int round = 0; round < 8; round++) {
                long t0 = System.nanoTime();
                for (int i = 0; i < reps; i++) openblas.cblas_sgemm(openblas.CblasRowMajor, ta ? openblas.CblasTrans : openblas.CblasNoTrans, tb ? openblas.CblasTrans : openblas.CblasNoTrans, m, n, k, 1f, pa, lda, pb, ldb, 0f, pc, n);
                long t1 = System.nanoTime();
                for (int i = 0; i < reps; i++) Nd4j.exec(new Mmul(a, b, c2, 1.0, 0.0, org.nd4j.linalg.api.blas.params.MMulTranspose.builder().transposeA(ta).transposeB(tb).build()));
                long t2 = System.nanoTime();
                for (int i = 0; i < reps; i++) Nd4j.getExecutioner().exec(op, ctx);
                long t3 = System.nanoTime();
                best1 = Math.min(best1, (t1 - t0) / 1e3 / reps); best2 = Math.min(best2, (t2 - t1) / 1e3 / reps); best3 = Math.min(best3, (t3 - t2) / 1e3 / reps);
            }
            double d2 = c.sub(c2).amaxNumber().doubleValue(), d3 = c.sub(c3).amaxNumber().doubleValue();
            System.out.printf("%dx%dx%d ta=%b tb=%b  cblas %.1f us  exec(new Mmul) %.1f us  exec(op,ctx) %.1f us  maxdiff %.2e %.2e%n", m, n, k, ta, tb, best1, best2, best3, d2, d3);
        }
    }
}
