package dev.adjoint.processor;

import static dev.adjoint.processor.testing.CompiledSources.source;

import dev.adjoint.processor.testing.CompiledSources;
import org.junit.jupiter.api.Test;

class SmokeTest {
  @Test
  void simple() {
    CompiledSources c = CompiledSources.compile(source("p.M", """
        package p;
        import dev.adjoint.Differentiable;
        class M {
          @Differentiable
          static double f(double x, double y) {
            double z = x * y;
            if (z > 1) {
              z = Math.sin(z);
            }
            return z + x;
          }
        }
        """));
    System.out.println(c.generatedSource("p.MDerivatives"));
    c.check("p.M", "f").at(1.5, 2.0).at(0.3, 0.2);
  }
}
