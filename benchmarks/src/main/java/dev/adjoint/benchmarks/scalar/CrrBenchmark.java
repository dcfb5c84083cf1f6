package dev.adjoint.benchmarks.scalar;

import dev.adjoint.benchmarks.Workloads;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Workload 8: the American put on a 500-level binomial tree ({@link CrrModel}). Method names
 * follow the convention of {@code dev.adjoint.benchmarks.Report}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CrrBenchmark {
  private final Workloads.Crr in = Workloads.crr();
  private final double[] v = in.direction();

  @Benchmark
  public double primal() {
    return CrrModel.americanPut(in.s0(), in.k(), in.r(), in.sigma(), in.t(), in.steps());
  }

  @Benchmark
  public CrrModelDerivatives.AmericanPutGradient reverse() {
    return CrrModelDerivatives.americanPutGradient(in.s0(), in.k(), in.r(), in.sigma(), in.t(), in.steps());
  }

  @Benchmark
  public CrrModelDerivatives.AmericanPutTangent forward() {
    return CrrModelDerivatives.americanPutJvp(in.s0(), in.k(), in.r(), in.sigma(), in.t(), in.steps(),
        v[0], v[1], v[2], v[3], v[4]);
  }

  @Benchmark
  public HandWritten.CrrGradient handWritten() {
    return HandWritten.crr(in.s0(), in.k(), in.r(), in.sigma(), in.t(), in.steps());
  }

  /** The same source on the scalar dynamic tape ({@code -Aadjoint.fallback=always}). */
  @Benchmark
  public dev.adjoint.benchmarks.scalar.taped.CrrModelDerivatives.AmericanPutGradient tape() {
    return dev.adjoint.benchmarks.scalar.taped.CrrModelDerivatives.americanPutGradient(in.s0(), in.k(), in.r(),
        in.sigma(), in.t(), in.steps());
  }
}
