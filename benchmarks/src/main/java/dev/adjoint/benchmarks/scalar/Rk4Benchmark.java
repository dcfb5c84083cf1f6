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
 * Workload 7: the RK4 Lotka–Volterra fit ({@link Rk4Model}), 1000 steps. Method names follow the
 * convention of {@code dev.adjoint.benchmarks.Report}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class Rk4Benchmark {
  private final Workloads.Rk4 in = Workloads.rk4();
  private final double[] v = in.direction();

  @Benchmark
  public double primal() {
    return Rk4Model.misfit(in.a(), in.b(), in.c(), in.d(), in.x0(), in.y0(), in.h(), in.observed());
  }

  @Benchmark
  public Rk4ModelDerivatives.MisfitGradient reverse() {
    return Rk4ModelDerivatives.misfitGradient(in.a(), in.b(), in.c(), in.d(), in.x0(), in.y0(), in.h(),
        in.observed());
  }

  @Benchmark
  public Rk4ModelDerivatives.MisfitTangent forward() {
    return Rk4ModelDerivatives.misfitJvp(in.a(), in.b(), in.c(), in.d(), in.x0(), in.y0(), in.h(), in.observed(),
        v[0], v[1], v[2], v[3], v[4], v[5]);
  }

  @Benchmark
  public HandWritten.Rk4Gradient handWritten() {
    return HandWritten.rk4(in.a(), in.b(), in.c(), in.d(), in.x0(), in.y0(), in.h(), in.observed());
  }

  /** The same model with the right-hand side in two scalar helpers ({@link Rk4HelperModel#misfit}). */
  @Benchmark
  public Rk4HelperModelDerivatives.MisfitGradient reverseHelpers() {
    return Rk4HelperModelDerivatives.misfitGradient(in.a(), in.b(), in.c(), in.d(), in.x0(), in.y0(), in.h(),
        in.observed());
  }

  /** The same model with the right-hand side in a helper returning a fresh array ({@link Rk4HelperModel#misfitArray}). */
  @Benchmark
  public Rk4HelperModelDerivatives.MisfitArrayGradient reverseArrayHelper() {
    return Rk4HelperModelDerivatives.misfitArrayGradient(in.a(), in.b(), in.c(), in.d(), in.x0(), in.y0(), in.h(),
        in.observed());
  }

  /** The same source on the scalar dynamic tape ({@code -Aadjoint.fallback=always}). */
  @Benchmark
  public dev.adjoint.benchmarks.scalar.taped.Rk4ModelDerivatives.MisfitGradient tape() {
    return dev.adjoint.benchmarks.scalar.taped.Rk4ModelDerivatives.misfitGradient(in.a(), in.b(), in.c(), in.d(),
        in.x0(), in.y0(), in.h(), in.observed());
  }
}
