package org.rnn4j.bench;

import org.openjdk.jmh.annotations.Param;
import org.rnn4j.api.Tensor;
import org.rnn4j.core.Loss;
import org.rnn4j.core.Rnn;
import org.rnn4j.core.Targets;

/**
 * A network of the sine task's shape: one input and one output feature, T steps, a batch of B
 * sequences, H hidden units, many-to-one MSE.
 */
public abstract class RnnBenchmarkBase extends BenchmarkBase {

    /** H, the hidden units. */
    @Param({"32", "100", "256", "512"})
    public int hidden;

    /** B, sequences per batch. */
    @Param({"1", "32", "128"})
    public int batch;

    /** T, steps per sequence. */
    @Param({"50"})
    public int seqLen;

    /** The network. */
    protected Rnn model;
    /** (T·B)×1 inputs. */
    protected Tensor xs;
    /** One target per sequence. */
    protected Targets targets;

    /** Builds the network and the data, seeded. */
    protected void setUpModel() {
        setUpBackend();
        model = Rnn.builder().inputSize(1).hiddenSize(hidden).outputSize(1).dtype(dtype).backend(backend).seed(1).build();
        xs = random(seqLen * batch, 1, 2);
        double[] y = new double[batch];
        for (int i = 0; i < batch; i++) {
            y[i] = Math.sin(i);
        }
        targets = Targets.lastStep(Loss.MSE, batch, 1, y);
    }
}
