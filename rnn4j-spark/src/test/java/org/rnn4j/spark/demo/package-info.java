/**
 * Runnable programs of rnn4j-spark (not tests): {@link org.rnn4j.spark.demo.SineOnSpark}, the sine
 * task trained through {@link org.rnn4j.spark.SparkTrainer} on {@code local[*]}, and
 * {@link org.rnn4j.spark.demo.SparkBenchmark}, the cost of a global step. They live in the test
 * sources so that Spark (a provided dependency) reaches no other module's class path; the module's
 * README gives the one command that runs each.
 */
package org.rnn4j.spark.demo;
