package org.rnn4j.spark.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.rnn4j.api.DType;
import org.rnn4j.core.Optimizer;
import org.rnn4j.core.Rnn;
import org.rnn4j.core.cell.CellType;
import org.rnn4j.spark.LabeledSequence;
import org.rnn4j.spark.SparkTrainer;
import org.rnn4j.spark.Sync;
import org.rnn4j.spi.Backends;

/**
 * The sine task (the examples module's tutorial data: {@code wave[k] = sin(k)}, windows of 50
 * values predict the next one) trained through {@link SparkTrainer} on {@code local[*]}, in the
 * exact synchronous mode; then the validation MSE beside that of predicting "same as the last value".
 *
 * <p>Arguments (all optional): {@code master} (default {@code local[*]}), {@code epochs} (60).
 */
public final class SineOnSpark {
    private static final int SAMPLES = 200;
    private static final int WINDOW = 50;
    private static final int TRAIN = 100;

    private SineOnSpark() {
    }

    /**
     * Runs the example.
     *
     * @param args master, epochs
     */
    public static void main(String[] args) {
        String master = args.length > 0 ? args[0] : "local[*]";
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        double[] wave = new double[SAMPLES];
        for (int k = 0; k < SAMPLES; k++) {
            wave[k] = Math.sin(k);
        }
        List<LabeledSequence> train = windows(wave, 0, TRAIN);
        List<LabeledSequence> validation = windows(wave, TRAIN, SAMPLES - WINDOW - TRAIN);
        SparkSession spark = SparkSession.builder().master(master).appName("rnn4j sine on Spark")
                .config("spark.ui.enabled", "false").getOrCreate();
        try {
            Rnn model = Rnn.builder().cell(CellType.ELMAN).inputSize(1).hiddenSize(16).outputSize(1).dtype(DType.FLOAT64)
                    .backend(Backends.get()).seed(42).build();
            System.out.println("sine task on " + master + " (" + spark.sparkContext().defaultParallelism() + " cores), backend "
                    + model.backend().name() + ", " + model.parameterCount() + " parameters");
            JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            SparkTrainer.builder(model, Optimizer.adam(0.01)).globalBatch(25).shards(4).sync(Sync.everyStep()).epochs(epochs)
                    .seed(1).listener(SparkTrainer.progress(System.out, 40)).build().fit(sc.parallelize(train, 4));
            double mse = 0;
            double naive = 0;
            for (int i = 0; i < validation.size(); i++) {
                double[][][] x = {window(wave, TRAIN + i)};
                double target = wave[TRAIN + i + WINDOW];
                double y = model.predict(x)[0][0];
                mse += (y - target) * (y - target);
                naive += (wave[TRAIN + i + WINDOW - 1] - target) * (wave[TRAIN + i + WINDOW - 1] - target);
            }
            System.out.printf(Locale.ROOT, "validation MSE %.5f (predicting the last value: %.5f)%n", mse / validation.size(),
                    naive / validation.size());
        } finally {
            spark.stop();
        }
    }

    private static double[][] window(double[] wave, int i) {
        double[][] x = new double[WINDOW][1];
        for (int t = 0; t < WINDOW; t++) {
            x[t][0] = wave[i + t];
        }
        return x;
    }

    private static List<LabeledSequence> windows(double[] wave, int from, int count) {
        List<LabeledSequence> out = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            out.add(LabeledSequence.lastStep(window(wave, i), new double[] {wave[i + WINDOW]}));
        }
        return out;
    }
}
