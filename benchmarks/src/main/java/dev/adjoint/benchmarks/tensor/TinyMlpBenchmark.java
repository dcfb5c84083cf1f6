package dev.adjoint.benchmarks.tensor;

import dev.adjoint.Tensor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Workload 9: the 2-4-1 network on one sample ({@link TinyMlp}). Method names follow the
 * convention of {@code dev.adjoint.benchmarks.Report}; {@code tape} is a training step's gradient
 * on the dynamic tape (zero the leaves' gradients, forward, {@code backward()}).
 */
@State(Scope.Benchmark)
@Fork(jvmArgsPrepend = TensorWorkloads.VECTOR_MODULE)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class TinyMlpBenchmark {
  private final TensorWorkloads.Mlp in = TensorWorkloads.tinyMlp(8);
  private final Tensor w1 = in.w1().detach().requiresGrad(true);
  private final Tensor b1 = in.b1().detach().requiresGrad(true);
  private final Tensor w2 = in.w2().detach().requiresGrad(true);
  private final Tensor b2 = in.b2().detach().requiresGrad(true);

  @Benchmark
  public Tensor primal() {
    return TinyMlp.loss(in.x(), in.w1(), in.b1(), in.w2(), in.b2(), in.y());
  }

  @Benchmark
  public TinyMlpDerivatives.LossGradient reverse() {
    return TinyMlpDerivatives.lossGradient(in.x(), in.w1(), in.b1(), in.w2(), in.b2(), in.y());
  }

  @Benchmark
  public TinyMlpDerivatives.LossTangent forward() {
    return TinyMlpDerivatives.lossJvp(in.x(), in.w1(), in.b1(), in.w2(), in.b2(), in.y(),
        in.dw1(), in.db1(), in.dw2(), in.db2());
  }

  @Benchmark
  public TinyMlpHandWritten.Gradient handWritten() {
    return TinyMlpHandWritten.gradient(in.x(), in.w1(), in.b1(), in.w2(), in.b2(), in.y());
  }

  @Benchmark
  public Tensor tape() {
    return tapeStep(in, w1, b1, w2, b2);
  }

  /** One training step's gradient on the tape; the gradients are left in the leaves' {@code .grad}. */
  static Tensor tapeStep(TensorWorkloads.Mlp in, Tensor w1, Tensor b1, Tensor w2, Tensor b2) {
    w1.zeroGrad();
    b1.zeroGrad();
    w2.zeroGrad();
    b2.zeroGrad();
    Tensor loss = TinyMlp.loss(in.x(), w1, b1, w2, b2, in.y());
    loss.backward();
    return loss;
  }
}
