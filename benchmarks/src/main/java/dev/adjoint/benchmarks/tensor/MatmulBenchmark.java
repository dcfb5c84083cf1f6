package dev.adjoint.benchmarks.tensor;

import dev.adjoint.Tensor;
import java.util.concurrent.TimeUnit;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Workload 5: a 512×512 by 512×512 product, {@link Tensor#matmul} (allocates its result; shares
 * the rows between the available cores) against EJML's {@code CommonOps_DDRM.mult}
 * (single-threaded, writes into a preallocated result) on the same values, in the same run;
 * {@code matmulOneCore} is the same call in a JVM that sees one processor, the single-threaded
 * kernel the OpenBLAS comparison of the report is about. Every fork runs with {@code --add-modules
 * jdk.incubator.vector} (the Vector API kernel), but {@code matmulOneCorePlain}: one processor,
 * the kernel a JVM without that option runs.
 */
@State(Scope.Benchmark)
@Fork(jvmArgsPrepend = TensorWorkloads.VECTOR_MODULE)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class MatmulBenchmark {
  private final int n = TensorWorkloads.MATMUL_N;
  private final double[][] operands = TensorWorkloads.matmulOperands(n, 5);
  private final Tensor a = Tensor.of(operands[0], n, n);
  private final Tensor b = Tensor.of(operands[1], n, n);
  private final DMatrixRMaj ea = new DMatrixRMaj(n, n, true, operands[0]);
  private final DMatrixRMaj eb = new DMatrixRMaj(n, n, true, operands[1]);
  private final DMatrixRMaj ec = new DMatrixRMaj(n, n);

  @Benchmark
  public Tensor matmul() {
    return a.matmul(b);
  }

  /** {@link #matmul} in a fork told it has one processor: no split, the kernel alone. */
  @Benchmark
  @Fork(jvmArgsPrepend = TensorWorkloads.VECTOR_MODULE, jvmArgs = "-XX:ActiveProcessorCount=1")
  public Tensor matmulOneCore() {
    return a.matmul(b);
  }

  /**
   * {@link #matmulOneCore} on the plain, auto-vectorized kernel, as in a JVM without {@code
   * jdk.incubator.vector} (this prepend replaces the class's).
   */
  @Benchmark
  @Fork(jvmArgsPrepend = "-Dadjoint.simd=false", jvmArgs = "-XX:ActiveProcessorCount=1")
  public Tensor matmulOneCorePlain() {
    return a.matmul(b);
  }

  @Benchmark
  public DMatrixRMaj ejml() {
    CommonOps_DDRM.mult(ea, eb, ec);
    return ec;
  }
}
