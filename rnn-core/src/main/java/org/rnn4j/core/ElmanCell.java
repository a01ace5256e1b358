package org.rnn4j.core;

import java.util.List;
import org.rnn4j.api.Activation;
import org.rnn4j.api.Cell;
import org.rnn4j.api.Parameter;
import org.rnn4j.api.Tensor;
import org.rnn4j.spi.Backend;

/**
 * The Elman cell (Elman, 1990, "Finding structure in time"): one step
 * {@code h_t = f(U·x_t + W·h_{t-1} + b)}, batch-major {@code H_t = f(X_t·Uᵀ + 1·bᵀ + H_{t-1}·Wᵀ)}.
 *
 * <p>U (H×I) maps the input into the hidden space, W (H×H) carries the previous state into the
 * new one, b (1×H) is the hidden bias. The same three are used at every step.
 *
 * <p>{@link Bptt} runs {@link #forward} at every step; its backward pass does not call
 * {@link #backward} but batches the weight gradients of all steps into one gemm each. The per-step
 * backward serves the {@link Trace} and is the independent reference the tests check
 * {@link Bptt}'s gradients against; {@link Stepper} streams with {@link #forward}.
 */
public final class ElmanCell implements Cell {
    private final Backend backend;
    private final Activation f;
    private final Parameter u;
    private final Parameter w;
    private final Parameter b;
    private final List<Parameter> parameters;

    ElmanCell(Backend backend, Activation f, Parameter u, Parameter w, Parameter b) {
        this.backend = backend;
        this.f = f;
        this.u = u;
        this.w = w;
        this.b = b;
        this.parameters = List.of(u, w, b);
    }

    @Override
    public int inputSize() {
        return u.value().cols();
    }

    @Override
    public int hiddenSize() {
        return u.value().rows();
    }

    @Override
    public List<Parameter> parameters() {
        return parameters;
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
    public void forward(Tensor x, Tensor hPrev, Tensor h) {
        Checks.requireDistinct("ElmanCell.forward", "h", h, "hPrev", hPrev);
        backend.gemmInto(1, x, false, u.value(), true, 0, h);          // U·x_t
        backend.addRowVectorInto(h, b.value(), h);                      // + b
        backend.gemmInto(1, hPrev, false, w.value(), true, 1, h);      // + W·h_{t-1}
        backend.activateInto(f, h, h);                                  // h_t = f(a_t)
    }

    @Override
    public void backward(Tensor x, Tensor hPrev, Tensor h, Tensor dh, Tensor dhPrev) {
        Checks.requireDistinct("ElmanCell.backward", "dhPrev", dhPrev, "dh", dh);
        backend.activationDerivativeInto(f, h, dh, dh);                 // da = dh ⊙ f'(a): backprop through f
        backend.gemmInto(1, dh, true, x, false, 1, u.gradient());       // dU += daᵀ·x
        backend.gemmInto(1, dh, true, hPrev, false, 1, w.gradient());   // dW += daᵀ·h_{t-1}
        backend.columnSumsInto(dh, 1, b.gradient());                    // db += Σ_rows da
        backend.gemmInto(1, dh, false, w.value(), false, 0, dhPrev);    // dh_{t-1} = da·W
    }
}
