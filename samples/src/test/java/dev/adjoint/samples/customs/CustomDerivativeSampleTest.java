package dev.adjoint.samples.customs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CustomDerivativeSampleTest {
  /** Closed form: d/dw (Phi(z) - y)^2 = 2 (Phi(z) - y) phi(z) x, z = w x + b, phi the normal density. */
  @Test
  void gradientThroughErfMatchesTheClosedFormAndCentralDifferences() {
    double w = 0.7, b = -0.2, x = 1.3, y = 1.0;
    double z = w * x + b;
    double phi = Math.exp(-z * z / 2) / Math.sqrt(2 * Math.PI);
    double cdf = 0.5 * (1 + org.hipparchus.special.Erf.erf(z / Math.sqrt(2)));
    ProbitLossDerivatives.LossGradient g = ProbitLossDerivatives.lossGradient(w, b, x, y);
    assertEquals(2 * (cdf - y) * phi * x, g.w(), 1e-14);
    assertEquals(2 * (cdf - y) * phi, g.b(), 1e-14);
    assertEquals(CustomDerivativeSample.centralDifference(w, b, x, y, 0), g.w(), 1e-8);
    assertEquals(CustomDerivativeSample.centralDifference(w, b, x, y, 1), g.b(), 1e-8);
  }
}
