package org.rnn4j.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.rnn4j.core.OutputMode;

/** DataFrames of (x array<array<double>>, y array<double>, len int) for the tests. */
final class Frames {
    static final StructType SCHEMA = new StructType()
            .add("x", DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.DoubleType, true), true), true)
            .add("y", DataTypes.createArrayType(DataTypes.DoubleType, true), true)
            .add("len", DataTypes.IntegerType, true);

    private Frames() {
    }

    /**
     * Rows of many-to-one sequences, each padded with {@code pad} extra steps of 99s that its length leaves out.
     *
     * @param spark the session
     * @param data the sequences
     * @param pad extra steps per row
     * @return the frame
     */
    static Dataset<Row> of(SparkSession spark, List<LabeledSequence> data, int pad) {
        List<Row> rows = new ArrayList<>();
        for (LabeledSequence s : data) {
            if (s.mode() != OutputMode.LAST_STEP) {
                throw new IllegalArgumentException("many-to-one rows only");
            }
            List<List<Double>> x = new ArrayList<>();
            for (int t = 0; t < s.length() + pad; t++) {
                List<Double> step = new ArrayList<>();
                for (int i = 0; i < s.features(); i++) {
                    step.add(t < s.length() ? s.input(t, i) : 99.0);
                }
                x.add(step);
            }
            double[] y = new double[s.outputs()];
            s.copyTarget(0, y, 0);
            List<Double> ys = new ArrayList<>();
            for (double v : y) {
                ys.add(v);
            }
            rows.add(RowFactory.create(x, ys, s.length()));
        }
        return spark.createDataFrame(rows, SCHEMA);
    }

    /** A row with the given cells, for bad-row tests. */
    static Row row(List<List<Double>> x, List<Double> y, Integer len) {
        return RowFactory.create(x, y, len);
    }

    static List<Double> list(Double... v) {
        return new ArrayList<>(Arrays.asList(v));
    }
}
