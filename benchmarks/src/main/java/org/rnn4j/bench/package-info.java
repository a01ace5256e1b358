/**
 * JMH benchmarks of the rnn4j backends. Build with {@code ./mvnw -B -pl benchmarks -am package
 * -DskipTests} and run {@code java -jar benchmarks/target/benchmarks.jar}. Shared JMH settings live
 * in {@link org.rnn4j.bench.BenchmarkBase}.
 */
package org.rnn4j.bench;
