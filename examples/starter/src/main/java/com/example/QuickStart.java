package com.example;

import java.nio.file.Path;
import org.rnn4j.api.DType;
import org.rnn4j.core.Checkpoint;
import org.rnn4j.core.Loss;
import org.rnn4j.core.Optimizer;
import org.rnn4j.core.ProgressListener;
import org.rnn4j.core.Rnn;
import org.rnn4j.core.SequenceDataset;
import org.rnn4j.core.Trainer;
import org.rnn4j.core.cell.CellType;

/** Trains an LSTM on windows of a sine wave, predicts, saves and loads it. */
public class QuickStart {
    public static void main(String[] args) throws Exception {
        int n = 100;
        int steps = 50;
        double[][][] x = new double[n][steps][1];   // [sequence][step][feature]
        double[][] y = new double[n][1];            // [sequence][output]: the value after each sequence
        for (int s = 0; s < n; s++) {
            for (int t = 0; t < steps; t++) {
                x[s][t][0] = Math.sin(s + t);
            }
            y[s][0] = Math.sin(s + steps);
        }
        Rnn model = Rnn.builder().cell(CellType.LSTM).inputSize(1).hiddenSize(32).outputSize(1)
                .dtype(DType.FLOAT32).seed(42).build();                        // on the default backend, simd
        System.out.println("backend: " + model.backend().name());
        Trainer.builder(model, Optimizer.adam(0.003))
                .epochs(40).batchSize(25).clipByGlobalNorm(5)
                .listener(ProgressListener.console("training"))         // a bar at a terminal, else a line per epoch
                .build()
                .fit(SequenceDataset.lastStep(Loss.MSE, x, y));

        double[][] predicted = model.predict(x);                    // [sequence][output], after each sequence's last step
        System.out.printf("sequence 0: predicted %.4f, target %.4f%n", predicted[0][0], y[0][0]);

        Path file = Path.of(args.length > 0 ? args[0] : "model.ckpt");
        Checkpoint.save(file, model, null, null);                    // throws CheckpointException
        Rnn loaded = Checkpoint.load(file).model();                  // default backend, saved dtype
        System.out.printf("loaded model: %.4f%n", loaded.predict(x)[0][0]);
    }
}
