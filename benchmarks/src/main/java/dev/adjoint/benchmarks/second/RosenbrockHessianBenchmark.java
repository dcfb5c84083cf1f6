package dev.adjoint.benchmarks.second;

import dev.adjoint.benchmarks.Workloads;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** The extended Rosenbrock function of n = 100 variables: the Hessian ÷ one Hessian-vector product; target ≤ n. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RosenbrockHessianBenchmark {
  private final Workloads.Rosenbrock in = Workloads.rosenbrock(Workloads.HESSIAN_N, 5);

  @Benchmark
  public SecondOrderModelsDerivatives.RosenbrockHvp hvp() {
    return SecondOrderModelsDerivatives.rosenbrockHvp(in.x(), in.dx());
  }

  @Benchmark
  public double[][] hessian() {
    return SecondOrderModelsDerivatives.rosenbrockHessian(in.x());
  }
}
