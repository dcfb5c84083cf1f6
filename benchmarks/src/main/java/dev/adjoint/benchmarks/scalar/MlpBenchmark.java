package dev.adjoint.benchmarks.scalar;

import dev.adjoint.benchmarks.Workloads;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import java.util.concurrent.TimeUnit;

/**
 * Workload 3: the 64-64-1 tanh MLP in scalar loops, mean squared error over a batch of 32 rows.
 * Method names follow the convention of {@code dev.adjoint.benchmarks.Report}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class MlpBenchmark {
  private final Workloads.Mlp in = Workloads.mlp();
  private final MlpRecordModel model = new MlpRecordModel(in.w1(), in.b1(), in.w2(), in.b2());
  private final MlpRecordModel.Unit[] units = units(in);

  public static MlpRecordModel.Unit[] units(Workloads.Mlp in) {
    MlpRecordModel.Unit[] units = new MlpRecordModel.Unit[in.b1().length];
    for (int k = 0; k < units.length; k++) {
      units[k] = new MlpRecordModel.Unit(in.w1()[k], in.b1()[k], in.w2()[k]);
    }
    return units;
  }

  @Benchmark
  public double primal() {
    return MlpModel.loss(in.w1(), in.b1(), in.w2(), in.b2(), in.x(), in.y());
  }

  @Benchmark
  public MlpModelDerivatives.LossGradient reverse() {
    return MlpModelDerivatives.lossGradient(in.w1(), in.b1(), in.w2(), in.b2(), in.x(), in.y());
  }

  /** The same model as a record with an instance {@code loss}: the gradient is a record too. */
  @Benchmark
  public MlpRecordModelDerivatives.LossGradient recordReverse() {
    return MlpRecordModelDerivatives.lossGradient(model, in.x(), in.y());
  }

  /** The hidden units as an array of records ({@code Unit[]}): a gradient array of records. */
  @Benchmark
  public MlpRecordModelDerivatives.UnitsLossGradient recordArrayReverse() {
    return MlpRecordModelDerivatives.unitsLossGradient(units, in.b2(), in.x(), in.y());
  }

  @Benchmark
  public MlpModelDerivatives.LossTangent forward() {
    return MlpModelDerivatives.lossJvp(in.w1(), in.b1(), in.w2(), in.b2(), in.x(), in.y(),
        in.dw1(), in.db1(), in.dw2(), in.db2());
  }

  @Benchmark
  public HandWritten.MlpGradient handWritten() {
    return HandWritten.mlp(in.w1(), in.b1(), in.w2(), in.b2(), in.x(), in.y());
  }

  /** The same source on the scalar dynamic tape ({@code -Aadjoint.fallback=always}). */
  @Benchmark
  public dev.adjoint.benchmarks.scalar.taped.MlpModelDerivatives.LossGradient tape() {
    return dev.adjoint.benchmarks.scalar.taped.MlpModelDerivatives.lossGradient(in.w1(), in.b1(), in.w2(), in.b2(), in.x(), in.y());
  }
}
