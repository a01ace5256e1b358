package org.rnn4j.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.rnn4j.core.Loss;
import org.rnn4j.core.Mask;
import org.rnn4j.core.OutputMode;
import org.rnn4j.core.Rnn;
import org.rnn4j.core.Targets;
import org.rnn4j.api.Tensor;
import scala.Tuple2;

/**
 * One shard's rows for one epoch, grouped by global step: what one Spark partition holds while an
 * epoch runs. Row p of the epoch's order (its position) belongs to step {@code p / G} and to shard
 * {@code (p mod G) mod S} (S shards, G the global batch), so which rows a shard holds depends on the
 * seed, G and S only, never on the executors.
 */
final class Shard implements Serializable {
    private static final long serialVersionUID = 1L;

    final int index;
    /** The epoch steps this shard has rows for, ascending. */
    private final int[] steps;
    /** rows[k]: the rows of steps[k], in position order. */
    private final LabeledSequence[][] rows;

    private Shard(int index, int[] steps, LabeledSequence[][] rows) {
        this.index = index;
        this.steps = steps;
        this.rows = rows;
    }

    /**
     * Groups a partition's (position, row) pairs.
     *
     * @param index the shard
     * @param globalBatch G
     * @param it the pairs, in any order
     * @return the shard
     */
    static Shard of(int index, int globalBatch, Iterator<Tuple2<Long, LabeledSequence>> it) {
        List<Tuple2<Long, LabeledSequence>> all = new ArrayList<>();
        it.forEachRemaining(all::add);
        all.sort((a, b) -> Long.compare(a._1(), b._1()));
        List<Integer> stepList = new ArrayList<>();
        List<LabeledSequence[]> rowList = new ArrayList<>();
        int from = 0;
        while (from < all.size()) {
            int step = (int) (all.get(from)._1() / globalBatch);
            int to = from;
            while (to < all.size() && all.get(to)._1() / globalBatch == step) {
                to++;
            }
            LabeledSequence[] group = new LabeledSequence[to - from];
            for (int i = from; i < to; i++) {
                group[i - from] = all.get(i)._2();
            }
            stepList.add(step);
            rowList.add(group);
            from = to;
        }
        int[] steps = stepList.stream().mapToInt(Integer::intValue).toArray();
        return new Shard(index, steps, rowList.toArray(new LabeledSequence[0][]));
    }

    /**
     * Returns the rows of one step.
     *
     * @param step the step within the epoch
     * @return its rows in position order, empty if this shard has none in it
     */
    LabeledSequence[] rows(int step) {
        int k = Arrays.binarySearch(steps, step);
        return k < 0 ? new LabeledSequence[0] : rows[k];
    }

    /** A packed batch: inputs, targets and mask, as {@link org.rnn4j.core.Bptt} takes them. */
    static final class Packed {
        final Tensor xs;
        final int batch;
        final Targets targets;
        final Mask mask;

        private Packed(Tensor xs, int batch, Targets targets, Mask mask) {
            this.xs = xs;
            this.batch = batch;
            this.targets = targets;
            this.mask = mask;
        }
    }

    /**
     * Packs rows time-major for a model: sequences padded to the longest with a mask; a padded
     * step's target row (many-to-many) repeats the sequence's last real one (it is masked, never
     * counted, but must be a valid row for the loss).
     *
     * @param model the model (its backend, dtype and sizes)
     * @param loss the loss
     * @param rows at least one row
     * @return the batch
     */
    static Packed pack(Rnn model, Loss loss, LabeledSequence[] rows) {
        int b = rows.length;
        int in = model.inputSize();
        int out = model.outputSize();
        int steps = 0;
        int[] lengths = new int[b];
        boolean ragged = false;
        for (int s = 0; s < b; s++) {
            lengths[s] = rows[s].length();
            steps = Math.max(steps, lengths[s]);
            ragged |= lengths[s] != lengths[0];
        }
        double[] x = new double[steps * b * in];
        boolean everyStep = rows[0].mode() == OutputMode.EVERY_STEP;
        double[] y = new double[(everyStep ? steps : 1) * b * out];
        for (int s = 0; s < b; s++) {
            for (int t = 0; t < lengths[s]; t++) {
                rows[s].copyInputs(t, x, (t * b + s) * in);
            }
            if (everyStep) {
                for (int t = 0; t < steps; t++) {
                    rows[s].copyTarget(Math.min(t, lengths[s] - 1), y, (t * b + s) * out);
                }
            } else {
                rows[s].copyTarget(0, y, s * out);
            }
        }
        Tensor xs = model.backend().fromArray(model.dtype(), steps * b, in, x);
        Targets targets = everyStep ? Targets.everyStep(loss, steps, b, out, y) : Targets.lastStep(loss, b, out, y);
        return new Packed(xs, b, targets, ragged ? Mask.fromLengths(steps, lengths) : null);
    }
}
