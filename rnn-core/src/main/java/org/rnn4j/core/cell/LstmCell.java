package org.rnn4j.core.cell;

import java.util.List;
import org.rnn4j.api.Activation;
import org.rnn4j.api.DType;
import org.rnn4j.api.Tensor;

/**
 * The LSTM cell (Hochreiter and Schmidhuber, 1997, with the forget gate of Gers et al., 2000),
 * exactly PyTorch's {@code nn.LSTM} without projection:
 * <pre>
 * [a_i a_f a_g a_o] = x_t·Uᵀ + h_{t-1}·Wᵀ + b      U: 4H×I, W: 4H×H, b: 1×4H, blocks in that order
 * i = σ(a_i)   f = σ(a_f)   g = tanh(a_g)   o = σ(a_o)
 * c_t = f ⊙ c_{t-1} + i ⊙ g
 * h_t = o ⊙ tanh(c_t)
 * </pre>
 * Gate order i, f, g, o is PyTorch's, so {@code weight_ih_l0} is U and {@code weight_hh_l0} is W as
 * they are, and b is {@code bias_ih_l0 + bias_hh_l0} (exact: both biases are only ever summed).
 * States: h and c. Backward, with dh and dc the errors reaching h_t and c_t:
 * <pre>
 * dc' = dc + dh ⊙ o ⊙ (1 − tanh²(c_t))
 * da_o = dh ⊙ tanh(c_t) ⊙ o(1−o)     da_i = dc' ⊙ g ⊙ i(1−i)
 * da_f = dc' ⊙ c_{t-1} ⊙ f(1−f)      da_g = dc' ⊙ i ⊙ (1−g²)
 * dc_{t-1} = dc' ⊙ f                 (dh_{t-1} is dGx·W, added by the layer)
 * </pre>
 * The element-wise work runs on host arrays: in double for a FLOAT64 model (exact to rounding); for a
 * FLOAT32 model both run in float, each gate gathered into a compact array so that the loops compile
 * to SIMD instructions, the forward with {@link Activation#sigmoid(float)} and
 * {@link Activation#tanh(float)}.
 */
public final class LstmCell extends NamedCell {
    /** Arrays: gates (gx in forward, dGx in backward), cache, and three of H. */
    private final HostScratch<double[]> scratch = HostScratch.doubles(4, 6, 1, 1, 1);
    /**
     * FLOAT32 arrays: gates (gx, then dGx), cache, and eight of H (forward: c_{t-1}, g, c, tanh(c), h;
     * backward: the cache's six blocks apart, dh, dc).
     */
    private final HostScratch<float[]> floats = HostScratch.floats(4, 6, 1, 1, 1, 1, 1, 1, 1, 1);

    /** Creates the cell (it keeps scratch arrays per batch size, so each layer gets its own). */
    public LstmCell() {
        super("lstm", List.of("i", "f", "g", "o"), List.of("h", "c"), List.of("i", "f", "g", "o", "c_prev", "tanh_c"), false);
    }

    @Override
    public void forward(Tensor gx, Tensor gh, Tensor[] prev, Tensor[] next, Tensor cache) {
        int hidden = gx.cols() / 4;
        int batch = CellShapes.batchOf(this, gx, hidden);
        CellShapes.requireAll(this, "prev", prev, gx, batch, hidden);
        CellShapes.requireAll(this, "next", next, gx, batch, hidden);
        CellShapes.requireDisjoint(this, next, prev, "next", "prev");
        CellShapes.require(this, "cache", cache, gx, batch, 6 * hidden);
        if (gx.dtype() == DType.FLOAT32) {
            forwardFloat(gx, prev, next, cache, batch, hidden);
            return;
        }
        double[][] s = scratch.get(batch, hidden);
        double[] a = s[0];
        double[] k = s[1];
        double[] cPrev = s[2];
        double[] h = s[3];
        double[] c = s[4];
        gx.copyTo(a);
        prev[1].copyTo(cPrev);
        for (int r = 0; r < batch; r++) {
            int ga = r * 4 * hidden;
            int ka = r * 6 * hidden;
            int ha = r * hidden;
            for (int j = 0; j < hidden; j++) {
                double i = sigmoid(a[ga + j]);
                double f = sigmoid(a[ga + hidden + j]);
                double g = Activation.tanh(a[ga + 2 * hidden + j]);
                double o = sigmoid(a[ga + 3 * hidden + j]);
                double cp = cPrev[ha + j];
                double ct = f * cp + i * g;                 // c_t = f ⊙ c_{t-1} + i ⊙ g
                double tc = Activation.tanh(ct);
                c[ha + j] = ct;
                h[ha + j] = o * tc;                         // h_t = o ⊙ tanh(c_t)
                k[ka + j] = i;
                k[ka + hidden + j] = f;
                k[ka + 2 * hidden + j] = g;
                k[ka + 3 * hidden + j] = o;
                k[ka + 4 * hidden + j] = cp;
                k[ka + 5 * hidden + j] = tc;
            }
        }
        next[0].copyFrom(h);
        next[1].copyFrom(c);
        cache.copyFrom(k);
    }

    /** The FLOAT32 forward: each gate gathered into a compact array, the transcendental passes vectorised. */
    private void forwardFloat(Tensor gx, Tensor[] prev, Tensor[] next, Tensor cache, int batch, int hidden) {
        float[][] s = floats.get(batch, hidden);
        float[] a = s[0];
        float[] k = s[1];
        float[] cPrev = s[2];
        float[] g = s[3];
        float[] c = s[4];
        float[] tc = s[5];
        float[] h = s[6];
        int n = batch * hidden;
        int w = 4 * hidden;
        gx.copyTo(a);
        prev[1].copyTo(cPrev);
        FloatGates.copyBlock(a, w, 2 * hidden, g, hidden, 0, hidden, batch);   // a_g apart: it gets tanh
        FloatGates.sigmoid(a, batch * w);                                         // i, f, o (and an unused σ(a_g))
        FloatGates.tanh(g, g, n);
        for (int r = 0; r < batch; r++) {
            int ga = r * w;
            int ha = r * hidden;
            for (int j = 0; j < hidden; j++) {
                c[ha + j] = a[ga + hidden + j] * cPrev[ha + j] + a[ga + j] * g[ha + j];   // c_t = f ⊙ c_{t-1} + i ⊙ g
            }
        }
        FloatGates.tanh(c, tc, n);
        for (int r = 0; r < batch; r++) {
            int oa = r * w + 3 * hidden;
            int ha = r * hidden;
            for (int j = 0; j < hidden; j++) {
                h[ha + j] = a[oa + j] * tc[ha + j];                                       // h_t = o ⊙ tanh(c_t)
            }
        }
        FloatGates.copyBlock(a, w, 0, k, 6 * hidden, 0, 2 * hidden, batch);         // cache: i, f
        FloatGates.copyBlock(g, hidden, 0, k, 6 * hidden, 2 * hidden, hidden, batch);   // g
        FloatGates.copyBlock(a, w, 3 * hidden, k, 6 * hidden, 3 * hidden, hidden, batch);   // o
        FloatGates.copyBlock(cPrev, hidden, 0, k, 6 * hidden, 4 * hidden, hidden, batch);
        FloatGates.copyBlock(tc, hidden, 0, k, 6 * hidden, 5 * hidden, hidden, batch);
        next[0].copyFrom(h);
        next[1].copyFrom(c);
        cache.copyFrom(k);
    }

    @Override
    public void backward(Tensor cache, Tensor[] dNext, Tensor dGx, Tensor dGh, Tensor[] dPrev) {
        int hidden = dGx.cols() / 4;
        int batch = CellShapes.batchOf(this, dGx, hidden);
        CellShapes.require(this, "cache", cache, dGx, batch, 6 * hidden);
        CellShapes.requireAll(this, "dNext", dNext, dGx, batch, hidden);
        CellShapes.requireAll(this, "dPrev", dPrev, dGx, batch, hidden);
        if (dGx.dtype() == DType.FLOAT32) {
            backwardFloat(cache, dNext, dGx, dPrev, batch, hidden);
            return;
        }
        double[][] s = scratch.get(batch, hidden);
        double[] da = s[0];
        double[] k = s[1];
        double[] dh = s[2];
        double[] dc = s[3];
        double[] dcPrev = s[4];
        cache.copyTo(k);
        dNext[0].copyTo(dh);
        dNext[1].copyTo(dc);
        for (int r = 0; r < batch; r++) {
            int ga = r * 4 * hidden;
            int ka = r * 6 * hidden;
            int ha = r * hidden;
            for (int j = 0; j < hidden; j++) {
                double i = k[ka + j];
                double f = k[ka + hidden + j];
                double g = k[ka + 2 * hidden + j];
                double o = k[ka + 3 * hidden + j];
                double cp = k[ka + 4 * hidden + j];
                double tc = k[ka + 5 * hidden + j];
                double dht = dh[ha + j];
                double dct = dc[ha + j] + dht * o * (1 - tc * tc);   // backprop through h = o ⊙ tanh(c)
                da[ga + j] = dct * g * i * (1 - i);
                da[ga + hidden + j] = dct * cp * f * (1 - f);
                da[ga + 2 * hidden + j] = dct * i * (1 - g * g);
                da[ga + 3 * hidden + j] = dht * tc * o * (1 - o);
                dcPrev[ha + j] = dct * f;                             // c_{t-1} reaches c_t through f
            }
        }
        dGx.copyFrom(da);
        dPrev[0].backend().fillInto(0, dPrev[0]);
        dPrev[1].copyFrom(dcPrev);
    }

    /** The FLOAT32 backward, on the cache's blocks gathered apart (the per-element math of {@link #backward}). */
    private void backwardFloat(Tensor cache, Tensor[] dNext, Tensor dGx, Tensor[] dPrev, int batch, int hidden) {
        float[][] s = floats.get(batch, hidden);
        float[] da = s[0];
        float[] k = s[1];
        float[] i = s[2];
        float[] f = s[3];
        float[] g = s[4];
        float[] o = s[5];
        float[] cp = s[6];
        float[] tc = s[7];
        float[] dh = s[8];
        float[] dc = s[9];
        int n = batch * hidden;
        cache.copyTo(k);
        dNext[0].copyTo(dh);
        dNext[1].copyTo(dc);
        FloatGates.split(k, 6, s, 2, batch, hidden);                      // i, f, g, o, c_{t-1}, tanh(c_t)
        for (int x = 0; x < n; x++) {
            // In place: each gate's array turns into its pre-activation's error, dc into dc_{t-1}.
            float dct = dc[x] + dh[x] * o[x] * (1 - tc[x] * tc[x]);
            float gi = i[x];
            float gf = f[x];
            float gg = g[x];
            float go = o[x];
            i[x] = dct * gg * gi * (1 - gi);
            f[x] = dct * cp[x] * gf * (1 - gf);
            g[x] = dct * gi * (1 - gg * gg);
            o[x] = dh[x] * tc[x] * go * (1 - go);
            dc[x] = dct * gf;
        }
        FloatGates.join(s, 2, 4, da, batch, hidden);                      // dGx = [da_i, da_f, da_g, da_o]
        dGx.copyFrom(da);
        dPrev[0].backend().fillInto(0, dPrev[0]);
        dPrev[1].copyFrom(dc);
    }

    static double sigmoid(double a) {
        return Activation.SIGMOID.apply(a);
    }
}
