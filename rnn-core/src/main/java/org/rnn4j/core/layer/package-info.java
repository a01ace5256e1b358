/**
 * Layers: {@link org.rnn4j.core.layer.RecurrentLayer} runs any {@link org.rnn4j.api.Cell} over time
 * and owns every matrix product and weight gradient; {@link org.rnn4j.core.layer.Readout} is the
 * linear output {@code y = V·h + c}, written once. The engine ({@link org.rnn4j.core.Bptt}), streaming
 * and the trace are built from these two and contain no cell-specific code.
 */
package org.rnn4j.core.layer;
