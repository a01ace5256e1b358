package org.rnn4j.core.layer;

import java.util.List;
import org.rnn4j.api.DType;
import org.rnn4j.api.Tensor;
import org.rnn4j.spi.Backend;

/**
 * A bidirectional level (Flax's {@code Bidirectional}, PyTorch's {@code bidirectional=True}): a forward layer and a
 * reversed one read the same input; the output of step t is their outputs concatenated on the feature axis,
 * {@code [h_fwd,t, h_rev,t]}, width 2H. Backward splits the output error the same way and sums the two layers' input
 * errors.
 */
final class Bidirectional extends Level {
    private final Unidirectional forward;
    private final Unidirectional reversed;
    private final RecurrentLayer fwdLayer;
    private final RecurrentLayer revLayer;

    Bidirectional(RecurrentLayer fwd, RecurrentLayer rev) {
        this.fwdLayer = fwd;
        this.revLayer = rev;
        this.forward = new Unidirectional(fwd, false, true);
        this.reversed = new Unidirectional(rev, true, false);
    }

    @Override
    List<RecurrentLayer> layers() {
        return List.of(fwdLayer, revLayer);
    }

    @Override
    int width() {
        return fwdLayer.hiddenSize() + revLayer.hiddenSize();
    }

    @Override
    Run open(int batch, int n) {
        return new Run(batch, n);
    }

    final class Run extends Level.Run {
        private final Backend be;
        private final int batch;
        private final int n;
        private final int hidden;
        private final Unidirectional.Run f;
        private final Unidirectional.Run r;
        /** (n·B)×2H: [forward output, reversed output in time order]. */
        private final Tensor out;
        /** The forward layer's share of the output error. */
        private final Tensor dF;
        private final double[] hostF;
        private final double[] hostR;
        private final double[] hostCat;

        Run(int batch, int n) {
            this.be = fwdLayer.backend();
            DType dtype = fwdLayer.dtype();
            this.batch = batch;
            this.n = n;
            this.hidden = fwdLayer.hiddenSize();
            this.f = forward.open(batch, n);
            this.r = reversed.open(batch, n);
            int rows = n * batch;
            out = be.zeros(dtype, rows, 2 * hidden);
            dF = be.zeros(dtype, rows, hidden);
            hostF = new double[rows * hidden];
            hostR = new double[rows * hidden];
            hostCat = new double[rows * 2 * hidden];
        }

        @Override
        RecurrentLayer.Workspace[] layerWorkspaces() {
            return new RecurrentLayer.Workspace[] {f.ws, r.ws};
        }

        @Override
        void forward(Tensor xs, Tensor[][] starts, int first, StepMask mask, int from) {
            f.forward(xs, starts, first, mask, from);
            r.forward(xs, starts, first + 1, mask, from);
            concat();
        }

        @Override
        Tensor output() {
            return out;
        }

        @Override
        void backward(Tensor xs, Tensor dOut, int dOutFrom, StepMask mask, int from, Tensor dXs) {
            split(dOut);
            f.backward(xs, dF, 0, mask, from, dXs);
            Tensor dInRev = r.backwardInOwnTime(dXs != null);
            if (dXs != null) {
                // The reversed layer's input error is in reversed time: put it back in order and add.
                reverseSteps(be, dInRev, r.inRev, n, batch);
                be.axpyInto(1, r.inRev, dXs);
            }
        }

        /** out = [forward output, reversed layer's output put back in time order], row by row. */
        private void concat() {
            f.output().copyTo(hostF);
            r.output().copyTo(hostR);
            int h = hidden;
            for (int row = 0; row < n * batch; row++) {
                int back = (n - 1 - row / batch) * batch + row % batch;
                System.arraycopy(hostF, row * h, hostCat, row * 2 * h, h);
                System.arraycopy(hostR, back * h, hostCat, row * 2 * h + h, h);
            }
            out.copyFrom(hostCat);
        }

        /** The inverse of {@link #concat} for the output error: dF and the reversed layer's error (in its time order). */
        private void split(Tensor dOut) {
            dOut.copyTo(hostCat);
            int h = hidden;
            for (int row = 0; row < n * batch; row++) {
                int back = (n - 1 - row / batch) * batch + row % batch;
                System.arraycopy(hostCat, row * 2 * h, hostF, row * h, h);
                System.arraycopy(hostCat, row * 2 * h + h, hostR, back * h, h);
            }
            dF.copyFrom(hostF);
            r.dRev.copyFrom(hostR);
        }
    }
}
