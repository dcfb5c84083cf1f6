package dev.adjoint.samples;

import dev.adjoint.GradChecks;
import dev.adjoint.junit.GradCheckTests;
import dev.adjoint.samples.customs.ProbitLoss;
import dev.adjoint.samples.greeks.BlackScholes;
import dev.adjoint.samples.greeks.MonteCarlo;
import dev.adjoint.samples.greeks.NormalCdf;
import dev.adjoint.samples.logistic.LogisticModel;
import dev.adjoint.samples.mlp.MlpModel;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The generated derivatives of every sample model, at their {@code @GradCheck} samples (or random ones). */
class GradChecksTest {
  /** One line for all models: an AssertionError carrying the whole report. */
  @Test
  void generatedDerivativesOfTheSampleModelsAreCorrect() {
    GradChecks.assertAll(LogisticModel.class, BlackScholes.class, NormalCdf.class, MonteCarlo.class,
        MlpModel.class, ProbitLoss.class);
  }

  /** The same checks with adjoint-junit: one test per method and sample point, listed by name. */
  @TestFactory
  Stream<DynamicTest> gradientChecks() {
    return GradCheckTests.of(LogisticModel.class, BlackScholes.class, NormalCdf.class, MonteCarlo.class,
        MlpModel.class, ProbitLoss.class);
  }
}
