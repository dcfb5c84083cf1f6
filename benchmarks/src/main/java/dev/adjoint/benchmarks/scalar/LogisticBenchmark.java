package dev.adjoint.benchmarks.scalar;

import dev.adjoint.benchmarks.Workloads;
import org.hipparchus.analysis.differentiation.Gradient;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import java.util.concurrent.TimeUnit;

/**
 * Workloads 1 and 6a: the logistic loss of {@link Workloads#LOGISTIC_ROWS} rows × 1000 features.
 * Method names follow the convention of {@code dev.adjoint.benchmarks.Report}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class LogisticBenchmark {
  private final Workloads.Logistic in = Workloads.logistic();

  @Benchmark
  public double primal() {
    return LogisticModel.loss(in.w(), in.b(), in.x(), in.y());
  }

  @Benchmark
  public LogisticModelDerivatives.LossGradient reverse() {
    return LogisticModelDerivatives.lossGradient(in.w(), in.b(), in.x(), in.y());
  }

  @Benchmark
  public LogisticModelDerivatives.LossTangent forward() {
    return LogisticModelDerivatives.lossJvp(in.w(), in.b(), in.x(), in.y(), in.dw(), in.db());
  }

  @Benchmark
  public HandWritten.LogisticGradient handWritten() {
    return HandWritten.logistic(in.w(), in.b(), in.x(), in.y());
  }

  /** The same source on the scalar dynamic tape ({@code -Aadjoint.fallback=always}). */
  @Benchmark
  public dev.adjoint.benchmarks.scalar.taped.LogisticModelDerivatives.LossGradient tape() {
    return dev.adjoint.benchmarks.scalar.taped.LogisticModelDerivatives.lossGradient(in.w(), in.b(), in.x(), in.y());
  }

  /** Hipparchus {@code Gradient} with one free parameter along (dw, db): the same JVP as {@link #forward}. */
  @Benchmark
  public Gradient hipparchus() {
    return HipparchusForward.logistic(in.w(), in.b(), in.x(), in.y(), in.dw(), in.db());
  }
}
