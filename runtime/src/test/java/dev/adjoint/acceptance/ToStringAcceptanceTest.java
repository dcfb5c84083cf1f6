package dev.adjoint.acceptance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.Tensor;
import org.junit.jupiter.api.Test;

/** API.md §2 toString: PyTorch's printing. Expected strings are PyTorch output (seed notebooks). */
class ToStringAcceptanceTest {
  @Test
  void wholeNumbersPrintWithATrailingPoint() {
    assertEquals("tensor([2., 4., 6.])", Tensor.of(2, 4, 6).toString());
    assertEquals("tensor(6.)", Tensor.scalar(6).toString());
  }

  @Test
  void widthIsSharedByAllElements() {
    // seed 000, cell 6
    assertEquals("tensor([ 2.,  4.,  6.,  8., 10.])", Tensor.of(2, 4, 6, 8, 10).toString());
    assertEquals("tensor([-1.,  2.])", Tensor.of(-1, 2).toString());
  }

  @Test
  void fractionsPrintFourDecimals() {
    // seed 004, cells 18 and 20
    assertEquals("tensor(-0.2879)", Tensor.scalar(Math.sin(16)).toString());
    assertEquals("tensor(-7.6613)", Tensor.scalar(8 * Math.cos(16)).toString());
    assertEquals("tensor([0.5000, 1.2346])", Tensor.of(0.5, 1.23456).toString());
    assertEquals("tensor([ 1.5000, 10.2500])", Tensor.of(1.5, 10.25).toString());
    // seed 000, cell 518
    assertEquals("tensor([0.5085])", Tensor.of(0.50854).toString());
  }

  @Test
  void matricesAlignTheirColumns() {
    // seed 000, cell 12 ("Third call")
    Tensor third =
        Tensor.of(
            new double[][] {
              {12, 6, 6, 6, 6}, {6, 12, 6, 6, 6}, {6, 6, 12, 6, 6}, {6, 6, 6, 12, 6}
            });
    assertEquals(
        "tensor([[12.,  6.,  6.,  6.,  6.],\n"
            + "        [ 6., 12.,  6.,  6.,  6.],\n"
            + "        [ 6.,  6., 12.,  6.,  6.],\n"
            + "        [ 6.,  6.,  6., 12.,  6.]])",
        third.toString());
    // seed 000, cell 517
    assertEquals(
        "tensor([[0.4487],\n        [0.4653]])",
        Tensor.of(new double[] {0.44866, 0.46528}, 2, 1).toString());
  }

  @Test
  void threeDimensionalTensorsSeparateBlocksWithABlankLine() {
    // seed 001, cell 20
    Tensor j =
        Tensor.of(
            new double[] {1.9369, 1.7160, 1.1201, 0, 0, 0, 0, 0, 0, 1.5937, 1.4162, 1.2642},
            2,
            2,
            3);
    assertEquals(
        "tensor([[[1.9369, 1.7160, 1.1201],\n"
            + "         [0.0000, 0.0000, 0.0000]],\n"
            + "\n"
            + "        [[0.0000, 0.0000, 0.0000],\n"
            + "         [1.5937, 1.4162, 1.2642]]])",
        j.toString());
  }
}
