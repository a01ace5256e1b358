package org.rnn4j.core.cell;

import java.util.List;
import org.rnn4j.api.Activation;
import org.rnn4j.api.DType;
import org.rnn4j.api.Tensor;

/**
 * The GRU cell (Cho et al., 2014) in the form of PyTorch's {@code nn.GRU} and cuDNN, with the reset
 * gate applied after the recurrent product:
 * <pre>
 * [gx_r gx_z gx_n] = x_t·Uᵀ + b          U: 3H×I, b: 1×3H     (PyTorch weight_ih_l0, bias_ih_l0)
 * [gh_r gh_z gh_n] = h_{t-1}·Wᵀ + bh     W: 3H×H, bh: 1×3H    (PyTorch weight_hh_l0, bias_hh_l0)
 * r = σ(gx_r + gh_r)   z = σ(gx_z + gh_z)
 * n = tanh(gx_n + r ⊙ gh_n)
 * h_t = (1 − z) ⊙ n + z ⊙ h_{t-1}
 * </pre>
 * Gate order r, z, n is PyTorch's; the recurrent bias bh stays apart from b because its n block
 * sits inside {@code r ⊙ (·)} (ONNX's {@code linear_before_reset = 1}). One state, h. Backward:
 * <pre>
 * dn = dh ⊙ (1 − z)    dz = dh ⊙ (h_{t-1} − n)    da_n = dn ⊙ (1 − n²)
 * dGx_n = da_n         dGh_n = da_n ⊙ r
 * dGx_r = dGh_r = da_n ⊙ gh_n ⊙ r(1−r)            dGx_z = dGh_z = dz ⊙ z(1−z)
 * dh_{t-1} = dh ⊙ z    (plus dGh·W, added by the layer)
 * </pre>
 * The element-wise work runs on host arrays: in double for a FLOAT64 model; for a FLOAT32 model
 * forward and backward run in float, each gate gathered into a compact array so that the loops
 * compile to SIMD instructions, the forward with {@link Activation#sigmoid(float)} and
 * {@link Activation#tanh(float)}.
 */
public final class GruCell extends NamedCell {
    /** Arrays: gx / dGx, gh / dGh, cache, and one of H. */
    private final HostScratch<double[]> scratch = HostScratch.doubles(3, 3, 5, 1);
    /**
     * FLOAT32 arrays: gx / dGx, gh / dGh, cache, r and z, and six of H (forward: n, h_{t-1}, h;
     * backward: the cache's r, z, n, gh_n, h_{t-1} apart, and dh).
     */
    private final HostScratch<float[]> floats = HostScratch.floats(3, 3, 5, 2, 1, 1, 1, 1, 1, 1);

    /** Creates the cell (it keeps scratch arrays per batch size, so each layer gets its own). */
    public GruCell() {
        super("gru", List.of("r", "z", "n"), List.of("h"), List.of("r", "z", "n", "gh_n", "h_prev"), true);
    }

    @Override
    public void forward(Tensor gx, Tensor gh, Tensor[] prev, Tensor[] next, Tensor cache) {
        int hidden = gx.cols() / 3;
        int batch = CellShapes.batchOf(this, gx, hidden);
        CellShapes.require(this, "gh", gh, gx, batch, 3 * hidden);
        CellShapes.requireAll(this, "prev", prev, gx, batch, hidden);
        CellShapes.requireAll(this, "next", next, gx, batch, hidden);
        CellShapes.requireDisjoint(this, next, prev, "next", "prev");
        CellShapes.require(this, "cache", cache, gx, batch, 5 * hidden);
        if (gx.dtype() == DType.FLOAT32) {
            forwardFloat(gx, gh, prev, next, cache, batch, hidden);
            return;
        }
        double[][] s = scratch.get(batch, hidden);
        double[] ax = s[0];
        double[] ah = s[1];
        double[] k = s[2];
        double[] h = s[3];
        gx.copyTo(ax);
        gh.copyTo(ah);
        // h_{t-1} goes to the cache first, then h_t overwrites the array it came in.
        prev[0].copyTo(h);
        for (int r = 0; r < batch; r++) {
            int ga = r * 3 * hidden;
            int ka = r * 5 * hidden;
            int ha = r * hidden;
            for (int j = 0; j < hidden; j++) {
                double rg = LstmCell.sigmoid(ax[ga + j] + ah[ga + j]);
                double z = LstmCell.sigmoid(ax[ga + hidden + j] + ah[ga + hidden + j]);
                double ghn = ah[ga + 2 * hidden + j];
                double n = Activation.tanh(ax[ga + 2 * hidden + j] + rg * ghn);   // reset after the product
                double hp = h[ha + j];
                k[ka + j] = rg;
                k[ka + hidden + j] = z;
                k[ka + 2 * hidden + j] = n;
                k[ka + 3 * hidden + j] = ghn;
                k[ka + 4 * hidden + j] = hp;
                h[ha + j] = (1 - z) * n + z * hp;
            }
        }
        next[0].copyFrom(h);
        cache.copyFrom(k);
    }

    /** The FLOAT32 forward: each gate gathered into a compact array, the transcendental passes vectorised. */
    private void forwardFloat(Tensor gx, Tensor gh, Tensor[] prev, Tensor[] next, Tensor cache, int batch, int hidden) {
        float[][] s = floats.get(batch, hidden);
        float[] ax = s[0];
        float[] ah = s[1];
        float[] k = s[2];
        float[] rz = s[3];
        float[] nn = s[4];
        float[] hp = s[5];
        float[] h = s[6];
        int w = 3 * hidden;
        gx.copyTo(ax);
        gh.copyTo(ah);
        prev[0].copyTo(hp);
        for (int r = 0; r < batch; r++) {
            int ga = r * w;
            int za = r * 2 * hidden;
            for (int j = 0; j < 2 * hidden; j++) {
                rz[za + j] = ax[ga + j] + ah[ga + j];
            }
        }
        FloatGates.sigmoid(rz, batch * 2 * hidden);                                // r, z
        for (int r = 0; r < batch; r++) {
            int na = r * w + 2 * hidden;
            int za = r * 2 * hidden;
            int ha = r * hidden;
            for (int j = 0; j < hidden; j++) {
                nn[ha + j] = ax[na + j] + rz[za + j] * ah[na + j];                  // reset after the product
            }
        }
        FloatGates.tanh(nn, nn, batch * hidden);
        for (int r = 0; r < batch; r++) {
            int za = r * 2 * hidden + hidden;
            int ha = r * hidden;
            for (int j = 0; j < hidden; j++) {
                float z = rz[za + j];
                h[ha + j] = (1 - z) * nn[ha + j] + z * hp[ha + j];                 // h_t = (1 − z) ⊙ n + z ⊙ h_{t-1}
            }
        }
        FloatGates.copyBlock(rz, 2 * hidden, 0, k, 5 * hidden, 0, 2 * hidden, batch);   // cache: r, z
        FloatGates.copyBlock(nn, hidden, 0, k, 5 * hidden, 2 * hidden, hidden, batch);   // n
        FloatGates.copyBlock(ah, w, 2 * hidden, k, 5 * hidden, 3 * hidden, hidden, batch);   // gh_n
        FloatGates.copyBlock(hp, hidden, 0, k, 5 * hidden, 4 * hidden, hidden, batch);   // h_{t-1}
        next[0].copyFrom(h);
        cache.copyFrom(k);
    }

    @Override
    public void backward(Tensor cache, Tensor[] dNext, Tensor dGx, Tensor dGh, Tensor[] dPrev) {
        int hidden = dGx.cols() / 3;
        int batch = CellShapes.batchOf(this, dGx, hidden);
        CellShapes.require(this, "dGh", dGh, dGx, batch, 3 * hidden);
        CellShapes.require(this, "cache", cache, dGx, batch, 5 * hidden);
        CellShapes.requireAll(this, "dNext", dNext, dGx, batch, hidden);
        CellShapes.requireAll(this, "dPrev", dPrev, dGx, batch, hidden);
        if (dGx.dtype() == DType.FLOAT32) {
            backwardFloat(cache, dNext, dGx, dGh, dPrev, batch, hidden);
            return;
        }
        double[][] s = scratch.get(batch, hidden);
        double[] dx = s[0];
        double[] dhh = s[1];
        double[] k = s[2];
        double[] dh = s[3];
        cache.copyTo(k);
        dNext[0].copyTo(dh);
        for (int r = 0; r < batch; r++) {
            int ga = r * 3 * hidden;
            int ka = r * 5 * hidden;
            int ha = r * hidden;
            for (int j = 0; j < hidden; j++) {
                double rg = k[ka + j];
                double z = k[ka + hidden + j];
                double n = k[ka + 2 * hidden + j];
                double ghn = k[ka + 3 * hidden + j];
                double hp = k[ka + 4 * hidden + j];
                double d = dh[ha + j];
                double dan = d * (1 - z) * (1 - n * n);       // backprop through h = (1−z)n + z·h_{t-1}, n = tanh(·)
                double dar = dan * ghn * rg * (1 - rg);
                double daz = d * (hp - n) * z * (1 - z);
                dx[ga + j] = dar;
                dx[ga + hidden + j] = daz;
                dx[ga + 2 * hidden + j] = dan;
                dhh[ga + j] = dar;
                dhh[ga + hidden + j] = daz;
                dhh[ga + 2 * hidden + j] = dan * rg;
                dh[ha + j] = d * z;                           // h_{t-1} reaches h_t through z
            }
        }
        dGx.copyFrom(dx);
        dGh.copyFrom(dhh);
        dPrev[0].copyFrom(dh);
    }

    /** The FLOAT32 backward, on the cache's blocks gathered apart (the per-element math of {@link #backward}). */
    private void backwardFloat(Tensor cache, Tensor[] dNext, Tensor dGx, Tensor dGh, Tensor[] dPrev, int batch, int hidden) {
        float[][] s = floats.get(batch, hidden);
        float[] dx = s[0];
        float[] dhh = s[1];
        float[] k = s[2];
        float[] rg = s[4];
        float[] z = s[5];
        float[] n = s[6];
        float[] ghn = s[7];
        float[] hp = s[8];
        float[] dh = s[9];
        int m = batch * hidden;
        cache.copyTo(k);
        dNext[0].copyTo(dh);
        FloatGates.split(k, 5, s, 4, batch, hidden);                      // r, z, n, gh_n, h_{t-1}
        for (int x = 0; x < m; x++) {
            // In place: r, z, n turn into the errors of their pre-activations, gh_n into dan ⊙ r, dh into dh_{t-1}.
            float d = dh[x];
            float gr = rg[x];
            float gz = z[x];
            float gn = n[x];
            float dan = d * (1 - gz) * (1 - gn * gn);
            rg[x] = dan * ghn[x] * gr * (1 - gr);
            z[x] = d * (hp[x] - gn) * gz * (1 - gz);
            n[x] = dan;
            ghn[x] = dan * gr;
            dh[x] = d * gz;
        }
        FloatGates.join(s, 4, 3, dx, batch, hidden);                      // dGx = [dar, daz, dan]
        System.arraycopy(dx, 0, dhh, 0, batch * 3 * hidden);
        FloatGates.copyBlock(ghn, hidden, 0, dhh, 3 * hidden, 2 * hidden, hidden, batch);   // dGh = [dar, daz, dan ⊙ r]
        dGx.copyFrom(dx);
        dGh.copyFrom(dhh);
        dPrev[0].copyFrom(dh);
    }
}
