/**
 * The native rnn4j backend on ND4J: tensors are row-major ('c') ND4J arrays of DataType FLOAT or
 * DOUBLE; gemm calls the OpenBLAS library that nd4j-native itself ships, through its row-major
 * cblas interface, which skips ND4J's per-call overhead; row copies, axpy and scaling are cblas
 * calls too, and so are bias adds and column sums (?ger and ?gemv with a vector of ones). FLOAT32
 * activations and their derivative copy 4096-element chunks of native memory to per-thread heap
 * arrays and run SIMD-compiled loops there
 * ({@link org.rnn4j.spi.FloatKernels}); the remaining element work is Java loops over the native
 * memory ({@link org.rnn4j.spi.ElementLoops} through JavaCPP raw indexers). After the first call of a
 * shape on a thread, nothing allocates.
 *
 * <p>Select it with {@code -Drnn4j.backend=nd4j}; its priority (50) is below EJML's (100), so with
 * both on the class path EJML is the default. rnn4j never changes ND4J's global settings: every array
 * is created with an explicit data type and order, outside any workspace, and the OpenBLAS thread
 * count is left as OpenBLAS chose it (set {@code OPENBLAS_NUM_THREADS} to change it).
 */
package org.rnn4j.backend.nd4j;
