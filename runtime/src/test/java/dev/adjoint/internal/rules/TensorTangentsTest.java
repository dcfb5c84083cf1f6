package dev.adjoint.internal.rules;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.adjoint.Tensor;
import dev.adjoint.internal.ObjectStack;
import dev.adjoint.internal.TensorSupport;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Every forward rule of {@link TensorTangents} against a central finite difference of the
 * operation along the tangents (null tangents are zeros), and the scalar-operand rules of
 * {@link TensorRules} that only generated code uses.
 */
class TensorTangentsTest {
  private static final double H = 1e-6;
  private final Random random = new Random(11);

  private Tensor u(int... shape) { return Tensor.rand(random, shape).mul(2).sub(1); }

  private Tensor positive(int... shape) { return Tensor.rand(random, shape).mul(0.7).add(0.2); }

  /** (f(t + h) - f(t - h)) / 2h for f over one parameter t: the directional derivative. */
  private static void assertTangent(Tensor expected, Function<Double, Tensor> f) {
    Tensor difference = f.apply(H).sub(f.apply(-H)).div(2 * H);
    assertArrayEquals(difference.shape(), expected.shape());
    double[] e = expected.toArray();
    double[] d = difference.toArray();
    for (int i = 0; i < e.length; i++) {
      assertEquals(d[i], e[i], 1e-7 * (1 + Math.abs(d[i])), "element " + i);
    }
  }

  @Test
  void arithmeticWithBroadcasting() {
    Tensor a = u(2, 3);
    Tensor b = u(3);
    Tensor da = u(2, 3);
    Tensor db = u(3);
    assertTangent(TensorTangents.add(a, b, da, db), h -> a.add(da.mul(h)).add(b.add(db.mul(h))));
    assertTangent(TensorTangents.add(b, a, null, da), h -> b.add(a.add(da.mul(h))));
    assertTangent(TensorTangents.add(a, b, null, db), h -> a.add(b.add(db.mul(h))));
    assertTangent(TensorTangents.sub(a, b, da, db), h -> a.add(da.mul(h)).sub(b.add(db.mul(h))));
    assertTangent(TensorTangents.sub(a, b, null, db), h -> a.sub(b.add(db.mul(h))));
    assertTangent(TensorTangents.mul(a, b, da, db), h -> a.add(da.mul(h)).mul(b.add(db.mul(h))));
    Tensor c = positive(3);
    assertTangent(TensorTangents.div(a, c, da, db), h -> a.add(da.mul(h)).div(c.add(db.mul(h))));
    assertNull(TensorTangents.add(a, b, null, null));
  }

  @Test
  void scalarOperands() {
    Tensor a = u(2, 3);
    Tensor da = u(2, 3);
    double c = 0.7;
    double dc = -0.4;
    assertTangent(TensorTangents.addScalar(a, da, dc), h -> a.add(da.mul(h)).add(c + h * dc));
    assertTangent(TensorTangents.addScalar(a, null, dc), h -> a.add(c + h * dc));
    assertTangent(TensorTangents.subScalar(a, da, dc), h -> a.add(da.mul(h)).sub(c + h * dc));
    assertTangent(TensorTangents.mulScalar(a, c, da, dc), h -> a.add(da.mul(h)).mul(c + h * dc));
    assertTangent(TensorTangents.mulScalar(a, c, null, dc), h -> a.mul(c + h * dc));
    assertTangent(TensorTangents.divScalar(a, c, da, dc), h -> a.add(da.mul(h)).div(c + h * dc));
    Tensor x = positive(2, 3);
    assertTangent(TensorTangents.pow(x, 2.5, da, dc), h -> x.add(da.mul(h)).pow(2.5 + h * dc));
    assertTangent(TensorTangents.pow(x, 2.5, null, dc), h -> x.pow(2.5 + h * dc));
    // the gradients of double operands, by the same differences
    Tensor g = u(2, 3);
    assertEquals(g.mul(a).sum().item(), TensorRules.mulScalarBackward(g, a), 1e-12);
    assertEquals(-g.mul(a).sum().item() / (c * c), TensorRules.divScalarBackward(g, a, c), 1e-12);
    assertEquals(g.sum().item(), TensorRules.scalarOperandBackward(g), 1e-12);
    assertEquals(-g.sum().item(), TensorRules.subScalarOperandBackward(g), 1e-12);
    double dPow = (g.mul(x.pow(2.5 + H)).sum().item() - g.mul(x.pow(2.5 - H)).sum().item()) / (2 * H);
    assertEquals(dPow, TensorRules.powExponentBackward(x, 2.5, g), 1e-7);
  }

  @Test
  void matmulAndLogSoftmax() {
    Tensor a = u(2, 3);
    Tensor b = u(3, 4);
    Tensor da = u(2, 3);
    Tensor db = u(3, 4);
    assertTangent(TensorTangents.matmul(a, b, da, db), h -> a.add(da.mul(h)).matmul(b.add(db.mul(h))));
    assertTangent(TensorTangents.matmul(a, b, null, db), h -> a.matmul(b.add(db.mul(h))));
    assertTangent(TensorTangents.logSoftmax(a, 1, da), h -> a.add(da.mul(h)).logSoftmax(1));
    assertTangent(TensorTangents.logSoftmax(a, 0, da), h -> a.add(da.mul(h)).logSoftmax(0));
    // softmax's Jacobian is symmetric: its backward rule is its tangent rule
    assertTangent(TensorRules.softmaxBackward(a.softmax(1), da, 1), h -> a.add(da.mul(h)).softmax(1));
  }

  @Test
  void setIsFunctional() {
    Tensor x = u(2, 3);
    Tensor dx = u(2, 3);
    Tensor v = u(3);
    Tensor dv = u(3);
    int[] index = {1};
    Tensor t = TensorTangents.set(x, index, dx, dv);
    assertTangent(t, h -> {
      Tensor y = x.add(dx.mul(h));
      y.set(index, v.add(dv.mul(h)));
      return y;
    });
    Tensor before = dx.detach();
    TensorTangents.setScalar(x, new int[] {0, 2}, dx, 3.0);
    assertArrayEquals(before.toArray(), dx.toArray(), 0, "the tangent passed in is not modified");
    assertEquals(3.0, TensorTangents.setScalar(x, new int[] {0, 2}, null, 3.0).getDouble(0, 2));
  }

  @Test
  void losses() {
    Tensor a = u(2, 3);
    Tensor b = u(2, 3);
    Tensor da = u(2, 3);
    Tensor db = u(2, 3);
    assertTangent(TensorTangents.mseLoss(a, b, da, db),
        h -> dev.adjoint.nn.Functional.mseLoss(a.add(da.mul(h)), b.add(db.mul(h))));
    Tensor p = positive(2, 3);
    Tensor y = Tensor.rand(random, 2, 3);
    assertTangent(TensorTangents.binaryCrossEntropy(p, y, da.mul(0.1), db),
        h -> dev.adjoint.nn.Functional.binaryCrossEntropy(p.add(da.mul(0.1 * h)), y.add(db.mul(h))));
    assertTangent(TensorTangents.binaryCrossEntropyWithLogits(a, y, da, null),
        h -> dev.adjoint.nn.Functional.binaryCrossEntropyWithLogits(a.add(da.mul(h)), y));
    int[] targets = {2, 0};
    assertTangent(TensorTangents.crossEntropy(a, targets, da),
        h -> dev.adjoint.nn.Functional.crossEntropy(a.add(da.mul(h)), targets));
  }

  @Test
  void supportHelpers() {
    ObjectStack<Tensor> stack = new ObjectStack<>();
    Tensor[] pushed = new Tensor[40];
    for (int i = 0; i < pushed.length; i++) {
      pushed[i] = Tensor.scalar(i);
      stack.push(pushed[i]);
    }
    for (int i = pushed.length - 1; i >= 0; i--) {
      org.junit.jupiter.api.Assertions.assertSame(pushed[i], stack.pop());
    }
    org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, stack::pop);
    Tensor w = u(2, 2);
    assertArrayEquals(new double[4], TensorSupport.gradient(null, w).toArray());
    Tensor g = u(2, 2);
    org.junit.jupiter.api.Assertions.assertNotSame(g, TensorSupport.gradient(g, w));
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> TensorSupport.seed(null, u(3), "fVjp"));
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> TensorSupport.seed(u(2), u(3), "fVjp"));
    assertArrayEquals(new double[] {1}, TensorSupport.seed(null, u(1), "fVjp").toArray());
    // the shape checks of the VJP-to-JVP dot and of the tape's calls
    org.junit.jupiter.api.Assertions.assertEquals(1 * 4 + 2 * 5 + 3 * 6,
        TensorSupport.dot(Tensor.of(1, 2, 3), Tensor.of(4, 5, 6)), 0.0);
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> TensorSupport.dot(Tensor.of(1, 2, 3), Tensor.of(1, 2, 3).reshape(3, 1)));
    Tensor x = dev.adjoint.internal.TapeCalls.leaf(Tensor.of(1, 2));
    Tensor y = x.mul(x).sum();
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> dev.adjoint.internal.TapeCalls.vjp(y, new Tensor[] {x}, Tensor.of(1, 1), "fVjp"));
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> dev.adjoint.internal.TapeCalls.jvp(y, new Tensor[] {x}, new Tensor[] {Tensor.of(1, 1, 1)}, "fJvp"));
  }
}
