package dev.adjoint.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.adjoint.processor.testing.CompiledSources.components;
import static dev.adjoint.processor.testing.CompiledSources.resource;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.Autograd;
import dev.adjoint.Tensor;
import dev.adjoint.processor.testing.CompiledSources;
import java.util.List;
import java.util.Random;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Tensor methods on the tape: the original method runs with fresh leaves; reverse mode by backward
 * with the seed, forward mode by double backward. Checked against finite differences and the
 * dot-product test, and (forced) against the static code of the tensor sources.
 */
@SuppressWarnings("try") // NoGrad scopes whose variable the body never reads are what these tests exercise
class TensorFallbackTest {
  private static final JavaFileObject SOURCE = resource("tfb.TensorFallbacks", "TensorFallbacks.java.txt");
  private static final Random RANDOM = new Random(7);
  private static CompiledSources compiled;

  @BeforeAll
  static void compile() {
    compiled = CompiledSources.compile(SOURCE);
  }

  private static Tensor uniform(int... shape) {
    return Tensor.rand(RANDOM, shape).mul(2).sub(1);
  }

  @Test
  void notesOnTheConstructsLines() {
    assertThat(compiled.compilation()).hadWarningContaining("tryFinally runs on the dynamic tape: a try at line 13")
        .inFile(SOURCE).onLine(13);
    // a helper of the same class is inlined: no tape
    assertThat(compiled.compilation()).hadNoteContaining("helper: reverse and forward mode w.r.t. x, w");
    assertThat(compiled.compilation()).hadWarningContaining("stream runs on the dynamic tape:")
        .inFile(SOURCE).onLineContaining("IntStream.range(1, 4)");
    assertThat(compiled.compilation()).hadWarningContaining("recursion runs on the dynamic tape:")
        .inFile(SOURCE).onLineContaining("return n == 0 ? x : repeat(x.sin().mul(x), n - 1);");
  }

  @Test
  void derivativesAgreeWithFiniteDifferencesAndForwardMode() {
    compiled.check("tfb.TensorFallbacks", "tryFinally").at(uniform(2, 3), uniform(3, 2));
    compiled.check("tfb.TensorFallbacks", "helper").at(uniform(2, 3), uniform(3, 4));
    compiled.check("tfb.TensorFallbacks", "stream").at(uniform(2, 3));
    compiled.check("tfb.TensorFallbacks", "recursion").at(uniform(3), uniform(2), 3).at(uniform(3), uniform(2), 0);
  }

  /** d/dx sum(sigmoid(x w)) = s(1 - s) w^T, by hand, for 1x1 operands. */
  @Test
  void closedForm() throws Exception {
    Object[] g = components(call("tryFinallyGradient", Tensor.of(new double[][] {{0.5}}),
        Tensor.of(new double[][] {{-2.0}})));
    double s = 1 / (1 + Math.exp(1.0));
    assertArrayEquals(new double[] {s}, ((Tensor) g[0]).toArray(), 1e-12);
    assertArrayEquals(new double[] {s * (1 - s) * -2.0}, ((Tensor) g[1]).toArray(), 1e-12);
    assertArrayEquals(new double[] {s * (1 - s) * 0.5}, ((Tensor) g[2]).toArray(), 1e-12);
  }

  /** The caller's tensors keep requiresGrad and grad; an unused input gets zeros; noGrad callers still get gradients. */
  @Test
  void callerTensorsUntouchedUnusedInputZeroAndNoGradCaller() throws Exception {
    Tensor x = uniform(3).requiresGrad(true);
    Tensor unused = uniform(2);
    Object[] g;
    try (var off = Autograd.noGrad()) {
      g = components(call("recursionVjp", x, unused, 2, Tensor.ones(3)));
    }
    assertTrue(x.requiresGrad());
    assertNull(x.grad());
    assertTrue(!unused.requiresGrad());
    assertTrue(!((Tensor) g[0]).requiresGrad());
    Tensor tangent = (Tensor) components(call("recursionJvp", x, unused, 0, Tensor.ones(3)))[1];
    assertArrayEquals(new double[] {1, 1, 1}, tangent.toArray(), 1e-12); // identity for n = 0
    assertNull(x.grad());
  }

  @Test
  void forcedFallbackOnTheTensorSourcesIsRight() {
    CompiledSources forced = CompiledSources.compileWithOptions(List.of("-Aadjoint.fallback=always"),
        resource("tens.TensorOps", "TensorOps.java.txt"));
    assertThat(forced.compilation()).hadNoteContaining("matmul runs on the dynamic tape (forced by");
    long taped = forced.compilation().diagnostics().stream()
        .filter(d -> d.getMessage(null).contains("runs on the dynamic tape (forced by")).count();
    System.out.println("TensorOps methods on the tape when forced: " + taped);
    assertTrue(taped >= 30, "only " + taped + " TensorOps methods ran on the tape");
    TensorOpsTest.points().forEach(a -> forced.check("tens.TensorOps", (String) a.get()[0]).at((Object[]) a.get()[1]));
  }

  private static Object call(String name, Object... args) throws Exception {
    return compiled.companionMethod("tfb.TensorFallbacks", name).invoke(null, args);
  }
}
