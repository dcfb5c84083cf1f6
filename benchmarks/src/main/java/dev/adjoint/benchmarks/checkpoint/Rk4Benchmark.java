package dev.adjoint.benchmarks.checkpoint;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * An RK4 trajectory of {@code steps} steps ({@link Rk4Model}): the gradient with the step inlined
 * ({@code reverse}), with the step {@code @Checkpoint}ed ({@code checkpointed}) and with the loop
 * checkpointed binomially, at most 20 states kept ({@code binomial}). Run with
 * {@code -prof gc}: the bytes allocated per call are the reverse sweep's stacks (they grow by
 * doubling, so what they keep at the turn is about half of what they allocate).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class Rk4Benchmark {
  static final double Y0 = 0.7;
  static final double K = 1.3;

  @Param({"1000", "10000", "100000", "1000000"})
  public int steps;

  /** The step size: the trajectory covers t in [0, 10]. */
  double h() {
    return 10.0 / steps;
  }

  @Benchmark
  public double primal() {
    return Rk4Model.trajectory(Y0, K, h(), steps);
  }

  @Benchmark
  public Rk4ModelDerivatives.PlainTrajectoryGradient reverse() {
    return Rk4ModelDerivatives.plainTrajectoryGradient(Y0, K, h(), steps);
  }

  @Benchmark
  public Rk4ModelDerivatives.TrajectoryGradient checkpointed() {
    return Rk4ModelDerivatives.trajectoryGradient(Y0, K, h(), steps);
  }

  @Benchmark
  public Rk4ModelDerivatives.BinomialTrajectoryGradient binomial() {
    return Rk4ModelDerivatives.binomialTrajectoryGradient(Y0, K, h(), steps);
  }
}
