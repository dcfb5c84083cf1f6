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
 * Workloads 2 and 6b: the extended Rosenbrock function, n = 1000.
 * Method names follow the convention of {@code dev.adjoint.benchmarks.Report}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RosenbrockBenchmark {
  private final Workloads.Rosenbrock in = Workloads.rosenbrock();

  @Benchmark
  public double primal() {
    return RosenbrockModel.rosenbrock(in.x());
  }

  @Benchmark
  public RosenbrockModelDerivatives.RosenbrockGradient reverse() {
    return RosenbrockModelDerivatives.rosenbrockGradient(in.x());
  }

  @Benchmark
  public RosenbrockModelDerivatives.RosenbrockTangent forward() {
    return RosenbrockModelDerivatives.rosenbrockJvp(in.x(), in.dx());
  }

  @Benchmark
  public HandWritten.RosenbrockGradient handWritten() {
    return HandWritten.rosenbrock(in.x());
  }

  /** The same source on the scalar dynamic tape ({@code -Aadjoint.fallback=always}). */
  @Benchmark
  public dev.adjoint.benchmarks.scalar.taped.RosenbrockModelDerivatives.RosenbrockGradient tape() {
    return dev.adjoint.benchmarks.scalar.taped.RosenbrockModelDerivatives.rosenbrockGradient(in.x());
  }

  /** Hipparchus {@code Gradient} with one free parameter along dx: the same JVP as {@link #forward}. */
  @Benchmark
  public Gradient hipparchus() {
    return HipparchusForward.rosenbrock(in.x(), in.dx());
  }
}
