package dev.adjoint.spark;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/** One local[2] session for all test classes of the surefire JVM (starting one takes seconds). */
public final class LocalSpark {
  private LocalSpark() {}

  private static SparkSession session;

  public static synchronized SparkSession session() {
    if (session == null) {
      session = SparkSession.builder()
          .appName("adjoint-spark tests")
          .master("local[2]")
          .config("spark.ui.enabled", "false")
          .config("spark.sql.shuffle.partitions", "4")
          .config("spark.driver.host", "127.0.0.1")
          .config("spark.driver.bindAddress", "127.0.0.1")
          .getOrCreate();
      SparkSession started = session;
      Runtime.getRuntime().addShutdownHook(new Thread(started::stop));
    }
    return session;
  }

  public static JavaSparkContext context() {
    return JavaSparkContext.fromSparkContext(session().sparkContext());
  }
}
