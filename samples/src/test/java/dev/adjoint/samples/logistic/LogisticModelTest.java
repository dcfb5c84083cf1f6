package dev.adjoint.samples.logistic;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LogisticModelTest {
  private static final double L2 = 0.01;

  private final Dataset data = standardizedRows(40);
  private final double[] w = new Random(3).doubles(30, -0.5, 0.5).toArray();
  private final double b = 0.2;

  private static Dataset standardizedRows(int rows) {
    Dataset all = Dataset.breastCancer();
    Dataset z = Standardizer.fit(all.x()).apply(all);
    return new Dataset(Arrays.copyOf(z.x(), rows), Arrays.copyOf(z.y(), rows));
  }

  @Test
  void lossMatchesTheTextbookCrossEntropy() {
    double expected = 0;
    for (int i = 0; i < data.size(); i++) {
      double z = b;
      for (int j = 0; j < w.length; j++) {
        z += w[j] * data.x()[i][j];
      }
      double p = 1 / (1 + Math.exp(-z));
      expected -= (data.y()[i] * Math.log(p) + (1 - data.y()[i]) * Math.log(1 - p)) / data.size();
    }
    expected += L2 / 2 * Arrays.stream(w).map(v -> v * v).sum();
    assertEquals(expected, LogisticModel.loss(w, b, data.x(), data.y(), L2), 1e-12);
  }

  @Test
  void gradientMatchesCentralDifferences() {
    LogisticModelDerivatives.LossGradient g =
        LogisticModelDerivatives.lossGradient(w, b, data.x(), data.y(), L2);
    assertEquals(LogisticModel.loss(w, b, data.x(), data.y(), L2), g.value(), 0);
    double h = 1e-6;
    for (int j = 0; j < w.length; j++) {
      double[] plus = w.clone();
      double[] minus = w.clone();
      plus[j] += h;
      minus[j] -= h;
      double fd = (LogisticModel.loss(plus, b, data.x(), data.y(), L2)
          - LogisticModel.loss(minus, b, data.x(), data.y(), L2)) / (2 * h);
      assertEquals(fd, g.w()[j], 1e-8, "dloss/dw[" + j + "]");
    }
    double fd = (LogisticModel.loss(w, b + h, data.x(), data.y(), L2)
        - LogisticModel.loss(w, b - h, data.x(), data.y(), L2)) / (2 * h);
    assertEquals(fd, g.b(), 1e-8, "dloss/db");
  }

  /** Forward mode along a direction u equals the gradient dotted with u. */
  @Test
  void forwardModeAgreesWithReverseMode() {
    Random random = new Random(5);
    double[] dw = random.doubles(30, -1, 1).toArray();
    double db = 0.7;
    LogisticModelDerivatives.LossGradient g =
        LogisticModelDerivatives.lossGradient(w, b, data.x(), data.y(), L2);
    double dot = g.b() * db;
    for (int j = 0; j < w.length; j++) {
      dot += g.w()[j] * dw[j];
    }
    double jvp = LogisticModelDerivatives.lossJvp(w, b, data.x(), data.y(), L2, dw, db).tangent();
    assertEquals(dot, jvp, 1e-12 * (1 + Math.abs(dot)));
  }

  /** The generated Hessian is the closed form Σ p(1 − p) x̃ x̃ᵀ / m + l2 (on w only), with x̃ = (x, 1). */
  @Test
  void hessianIsTheClosedForm() {
    int d = w.length;
    double[][] expected = new double[d + 1][d + 1];
    for (int i = 0; i < data.size(); i++) {
      double[] row = Arrays.copyOf(data.x()[i], d + 1);
      row[d] = 1;
      double z = b;
      for (int j = 0; j < d; j++) {
        z += w[j] * row[j];
      }
      double p = 1 / (1 + Math.exp(-z));
      for (int j = 0; j <= d; j++) {
        for (int k = 0; k <= d; k++) {
          expected[j][k] += p * (1 - p) * row[j] * row[k] / data.size();
        }
      }
    }
    for (int j = 0; j < d; j++) {
      expected[j][j] += L2;
    }
    double[][] h = LogisticModelDerivatives.lossHessian(w, b, data.x(), data.y(), L2);
    for (int j = 0; j <= d; j++) {
      for (int k = 0; k <= d; k++) {
        assertEquals(expected[j][k], h[j][k], 1e-12, "H[" + j + "][" + k + "]");
      }
    }
  }
}
