package org.rnn4j.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.rnn4j.api.DType;
import org.rnn4j.api.Parameter;
import org.rnn4j.backend.ejml.EjmlBackend;
import org.rnn4j.core.Rnn;
import org.rnn4j.core.cell.CellType;

/** Spark in the test JVM, and the small models and data sets the tests train. */
final class LocalSpark {
    static final EjmlBackend EJML = new EjmlBackend();
    static final int I = 3;
    static final int H = 5;
    static final int O = 2;

    private LocalSpark() {
    }

    /**
     * Starts Spark in this JVM.
     *
     * @param master e.g. {@code local[2,4]}: 2 threads, a task may fail 4 times before its job does
     * @return the session (stop it when done)
     */
    static SparkSession start(String master) {
        return SparkSession.builder().master(master).appName("rnn4j-spark-test")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "4")
                .getOrCreate();
    }

    static JavaSparkContext context(SparkSession spark) {
        return JavaSparkContext.fromSparkContext(spark.sparkContext());
    }

    static Rnn model(CellType cell, DType dtype) {
        return Rnn.builder().cell(cell).inputSize(I).hiddenSize(H).outputSize(O).dtype(dtype).backend(EJML).seed(7).build();
    }

    /**
     * n many-to-one sequences of 2 to 6 steps (lengths differ, so batches are masked).
     *
     * @param n how many
     * @param seed the seed
     * @return the sequences
     */
    static List<LabeledSequence> lastStepData(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<LabeledSequence> out = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            out.add(LabeledSequence.lastStep(steps(r, 2 + r.nextInt(5)), row(r, O)));
        }
        return out;
    }

    /**
     * n many-to-many sequences of 2 to 6 steps.
     *
     * @param n how many
     * @param seed the seed
     * @return the sequences
     */
    static List<LabeledSequence> everyStepData(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<LabeledSequence> out = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            int t = 2 + r.nextInt(5);
            double[][] y = new double[t][];
            for (int s = 0; s < t; s++) {
                y[s] = row(r, O);
            }
            out.add(LabeledSequence.everyStep(steps(r, t), y));
        }
        return out;
    }

    static double[][] steps(SplittableRandom r, int t) {
        double[][] x = new double[t][];
        for (int s = 0; s < t; s++) {
            x[s] = row(r, I);
        }
        return x;
    }

    static double[] row(SplittableRandom r, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextDouble(-1, 1);
        }
        return v;
    }

    static JavaRDD<LabeledSequence> rdd(SparkSession spark, List<LabeledSequence> data, int partitions) {
        return context(spark).parallelize(data, partitions);
    }

    /** Every parameter's values, concatenated in the model's order. */
    static double[] parameters(Rnn m) {
        int n = 0;
        for (Parameter p : m.parameters()) {
            n += p.value().size();
        }
        double[] all = new double[n];
        int off = 0;
        for (Parameter p : m.parameters()) {
            double[] v = p.value().toDoubleArray();
            System.arraycopy(v, 0, all, off, v.length);
            off += v.length;
        }
        return all;
    }

    static double maxAbsDiff(double[] a, double[] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            d = Math.max(d, Math.abs(a[i] - b[i]));
        }
        return d;
    }
}
