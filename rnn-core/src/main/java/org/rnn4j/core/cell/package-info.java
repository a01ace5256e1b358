/**
 * The recurrent cells: one step's element-wise math and its exact backward, behind
 * {@link org.rnn4j.api.Cell}. {@link org.rnn4j.core.cell.ElmanCell}, {@link org.rnn4j.core.cell.LstmCell}
 * and {@link org.rnn4j.core.cell.GruCell} follow PyTorch's conventions (gate order, bias placement), so
 * a PyTorch state_dict maps on by copying. Nothing outside this package knows which cell runs.
 */
package org.rnn4j.core.cell;
