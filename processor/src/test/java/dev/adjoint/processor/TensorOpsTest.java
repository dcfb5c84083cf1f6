package dev.adjoint.processor;

import static dev.adjoint.processor.testing.CompiledSources.resource;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.Autograd;
import dev.adjoint.Tensor;
import dev.adjoint.processor.testing.CompiledSources;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every Tensor operation and Functional function (sources/TensorOps.java.txt), generated code
 * checked four ways: reverse vs forward mode (dot-product test), forward mode vs central finite
 * differences, values and untouched arguments ({@code GradientCheck}), and reverse mode vs the
 * dynamic tape ({@code Autograd.grad} with the same seed).
 */
class TensorOpsTest {
  private static CompiledSources compiled;
  private static final Random RANDOM = new Random(17);

  @BeforeAll
  static void compile() {
    compiled = CompiledSources.compile(resource("tens.TensorOps", "TensorOps.java.txt"));
  }

  /** Uniform in [lo, hi], this shape. */
  private static Tensor uniform(double lo, double hi, int... shape) {
    return Tensor.rand(RANDOM, shape).mul(hi - lo).add(lo);
  }

  private static Tensor m() { return uniform(-1, 1, 2, 3); }

  private static Tensor positive() { return uniform(0.2, 0.9, 2, 3); }

  static Stream<Arguments> points() {
    return Stream.of(
        point("add", m(), m()), point("add", m(), uniform(-1, 1, 3)), point("add", uniform(-1, 1, 2, 1), m()),
        point("addScalar", m(), 0.7), point("addInt", m()),
        point("sub", m(), uniform(-1, 1, 3)), point("subScalar", m(), -0.3),
        point("mul", m(), m()), point("mul", uniform(-1, 1, 3), m()), point("mulScalar", m(), 1.3),
        point("div", m(), uniform(0.5, 2, 2, 3)), point("div", m(), uniform(0.5, 2, 1, 3)), point("divScalar", m(), 1.7),
        point("neg", m()), point("exp", m()), point("log", positive()), point("sin", m()), point("cos", m()),
        point("tanh", m()), point("sigmoid", m()), point("relu", Tensor.of(new double[][] {{-0.5, 0.3, 0.8}, {0.2, -0.1, 0.9}})),
        point("sqrt", positive()), point("abs", Tensor.of(new double[][] {{-0.5, 0.3, 0.8}, {0.2, -0.1, 0.9}})),
        point("pow", positive(), 2.5), point("pow", positive(), -1.0),
        point("clamp", Tensor.of(new double[][] {{-0.9, -0.3, 0.1}, {0.45, 0.7, 1.2}})),
        point("matmul", m(), uniform(-1, 1, 3, 4)), point("matmul", uniform(-1, 1, 3), uniform(-1, 1, 3, 2)),
        point("matmul", m(), uniform(-1, 1, 3)), point("matmul", uniform(-1, 1, 3), uniform(-1, 1, 3)),
        point("matmul", uniform(-1, 1, 2, 2, 3), uniform(-1, 1, 3, 2)),
        point("t", m()), point("t", uniform(-1, 1, 3)), point("transpose", uniform(-1, 1, 2, 3, 2)),
        point("reshape", m()), point("expand", uniform(-1, 1, 1, 3)),
        point("sum", m()), point("sumDim", m()), point("sumDimKeep", m()),
        point("mean", m()), point("meanDim", m()), point("meanDimKeep", m()),
        point("softmax", m()), point("logSoftmaxMethod", m()),
        point("get", m()), point("getElement", m(), 1), point("getElement", m(), -2), point("getDouble", m()),
        point("item", m()),
        point("set", m(), uniform(-1, 1, 3)), point("set", m(), Tensor.scalar(0.4)), point("setScalar", m(), 0.6),
        point("mseLoss", m(), m()), point("binaryCrossEntropy", uniform(0.1, 0.9, 2, 3), uniform(0, 1, 2, 3)),
        point("binaryCrossEntropyWithLogits", m(), uniform(0, 1, 2, 3)),
        point("crossEntropy", m(), new int[] {2, 0}), point("crossEntropy", uniform(-1, 1, 4), new int[] {1}),
        point("functionalSigmoid", m()), point("functionalRelu", Tensor.of(-0.5, 0.3, 0.8)),
        point("functionalTanh", m()), point("functionalSoftmax", m()), point("functionalLogSoftmax", m()),
        point("scalar", 0.3), point("of", 0.3, -1.2), point("full", 0.8),
        point("constants", m()), point("mixed", m(), 0.4, 3), point("constantResult", m()),
        point("doublesOnly", 0.3, -0.7), point("rowsByIndex", m()),
        point("arraysAsVarargs", m(), new int[] {1}), point("arraysAsVarargs", m(), new int[] {0, 2}),
        point("fromArrays", new double[] {0.1, -0.5, 0.9, 0.3, -0.2, 0.7}, new double[][] {{0.4, 0.5, -0.6}, {1.1, -0.3, 0.2}}));
  }

  private static Arguments point(String method, Object... args) {
    return Arguments.of(method, args);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("points")
  void reverseForwardFiniteDifferencesAndTapeAgree(String method, Object[] args) {
    compiled.check("tens.TensorOps", method).at(args);
    agreesWithTape(method, args);
  }

  /** The vjp's tensor gradients equal {@code Autograd.grad} of the original method run on the tape. */
  private static void agreesWithTape(String name, Object[] args) {
    Class<?> owner = compiled.load("tens.TensorOps");
    Class<?> companion = compiled.load("tens.TensorOpsDerivatives");
    Method primal = find(owner, name);
    Method vjp = find(companion, name + "Vjp");
    if (primal.getReturnType() != Tensor.class) {
      return; // the tape differentiates tensors only
    }
    Object[] taped = args.clone();
    List<Tensor> inputs = new ArrayList<>();
    List<String> names = new ArrayList<>();
    Parameter[] params = primal.getParameters();
    for (int i = 0; i < args.length; i++) {
      if (args[i] instanceof Tensor t) {
        taped[i] = Tensor.of(t.toArray(), t.shape()).requiresGrad(true);
        inputs.add((Tensor) taped[i]);
        names.add(params[i].getName());
      }
    }
    try {
      Tensor out = (Tensor) primal.invoke(null, taped);
      Tensor seed = Tensor.rand(RANDOM, out.shape());
      Object[] vjpArgs = java.util.Arrays.copyOf(args, args.length + 1);
      vjpArgs[args.length] = seed;
      Object record = vjp.invoke(null, vjpArgs);
      if (inputs.isEmpty() || !out.requiresGrad()) {
        return;
      }
      Tensor[] grads = Autograd.grad(out, inputs.toArray(new Tensor[0]), seed, false, false);
      for (RecordComponent rc : record.getClass().getRecordComponents()) {
        int k = names.indexOf(rc.getName());
        if (k >= 0) {
          rc.getAccessor().setAccessible(true);
          Tensor generated = (Tensor) rc.getAccessor().invoke(record);
          assertArrayEquals(grads[k].shape(), generated.shape(), name + " " + rc.getName());
          double[] expected = grads[k].toArray();
          double[] actual = generated.toArray();
          for (int j = 0; j < expected.length; j++) {
            assertEquals(expected[j], actual[j], 1e-12 * (1 + Math.abs(expected[j])), name + " " + rc.getName() + "[" + j + "]");
          }
        }
      }
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  @org.junit.jupiter.api.Test
  void detachCutsTheDerivative() throws ReflectiveOperationException {
    Tensor a = Tensor.of(0.5, -2, 3);
    Method gradient = find(compiled.load("tens.TensorOpsDerivatives"), "detachedGradient");
    Object record = gradient.invoke(null, a);
    RecordComponent rc = record.getClass().getRecordComponents()[1];
    rc.getAccessor().setAccessible(true);
    assertArrayEquals(new double[] {0.5, -2, 3}, ((Tensor) rc.getAccessor().invoke(record)).toArray(), 0);
    Method jvp = find(compiled.load("tens.TensorOpsDerivatives"), "detachedJvp");
    Object tangent = jvp.invoke(null, a, Tensor.of(1, 1, 1));
    RecordComponent t = tangent.getClass().getRecordComponents()[1];
    t.getAccessor().setAccessible(true);
    assertEquals(1.5, ((Tensor) t.getAccessor().invoke(tangent)).item(), 1e-15);
  }

  /**
   * The exponent partial of {@code x.pow(e)} at {@code x = 0}: {@code 0^e} is constant for
   * {@code e > 0}, so d/de sum([0, 2]^2) = 4 ln 2 in reverse and forward mode, as the scalar rule
   * and PyTorch give (the tensor rules once gave NaN here).
   */
  @org.junit.jupiter.api.Test
  void powExponentPartialAtZeroBase() throws ReflectiveOperationException {
    Class<?> companion = compiled.load("tens.TensorOpsDerivatives");
    Tensor x = Tensor.of(0, 2);
    Object gradient = find(companion, "powVjp").invoke(null, x, 2.0, Tensor.onesLike(x));
    assertEquals(4 * Math.log(2), (double) component(gradient, "e"), 1e-15);
    Object tangent = find(companion, "powJvp").invoke(null, x, 2.0, Tensor.zerosLike(x), 1.0);
    assertArrayEquals(new double[] {0, 4 * Math.log(2)}, ((Tensor) component(tangent, "tangent")).toArray(), 1e-15);
  }

  private static Object component(Object record, String name) throws ReflectiveOperationException {
    for (RecordComponent rc : record.getClass().getRecordComponents()) {
      if (rc.getName().equals(name)) {
        rc.getAccessor().setAccessible(true);
        return rc.getAccessor().invoke(record);
      }
    }
    throw new AssertionError("no component " + name);
  }

  private static Method find(Class<?> type, String name) {
    for (Method m : type.getDeclaredMethods()) {
      if (m.getName().equals(name)) {
        m.setAccessible(true);
        return m;
      }
    }
    throw new AssertionError("no " + name);
  }
}
