package org.rnn4j.api;

import java.util.List;

/**
 * One recurrent step, applied with the same parameters at every time step.
 *
 * <p>For the Elman cell: {@code h_t = f(U·x_t + W·h_{t-1} + b)}, computed batch-major as
 * {@code H_t = f(X_t·Uᵀ + H_{t-1}·Wᵀ + 1·bᵀ)} with X_t B×I, H_t B×H, U H×I, W H×H, b 1×H.
 *
 * <p>A cell keeps no per-step history: the network that unrolls it keeps {@code x_t},
 * {@code h_{t-1}} and {@code h_t} of every step and hands them back to {@link #backward}.
 * Cells allocate nothing in {@code forward} or {@code backward} beyond workspaces that they
 * allocate once per batch size.
 */
public interface Cell {

    /**
     * Returns the input width I.
     *
     * @return the number of input features per step
     */
    int inputSize();

    /**
     * Returns the hidden width H.
     *
     * @return the number of hidden units
     */
    int hiddenSize();

    /**
     * Returns the trainable parameters with their gradient buffers.
     *
     * @return an unmodifiable list, in a fixed order
     */
    List<Parameter> parameters();

    /**
     * Computes one step.
     *
     * @param x (input, not modified) B×I inputs of this step
     * @param hPrev (input, not modified) B×H state of the previous step
     * @param h (output, overwritten) B×H new state; must not be {@code hPrev}
     * @throws IllegalArgumentException if a shape, dtype or backend does not match (the message names them)
     */
    void forward(Tensor x, Tensor hPrev, Tensor h);

    /**
     * Backpropagates one step: adds this step's contribution to every parameter gradient
     * ({@code dU += daᵀ·x}, {@code dW += daᵀ·hPrev}, {@code db += Σ_rows da}, with
     * {@code da = dh ⊙ f'(a)}) and writes the error carried to the previous step,
     * {@code dhPrev = da·W}.
     *
     * @param x (input, not modified) the x given to {@link #forward} for this step
     * @param hPrev (input, not modified) the hPrev given to {@link #forward} for this step
     * @param h (input, not modified) the h that {@link #forward} wrote for this step
     * @param dh (input, overwritten with da) B×H error with respect to h
     * @param dhPrev (output, overwritten) B×H error with respect to hPrev; must not be {@code dh}
     * @throws IllegalArgumentException if a shape, dtype or backend does not match (the message names them)
     */
    void backward(Tensor x, Tensor hPrev, Tensor h, Tensor dh, Tensor dhPrev);
}
