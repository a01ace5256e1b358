package org.rnn4j.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.rnn4j.api.Tensor;
import org.rnn4j.core.Rnn;
import org.rnn4j.core.Stepper;
import org.rnn4j.core.cell.CellType;

/**
 * Streaming latency: one {@link Stepper#step} of a one-layer network with B = 1 and one input feature,
 * the call a service makes per sensor reading. Sample-time mode, so JMH reports the distribution
 * (p50, p90, p99, p99.9 per step), not only the mean.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class StepLatencyBenchmark extends BenchmarkBase {

    /** H, the hidden units. */
    @Param({"64", "256"})
    public int hidden;

    /** The cell: elman, lstm or gru. */
    @Param({"elman", "lstm", "gru"})
    public String cell;

    private Stepper stepper;
    private Tensor x;

    /** Builds the network and the stepper (which allocates its buffers once). */
    @Setup
    public void setUp() {
        setUpBackend();
        Rnn model = Rnn.builder().cell(CellType.ofKind(cell)).inputSize(1).hiddenSize(hidden).outputSize(1).dtype(dtype)
                .backend(backend).seed(1).build();
        stepper = model.stepper(1);
        x = random(1, 1, 2);
    }

    /**
     * Advances the stepper one step (the state carries on between calls, as in a stream).
     *
     * @return the 1×1 output, for JMH to sink
     */
    @Benchmark
    public Tensor step() {
        return stepper.step(x);
    }
}
