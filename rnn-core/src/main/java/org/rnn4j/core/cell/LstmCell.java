package org.rnn4j.core.cell;

import java.util.List;
import org.rnn4j.api.Tensor;
import org.rnn4j.spi.Backend;

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
 * The element-wise work is one backend operation each way, {@link org.rnn4j.spi.Backend#lstmForwardInto}
 * and {@link org.rnn4j.spi.Backend#lstmBackwardInto}: no values leave the backend's tensors.
 */
public final class LstmCell extends NamedCell {

    /** Creates the cell; it holds no state, so one instance may serve every layer. */
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
        gx.backend().lstmForwardInto(gx, prev[1], next[0], next[1], cache);
    }

    @Override
    public void backward(Tensor cache, Tensor[] dNext, Tensor dGx, Tensor dGh, Tensor[] dPrev) {
        int hidden = dGx.cols() / 4;
        int batch = CellShapes.batchOf(this, dGx, hidden);
        CellShapes.require(this, "cache", cache, dGx, batch, 6 * hidden);
        CellShapes.requireAll(this, "dNext", dNext, dGx, batch, hidden);
        CellShapes.requireAll(this, "dPrev", dPrev, dGx, batch, hidden);
        Backend be = dGx.backend();
        be.lstmBackwardInto(cache, dNext[0], dNext[1], dGx, dPrev[1]);
        be.fillInto(0, dPrev[0]);                                       // h_{t-1} reaches the step only through W
    }
}
