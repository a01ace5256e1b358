package org.rnn4j.spark;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** A test class on Spark {@code local[2]}, started once for the class and stopped after it. */
abstract class SparkTestBase {
    static SparkSession spark;

    @BeforeAll
    static void startSpark() {
        spark = LocalSpark.start("local[2]");
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
    }
}
