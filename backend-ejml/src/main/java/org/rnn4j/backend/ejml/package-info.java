/**
 * The pure-Java rnn4j backend on EJML (Efficient Java Matrix Library): FLOAT64 tensors are EJML
 * {@code DMatrixRMaj}, FLOAT32 tensors are {@code FMatrixRMaj}, and gemm is EJML's
 * {@code CommonOps_DDRM}/{@code CommonOps_FDRM} {@code mult*}/{@code multAdd*} family.
 *
 * <p>Select it with {@code -Drnn4j.backend=ejml}; it is also the default (priority 100), being
 * free of native code. Single-threaded: its strength is small and medium sizes with no per-call
 * overhead. Limits: no views (row blocks move with {@code copyRowsInto}); gemm with both
 * operands transposed uses EJML's plain {@code MatrixMatrixMult_*.multTransAB} kernel, since
 * {@code CommonOps}' faster path for 40 or more columns allocates a row per call.
 */
package org.rnn4j.backend.ejml;
