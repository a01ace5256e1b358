package org.rnn4j.bench;

import java.util.List;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;
import org.rnn4j.api.Parameter;
import org.rnn4j.api.Tensor;
import org.rnn4j.core.Optimizer;

/**
 * One training step: forward, full BPTT, SGD update (many-to-one MSE). The update changes the
 * parameters, so each step first restores them from a copy (a device copy of every parameter, a
 * small part of the work): every measured step does the same work from the same state.
 */
public class TrainStepBenchmark extends RnnBenchmarkBase {
    private Optimizer sgd;
    private List<Parameter> params;
    private Tensor[] initial;

    /** Builds the network and keeps a copy of its initial parameters. */
    @Setup
    public void setUp() {
        setUpModel();
        sgd = Optimizer.sgd(0.01);
        params = model.parameters();
        initial = new Tensor[params.size()];
        for (int i = 0; i < initial.length; i++) {
            Tensor v = params.get(i).value();
            initial[i] = backend.zeros(dtype, v.rows(), v.cols());
            backend.copyInto(v, initial[i]);
        }
        step();
    }

    /**
     * Restores the parameters, then runs one step.
     *
     * @return the loss, for JMH to sink
     */
    @Benchmark
    public double step() {
        for (int i = 0; i < initial.length; i++) {
            backend.copyInto(initial[i], params.get(i).value());
        }
        double loss = model.bptt().lossAndGradients(xs, batch, targets, null, null).loss();
        sgd.step(params);
        return loss;
    }
}
