package org.rnn4j.core;

import org.rnn4j.api.DType;
import org.rnn4j.api.Tensor;
import org.rnn4j.spi.Backend;

/**
 * Builds the time-major sequence tensors the network reads: T steps of B×F as one (T·B)×F tensor,
 * row {@code t·B + b} holding step t of sequence b.
 */
public final class Sequences {
    private Sequences() {
    }

    /**
     * Packs {@code data[b][t][f]} (sequence, step, feature: the usual order of a data set) time-major.
     *
     * @param data B sequences of T steps of F features, all of the same length and width
     * @return T·B·F values, index {@code (t·B + b)·F + f}
     */
    public static double[] timeMajor(double[][][] data) {
        Checks.requireNonNull("data", data);
        int batch = data.length;
        if (batch == 0) {
            throw new IllegalArgumentException("no sequences");
        }
        for (int b = 0; b < batch; b++) {
            Checks.requireNonNull("sequence " + b + " (data[" + b + "])", data[b]);
            for (int t = 0; t < data[b].length; t++) {
                Checks.requireNonNull("sequence " + b + ", step " + t + " (data[" + b + "][" + t + "])", data[b][t]);
            }
        }
        int steps = data[0].length;
        if (steps == 0) {
            throw new IllegalArgumentException("sequence 0 has no steps");
        }
        int features = data[0][0].length;
        double[] out = new double[steps * batch * features];
        for (int b = 0; b < batch; b++) {
            if (data[b].length != steps) {
                throw new IllegalArgumentException("sequence " + b + " has " + data[b].length + " steps but sequence 0 has "
                        + steps + "; pad it and use a Mask");
            }
            for (int t = 0; t < steps; t++) {
                if (data[b][t].length != features) {
                    throw new IllegalArgumentException("sequence " + b + ", step " + t + " has " + data[b][t].length
                            + " features but sequence 0, step 0 has " + features);
                }
                System.arraycopy(data[b][t], 0, out, (t * batch + b) * features, features);
            }
        }
        return out;
    }

    /**
     * A (T·B)×F tensor of {@code data[b][t][f]}.
     *
     * @param backend the backend
     * @param dtype the element type
     * @param data B sequences of T steps of F features
     * @return a new tensor
     */
    public static Tensor tensor(Backend backend, DType dtype, double[][][] data) {
        Checks.requireNonNull("backend", backend);
        Checks.requireNonNull("dtype", dtype);
        double[] flat = timeMajor(data);
        return backend.fromArray(dtype, data[0].length * data.length, data[0][0].length, flat);
    }
}
