package org.rnn4j.core.cell;

import java.util.List;
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
 * The element-wise work is one backend operation each way, {@link org.rnn4j.spi.Backend#gruForwardInto}
 * and {@link org.rnn4j.spi.Backend#gruBackwardInto}: no values leave the backend's tensors.
 */
public final class GruCell extends NamedCell {

    /** Creates the cell; it holds no state, so one instance may serve every layer. */
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
        gx.backend().gruForwardInto(gx, gh, prev[0], next[0], cache);
    }

    @Override
    public void backward(Tensor cache, Tensor[] dNext, Tensor dGx, Tensor dGh, Tensor[] dPrev) {
        int hidden = dGx.cols() / 3;
        int batch = CellShapes.batchOf(this, dGx, hidden);
        CellShapes.require(this, "dGh", dGh, dGx, batch, 3 * hidden);
        CellShapes.require(this, "cache", cache, dGx, batch, 5 * hidden);
        CellShapes.requireAll(this, "dNext", dNext, dGx, batch, hidden);
        CellShapes.requireAll(this, "dPrev", dPrev, dGx, batch, hidden);
        dGx.backend().gruBackwardInto(cache, dNext[0], dGx, dGh, dPrev[0]);
    }
}
