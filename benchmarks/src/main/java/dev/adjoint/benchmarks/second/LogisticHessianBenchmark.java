package dev.adjoint.benchmarks.second;

import dev.adjoint.benchmarks.Workloads;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The logistic loss with n = 100 differentiated values (99 weights and the bias, 100 rows): the
 * Hessian ÷ one Hessian-vector product; target ≤ n.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class LogisticHessianBenchmark {
  private final Workloads.Logistic in = Workloads.logistic(Workloads.LOGISTIC_ROWS, Workloads.HESSIAN_N - 1, 4);

  @Benchmark
  public SecondOrderModelsDerivatives.LossHvp hvp() {
    return SecondOrderModelsDerivatives.lossHvp(in.w(), in.b(), in.x(), in.y(), in.dw(), in.db());
  }

  @Benchmark
  public double[][] hessian() {
    return SecondOrderModelsDerivatives.lossHessian(in.w(), in.b(), in.x(), in.y());
  }
}
