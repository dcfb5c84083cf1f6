package dev.adjoint.benchmarks.second;

import dev.adjoint.benchmarks.Workloads;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** Workload 2 (n = 1000): Hessian-vector product ÷ gradient; target ≤ 4. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RosenbrockHvpBenchmark {
  private final Workloads.Rosenbrock in = Workloads.rosenbrock();

  @Benchmark
  public SecondOrderModelsDerivatives.RosenbrockGradient reverse() {
    return SecondOrderModelsDerivatives.rosenbrockGradient(in.x());
  }

  @Benchmark
  public SecondOrderModelsDerivatives.RosenbrockHvp hvp() {
    return SecondOrderModelsDerivatives.rosenbrockHvp(in.x(), in.dx());
  }
}
