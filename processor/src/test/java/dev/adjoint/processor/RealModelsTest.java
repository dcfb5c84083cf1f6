package dev.adjoint.processor;

import static dev.adjoint.processor.testing.CompiledSources.resource;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.adjoint.processor.testing.CompiledSources;
import java.lang.reflect.Array;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Models written the way their users write them (sources/Models.java.txt: a Kalman filter, Black-Scholes,
 * a Monte Carlo Asian, a classifier with an enum and a string option, N-body energy, a Gaussian process
 * with a hand-written Cholesky, a Huber loss implementing commons-math3's MultivariateFunction, Poisson
 * regression, a Vec3 record physics model, Numerical Recipes' incomplete beta, an adaptive ODE, SABR,
 * a curve bootstrap, Gaussian elimination with pivoting). Each was written before it was compiled
 * here and is kept as it was, except where it did not compile or was differentiated wrongly. Every one
 * is static (no tape) and checked numerically: reverse vs forward (dot product) vs central differences.
 */
class RealModelsTest {
  private static CompiledSources compiled;

  @BeforeAll
  static void compile() {
    compiled = CompiledSources.compile(resource("models.Models", "Models.java.txt"));
  }

  private static final List<String> CLASSES = List.of("Kalman", "BlackScholes", "MonteCarlo", "Net", "NBody", "Gp",
      "HuberLoss", "Stats", "Physics", "Recipes", "Quant");

  @Test
  void everyModelIsStatic() {
    for (String c : CLASSES) {
      String generated = compiled.generatedSource("models.Models_" + c + "Derivatives");
      assertFalse(generated.contains("TapedDouble"), c + " went to the tape:\n" + generated);
    }
  }

  private static double[][] gaussian(Random r, int rows, int cols) {
    double[][] m = new double[rows][cols];
    for (double[] row : m) {
      for (int j = 0; j < cols; j++) {
        row[j] = r.nextGaussian();
      }
    }
    return m;
  }

  @Test
  void statisticsAndMachineLearning() throws Exception {
    Random r = new Random(11);
    double[] y = new double[40];
    double level = 0;
    for (int i = 0; i < y.length; i++) {
      level += 0.3 * r.nextGaussian();
      y[i] = level + 0.5 * r.nextGaussian();
    }
    compiled.check("models.Models$Kalman", "logLik").at(-0.5, -1.0, y).at(0.2, -2.0, y);
    double[] xs = {-2, -1.3, -0.2, 0.4, 1.1, 2.5};
    double[] ys = {0.1, 0.5, -0.3, 0.2, 0.9, -0.4};
    compiled.check("models.Models$Gp", "lml").at(-0.2, 0.1, -1.5, xs, ys).at(0.4, -0.3, -1.0, xs, ys);
    double[][] x = gaussian(r, 12, 3);
    double[] target = new double[12];
    int[] labels = new int[12];
    int[] counts = new int[12];
    for (int i = 0; i < 12; i++) {
      target[i] = x[i][0] - 2 * x[i][2] + 1.5 * r.nextGaussian();
      labels[i] = r.nextInt(3);
      counts[i] = r.nextInt(5);
    }
    Object huber = compiled.load("models.Models$HuberLoss").getConstructor(double[][].class, double[].class, double.class)
        .newInstance(x, target, 0.1);
    compiled.check("models.Models$HuberLoss", "value").at(huber, new double[] {0.3, -0.2, 0.5});
    compiled.check("models.Models$Stats", "poissonNll").at(new double[] {0.1, -0.2, 0.05}, x, counts);
    compiled.check("models.Models$Stats", "weightedMean").at(List.of(0.5, 1.5, 2.0), new double[] {1, 2, 3});
    Class<?> act = compiled.load("models.Models$Act");
    for (Object a : act.getEnumConstants()) {
      compiled.check("models.Models$Net", "xent").at(gaussian(r, 4, 3), gaussian(r, 3, 4), x, labels, a, "mean")
          .at(gaussian(r, 4, 3), gaussian(r, 3, 4), x, labels, a, "sum");
    }
  }

  @Test
  void financeAndPhysics() {
    compiled.check("models.Models$BlackScholes", "call").at(100.0, 95.0, 0.03, 0.25, 0.7).at(80.0, 95.0, 0.01, 0.4, 2.0);
    compiled.check("models.Models$MonteCarlo", "asian").at(100.0, 0.2, 0.01, 100.0, 50, 12, 42L);
    compiled.check("models.Models$Quant", "sabrVol").at(0.03, 0.035, 2.0, 0.02, 0.5, -0.3, 0.4)
        .at(0.03, 0.03, 2.0, 0.02, 0.5, -0.3, 0.4);
    compiled.check("models.Models$Quant", "pv").at(new double[] {0.02, 0.025, 0.03}, new double[] {5, 5, 105});
    compiled.check("models.Models$Quant", "solveDot").at(new double[][] {{1, 2, 0.5}, {3, -1, 2}, {0.2, 4, 1}},
        new double[] {1, 2, 3}, new double[] {0.5, -1, 2});
    compiled.check("models.Models$NBody", "energy")
        .at(new double[][] {{0, 0, 0}, {1, 0.2, 0}, {0.3, 1, 0.5}, {-1, 0.4, 0.2}}, new double[] {1, 2, 0.5, 1.5});
    Object[] chain = (Object[]) Array.newInstance(compiled.load("models.Models$Vec3"), 4);
    double[][] points = {{0.3, 1.2, -0.4}, {-0.5, 0.2, 0.9}, {1, 1, 1}, {2, 0.5, 1.5}};
    for (int i = 0; i < chain.length; i++) {
      chain[i] = vec3(points[i]);
    }
    compiled.check("models.Models$Physics", "chain").at(chain, 3.0);
    compiled.check("models.Models$Physics", "range").at(vec3(new double[] {10, 2, 8}), 0.05, 60);
  }

  @Test
  void numericalRecipes() {
    compiled.check("models.Models$Recipes", "betai").at(2.5, 1.7, 0.2).at(2.5, 1.7, 0.8);
    compiled.check("models.Models$Recipes", "decay").at(1.3, 2.0).at(0.4, -1.0);
  }

  private static Object vec3(double[] c) {
    try {
      return compiled.load("models.Models$Vec3").getDeclaredConstructor(double.class, double.class, double.class)
          .newInstance(c[0], c[1], c[2]);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  /** sources/Models2.java.txt, the models of the next round of probing. */
  @Test
  void secondRoundOfModels() throws Exception {
    CompiledSources second = CompiledSources.compile(resource("models2.Models2", "Models2.java.txt"));
    for (String c : List.of("Heston", "Softmax", "Conv", "Ode", "Layer", "Fit")) {
      String generated = second.generatedSource("models2.Models2_" + c + "Derivatives");
      assertFalse(generated.contains("TapedDouble"), c + " went to the tape:\n" + generated);
    }
    second.check("models2.Models2$Heston", "integral").at(1.5, 0.04, 0.5, -0.7, 0.04, 1.0, 0.1, 40)
        .at(0.8, 0.09, 0.3, -0.3, 0.02, 0.5, -0.2, 20);
    Random r = new Random(5);
    double[][] x = gaussian(r, 6, 3);
    second.check("models2.Models2$Softmax", "crossEntropy").at(gaussian(r, 3, 3), x, new int[] {0, 2, 1, 1, 0, 2}, 0.01);
    double[][] signals = gaussian(r, 4, 10);
    double[] targets = {0.3, -0.5, 1.1, 0.2};
    second.check("models2.Models2$Conv", "loss").at(new double[] {0.3, -0.5, 0.8}, 0.1,
        new double[] {0.1, 0.2, -0.3, 0.4}, signals, targets);
    second.check("models2.Models2$Ode", "decay").at(0.7, 1.3, 0.2).at(1.4, 0.6, -0.5);
    for (boolean relu : new boolean[] {true, false}) {
      second.check("models2.Models2$Layer", "forward").at(new double[] {0.3, -0.7, 1.2}, 0.2,
          new double[] {1.1, 0.4, -0.5}, relu);
    }
    second.check("models2.Models2$Fit", "loss").at(-1.0, 1.0).at(0.5, 0.3);
    java.lang.reflect.Method train = second.load("models2.Models2$Fit").getMethod("train", int.class);
    double[] ab = (double[]) train.invoke(null, 20000);
    org.junit.jupiter.api.Assertions.assertEquals(1.0, ab[0], 1e-3);
    org.junit.jupiter.api.Assertions.assertEquals(1.0, ab[1], 2e-3);
  }
}
