package org.rnn4j.backend.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.rnn4j.api.Activation;

/**
 * The FLOAT32 backward gate kernels of {@link SimdBackend} on the Vector API: a gated cell's whole
 * element-wise backward step in one pass over each row, reading the cache's blocks and writing the
 * gate errors where they lie, with no copies (the kit's kernels gather every block into a compact
 * array first, since C2 leaves a loop over offsets scalar). Each lane runs the kit's float
 * operations in the kit's order (lane-wise IEEE add, sub and mul, none fused), so the results are
 * the kit's to the bit.
 *
 * <p>Only the backward steps are here. A vector that crosses a call C2 did not inline is boxed on
 * the heap, and C2 stops inlining (and intrinsifying the Vector API) in a compilation that has grown
 * past its node limit. The forward steps need five evaluations of the tanh formula and several
 * passes over a row; laid out as one method they passed that limit in a training step (four of GRU's
 * six stores ran the API's Java fallback, boxing), and split into helpers they were inlined into
 * their callers and did the same. The backward steps are one short pass each, well within it, and
 * each is longer than C2's limit for inlining a hot method (325 bytes of bytecode; a test pins it),
 * so it is compiled on its own and never inside a larger caller. The forward steps run the kit's
 * {@link org.rnn4j.spi.kit.FloatGateKernels}.
 *
 * <p>A row of H units is covered by vectors at 0, L, 2L, … and, when L does not divide H, one more
 * at H − L overlapping the one before: those units are computed twice from the same inputs, which
 * needs H ≥ L and no output over an input ({@link SimdBackend} calls these only then). Operands are
 * checked by the caller.
 */
final class GateVectors {
    static final VectorSpecies<Float> S = VectorSpecies.of(float.class, VectorWidth.SHAPE);

    /** Lanes per vector, L. */
    static final int LANES = S.length();

    private GateVectors() {
    }

    /** {@link org.rnn4j.spi.Backend#lstmBackwardInto}, B rows of H ≥ L units, dcPrev apart from dc. */
    static void lstmBackward(float[] k, float[] dh, float[] dc, float[] da, float[] dcPrev, int batch, int hidden) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        int last = hidden - LANES;
        for (int r = 0; r < batch; r++) {
            int ga = r * 4 * hidden;
            int ka = r * 6 * hidden;
            int ha = r * hidden;
            for (int j = 0; j < hidden; j += LANES) {
                int u = Math.min(j, last);
                FloatVector i = FloatVector.fromArray(S, k, ka + u);
                FloatVector f = FloatVector.fromArray(S, k, ka + hidden + u);
                FloatVector g = FloatVector.fromArray(S, k, ka + 2 * hidden + u);
                FloatVector o = FloatVector.fromArray(S, k, ka + 3 * hidden + u);
                FloatVector cp = FloatVector.fromArray(S, k, ka + 4 * hidden + u);
                FloatVector tc = FloatVector.fromArray(S, k, ka + 5 * hidden + u);
                FloatVector dht = FloatVector.fromArray(S, dh, ha + u);
                // backprop through h = o ⊙ tanh(c): dc' = dc + dh ⊙ o ⊙ (1 − tanh²(c))
                FloatVector d = FloatVector.fromArray(S, dc, ha + u).add(dht.mul(o).mul(one.sub(tc.mul(tc))));
                d.mul(g).mul(i).mul(one.sub(i)).intoArray(da, ga + u);
                d.mul(cp).mul(f).mul(one.sub(f)).intoArray(da, ga + hidden + u);
                d.mul(i).mul(one.sub(g.mul(g))).intoArray(da, ga + 2 * hidden + u);
                dht.mul(tc).mul(o).mul(one.sub(o)).intoArray(da, ga + 3 * hidden + u);
                d.mul(f).intoArray(dcPrev, ha + u);                      // c_{t-1} reaches c_t through f
            }
        }
    }

    /** {@link org.rnn4j.spi.Backend#gruBackwardInto}, B rows of H ≥ L units, dhPrev apart from dh. */
    static void gruBackward(float[] k, float[] dh, float[] dx, float[] dhh, float[] dhPrev, int batch, int hidden) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        int last = hidden - LANES;
        for (int r = 0; r < batch; r++) {
            int ga = r * 3 * hidden;
            int ka = r * 5 * hidden;
            int ha = r * hidden;
            for (int j = 0; j < hidden; j += LANES) {
                int u = Math.min(j, last);
                FloatVector rg = FloatVector.fromArray(S, k, ka + u);
                FloatVector z = FloatVector.fromArray(S, k, ka + hidden + u);
                FloatVector n = FloatVector.fromArray(S, k, ka + 2 * hidden + u);
                FloatVector ghn = FloatVector.fromArray(S, k, ka + 3 * hidden + u);
                FloatVector hp = FloatVector.fromArray(S, k, ka + 4 * hidden + u);
                FloatVector d = FloatVector.fromArray(S, dh, ha + u);
                // backprop through h = (1−z)n + z·h_{t-1}, n = tanh(·)
                FloatVector dan = d.mul(one.sub(z)).mul(one.sub(n.mul(n)));
                FloatVector dar = dan.mul(ghn).mul(rg).mul(one.sub(rg));
                FloatVector daz = d.mul(hp.sub(n)).mul(z).mul(one.sub(z));
                dar.intoArray(dx, ga + u);
                daz.intoArray(dx, ga + hidden + u);
                dan.intoArray(dx, ga + 2 * hidden + u);
                dar.intoArray(dhh, ga + u);
                daz.intoArray(dhh, ga + hidden + u);
                dan.mul(rg).intoArray(dhh, ga + 2 * hidden + u);
                d.mul(z).intoArray(dhPrev, ha + u);                      // h_{t-1} reaches h_t through z
            }
        }
    }
}
