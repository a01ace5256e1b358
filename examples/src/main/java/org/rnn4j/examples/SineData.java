package org.rnn4j.examples;

import org.rnn4j.api.DType;
import org.rnn4j.api.Tensor;
import org.rnn4j.core.Loss;
import org.rnn4j.core.SequenceDataset;
import org.rnn4j.spi.Backend;

/**
 * The tutorial's data: {@code wave[k] = sin(k)}, k = 0..199 (radians); window i (i = 0..149) holds
 * {@code wave[i .. i+49]} and its target is {@code wave[i+50]}; windows 0..99 train, 100..149 validate.
 */
final class SineData {
    static final int SAMPLES = 200;
    static final int WINDOW = 50;
    static final int TRAIN = 100;
    static final int VALIDATION = 50;

    final double[] wave = new double[SAMPLES];

    SineData() {
        for (int k = 0; k < SAMPLES; k++) {
            wave[k] = Math.sin(k);
        }
    }

    double[] window(int i) {
        double[] x = new double[WINDOW];
        System.arraycopy(wave, i, x, 0, WINDOW);
        return x;
    }

    double target(int i) {
        return wave[i + WINDOW];
    }

    /** Windows [from, from+count) as a many-to-one MSE data set of one feature per step. */
    SequenceDataset dataset(int from, int count) {
        double[][][] x = new double[count][WINDOW][1];
        double[][] y = new double[count][1];
        for (int n = 0; n < count; n++) {
            for (int t = 0; t < WINDOW; t++) {
                x[n][t][0] = wave[from + n + t];
            }
            y[n][0] = target(from + n);
        }
        return SequenceDataset.lastStep(Loss.MSE, x, y);
    }

    /** Windows [from, from+count) as one time-major (50·count)×1 tensor: row t·count + n is step t of window n. */
    Tensor tensor(Backend backend, DType dtype, int from, int count) {
        double[] v = new double[WINDOW * count];
        for (int t = 0; t < WINDOW; t++) {
            for (int n = 0; n < count; n++) {
                v[t * count + n] = wave[from + n + t];
            }
        }
        return backend.fromArray(dtype, WINDOW * count, 1, v);
    }

    static double rmse(double[] predicted, double[] actual) {
        double s = 0;
        for (int i = 0; i < predicted.length; i++) {
            double d = predicted[i] - actual[i];
            s += d * d;
        }
        return Math.sqrt(s / predicted.length);
    }

    double[] targets(int from, int count) {
        double[] y = new double[count];
        for (int n = 0; n < count; n++) {
            y[n] = target(from + n);
        }
        return y;
    }
}
