package dev.adjoint.processor;

import static dev.adjoint.processor.testing.CompiledSources.source;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.processor.testing.CompiledSources;
import java.lang.reflect.Method;
import org.junit.jupiter.api.Test;

/**
 * A class that calls its own companion — the training loop next to the loss, {@code var g =
 * ModelDerivatives.lossGradient(w)} — and declares other locals with {@code var} and lambdas with
 * untyped parameters. The processor attributes the class before its companion exists, and javac
 * writes the types it infers into such declarations (an erroneous one where it names the
 * companion); without taking them back, javac crashed in the next round ("tree.meth.type is
 * null"). These sources compile, run, and their gradients are checked.
 */
class SameClassCompanionTest {
  private static final String MODEL = """
      package sc;
      import dev.adjoint.Differentiable;
      import java.util.function.DoubleBinaryOperator;
      import java.util.function.DoubleUnaryOperator;
      public final class Model {
        @Differentiable(wrt = "w")
        static double loss(double[] w, double[][] xs, double[] ys) {
          var total = 0.0;
          DoubleUnaryOperator square = r -> r * r;
          for (var i = 0; i < xs.length; i++) {
            var z = 0.0;
            for (int j = 0; j < w.length; j++) {
              z += w[j] * xs[i][j];
            }
            total += square.applyAsDouble(z - ys[i]);
          }
          return total / xs.length;
        }

        /** Gradient descent, as a user writes it next to the loss. */
        public static double[] train(double[][] xs, double[] ys, int steps) {
          var w = new double[xs[0].length];
          DoubleBinaryOperator step = (a, g) -> a - 0.1 * g;
          for (var s = 0; s < steps; s++) {
            var g = ModelDerivatives.lossGradient(w, xs, ys);
            for (var j = 0; j < w.length; j++) {
              w[j] = step.applyAsDouble(w[j], g.w()[j]);
            }
          }
          return w;
        }

        /** Types javac cannot write down: an anonymous class, a captured wildcard, an intersection. */
        public static String undenotable(double[] w, double[][] xs, double[] ys) {
          java.util.List<? extends Number> wild = java.util.List.of(1, 2.5);
          var it = wild.iterator();
          var o = new Object() { int k = 3; double loss = ModelDerivatives.lossGradient(w, xs, ys).value(); };
          var either = xs.length > 100 ? (Object) 1 : "s";
          var mixed = java.util.List.of(1, "x");
          java.util.function.BiFunction<Integer, Integer, Integer> add = (a, b) -> a + b;
          return it.next() + " " + o.k + " " + (o.loss >= 0) + either + mixed + add.apply(1, 2);
        }

        public static double lastLoss(double[] w, double[][] xs, double[] ys) {
          var result = ModelDerivatives.lossGradient(w, xs, ys);
          for (var row : xs) {
            java.util.Objects.requireNonNull(row);
          }
          return result.value();
        }
      }
      """;

  @Test
  void aClassCallingItsOwnCompanionWithVarAndUntypedLambdasCompiles() throws Exception {
    CompiledSources compiled = CompiledSources.compile(source("sc.Model", MODEL));
    double[][] xs = {{1, 0.5}, {0.2, -1}, {-0.7, 0.3}, {0.4, 0.9}};
    double[] ys = {1.5, -0.8, -0.4, 1.3}; // exactly w = (1, 1)
    compiled.check("sc.Model", "loss").at(new double[] {0.3, -0.2}, xs, ys);
    Class<?> model = compiled.load("sc.Model");
    Method train = model.getMethod("train", double[][].class, double[].class, int.class);
    double[] w = (double[]) train.invoke(null, xs, ys, 2000);
    assertEquals(1.0, w[0], 1e-6);
    assertEquals(1.0, w[1], 1e-6);
    double loss = (double) model.getMethod("lastLoss", double[].class, double[][].class, double[].class)
        .invoke(null, w, xs, ys);
    assertEquals(0.0, loss, 1e-12);
    assertEquals("1 3 trues[1, x]3", model.getMethod("undenotable", double[].class, double[][].class, double[].class)
        .invoke(null, w, xs, ys));
  }
}
