package dev.adjoint.processor.fuzz;

import dev.adjoint.processor.testing.CompiledSources;
import org.junit.jupiter.api.Test;

/** Failures the differential fuzzer found, each shrunk to a minimal method. */
class FuzzRegressionTest {
  /**
   * Seed 7, program P130 (DoubleStack.pop on an empty stack; shrunk, a wrong gradient): an if
   * inside a loop whose only statement stores into an array was taken for "no work", so its
   * decision went into one flag for all iterations instead of onto the stack.
   */
  @Test
  void ifThatOnlyStoresIntoAnArrayInsideALoop() {
    CompiledSources compiled = CompiledSources.compile(CompiledSources.source("fz.StoreInIf", """
        package fz;

        import dev.adjoint.Differentiable;

        final class StoreInIf {
          @Differentiable
          static double f(double x, double y) {
            double v = x;
            double[] t = new double[3];
            for (int i = 0; i < 5; i++) {
              if (v < y) {
                t[i % 3] += Math.atan(0.1 * i + x);
              }
              v = Math.tanh(x + 0.1 * i);
            }
            return t[2] + t[0];
          }
        }
        """));
    // v < y holds in some iterations and not in others at each point.
    compiled.check("fz.StoreInIf", "f").at(-0.9721056151139893, -0.7611131823372441).at(-0.5, -0.45).at(0.1, 0.15);
  }
}
