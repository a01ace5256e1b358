package org.rnn4j.backend.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.rnn4j.api.Activation;

/**
 * The FLOAT32 gate kernels of {@link SimdBackend} on the Vector API: a gated cell's whole
 * element-wise step in one pass over each row, reading the gate blocks where they lie (the kit's
 * loops gather them into compact arrays first, since C2 leaves a loop over offsets scalar). Every
 * lane runs exactly the float operations of {@link Activation#tanh(float)} and
 * {@link Activation#sigmoid(float)} in their order (lane-wise add, mul, div, min and max are IEEE
 * operations, none fused), so the results are the kit's to the bit.
 *
 * <p>How the code is laid out is what keeps it fast. A vector that crosses a call C2 did not
 * inline is boxed on the heap, and C2 stops inlining in a compilation that has grown past its
 * node limit: so each kernel is one method with no calls of ours inside, too long to be inlined
 * into its callers, with the activation written once (a loop over the gate blocks it applies to)
 * and its constants made once per call. A row of H units is covered by vectors at 0, L, 2L, … and,
 * when L does not divide H, one more at H − L overlapping the one before: those units are computed
 * twice from the same inputs, which needs H ≥ L and no output over an input ({@link SimdBackend}
 * calls these only then). Operands are checked by the caller.
 */
final class GateVectors {
    static final VectorSpecies<Float> S = VectorSpecies.of(float.class, VectorWidth.SHAPE);

    /** Lanes per vector, L. */
    static final int LANES = S.length();

    private GateVectors() {
    }

    /** {@link org.rnn4j.spi.Backend#lstmForwardInto}, B rows of H ≥ L units. */
    static void lstmForward(float[] a, float[] cPrev, float[] h, float[] c, float[] k, int batch, int hidden) {
        FloatVector clamp = FloatVector.broadcast(S, 10f);
        FloatVector quarter = FloatVector.broadcast(S, 0.25f);
        FloatVector two = FloatVector.broadcast(S, 2f);
        FloatVector p105 = FloatVector.broadcast(S, 105f);
        FloatVector p945 = FloatVector.broadcast(S, 945f);
        FloatVector q60 = FloatVector.broadcast(S, 60f);
        FloatVector q1680 = FloatVector.broadcast(S, 1680f);
        FloatVector q3780 = FloatVector.broadcast(S, 3780f);
        int last = hidden - LANES;
        for (int r = 0; r < batch; r++) {
            int ga = r * 4 * hidden;
            int ka = r * 6 * hidden;
            int ha = r * hidden;
            // Blocks 0..3: i, f, o = σ(a), g = tanh(a), from the gates into the cache. Block 4: tanh(c_t),
            // from c (made first) into the cache's block 5.
            for (int b = 0; b < 5; b++) {
                if (b == 4) {
                    for (int j = 0; j < hidden; j += LANES) {
                        int u = Math.min(j, last);
                        FloatVector cp = FloatVector.fromArray(S, cPrev, ha + u);
                        FloatVector i = FloatVector.fromArray(S, k, ka + u);
                        FloatVector f = FloatVector.fromArray(S, k, ka + hidden + u);
                        FloatVector g = FloatVector.fromArray(S, k, ka + 2 * hidden + u);
                        f.mul(cp).add(i.mul(g)).intoArray(c, ha + u);      // c_t = f ⊙ c_{t-1} + i ⊙ g
                        cp.intoArray(k, ka + 4 * hidden + u);
                    }
                }
                boolean sigmoid = b != 2 && b != 4;
                float in = sigmoid ? 0.5f : 1f;
                float outScale = sigmoid ? 0.5f : 1f;
                float outShift = sigmoid ? 0.5f : -0f;                     // t + (−0) is t, ±0 included
                float lo = sigmoid ? 0f : Float.NEGATIVE_INFINITY;
                float hi = sigmoid ? 1f : Float.POSITIVE_INFINITY;
                float[] src = b == 4 ? c : a;
                int from = b == 4 ? ha : ga + b * hidden;
                int to = ka + (b == 4 ? 5 : b) * hidden;
                for (int j = 0; j < hidden; j += LANES) {
                    int u = Math.min(j, last);
                    // σ(x) = ½ + ½·tanh(x/2); Activation.tanh(float): clamp, continued fraction at x/4,
                    // double angle twice.
                    FloatVector x = FloatVector.fromArray(S, src, from + u).mul(in).max(clamp.neg()).min(clamp);
                    FloatVector y = x.mul(quarter);
                    FloatVector z = y.mul(y);
                    FloatVector n = x.mul(z.add(p105).mul(z).add(p945));
                    FloatVector d = z.mul(q60).add(q1680).mul(z).add(q3780);
                    FloatVector n2 = two.mul(n).mul(d);
                    FloatVector d2 = d.mul(d).add(n.mul(n));
                    FloatVector t = two.mul(n2).mul(d2).div(d2.mul(d2).add(n2.mul(n2)));
                    t.mul(outScale).add(outShift).max(lo).min(hi).intoArray(k, to + u);
                }
            }
            for (int j = 0; j < hidden; j += LANES) {
                int u = Math.min(j, last);
                FloatVector o = FloatVector.fromArray(S, k, ka + 3 * hidden + u);
                o.mul(FloatVector.fromArray(S, k, ka + 5 * hidden + u)).intoArray(h, ha + u);   // h_t = o ⊙ tanh(c_t)
            }
        }
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

    /**
     * {@link org.rnn4j.spi.Backend#gruForwardInto}, B rows of H ≥ L units; h holds the sums gx + gh
     * and n's pre-activation on the way to h_t.
     */
    static void gruForward(float[] ax, float[] ah, float[] hPrev, float[] h, float[] k, int batch, int hidden) {
        FloatVector clamp = FloatVector.broadcast(S, 10f);
        FloatVector quarter = FloatVector.broadcast(S, 0.25f);
        FloatVector two = FloatVector.broadcast(S, 2f);
        FloatVector p105 = FloatVector.broadcast(S, 105f);
        FloatVector p945 = FloatVector.broadcast(S, 945f);
        FloatVector q60 = FloatVector.broadcast(S, 60f);
        FloatVector q1680 = FloatVector.broadcast(S, 1680f);
        FloatVector q3780 = FloatVector.broadcast(S, 3780f);
        FloatVector one = FloatVector.broadcast(S, 1f);
        int last = hidden - LANES;
        for (int r = 0; r < batch; r++) {
            int ga = r * 3 * hidden;
            int ka = r * 5 * hidden;
            int ha = r * hidden;
            // Blocks 0, 1: r, z = σ(gx + gh); block 2: n = tanh(gx_n + r ⊙ gh_n). Each pre-activation goes
            // to h first, so that the activation reads one array and writes another.
            for (int b = 0; b < 3; b++) {
                int off = ga + b * hidden;
                if (b < 2) {
                    for (int j = 0; j < hidden; j += LANES) {
                        int u = Math.min(j, last);
                        FloatVector.fromArray(S, ax, off + u).add(FloatVector.fromArray(S, ah, off + u)).intoArray(h, ha + u);
                    }
                } else {
                    for (int j = 0; j < hidden; j += LANES) {
                        int u = Math.min(j, last);
                        FloatVector rgh = FloatVector.fromArray(S, k, ka + u).mul(FloatVector.fromArray(S, ah, off + u));
                        FloatVector.fromArray(S, ax, off + u).add(rgh).intoArray(h, ha + u);   // reset after the product
                    }
                }
                boolean sigmoid = b != 2;
                float in = sigmoid ? 0.5f : 1f;
                float outScale = sigmoid ? 0.5f : 1f;
                float outShift = sigmoid ? 0.5f : -0f;                     // t + (−0) is t, ±0 included
                float lo = sigmoid ? 0f : Float.NEGATIVE_INFINITY;
                float hi = sigmoid ? 1f : Float.POSITIVE_INFINITY;
                int to = ka + b * hidden;
                for (int j = 0; j < hidden; j += LANES) {
                    int u = Math.min(j, last);
                    // σ(x) = ½ + ½·tanh(x/2); Activation.tanh(float): clamp, continued fraction at x/4,
                    // double angle twice.
                    FloatVector x = FloatVector.fromArray(S, h, ha + u).mul(in).max(clamp.neg()).min(clamp);
                    FloatVector y = x.mul(quarter);
                    FloatVector z = y.mul(y);
                    FloatVector n = x.mul(z.add(p105).mul(z).add(p945));
                    FloatVector d = z.mul(q60).add(q1680).mul(z).add(q3780);
                    FloatVector n2 = two.mul(n).mul(d);
                    FloatVector d2 = d.mul(d).add(n.mul(n));
                    FloatVector t = two.mul(n2).mul(d2).div(d2.mul(d2).add(n2.mul(n2)));
                    t.mul(outScale).add(outShift).max(lo).min(hi).intoArray(k, to + u);
                }
            }
            for (int j = 0; j < hidden; j += LANES) {
                int u = Math.min(j, last);
                FloatVector z = FloatVector.fromArray(S, k, ka + hidden + u);
                FloatVector n = FloatVector.fromArray(S, k, ka + 2 * hidden + u);
                FloatVector hp = FloatVector.fromArray(S, hPrev, ha + u);
                FloatVector.fromArray(S, ah, ga + 2 * hidden + u).intoArray(k, ka + 3 * hidden + u);
                hp.intoArray(k, ka + 4 * hidden + u);
                one.sub(z).mul(n).add(z.mul(hp)).intoArray(h, ha + u);    // h_t = (1 − z) ⊙ n + z ⊙ h_{t-1}
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
