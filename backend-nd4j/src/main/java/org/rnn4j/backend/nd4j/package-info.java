/**
 * The native rnn4j backend on ND4J: tensors are row-major ('c') ND4J arrays of DataType FLOAT or
 * DOUBLE. FLOAT32 products of at least 2²¹ multiply-adds go to oneDNN through ND4J's own
 * {@code matmul} operation when the ND4J build that loaded has oneDNN (nd4j-native's
 * {@code -onednn} builds; this module brings the Linux x86-64 one), on a per-thread native context
 * that allocates nothing per call. The other products call the OpenBLAS library that nd4j-native
 * itself ships, through its row-major cblas interface, which skips ND4J's per-call overhead; row
 * copies, axpy and scaling are cblas calls too, and so are bias adds and column sums (?ger and ?gemv
 * with a vector of ones). FLOAT32 activations and their derivative copy 4096-element chunks of
 * native memory to per-thread heap arrays and run SIMD-compiled loops there
 * ({@link org.rnn4j.spi.kit.FloatKernels}); the remaining element work is Java loops over the native
 * memory ({@link org.rnn4j.spi.kit.ElementLoops} through JavaCPP raw indexers). After the first call of a
 * shape on a thread, nothing allocates.
 *
 * <p>Select it with {@code -Drnn4j.backend=nd4j}; its priority (50) is below EJML's (100), so with
 * both on the class path EJML is the default. Every array is created with an explicit data type and
 * order, outside any workspace. One global setting changes, and only when oneDNN is in use: OpenBLAS
 * runs on one thread for FLOAT32 work and on its own count for FLOAT64 work, because OpenBLAS's
 * spinning threads and oneDNN's would otherwise share the cores
 * ({@link org.rnn4j.backend.nd4j.Nd4jBackend#matrixProducts()} says what was set;
 * {@code -Drnn4j.nd4j.onednn=false} turns oneDNN off and leaves OpenBLAS alone).
 */
package org.rnn4j.backend.nd4j;
