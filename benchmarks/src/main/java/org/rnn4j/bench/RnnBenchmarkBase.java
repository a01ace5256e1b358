package org.rnn4j.bench;

import org.openjdk.jmh.annotations.Param;
import org.rnn4j.api.Tensor;
import org.rnn4j.core.Loss;
import org.rnn4j.core.Rnn;
import org.rnn4j.core.Targets;
import org.rnn4j.core.cell.CellType;

/**
 * A network of a given cell, depth and direction with I input features (1 by default, the sine
 * task's shape), one output, T steps, a batch of B sequences, H hidden units, many-to-one MSE.
 */
public abstract class RnnBenchmarkBase extends BenchmarkBase {

    /** H, the hidden units. */
    @Param({"32", "100", "256", "512"})
    public int hidden;

    /** B, sequences per batch. */
    @Param({"1", "32", "128"})
    public int batch;

    /** The cell: elman, lstm or gru. */
    @Param({"elman"})
    public String cell;

    /** Stacked layers. */
    @Param({"1"})
    public int layers;

    /** Whether every layer runs in both directions. */
    @Param({"false"})
    public boolean bidirectional;

    /** I, input features per step. */
    @Param({"1"})
    public int input;

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
        model = Rnn.builder().cell(CellType.ofKind(cell)).layers(layers).bidirectional(bidirectional).inputSize(input)
                .hiddenSize(hidden).outputSize(1).dtype(dtype).backend(backend).seed(1).build();
        xs = random(seqLen * batch, input, 2);
        double[] y = new double[batch];
        for (int i = 0; i < batch; i++) {
            y[i] = Math.sin(i);
        }
        targets = Targets.lastStep(Loss.MSE, batch, 1, y);
    }
}
