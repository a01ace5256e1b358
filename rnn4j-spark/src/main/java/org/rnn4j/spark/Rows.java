package org.rnn4j.spark;

import java.util.List;
import org.apache.spark.sql.Row;
import org.rnn4j.core.OutputMode;

/**
 * Reads and checks training rows. Every message starts with {@code "row N: "}, N the row's index in
 * the data set (0-based, in the data set's order), so that a bad row is found from the job's failure.
 */
final class Rows {
    private Rows() {
    }

    /** A row read and checked: its sequence, or why it is bad (a message that names the row). */
    static final class Checked implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        private final LabeledSequence sequence;
        private final String error;

        Checked(LabeledSequence sequence, String error) {
            this.sequence = sequence;
            this.error = error;
        }

        /** Converts a DataFrame row (see {@link Rows#convert}), keeping a failure as a message. */
        static Checked convert(long index, Row row, int outputs) {
            try {
                return new Checked(Rows.convert(index, row, outputs), null);
            } catch (IllegalArgumentException e) {
                return new Checked(null, e.getMessage());
            }
        }

        /** Checks the sequence against the model (see {@link Rows#check}), keeping a failure as a message. */
        Checked check(long index, int in, int out, OutputMode mode) {
            if (error != null) {
                return this;
            }
            try {
                return new Checked(Rows.check(index, sequence, in, out, mode), null);
            } catch (IllegalArgumentException e) {
                return new Checked(null, e.getMessage());
            }
        }

        /** {@return the output mode of a good row; many-to-one for a bad one (its error is reported first)} */
        OutputMode mode() {
            return sequence == null ? OutputMode.LAST_STEP : sequence.mode();
        }

        LabeledSequence sequence() {
            return sequence;
        }

        String error() {
            return error;
        }
    }

    /** The prefix every bad-row message starts with. */
    static String at(long index) {
        return "row " + index + ": ";
    }

    /**
     * Checks a sequence against the model's sizes and the data set's output mode.
     *
     * @param index the row's index
     * @param s the row
     * @param in I
     * @param out O
     * @param mode the data set's output mode
     * @return s
     * @throws IllegalArgumentException naming the row
     */
    static LabeledSequence check(long index, LabeledSequence s, int in, int out, OutputMode mode) {
        if (s == null) {
            throw new IllegalArgumentException(at(index) + "the sequence is null");
        }
        if (s.features() != in) {
            throw new IllegalArgumentException(at(index) + "has " + s.features() + " features per step, the model's input size is " + in);
        }
        if (s.outputs() != out) {
            throw new IllegalArgumentException(at(index) + "has " + s.outputs() + " target values per row, the model's output size is " + out);
        }
        if (s.mode() != mode) {
            throw new IllegalArgumentException(at(index) + "has a " + s.mode() + " target but row 0 has a " + mode + " target");
        }
        return s;
    }

    /**
     * Converts a row of (features, labels[, length]).
     *
     * @param index the row's index
     * @param row the row: features {@code array<array<number>>} ([step][feature]); labels
     *        {@code array<number>} (one target row after the last step), {@code array<array<number>>}
     *        (one per step) or an integer class index (one-hot of the model's O outputs); optionally a
     *        length (the real steps; later steps are padding and ignored)
     * @param outputs O, for a class index
     * @return the sequence
     * @throws IllegalArgumentException naming the row and the bad entry
     */
    static LabeledSequence convert(long index, Row row, int outputs) {
        try {
            double[][] x = matrix(row, 0, "features");
            int length = x.length;
            if (row.size() > 2) {
                if (row.isNullAt(2)) {
                    throw new IllegalArgumentException("length is null");
                }
                length = ((Number) row.get(2)).intValue();
                if (length < 1 || length > x.length) {
                    throw new IllegalArgumentException("length is " + length + " but must be in [1, " + x.length + "] (the features' steps)");
                }
                x = java.util.Arrays.copyOf(x, length);
            }
            if (row.isNullAt(1)) {
                throw new IllegalArgumentException("labels is null");
            }
            Object labels = row.get(1);
            if (labels instanceof Number) {
                int c = ((Number) labels).intValue();
                if (c < 0 || c >= outputs || ((Number) labels).doubleValue() != c) {
                    throw new IllegalArgumentException("class label " + labels + " is not in [0, " + outputs + ")");
                }
                double[] oneHot = new double[outputs];
                oneHot[c] = 1;
                return LabeledSequence.lastStep(x, oneHot);
            }
            List<?> list = seq(labels, "labels");
            if (!list.isEmpty() && !(list.get(0) instanceof Number)) {
                double[][] y = matrix(row, 1, "labels");
                return LabeledSequence.everyStep(x, java.util.Arrays.copyOf(y, Math.min(length, y.length)));
            }
            return LabeledSequence.lastStep(x, vector(list, "labels"));
        } catch (IllegalArgumentException | ClassCastException e) {
            throw new IllegalArgumentException(at(index) + e.getMessage(), e);
        }
    }

    private static List<?> seq(Object o, String name) {
        if (o instanceof List) {
            return (List<?>) o;
        }
        if (o instanceof scala.collection.Seq) {
            return scala.jdk.javaapi.CollectionConverters.asJava((scala.collection.Seq<?>) o);
        }
        throw new IllegalArgumentException(name + " is a " + o.getClass().getSimpleName() + ", not an array");
    }

    private static double[][] matrix(Row row, int field, String name) {
        if (row.isNullAt(field)) {
            throw new IllegalArgumentException(name + " is null");
        }
        List<?> steps = seq(row.get(field), name);
        double[][] m = new double[steps.size()][];
        for (int t = 0; t < m.length; t++) {
            if (steps.get(t) == null) {
                throw new IllegalArgumentException(name + " step " + t + " is null");
            }
            m[t] = vector(seq(steps.get(t), name + " step " + t), name + " step " + t);
        }
        return m;
    }

    private static double[] vector(List<?> values, String name) {
        double[] v = new double[values.size()];
        for (int i = 0; i < v.length; i++) {
            Object o = values.get(i);
            if (!(o instanceof Number)) {
                throw new IllegalArgumentException(name + " value " + i + " is " + (o == null ? "null" : "a " + o.getClass().getSimpleName()));
            }
            v[i] = ((Number) o).doubleValue();
        }
        return v;
    }
}
