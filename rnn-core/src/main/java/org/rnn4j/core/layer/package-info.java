/**
 * Layers: {@link org.rnn4j.core.layer.RecurrentLayer} runs any {@link org.rnn4j.api.Cell} over time
 * and owns every matrix product and weight gradient; {@link org.rnn4j.core.layer.Stack} composes
 * recurrent layers into levels (forward, reversed in time, or bidirectional with the two outputs
 * concatenated, as Flax composes {@code RNN} and {@code Bidirectional}), owns the time reversal, the
 * dropout between levels and the per-layer workspaces, and runs windows (training, inference) or
 * single steps (streaming); {@link org.rnn4j.core.layer.Readout} is the linear output
 * {@code y = V·h + c}, written once. The engine ({@link org.rnn4j.core.Bptt}), streaming, inference
 * and the trace are built from these and contain no cell-specific code.
 */
package org.rnn4j.core.layer;
