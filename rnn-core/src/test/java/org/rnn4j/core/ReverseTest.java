package org.rnn4j.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rnn4j.api.Activation;
import org.rnn4j.api.DType;
import org.rnn4j.api.Parameter;
import org.rnn4j.api.Tensor;
import org.rnn4j.core.cell.CellType;
import org.rnn4j.spi.Backend;

/** Reverse networks (ONNX's direction="reverse"): every layer runs from the last step to the first, outputs in time order. */
class ReverseTest {
    private static final int STEPS = 5;
    private static final int BATCH = 3;

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (Backend be : Fixtures.backends()) {
            for (Fixtures.Spec spec : Fixtures.Spec.cells()) {
                for (int layers : new int[] {1, 2}) {
                    for (boolean masked : new boolean[] {false, true}) {
                        for (DType dtype : DType.values()) {
                            out.add(Arguments.of(be.name(), spec, layers, masked, dtype));
                        }
                    }
                }
            }
        }
        return out.stream();
    }

    private static Rnn model(Backend be, Fixtures.Spec spec, int layers, Direction direction, DType dtype) {
        return Rnn.builder().inputSize(Fixtures.I).hiddenSize(Fixtures.H).outputSize(Fixtures.H).cell(spec.cell)
                .activation(spec.activation).layers(layers).direction(direction).dtype(dtype).backend(be).seed(61).build();
    }

    /** dst's step t = src's step T − 1 − t, B rows each. */
    private static double[] reversed(double[] src, int steps, int width) {
        double[] dst = new double[src.length];
        int step = BATCH * width;
        for (int t = 0; t < steps; t++) {
            System.arraycopy(src, t * step, dst, (steps - 1 - t) * step, step);
        }
        return dst;
    }

    /**
     * A reverse network against a forward twin holding the same parameters (layer k's {@code l{k}r.*} as its
     * {@code l{k}.*}), V the identity and c zero so that the outputs are the top layer's h exactly: the reverse
     * network's outputs and final states are the twin's on the time-reversed input (and mask), its outputs put
     * back in time order, bit for bit (the same steps on the same shapes; FLOAT64 and FLOAT32).
     */
    @ParameterizedTest(name = "{0} {1} layers={2} mask={3} {4}")
    @MethodSource("cases")
    void outputsAreAForwardTwinsOnTheReversedInputPutBackInOrder(String backend, Fixtures.Spec spec, int layers, boolean masked,
            DType dtype) {
        Backend be = GradientCheckTest.backend(backend);
        Rnn rev = model(be, spec, layers, Direction.REVERSE, dtype);
        Rnn fwd = model(be, spec, layers, Direction.FORWARD, dtype);
        for (int k = 0; k < layers; k++) {
            List<Parameter> from = rev.layers().get(k).parameters();
            List<Parameter> to = fwd.layers().get(k).parameters();
            for (int i = 0; i < from.size(); i++) {
                to.get(i).value().copyFrom(from.get(i).value().toDoubleArray());
            }
        }
        int h = Fixtures.H;
        double[] eye = new double[h * h];
        for (int i = 0; i < h; i++) {
            eye[i * h + i] = 1;
        }
        for (Rnn m : List.of(rev, fwd)) {
            m.readout().weights().value().copyFrom(eye);
            m.readout().bias().value().copyFrom(new double[h]);
        }
        Tensor xs = Fixtures.inputs(rev, STEPS, BATCH, 62);
        double[] x = xs.toDoubleArray();
        Tensor xr = be.fromArray(dtype, STEPS * BATCH, Fixtures.I, reversed(x, STEPS, Fixtures.I));
        double[] keep = new double[STEPS * BATCH];
        for (int i = 0; i < keep.length; i++) {
            keep[i] = i % 3 == 0 ? 0 : 1;
        }
        Mask mask = masked ? Mask.of(STEPS, BATCH, keep) : null;
        Mask mr = masked ? Mask.of(STEPS, BATCH, reversed(keep, STEPS, 1)) : null;
        State initial = Fixtures.state(rev, BATCH, 63);

        Rnn.Output r = rev.forward(xs, BATCH, initial, mask);
        Rnn.Output f = fwd.forward(xr, BATCH, initial, mr);
        double[] ry = r.outputs().toDoubleArray();
        assertArrayEquals(reversed(f.outputs().toDoubleArray(), STEPS, h), ry, 0.0);
        for (int i = 0; i < rev.stateNames().size(); i++) {
            assertArrayEquals(f.finalState().get(i).toDoubleArray(), r.finalState().get(i).toDoubleArray(), 0.0, rev.stateNames().get(i));
        }
        // Control: the twin on the input in its own order is another function.
        double[] unreversed = reversed(fwd.forward(xs, BATCH, initial, mask).outputs().toDoubleArray(), STEPS, h);
        assertFalse(Arrays.equals(unreversed, ry), "the comparison cannot tell the input's order");
    }

    @Test
    void layersAreNamedAsReversedLayers() {
        Rnn lstm = Fixtures.model(CellType.LSTM, Activation.TANH, 2, Direction.REVERSE, 0, Fixtures.EJML, DType.FLOAT64, 64);
        assertEquals(List.of("l0r.h", "l0r.c", "l1r.h", "l1r.c"), lstm.stateNames());
        assertEquals(List.of("l0r.U", "l0r.W", "l0r.b", "l1r.U", "l1r.W", "l1r.b", "out.V", "out.c"),
                lstm.parameters().stream().map(Parameter::name).toList());
        assertEquals(List.of(Direction.REVERSE, 1, Fixtures.H), List.of(lstm.direction(), lstm.directions(),
                lstm.parameter("l1r.U").value().cols()));
        assertEquals("l1r.", lstm.layerPrefix(1, 0));
        // A one-layer Elman network keeps the tutorial's names only when it runs forward.
        Rnn elman = Fixtures.model(CellType.ELMAN, Activation.TANH, 1, Direction.REVERSE, 0, Fixtures.EJML, DType.FLOAT64, 65);
        assertEquals(List.of("l0r.U", "l0r.W", "l0r.b", "out.V", "out.c"), elman.parameters().stream().map(Parameter::name).toList());
        assertEquals("", Fixtures.model(Activation.TANH, DType.FLOAT64, 1).layerPrefix(0, 0));
        assertThrows(IllegalArgumentException.class, () -> elman.layerPrefix(0, 1));
    }

    @Test
    void theLastOfBidirectionalAndDirectionWins() {
        Rnn.Builder b = Rnn.builder().inputSize(1).hiddenSize(2).outputSize(1).backend(Fixtures.EJML);
        assertEquals(Direction.FORWARD, b.direction(Direction.REVERSE).bidirectional(false).build().direction());
        assertEquals(Direction.REVERSE, b.bidirectional(true).direction(Direction.REVERSE).build().direction());
        assertEquals("direction is null", assertThrows(IllegalArgumentException.class, () -> b.direction(null).build()).getMessage());
    }

    @Test
    void streamingTruncatedBpttAndTraceRefuseAReverseNetworkAndSayWhy() {
        Rnn m = Fixtures.model(CellType.GRU, Activation.TANH, 1, Direction.REVERSE, 0, Fixtures.EJML, DType.FLOAT64, 66);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> m.stepper(1));
        assertEquals("streaming (a Stepper) needs a forward network: every layer of a reverse network starts from the last step, so it "
                + "needs the whole sequence before its first output", e.getMessage());
        Tensor xs = Fixtures.inputs(m, 4, 1, 67);
        Targets t = Fixtures.targets(Loss.MSE, OutputMode.EVERY_STEP, 4, 1, m.outputSize(), 68);
        assertEquals("truncated BPTT needs a forward network: every layer of a reverse network starts from the last step, so it "
                + "needs the whole sequence before its first output",
                assertThrows(IllegalStateException.class, () -> new TruncatedBptt(2, 2).run(m, xs, 1, t, null, null, null)).getMessage());
        double[][] sequence = {{0.1, 0.2}, {0.3, 0.4}};
        assertEquals("Trace.of follows the bottom layer from the first step to the last, but every layer of this reverse network runs "
                + "from the last step to the first; trace a forward or bidirectional network",
                assertThrows(IllegalArgumentException.class, () -> Trace.of(m, sequence, null, Loss.MSE)).getMessage());
    }
}
