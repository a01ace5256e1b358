package org.rnn4j.core.cell;

import java.util.List;
import org.rnn4j.api.Activation;
import org.rnn4j.api.Tensor;
import org.rnn4j.spi.Backend;

/**
 * The Elman cell (Elman, 1990, "Finding structure in time"), PyTorch's {@code nn.RNN}:
 * <pre>
 * h_t = f(U·x_t + W·h_{t-1} + b)        U: H×I, W: H×H, b: 1×H, f: tanh, relu, sigmoid or identity
 * </pre>
 * One gate block ({@code a}, the pre-activation), one state ({@code h}). The layer passes
 * {@code gx = x_t·Uᵀ + b + h_{t-1}·Wᵀ}; the cell applies f. Backward:
 * {@code dGx = dh ⊙ f'(a)}, with f' read from the cached {@code h_t}; the error reaching
 * {@code h_{t-1}} is only {@code dGx·W}, which the layer adds. PyTorch's {@code weight_ih_l0},
 * {@code weight_hh_l0} are U and W as they are; b is {@code bias_ih_l0 + bias_hh_l0}.
 */
public final class ElmanCell extends NamedCell {
    private final Activation f;

    /**
     * Creates an Elman cell.
     *
     * @param f the activation
     */
    public ElmanCell(Activation f) {
        super("elman", List.of("a"), List.of("h"), List.of("h"), false);
        if (f == null) {
            throw new IllegalArgumentException("activation is null");
        }
        this.f = f;
    }

    /**
     * Returns the activation f.
     *
     * @return the activation
     */
    public Activation activation() {
        return f;
    }

    @Override
    public void forward(Tensor gx, Tensor gh, Tensor[] prev, Tensor[] next, Tensor cache) {
        int hidden = gx.cols();
        int batch = CellShapes.batchOf(this, gx, hidden);
        CellShapes.requireAll(this, "prev", prev, gx, batch, hidden);
        CellShapes.requireAll(this, "next", next, gx, batch, hidden);
        CellShapes.requireDisjoint(this, next, prev, "next", "prev");
        CellShapes.require(this, "cache", cache, gx, batch, hidden);
        Backend be = gx.backend();
        be.activateInto(f, gx, next[0]);                            // h_t = f(a_t)
        be.copyInto(next[0], cache);
    }

    @Override
    public void backward(Tensor cache, Tensor[] dNext, Tensor dGx, Tensor dGh, Tensor[] dPrev) {
        int hidden = dGx.cols();
        int batch = CellShapes.batchOf(this, dGx, hidden);
        CellShapes.require(this, "cache", cache, dGx, batch, hidden);
        CellShapes.requireAll(this, "dNext", dNext, dGx, batch, hidden);
        CellShapes.requireAll(this, "dPrev", dPrev, dGx, batch, hidden);
        Backend be = dGx.backend();
        be.activationDerivativeInto(f, cache, dNext[0], dGx);      // da = dh ⊙ f'(a): backprop through f
        be.fillInto(0, dPrev[0]);                                   // h_{t-1} reaches h_t only through W
    }
}
