package dev.adjoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.adjoint.nn.Functional;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Random sequences of tensor operations with broadcasting, on the tape, against central finite
 * differences (issue #9, runtime part). Inputs are shaped {@code [3,4]}, {@code [4]}, {@code [3,1]}
 * and {@code []} so that every binary operation broadcasts; smooth operations only, with values
 * kept away from singularities (log and sqrt see {@code x² + 1}, division by {@code 1 + x²}).
 * {@code -Dadjoint.fuzz.tapePrograms=N} runs more programs.
 */
class TapeFuzzTest {
  private static final int PROGRAMS = Integer.getInteger("adjoint.fuzz.tapePrograms", 200);
  private static final int[][] SHAPES = {{3, 4}, {4}, {3, 1}, {}};

  @Test
  void randomProgramsAgreeWithFiniteDifferences() {
    Random random = new Random(Long.getLong("adjoint.fuzz.seed", 3));
    for (int p = 0; p < PROGRAMS; p++) {
      long programSeed = random.nextLong();
      Tensor[] inputs = new Tensor[SHAPES.length];
      Random values = new Random(programSeed);
      for (int i = 0; i < inputs.length; i++) {
        inputs[i] = Tensor.randn(values, SHAPES[i]).mul(0.7);
      }
      Function<Tensor[], Tensor> program = xs -> run(new Random(programSeed), xs);
      try {
        FiniteDifferences.assertGradients(program, inputs);
      } catch (AssertionError e) {
        throw new AssertionError("program " + p + " (program seed " + programSeed + ")", e);
      }
    }
  }

  @Test
  void aFailedOperationLeavesValuesAndGradientsUnchanged() {
    Tensor x = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3).requiresGrad(true);
    x.mul(x).sum().backward();
    double[] grad = x.grad().toArray();
    double[] data = x.toArray();
    assertThrows(IllegalArgumentException.class, () -> x.matmul(Tensor.ones(2, 2)).sum().backward());
    assertThrows(IllegalArgumentException.class, () -> x.add(Tensor.ones(4)).sum().backward());
    assertArrayEquals(data, x.toArray());
    assertArrayEquals(grad, x.grad().toArray());
  }

  /** Runs the program {@code seed} describes on {@code xs}; the same seed always gives the same program. */
  private static Tensor run(Random r, Tensor[] xs) {
    List<Tensor> pool = new ArrayList<>(List.of(xs));
    int steps = 3 + r.nextInt(6);
    for (int s = 0; s < steps; s++) {
      Tensor a = pool.get(r.nextInt(pool.size()));
      Tensor b = pool.get(r.nextInt(pool.size()));
      if (!broadcastable(a.shape(), b.shape())) {
        b = b.mean(); // a reduction left a shape that does not broadcast with a: use its mean
      }
      pool.add(step(r.nextInt(16), r, a, b));
    }
    // every input reaches the output (as in PyTorch, an unused input is an error for grad)
    Tensor all = xs[0].mul(xs[1]).mul(xs[2]).mul(xs[3]).mul(0.01).sum();
    Tensor last = pool.get(pool.size() - 1).add(all);
    // end in a reduction half of the time, so non-scalar and scalar outputs are both checked
    return r.nextBoolean() ? last.sum() : last;
  }

  private static boolean broadcastable(int[] a, int[] b) {
    for (int i = 1; i <= Math.min(a.length, b.length); i++) {
      int x = a[a.length - i];
      int y = b[b.length - i];
      if (x != y && x != 1 && y != 1) {
        return false;
      }
    }
    return true;
  }

  private static Tensor step(int op, Random r, Tensor a, Tensor b) {
    switch (op) {
      case 0: return a.add(b);
      case 1: return a.sub(b);
      case 2: return a.mul(b);
      case 3: return a.div(b.mul(b).add(1.0));
      case 4: return a.mul(0.5 + r.nextDouble());
      case 5: return a.tanh();
      case 6: return a.sin();
      case 7: return a.sigmoid();
      case 8: return a.mul(a).add(1.0).log();
      case 9: return a.mul(a).add(1.0).sqrt();
      case 10: return a.tanh().exp();
      case 11: return a.dim() == 0 ? a.neg() : a.sum(a.dim() - 1, r.nextBoolean());
      case 12: return a.dim() == 0 ? a.cos() : a.mean(0, r.nextBoolean());
      case 13: return a.dim() == 0 ? a.pow(2) : a.softmax(a.dim() - 1);
      case 14: return a.dim() == 2 && a.shape()[1] == 4 ? a.matmul(Tensor.of(new double[] {0.3, -0.2, 0.5, 0.1}))
          : Functional.sigmoid(a);
      default: return a.dim() == 2 ? a.t().t().add(b) : a.pow(3).mul(0.1);
    }
  }
}
