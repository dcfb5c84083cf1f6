package dev.adjoint.samples;

import dev.adjoint.GradChecks;
import dev.adjoint.samples.customs.ProbitLoss;
import dev.adjoint.samples.greeks.BlackScholes;
import dev.adjoint.samples.greeks.MonteCarlo;
import dev.adjoint.samples.greeks.NormalCdf;
import dev.adjoint.samples.logistic.LogisticModel;
import dev.adjoint.samples.mlp.MlpModel;
import org.junit.jupiter.api.Test;

/** The generated derivatives of every sample model, at their {@code @GradCheck} samples (or random ones). */
class GradChecksTest {
  @Test
  void generatedDerivativesOfTheSampleModelsAreCorrect() {
    GradChecks.assertAll(LogisticModel.class, BlackScholes.class, NormalCdf.class, MonteCarlo.class,
        MlpModel.class, ProbitLoss.class);
  }
}
