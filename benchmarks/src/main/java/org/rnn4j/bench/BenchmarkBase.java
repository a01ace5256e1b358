package org.rnn4j.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.rnn4j.api.DType;
import org.rnn4j.api.Tensor;
import org.rnn4j.spi.Backend;
import org.rnn4j.spi.Backends;

/**
 * Settings shared by every rnn4j benchmark: one fork, 3 warm-up and 5 measured iterations of one
 * second, average time per operation in microseconds; backend and dtype as parameters. Inputs live in
 * non-final {@code @State} fields and every benchmark returns its result for JMH to sink.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public abstract class BenchmarkBase {

    /** The backend, by the name its provider reports. */
    @Param({"simd", "ejml", "nd4j"})
    public String backendName;

    /** The element type. */
    @Param({"FLOAT32", "FLOAT64"})
    public DType dtype;

    /** The backend under test, chosen by {@link #backendName} in {@link #setUpBackend()}. */
    protected Backend backend;

    /** Looks the backend up by name, exactly as a user would select it. */
    protected void setUpBackend() {
        backend = Backends.get(backendName);
    }

    /**
     * A tensor of uniform values in [-1, 1), the same for the same seed on every backend.
     *
     * @param rows rows
     * @param cols columns
     * @param seed seed
     * @return a new tensor of {@link #dtype}
     */
    protected Tensor random(int rows, int cols, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextDouble(-1, 1);
        }
        return backend.fromArray(dtype, rows, cols, v);
    }
}
