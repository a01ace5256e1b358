/**
 * The pure-Java rnn4j backend on the JDK Vector API ({@code jdk.incubator.vector}): tensors are
 * plain row-major {@code float[]}/{@code double[]} arrays, gemm is a register-blocked SIMD kernel
 * with packing and cache blocking, split over a small pool of daemon threads for large products.
 *
 * <p>Select it with {@code -Drnn4j.backend=simd}; it is the default (priority 200) whenever the JVM
 * runs with {@code --add-modules jdk.incubator.vector}. Without that flag it reports itself
 * unavailable, naming the flag, and discovery falls back to the next backend. The JVM prints
 * {@code WARNING: Using incubator modules: jdk.incubator.vector} to standard error at start-up when
 * the flag is given. Threads: {@code -Drnn4j.simd.threads=N} (default: available processors; at most 4 per
 * processor, {@link org.rnn4j.backend.simd.SimdBackend#maxThreads()}).
 * Vector width: the CPU's widest (512 bits with AVX-512) or {@code -Drnn4j.simd.vectorBits=256}.
 * Limits: no views (row blocks move with {@code copyRowsInto}); FLOAT64 tanh is {@link Math#tanh}.
 */
package org.rnn4j.backend.simd;
