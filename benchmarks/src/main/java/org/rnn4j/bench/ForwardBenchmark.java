package org.rnn4j.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;

/** The forward pass of a sequence batch and its loss: T steps of the Elman cell, the outputs, MSE. No gradients. */
public class ForwardBenchmark extends RnnBenchmarkBase {

    /** Builds the network; the first call sizes the workspaces. */
    @Setup
    public void setUp() {
        setUpModel();
        model.bptt().loss(xs, batch, targets, null, null);
    }

    /**
     * Runs the forward pass.
     *
     * @return the loss, for JMH to sink
     */
    @Benchmark
    public double forward() {
        return model.bptt().loss(xs, batch, targets, null, null).loss();
    }
}
