package dev.adjoint;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Printing, against strings PyTorch printed in the seed notebooks and PyTorch's documented rules. */
class TensorFormatTest {
  @Test
  void integralVectorsAlignToTheWidestElement() {
    assertEquals("tensor([2., 4., 6.])", Tensor.of(2, 4, 6).toString());
    assertEquals("tensor([ 1.,  4.,  9., 16., 25.])", Tensor.of(1, 4, 9, 16, 25).toString());
    assertEquals("tensor([0., 1., 2., 3., 4.])", Tensor.arange(5).toString());
    assertEquals("tensor([ 2.,  4.,  6.,  8., 10.])", Tensor.of(2, 4, 6, 8, 10).toString());
  }

  @Test
  void scalarsUseFourDecimalsWhenNeeded() {
    assertEquals("tensor(0.7104)", Tensor.scalar(0.71044).toString());
    assertEquals("tensor(-7.6613)", Tensor.scalar(-7.66133).toString());
    assertEquals("tensor(6.)", Tensor.scalar(6).toString());
    assertEquals("tensor(3.)", Tensor.scalar(3).toString());
    assertEquals("tensor(0.9988)", Tensor.scalar(0.998770).toString());
  }

  @Test
  void matricesAsInTheSeeds() {
    assertEquals("tensor([[1., 0., 0., 0., 0.],\n"
        + "        [0., 1., 0., 0., 0.],\n"
        + "        [0., 0., 1., 0., 0.],\n"
        + "        [0., 0., 0., 1., 0.]])", Tensor.eye(4, 5).toString());
    assertEquals("tensor([[12.,  6.,  6.,  6.,  6.],\n"
        + "        [ 6., 12.,  6.,  6.,  6.],\n"
        + "        [ 6.,  6., 12.,  6.,  6.],\n"
        + "        [ 6.,  6.,  6., 12.,  6.]])",
        Tensor.eye(4, 5).mul(6).add(6).toString());
    assertEquals("tensor([[0.4487],\n"
        + "        [0.4653],\n"
        + "        [0.1947],\n"
        + "        [0.4878],\n"
        + "        [0.1986]])",
        Tensor.of(new double[] {0.44871, 0.46532, 0.19474, 0.48779, 0.19855}, 5, 1).toString());
  }

  @Test
  void threeDimensionsSeparateBlocksWithABlankLine() {
    Tensor j = Tensor.of(new double[] {1.9369, 1.7160, 1.1201, 0, 0, 0, 0, 0, 0, 1.5937, 1.4162, 1.2642},
        2, 2, 3);
    assertEquals("tensor([[[1.9369, 1.7160, 1.1201],\n"
        + "         [0.0000, 0.0000, 0.0000]],\n"
        + "\n"
        + "        [[0.0000, 0.0000, 0.0000],\n"
        + "         [1.5937, 1.4162, 1.2642]]])", j.toString());
  }

  @Test
  void signsZerosAndNonFinite() {
    assertEquals("tensor([-1.,  0.,  2.])", Tensor.of(-1, 0, 2).toString());
    assertEquals("tensor([0., 0.])", Tensor.zeros(2).toString());
    assertEquals("tensor([-0.5000,  0.2500])", Tensor.of(-0.5, 0.25).toString());
    assertEquals("tensor([nan, 1., inf])", Tensor.of(Double.NaN, 1, Double.POSITIVE_INFINITY).toString());
    assertEquals("tensor([])", Tensor.zeros(0).toString());
    assertEquals("tensor([], size=(0, 3))", Tensor.zeros(0, 3).toString());
  }

  @Test
  void roundingIsPythonsHalfEvenOnTheExactBinaryValue() {
    // 2.00025 is stored as 2.000249999...; Python's '%.4f' gives 2.0002 (HALF_UP on "2.00025" would give 2.0003).
    assertEquals("tensor([2.0002, 0.5000])", Tensor.of(2.00025, 0.5).toString());
  }

  @Test
  void scientificNotationForWideRanges() {
    // PyTorch: torch.tensor([1e-5, 1.]) -> tensor([1.0000e-05, 1.0000e+00])
    assertEquals("tensor([1.0000e-05, 1.0000e+00])", Tensor.of(1e-5, 1).toString());
    // torch.tensor([1., 1e9]) -> tensor([1.0000e+00, 1.0000e+09])
    assertEquals("tensor([1.0000e+00, 1.0000e+09])", Tensor.of(1, 1e9).toString());
    // torch.tensor(123456789.) is integral but above 1e8
    assertEquals("tensor(1.2346e+08)", Tensor.scalar(123456789).toString());
    assertEquals("tensor([ 1.0000e+00, -1.0000e+04])", Tensor.of(1, -1e4).toString());
  }

  @Test
  void longVectorsWrapAtEightyColumns() {
    // torch.arange(30.) wraps after 18 elements of width 3 ("29." + ", ").
    String expected = "tensor([ 0.,  1.,  2.,  3.,  4.,  5.,  6.,  7.,  8.,  9., 10., 11., 12., 13.,\n"
        + "        14., 15., 16., 17., 18., 19., 20., 21., 22., 23., 24., 25., 26., 27.,\n"
        + "        28., 29.])";
    assertEquals(expected, Tensor.arange(30).toString());
  }

  @Test
  void largeTensorsAreSummarized() {
    assertEquals("tensor([1., 1., 1.,  ..., 1., 1., 1.])", Tensor.ones(2000).toString());
    assertEquals("tensor([[1., 1., 1.,  ..., 1., 1., 1.],\n"
        + "        [1., 1., 1.,  ..., 1., 1., 1.],\n"
        + "        [1., 1., 1.,  ..., 1., 1., 1.],\n"
        + "        ...,\n"
        + "        [1., 1., 1.,  ..., 1., 1., 1.],\n"
        + "        [1., 1., 1.,  ..., 1., 1., 1.],\n"
        + "        [1., 1., 1.,  ..., 1., 1., 1.]])", Tensor.ones(40, 40).toString());
    // The summarized magnitudes 1..1999 span more than 1000x, so PyTorch switches to scientific.
    assertEquals("tensor([0.0000e+00, 1.0000e+00, 2.0000e+00,  ..., 1.9970e+03, 1.9980e+03,\n"
        + "        1.9990e+03])", Tensor.arange(2000).toString());
  }
}
