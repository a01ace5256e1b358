/**
 * The types a user of rnn4j sees: {@link org.rnn4j.api.Tensor} (a dense 2-D row-major matrix
 * owned by one backend), {@link org.rnn4j.api.DType}, {@link org.rnn4j.api.Activation},
 * {@link org.rnn4j.api.Parameter} and {@link org.rnn4j.api.Cell} (one recurrent step).
 *
 * <p>Conventions used in every javadoc of this library:
 * <ul>
 *   <li>Batches are batch-major: a step's input {@code x_t} is a B×I tensor, one row per sequence.
 *       The textbook column form {@code U·x_t} is therefore computed as {@code X_t·Uᵀ}.</li>
 *   <li>Every argument is marked "(input, not modified)", "(output, overwritten)" or
 *       "(input and output, updated)".</li>
 * </ul>
 * Limits: tensors are 2-D only, have at least one row and one column, and hold FLOAT32 or FLOAT64.
 */
package org.rnn4j.api;
