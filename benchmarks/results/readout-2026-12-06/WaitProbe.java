// Diagnostic only, not built by Maven: one JVM training the large LSTM or GRU step (FLOAT32, T=25, I=H=512, B=64) on simd,
// compiled against backend-simd with workerpool-instrumentation.diff applied (WorkerPool counts, per job, how long the
// caller spins after its own parts and how late the worker claims its first; -Dppt=N splits each gemm into N parts per thread).
// Output: wait.log.
import org.rnn4j.api.*; import org.rnn4j.spi.*; import org.rnn4j.core.*; import org.rnn4j.core.cell.CellType; import org.rnn4j.backend.simd.*;
public class WaitProbe {
  public static void main(String[] a) {
    String cell=a[0]; int steps=Integer.parseInt(a[1]);
    Backend be = Backends.get("simd");
    int T=25,I=512,Hh=512,B=64;
    Rnn m = Rnn.builder().cell(CellType.ofKind(cell)).inputSize(I).hiddenSize(Hh).outputSize(1).dtype(DType.FLOAT32).backend(be).seed(1).build();
    java.util.SplittableRandom r=new java.util.SplittableRandom(2);
    Tensor xs = be.fromArray(DType.FLOAT32, T*B, I, r.doubles((long)T*B*I,-1,1).toArray());
    double[] y=new double[B]; Targets tg=Targets.lastStep(Loss.MSE,B,1,y);
    Optimizer sgd=Optimizer.sgd(0.001);
    for (int round=0; round<steps/20; round++) {
      long j0=WorkerPool.jobs, d0=WorkerPool.startDelay, w0=WorkerPool.callerWait, i0=WorkerPool.workerIdle;
      long t0=System.nanoTime();
      for (int s=0;s<20;s++){ m.bptt().lossAndGradients(xs,B,tg,null,null); sgd.step(m.parameters()); }
      long t1=System.nanoTime();
      long j=WorkerPool.jobs-j0, idle=WorkerPool.workerIdle-i0;
      if (round>=2) System.out.printf("step %.1f ms | jobs/step %d | worker idle jobs %d | mean worker start delay %.1f us | caller wait per step %.2f ms%n",
        (t1-t0)/20e6, j/20, idle, (WorkerPool.startDelay-d0)/1e3/Math.max(1,j-idle), (WorkerPool.callerWait-w0)/20e6);
    }
  }
}
