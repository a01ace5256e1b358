/**
 * Data-parallel training of rnn4j models on Apache Spark: {@link org.rnn4j.spark.SparkTrainer}
 * trains an {@link org.rnn4j.core.Rnn} on a DataFrame or an RDD of
 * {@link org.rnn4j.spark.LabeledSequence}, either exactly (gradients reduced every global step: the
 * same bits on any number of executors) or by parameter averaging every k steps
 * ({@link org.rnn4j.spark.Sync}). Spark is a provided dependency: the cluster brings its own.
 */
package org.rnn4j.spark;
