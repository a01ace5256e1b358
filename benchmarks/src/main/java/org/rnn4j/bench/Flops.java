package org.rnn4j.bench;

import java.util.Map;

/**
 * Floating-point operations of a training step, counted as the model's multiply-adds (2 per
 * multiply-add): the yardstick for GFLOP/s and the fraction of the sgemm peak. Element-wise work,
 * the loss and the update are not counted (a small part of the step at the sizes this is for).
 *
 * <ul>
 *   <li>forward of one layer and direction: {@code 2·g·H·(I + H)·B·T}, with g = 1, 3, 4 gate blocks
 *       for Elman, GRU, LSTM and I the layer's input width (the features for layer 0, H times the
 *       directions above it);</li>
 *   <li>training (forward, BPTT, weight gradients): 3× the forward;</li>
 *   <li>plus the read-out, {@code y = V·out + c} with V O×(H·directions), on the B rows of the last
 *       step (the benchmark's many-to-one loss): 3 × {@code 2·O·H·directions·B}.</li>
 * </ul>
 */
final class Flops {
    private static final Map<String, Integer> GATES = Map.of("elman", 1, "gru", 3, "lstm", 4);

    private Flops() {
    }

    /**
     * The gate blocks of a cell.
     *
     * @param cell elman, gru or lstm (any case)
     * @return 1, 3 or 4
     * @throws IllegalArgumentException for another name
     */
    static int gates(String cell) {
        Integer g = cell == null ? null : GATES.get(cell.toLowerCase(java.util.Locale.ROOT));
        if (g == null) {
            throw new IllegalArgumentException("cell must be elman, gru or lstm, got '" + cell + "'");
        }
        return g;
    }

    /**
     * The forward's count for every layer and direction, without the read-out.
     *
     * @param cell elman, gru or lstm
     * @param layers stacked layers
     * @param directions 1 or 2
     * @param input I, the features per step
     * @param hidden H
     * @param batch B
     * @param steps T
     * @return floating-point operations
     */
    static double forward(String cell, int layers, int directions, int input, int hidden, int batch, int steps) {
        double g = gates(cell);
        double total = 0;
        for (int l = 0; l < layers; l++) {
            double in = l == 0 ? input : (double) hidden * directions;
            total += directions * 2 * g * hidden * (in + hidden) * batch * steps;
        }
        return total;
    }

    /**
     * One training step: 3× the forward plus 3× the read-out on the last step's B rows.
     *
     * @param cell elman, gru or lstm
     * @param layers stacked layers
     * @param directions 1 or 2
     * @param input I
     * @param hidden H
     * @param outputs O
     * @param batch B
     * @param steps T
     * @return floating-point operations
     */
    static double trainStep(String cell, int layers, int directions, int input, int hidden, int outputs, int batch, int steps) {
        return 3 * forward(cell, layers, directions, input, hidden, batch, steps) + 3 * 2.0 * outputs * hidden * directions * batch;
    }

    /**
     * A square gemm, {@code 2·n³}.
     *
     * @param n the side
     * @return floating-point operations
     */
    static double gemm(int n) {
        return 2.0 * n * n * n;
    }
}
