/**
 * The backend conformance kit: contract tests written once, which every backend (rnn4j's own or
 * a third party's) runs from its own test phase by extending {@link org.rnn4j.testkit.BackendContract}:
 *
 * <pre>{@code
 * class MyBackendConformanceTest extends BackendContract {
 *     protected Backend createBackend() { return new MyBackend(); }
 * }
 * }</pre>
 *
 * Every operation is compared with {@link org.rnn4j.testkit.Reference}, a deliberately naive
 * plain-Java implementation, on shapes from 1×1 to sizes that reach a library's blocked kernels,
 * in FLOAT32 and FLOAT64. The kit also pins the error messages of bad calls, checks that rejected
 * calls leave their outputs untouched, that unsafe aliasing and foreign tensors are refused, and
 * that operations allocate nothing. {@link org.rnn4j.testkit.Allocations} is that measurement, for a
 * backend's or a model's own tests of code that must not allocate after warm-up.
 */
package org.rnn4j.testkit;
