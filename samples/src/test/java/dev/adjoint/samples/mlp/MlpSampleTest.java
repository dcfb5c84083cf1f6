package dev.adjoint.samples.mlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.Autograd;
import dev.adjoint.Tensor;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MlpSampleTest {
  /**
   * Two moons with noise 0.15 are nonlinearly separable up to the overlap the noise creates; a
   * small MLP (as scikit-learn's MLPClassifier on make_moons) reaches 96-99 %. A linear
   * classifier tops out near 86-88 %, chance is 50 %; 95 % of 200 test points allows ten mistakes.
   */
  private static final double MIN_TEST_ACCURACY = 0.95;

  private static final TwoMoons DATA = TwoMoons.generate(20, 0.15, 3);
  private static final MlpModel START = MlpModel.initial(MlpSample.INIT_SEED);

  @Test
  void trainsToHighTestAccuracyAndDrawsTheDecisionBoundary(@TempDir Path dir) throws IOException {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    double accuracy = MlpSample.run(new PrintStream(printed, true, StandardCharsets.UTF_8), dir);
    assertTrue(accuracy >= MIN_TEST_ACCURACY, "test accuracy " + accuracy);

    Path png = dir.resolve(MlpSample.PNG_NAME);
    BufferedImage image = ImageIO.read(png.toFile());
    assertNotNull(image, "not a decodable image: " + png);
    assertEquals(DecisionBoundary.WIDTH, image.getWidth());
    assertEquals(DecisionBoundary.HEIGHT, image.getHeight());
    String text = printed.toString(StandardCharsets.UTF_8);
    assertTrue(text.contains(png.toAbsolutePath().toString()));
    assertTrue(text.contains("generated-sources/annotations/dev/adjoint/samples/mlp/MlpModelDerivatives.java"));
  }

  @Test
  void twoMoonsIsBalancedAndFixedBySeed() {
    TwoMoons a = TwoMoons.generate(200, 0.15, 1);
    assertEquals(100.0, a.y().sum().item());
    assertEquals(200, a.x().shape()[0]);
    assertEquals(2, a.x().shape()[1]);
    assertEquals(java.util.Arrays.toString(a.x().toArray()),
        java.util.Arrays.toString(TwoMoons.generate(200, 0.15, 1).x().toArray()));
  }

  /** The six tensors of a model, in order. */
  private static Tensor[] tensors(MlpModel m) {
    return new Tensor[] {m.hidden1().weight(), m.hidden1().bias(), m.hidden2().weight(), m.hidden2().bias(),
        m.output().weight(), m.output().bias()};
  }

  private static MlpModel model(Tensor[] t) {
    return new MlpModel(new MlpModel.Layer(t[0], t[1]), new MlpModel.Layer(t[2], t[3]), new MlpModel.Layer(t[4], t[5]));
  }

  @Test
  void generatedGradientEqualsTheTapeGradient() {
    MlpModelDerivatives.LossGradient generated = MlpModelDerivatives.lossGradient(START, DATA.x(), DATA.y());
    Tensor[] leaves = tensors(START);
    for (int k = 0; k < leaves.length; k++) {
      leaves[k] = leaves[k].detach().requiresGrad(true);
    }
    // the original instance method, run on the tensor tape
    Tensor loss = model(leaves).loss(DATA.x(), DATA.y());
    Tensor[] tape = Autograd.grad(loss, leaves);
    Tensor[] fromCompanion = tensors(generated.self());
    assertEquals(loss.item(), generated.value().item(), 1e-12);
    for (int k = 0; k < leaves.length; k++) {
      assertArrayEquals(tape[k].toArray(), fromCompanion[k].toArray(), 1e-10, "weight " + k);
    }
  }

  @Test
  void generatedGradientMatchesCentralDifferences() {
    Tensor[] grads = tensors(MlpModelDerivatives.lossGradient(START, DATA.x(), DATA.y()).self());
    double h = 1e-6;
    // a few entries of every weight tensor: first, one in the middle, last
    for (int k = 0; k < grads.length; k++) {
      int n = grads[k].numel();
      for (int entry : new int[] {0, n / 2, n - 1}) {
        double numeric = (lossWith(k, entry, h) - lossWith(k, entry, -h)) / (2 * h);
        assertEquals(numeric, grads[k].toArray()[entry], 1e-7, "weight " + k + " entry " + entry);
      }
    }
  }

  /** Forward mode along one weight direction agrees with the reverse-mode gradient (dot-product test). */
  @Test
  void forwardModeAgreesWithReverseMode() {
    java.util.Random random = new java.util.Random(5);
    Tensor[] direction = tensors(START);
    for (int k = 0; k < direction.length; k++) {
      direction[k] = Tensor.randn(random, direction[k].shape());
    }
    double forward = MlpModelDerivatives.lossJvp(START, DATA.x(), DATA.y(), model(direction)).tangent().item();
    Tensor[] grads = tensors(MlpModelDerivatives.lossGradient(START, DATA.x(), DATA.y()).self());
    double reverse = 0;
    for (int k = 0; k < grads.length; k++) {
      reverse += grads[k].mul(direction[k]).sum().item();
    }
    assertEquals(reverse, forward, 1e-12 * (1 + Math.abs(reverse)));
  }

  /**
   * With the output weights and bias at 0 every logit is 0, so the loss is log 2 (closed form),
   * d/db3 = mean(sigmoid(0) - y) = 0.5 - mean(y), and no gradient reaches the hidden layers.
   */
  @Test
  void zeroOutputLayerGivesTheClosedForm() {
    MlpModel zeroOutput = new MlpModel(START.hidden1(), START.hidden2(),
        new MlpModel.Layer(Tensor.zeros(MlpModel.HIDDEN, 1), Tensor.zeros(1)));
    MlpModelDerivatives.LossGradient g = MlpModelDerivatives.lossGradient(zeroOutput, DATA.x(), DATA.y());
    assertEquals(Math.log(2), g.value().item(), 1e-15);
    assertEquals(0.5 - DATA.y().mean().item(), g.self().output().bias().item(), 1e-15);
    for (double v : g.self().hidden1().weight().toArray()) {
      assertEquals(0.0, v, 0.0);
    }
    for (double v : g.self().hidden2().bias().toArray()) {
      assertEquals(0.0, v, 0.0);
    }
  }

  private static double lossWith(int k, int entry, double delta) {
    Tensor[] w = tensors(START);
    double[] values = w[k].toArray();
    values[entry] += delta;
    w[k] = Tensor.of(values, w[k].shape());
    return model(w).loss(DATA.x(), DATA.y()).item();
  }

  private static void assertArrayEquals(double[] expected, double[] actual, double tolerance,
      String what) {
    assertEquals(expected.length, actual.length, what);
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], actual[i], tolerance, what + " [" + i + "]");
    }
  }
}
