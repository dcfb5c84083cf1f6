package dev.adjoint.benchmarks.second;

import dev.adjoint.benchmarks.Workloads;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** Workload 1 (100 rows × 1000 features): Hessian-vector product ÷ gradient; target ≤ 4. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class LogisticHvpBenchmark {
  private final Workloads.Logistic in = Workloads.logistic();

  @Benchmark
  public SecondOrderModelsDerivatives.LossGradient reverse() {
    return SecondOrderModelsDerivatives.lossGradient(in.w(), in.b(), in.x(), in.y());
  }

  @Benchmark
  public SecondOrderModelsDerivatives.LossHvp hvp() {
    return SecondOrderModelsDerivatives.lossHvp(in.w(), in.b(), in.x(), in.y(), in.dw(), in.db());
  }
}
