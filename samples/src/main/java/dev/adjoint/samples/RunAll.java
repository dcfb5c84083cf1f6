package dev.adjoint.samples;

import dev.adjoint.samples.customs.CustomDerivativeSample;
import dev.adjoint.samples.greeks.GreeksSample;
import dev.adjoint.samples.inspect.InspectSample;
import dev.adjoint.samples.logistic.LogisticSample;
import dev.adjoint.samples.mlp.MlpSample;
import dev.adjoint.samples.physics.ProjectileSample;
import dev.adjoint.samples.seeds.GradAccumulationAndBce;
import dev.adjoint.samples.seeds.LogitsLossNoGradJacobian;
import dev.adjoint.samples.seeds.ScalarChainAndManualBce;
import dev.adjoint.samples.seeds.SeedsSideBySide;
import dev.adjoint.samples.tape.ChainRuleByParts;
import dev.adjoint.samples.tape.GradOfMseLoss;
import dev.adjoint.samples.tape.PerceptronGradients;
import dev.adjoint.samples.tape.SoftmaxJacobianRows;
import dev.adjoint.samples.tape.VectorJacobianProducts;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.Consumer;

/** Runs every sample in turn: {@code mvn -B -Psamples -DskipTests verify}. */
public final class RunAll {
  private RunAll() {}

  /** A sample: the name printed in its header, and its body writing to a stream. */
  record Sample(String name, Consumer<PrintStream> body) {}

  static final List<Sample> SAMPLES =
      List.of(
          new Sample("seed 000: gradient accumulation and BCE", GradAccumulationAndBce::run),
          new Sample("seed 001: logits loss, no_grad, Jacobian", LogitsLossNoGradJacobian::run),
          new Sample("seed 004: scalar chain rule and manual BCE", ScalarChainAndManualBce::run),
          new Sample("seeds side by side: tape and generated code", SeedsSideBySide::run),
          new Sample("Autograd.grad of an MSE loss", GradOfMseLoss::run),
          new Sample("softmax Jacobian row by row", SoftmaxJacobianRows::run),
          new Sample("perceptron gradients", PerceptronGradients::run),
          new Sample("chain rule by parts", ChainRuleByParts::run),
          new Sample("vector-Jacobian products", VectorJacobianProducts::run),
          new Sample("option Greeks by adjoint AD (generated code)", GreeksSample::run),
          new Sample("logistic regression, trained (generated code)", RunAll::logistic),
          new Sample("MLP classifier on two moons, a record of Tensor layers trained with Adam (generated code)",
              RunAll::mlp),
          new Sample("projectile with drag fitted to observations, a record state in a time loop (generated code)",
              out -> ProjectileSample.run(out)),
          new Sample("inspecting generated code", InspectSample::run),
          new Sample("custom derivative of a library function (Hipparchus Erf.erf)",
              CustomDerivativeSample::run));

  private static void logistic(PrintStream out) {
    try {
      LogisticSample.run(out, LogisticSample.defaultOutputDir());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void mlp(PrintStream out) {
    try {
      MlpSample.run(out, LogisticSample.defaultOutputDir());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static void main(String[] args) {
    run(System.out);
  }

  static void run(PrintStream out) {
    out.println("Adjoint samples");
    for (Sample sample : SAMPLES) {
      out.println();
      out.println("=== " + sample.name() + " ===");
      sample.body().accept(out);
    }
  }
}
