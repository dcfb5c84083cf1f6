package dev.adjoint.processor;

import static dev.adjoint.processor.testing.CompiledSources.source;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.processor.testing.CompiledSources;
import java.lang.reflect.Constructor;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Generic {@code @Differentiable} methods and instance methods of generic classes: the companion's
 * methods declare the same type variables (bounds included), on the static path, on the tape, at
 * second order, and for a method split into a frame class. Checked numerically.
 */
class GenericsTest {
  static final String CODE = """
      package gen;
      import dev.adjoint.Differentiable;
      import java.util.List;
      import java.util.Map;
      public final class Generics {
        @Differentiable(order = 2)
        public static <T extends Number> double scaled(double x, T scale) {
          return scale.doubleValue() * x * x;
        }
        @Differentiable
        public static <U extends Comparable<U>> double pick(double x, U a, U b) {
          return a.compareTo(b) < 0 ? Math.sin(x) : -x * x;
        }
        @Differentiable
        public static <K, V extends List<Double>> double weighted(double[] w, Map<K, V> table, K key) {
          V row = table.get(key);
          double s = 0;
          for (int i = 0; i < w.length; i++) s += w[i] * row.get(i);
          return s * s;
        }
        @Differentiable
        @SuppressWarnings("adjoint")
        public static <T extends Number> double taped(double x, T[] scales) {
          double y = 0;
          try {
            for (T s : scales) y += s.doubleValue() * Math.exp(x);
          } finally {
            y += 0.0;
          }
          return y;
        }
        public static final class Model<D extends Number> {
          private final D weight;
          public Model(D weight) { this.weight = weight; }
          @Differentiable
          public double loss(double x, Map<String, double[]> data) {
            double[] row = data.getOrDefault("a", new double[] {1.0, 0.5});
            return weight.doubleValue() * x * row[0] + row[1] * Math.cos(x);
          }
          @Differentiable
          @SuppressWarnings("adjoint")
          public double tapedLoss(double x) {
            double y = 0;
            try {
              y = weight.doubleValue() * Math.tanh(x);
            } finally {
              y += 0.0;
            }
            return y;
          }
        }
      }
      """;

  @Test
  void genericMethodsAndGenericClasses() throws Exception {
    CompiledSources compiled = CompiledSources.compile(source("gen.Generics", CODE));
    compiled.check("gen.Generics", "scaled").at(0.7, 3).at(-1.2, 2.5f);
    compiled.check("gen.Generics", "pick").at(0.7, "a", "b").at(0.7, 2, 1);
    compiled.check("gen.Generics", "weighted").at(new double[] {0.5, -1.0}, Map.of("k", java.util.List.of(2.0, 3.0)), "k");
    compiled.check("gen.Generics", "taped").at(0.3, (Object) new Integer[] {1, 2}).at(-0.4, (Object) new Double[] {0.5});
    Constructor<?> model = compiled.load("gen.Generics$Model").getConstructor(Number.class);
    compiled.check("gen.Generics$Model", "loss").at(model.newInstance(2), 0.4, Map.of("a", new double[] {3.0, -1.0}));
    compiled.check("gen.Generics$Model", "tapedLoss").at(model.newInstance(1.5), 0.4);
    String generated = compiled.generatedSource("gen.GenericsDerivatives");
    assertTrue(generated.contains("public static <T extends Number> ScaledGradient scaledGradient(double x, T scale)"),
        generated);
    assertTrue(generated.contains("<U extends Comparable<U>>"), generated);
    Object hvp = compiled.load("gen.GenericsDerivatives").getMethod("scaledHvp", double.class, Number.class, double.class)
        .invoke(null, 0.7, 3, 1.0);
    Object second = hvp.getClass().getMethod("hvp").invoke(hvp);
    double d2 = (double) second.getClass().getMethod("x").invoke(second);
    org.junit.jupiter.api.Assertions.assertEquals(6.0, d2, 1e-12); // d²/dx² of 3 x²
  }

  @Test
  void splitIntoFrameClasses() throws Exception {
    CompiledSources compiled = CompiledSources.compileWithOptions(java.util.List.of("-Aadjoint.splitAbove=1"),
        source("gen.Generics", CODE));
    assertTrue(compiled.generatedSource("gen.GenericsDerivatives").contains("Frame<"));
    compiled.check("gen.Generics", "scaled").at(0.7, 3);
    compiled.check("gen.Generics", "weighted").at(new double[] {0.5, -1.0}, Map.of("k", java.util.List.of(2.0, 3.0)), "k");
    Constructor<?> model = compiled.load("gen.Generics$Model").getConstructor(Number.class);
    compiled.check("gen.Generics$Model", "loss").at(model.newInstance(2), 0.4, Map.of("a", new double[] {3.0, -1.0}));
  }
}
