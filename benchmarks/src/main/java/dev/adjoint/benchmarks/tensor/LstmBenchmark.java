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
 * Workload 10: the LSTM over 32 steps ({@link Lstm}). Method names follow the convention of
 * {@code dev.adjoint.benchmarks.Report}; {@code tape} is a training step's gradient on the
 * dynamic tape.
 */
@State(Scope.Benchmark)
@Fork(jvmArgsPrepend = TensorWorkloads.VECTOR_MODULE)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class LstmBenchmark {
  private final TensorWorkloads.LstmInputs in = TensorWorkloads.lstm();
  private final Tensor[] p = in.parameters();
  private final Tensor[] d = in.directions();
  private final Tensor[] leaves = leaves(p);

  static Tensor[] leaves(Tensor[] p) {
    Tensor[] leaves = new Tensor[p.length];
    for (int i = 0; i < p.length; i++) {
      leaves[i] = p[i].detach().requiresGrad(true);
    }
    return leaves;
  }

  static Tensor loss(TensorWorkloads.LstmInputs in, Tensor[] p) {
    return Lstm.loss(in.xs(), p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8], p[9], p[10], p[11], p[12],
        p[13], in.target());
  }

  static LstmDerivatives.LossGradient gradient(TensorWorkloads.LstmInputs in, Tensor[] p) {
    return LstmDerivatives.lossGradient(in.xs(), p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8], p[9], p[10],
        p[11], p[12], p[13], in.target());
  }

  static LstmDerivatives.LossTangent tangent(TensorWorkloads.LstmInputs in, Tensor[] p, Tensor[] d) {
    return LstmDerivatives.lossJvp(in.xs(), p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8], p[9], p[10],
        p[11], p[12], p[13], in.target(), d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7], d[8], d[9], d[10], d[11],
        d[12], d[13]);
  }

  /** One training step's gradient on the tape; the gradients are left in the leaves' {@code .grad}. */
  static Tensor tapeStep(TensorWorkloads.LstmInputs in, Tensor[] leaves) {
    for (Tensor leaf : leaves) {
      leaf.zeroGrad();
    }
    Tensor loss = loss(in, leaves);
    loss.backward();
    return loss;
  }

  @Benchmark
  public Tensor primal() {
    return loss(in, p);
  }

  @Benchmark
  public LstmDerivatives.LossGradient reverse() {
    return gradient(in, p);
  }

  @Benchmark
  public LstmDerivatives.LossTangent forward() {
    return tangent(in, p, d);
  }

  @Benchmark
  public LstmHandWritten.Gradient handWritten() {
    return LstmHandWritten.gradient(in.xs(), p, in.target());
  }

  @Benchmark
  public Tensor tape() {
    return tapeStep(in, leaves);
  }
}
