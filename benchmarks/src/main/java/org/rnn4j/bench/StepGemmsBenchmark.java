package org.rnn4j.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;
import org.rnn4j.api.Activation;
import org.rnn4j.api.Tensor;
import org.rnn4j.core.cell.CellType;

/**
 * The gemms of one {@link TrainStepBenchmark} step and nothing else: the floor that the training
 * step of a one-layer, one-direction network on this backend cannot go below, to set its time
 * against. With g gate blocks (1 Elman, 4 LSTM, 3 GRU), T steps, batch B:
 * <ul>
 *   <li>forward, per step: {@code h_{t-1}·Wᵀ}, B×H by (gH×H)ᵀ;</li>
 *   <li>backward, per step: the recurrent error {@code dGh_t·W}, B×gH by gH×H;</li>
 *   <li>once: the weight gradient {@code dW = dGhᵀ·H}, (T·B×gH)ᵀ by T·B×H;</li>
 *   <li>with more than one input feature, once each: the input projection {@code X·Uᵀ} and
 *       {@code dU = dGxᵀ·X} (with one feature both are outer products and matrix-vector products,
 *       left out).</li>
 * </ul>
 * Each product writes its own output with β = 1 where the step accumulates (the forward's gx, the
 * backward's error), so the work per call is the step's. Element-wise work, the read-out, the loss
 * and the update are left out.
 */
public class StepGemmsBenchmark extends RnnBenchmarkBase {
    private Tensor h;
    private Tensor w;
    private Tensor gx;
    private Tensor dGx;
    private Tensor dPrev;
    private Tensor dW;
    private Tensor dGxAll;
    private Tensor hAll;
    private Tensor xAll;
    private Tensor u;
    private Tensor gxAll;
    private Tensor dU;

    /** Creates the operands at the step's shapes. */
    @Setup
    public void setUp() {
        if (layers != 1 || bidirectional) {
            throw new IllegalArgumentException("StepGemmsBenchmark covers one layer in one direction, not layers = " + layers
                    + ", bidirectional = " + bidirectional);
        }
        setUpBackend();
        int gH = CellType.ofKind(cell).create(Activation.TANH).gates() * hidden;
        int rows = seqLen * batch;
        h = random(batch, hidden, 1);
        w = random(gH, hidden, 2);
        gx = random(batch, gH, 3);
        dGx = random(batch, gH, 4);
        dPrev = random(batch, hidden, 5);
        dW = backend.zeros(dtype, gH, hidden);
        dGxAll = random(rows, gH, 6);
        hAll = random(rows, hidden, 7);
        if (input > 1) {
            xAll = random(rows, input, 8);
            u = random(gH, input, 9);
            gxAll = backend.zeros(dtype, rows, gH);
            dU = backend.zeros(dtype, gH, input);
        }
    }

    /**
     * Runs the gemms of one step.
     *
     * @return the weight gradient, so that JMH sinks it
     */
    @Benchmark
    public Tensor gemms() {
        if (xAll != null) {
            backend.gemmInto(1, xAll, false, u, true, 0, gxAll);
        }
        for (int t = 0; t < seqLen; t++) {
            backend.gemmInto(1, h, false, w, true, 1, gx);
        }
        for (int t = 0; t < seqLen; t++) {
            backend.gemmInto(1, dGx, false, w, false, 1, dPrev);
        }
        backend.gemmInto(1, dGxAll, true, hAll, false, 0, dW);
        if (xAll != null) {
            backend.gemmInto(1, dGxAll, true, xAll, false, 0, dU);
        }
        return dW;
    }
}
