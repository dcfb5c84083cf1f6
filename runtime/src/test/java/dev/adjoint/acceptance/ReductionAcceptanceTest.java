package dev.adjoint.acceptance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.Tensor;
import org.junit.jupiter.api.Test;

/**
 * API.md §2 reductions, softmax and logSoftmax: values by hand, gradients by finite differences.
 */
class ReductionAcceptanceTest {
  private static final double[] A23 = {1, 2, 3, 4, 5, 6};

  @Test
  void sumAndMeanOfEverything() {
    Tensor x = Tensor.of(A23.clone(), 2, 3);
    Expect.shape(x.sum());
    assertEquals(21, x.sum().item());
    Expect.shape(x.mean());
    assertEquals(3.5, x.mean().item(), 1e-15);
  }

  @Test
  void sumAndMeanAlongADimensionDropIt() {
    Tensor x = Tensor.of(A23.clone(), 2, 3);
    Expect.tensor(x.sum(0), new double[] {5, 7, 9}, 3);
    Expect.tensor(x.sum(1), new double[] {6, 15}, 2);
    Expect.tensor(x.mean(0), new double[] {2.5, 3.5, 4.5}, 3);
    Expect.tensor(x.mean(1), new double[] {2, 5}, 2);
    Tensor cube = Tensor.of(new double[] {0, 1, 2, 3, 4, 5, 6, 7}, 2, 2, 2);
    Expect.tensor(cube.sum(1), new double[] {2, 4, 10, 12}, 2, 2);
    Expect.tensor(Tensor.of(1, 2, 3).sum(0), new double[] {6});
  }

  @Test
  void reductionGradients() {
    double[] x = {0.1, -0.2, 0.3, 0.4, -0.5, 0.6};
    Expect.gradientMatchesFiniteDifferences(Tensor::sum, x, 2, 3);
    Expect.gradientMatchesFiniteDifferences(Tensor::mean, x, 2, 3);
    Expect.gradientMatchesFiniteDifferences(t -> t.sum(0), x, 2, 3);
    Expect.gradientMatchesFiniteDifferences(t -> t.sum(1), x, 2, 3);
    Expect.gradientMatchesFiniteDifferences(t -> t.mean(0), x, 2, 3);
    Expect.gradientMatchesFiniteDifferences(t -> t.mean(1), x, 3, 2);
  }

  @Test
  void meanGradientIsOneOverN() {
    Tensor x = Tensor.zeros(2, 2).requiresGrad(true);
    x.mean().backward();
    Expect.values(new double[] {0.25, 0.25, 0.25, 0.25}, x.grad(), 1e-15);
  }

  @Test
  void softmaxOfAVector() {
    double total = Math.exp(1) + Math.exp(2) + Math.exp(3);
    Expect.tensor(
        Tensor.of(1, 2, 3).softmax(0),
        new double[] {Math.exp(1) / total, Math.exp(2) / total, Math.exp(3) / total},
        3);
  }

  @Test
  void softmaxAlongEachDimensionOfAMatrix() {
    Tensor x = Tensor.of(new double[][] {{0, Math.log(3)}, {Math.log(2), Math.log(2)}});
    // rows: [1, 3] / 4 and [2, 2] / 4
    Expect.tensor(x.softmax(1), new double[] {0.25, 0.75, 0.5, 0.5}, 2, 2);
    // columns: [1, 2] / 3 and [3, 2] / 5
    Expect.tensor(x.softmax(0), new double[] {1.0 / 3, 0.6, 2.0 / 3, 0.4}, 2, 2);
  }

  @Test
  void softmaxIsStableForLargeInputs() {
    // softmax([1000, 1001]) = softmax([0, 1]) = [1 / (1 + e), e / (1 + e)]
    double e = Math.E;
    Expect.values(new double[] {1 / (1 + e), e / (1 + e)}, Tensor.of(1000, 1001).softmax(0), 1e-12);
    Expect.values(
        new double[] {1 / (1 + e), e / (1 + e)}, Tensor.of(-1001, -1000).softmax(0), 1e-12);
  }

  @Test
  void logSoftmaxIsStableForLargeInputs() {
    double logNormaliser = Math.log(1 + Math.E);
    Expect.values(
        new double[] {-logNormaliser, 1 - logNormaliser},
        Tensor.of(1000, 1001).logSoftmax(0),
        1e-12);
    // log softmax([-1000, 0]) = [-1000 - log(1 + e^-1000), -log(1 + e^-1000)] = [-1000, 0]
    Tensor far = Tensor.of(-1000, 0).logSoftmax(0);
    Expect.values(new double[] {-1000, 0}, far, 1e-12);
    assertFalse(Double.isInfinite(far.getDouble(0)));
  }

  @Test
  void logSoftmaxOfAMatrixRow() {
    Tensor x = Tensor.of(new double[][] {{1, 2, 3}, {0, 0, 0}});
    double lse = Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3));
    Expect.tensor(
        x.logSoftmax(1),
        new double[] {1 - lse, 2 - lse, 3 - lse, -Math.log(3), -Math.log(3), -Math.log(3)},
        2,
        3);
  }

  @Test
  void softmaxGradients() {
    double[] x = {0.1, -0.2, 0.3, 0.4, -0.5, 0.6};
    Expect.gradientMatchesFiniteDifferences(t -> t.softmax(0), x, 2, 3);
    Expect.gradientMatchesFiniteDifferences(t -> t.softmax(1), x, 2, 3);
    Expect.gradientMatchesFiniteDifferences(t -> t.logSoftmax(0), x, 2, 3);
    Expect.gradientMatchesFiniteDifferences(t -> t.logSoftmax(1), x, 2, 3);
  }

  @Test
  void softmaxGradientStaysFiniteForLargeInputs() {
    Tensor x = Tensor.of(1000, 1001).requiresGrad(true);
    x.logSoftmax(0).backward(Tensor.of(1, 0));
    // d log p0 / dx = [1 - p0, -p1]
    double p0 = 1 / (1 + Math.E);
    Expect.values(new double[] {1 - p0, -(1 - p0)}, x.grad(), 1e-12);
    assertTrue(Double.isFinite(x.grad().getDouble(0)));
  }

  /** PyTorch counts negative dimensions from the end. */
  @Test
  void negativeDimCountsFromTheEnd() {
    Tensor x = Tensor.of(A23.clone(), 2, 3);
    Expect.tensor(x.sum(-1), new double[] {6, 15}, 2);
    Expect.tensor(x.mean(-2), new double[] {2.5, 3.5, 4.5}, 3);
    Expect.values(x.softmax(1).toArray(), x.softmax(-1), 0);
  }
}
