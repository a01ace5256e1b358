/**
 * The backend service-provider interface: what a matrix library must supply for rnn4j to run on it.
 *
 * <p>{@link org.rnn4j.spi.Backend} is the factory for tensors and the set of bulk operations
 * the recurrent network needs (one gemm with transpose flags and alpha/beta, plus element-wise
 * and reduction ops). Operations write into caller-provided outputs, check shapes, dtypes and
 * owners before writing anything, and throw {@link java.lang.IllegalArgumentException} naming
 * what did not match (see {@link org.rnn4j.spi.TensorChecks}, which every backend should use so
 * that messages agree).
 *
 * <p>{@link org.rnn4j.spi.BackendProvider} is the {@link java.util.ServiceLoader} type a backend
 * registers (in {@code META-INF/services} and with {@code provides} in its {@code module-info});
 * {@link org.rnn4j.spi.Backends} discovers the providers and chooses one.
 */
package org.rnn4j.spi;
