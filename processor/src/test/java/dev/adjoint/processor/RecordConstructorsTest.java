package dev.adjoint.processor;

import static dev.adjoint.processor.testing.CompiledSources.source;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.adjoint.processor.testing.CompiledSources;
import java.lang.reflect.InvocationTargetException;
import org.junit.jupiter.api.Test;

/**
 * Records whose canonical constructor is written in the source (compact, with validation, or with
 * its parameter list) in a class the processor reads. javac's attribution during annotation
 * processing inserts {@code super()} into them and, before the fix of JDK-8387215, the next round
 * rejected the user's correct record as "invalid canonical constructor"; the processor takes the
 * call back. These sources compile (the companions make a second round) and their gradients are
 * checked numerically.
 */
class RecordConstructorsTest {
  private static final String NORMAL = """
      package rc;
      import dev.adjoint.Differentiable;
      public record Normal(double mu, double sigma) {
        public Normal {
          if (!(sigma > 0)) throw new IllegalArgumentException("sigma must be positive: " + sigma);
        }
        public Normal(double sigma) { this(0.0, sigma); }
        @Differentiable
        public double nll(double[] data) {
          double s = 0;
          for (double d : data) {
            double z = (d - mu) / sigma;
            s += 0.5 * z * z + Math.log(sigma);
          }
          return s;
        }
      }
      """;

  private static final String MODEL = """
      package rc;
      import dev.adjoint.Differentiable;
      public class Model {
        // an explicit canonical constructor (the processor does not differentiate through it)
        record Interval(double lo, double hi) {
          Interval(double lo, double hi) {
            if (lo > hi) throw new IllegalArgumentException("empty interval");
            this.lo = lo;
            this.hi = hi;
          }
        }
        record Scale(double factor) {
          Scale { factor = Math.abs(factor); }
        }
        static Interval of(double a, double b) { return new Interval(Math.min(a, b), Math.max(a, b)); }
        @Differentiable
        static double width(double a, double b) {
          Scale s = new Scale(-2.0);
          return (Math.max(a, b) - Math.min(a, b)) * s.factor() * a;
        }
      }
      """;

  @Test
  void compactAndExplicitCanonicalConstructorsStillCompile() throws Exception {
    CompiledSources compiled = CompiledSources.compile(source("rc.Normal", NORMAL), source("rc.Model", MODEL));
    Object normal = compiled.load("rc.Normal").getConstructor(double.class, double.class).newInstance(0.3, 1.4);
    compiled.check("rc.Normal", "nll").at(normal, new double[] {0.1, -0.7, 2.2});
    compiled.check("rc.Model", "width").at(0.4, 1.9).at(2.5, -0.5);
    // the constructors run as written: validation, delegation, reassigned compact parameters
    InvocationTargetException e = assertThrows(InvocationTargetException.class,
        () -> compiled.load("rc.Normal").getConstructor(double.class, double.class).newInstance(0.0, -1.0));
    assertEquals("sigma must be positive: -1.0", e.getCause().getMessage());
    Object delegated = compiled.load("rc.Normal").getConstructor(double.class).newInstance(2.0);
    assertEquals(0.0, (double) delegated.getClass().getMethod("mu").invoke(delegated));
    java.lang.reflect.Method width = compiled.load("rc.Model").getDeclaredMethod("width", double.class, double.class);
    width.setAccessible(true);
    assertEquals(2.0 * 1.5 * 1.5, (double) width.invoke(null, 1.5, 0.0), 0.0);
    java.lang.reflect.Method of = compiled.load("rc.Model").getDeclaredMethod("of", double.class, double.class);
    of.setAccessible(true);
    assertEquals("Interval[lo=-1.0, hi=3.0]", of.invoke(null, 3.0, -1.0).toString());
  }
}
