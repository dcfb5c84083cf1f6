package dev.adjoint.processor.testing;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Checks a {@code @Differentiable} method's generated derivatives numerically at given points:
 * reverse mode ({@code nameVjp}, {@code nameGradient}) against forward mode ({@code nameJvp}) by
 * the dot-product test ⟨v, J·u⟩ = ⟨Jᵀ·v, u⟩ with random u and v, both against central finite
 * differences of the original method, values against the original's, and that no call mutates
 * its arguments. Needs the classes compiled with {@code -parameters}.
 */
public final class GradientCheck {
  private double dotTolerance = 1e-9;
  private boolean finiteDifferences = true;

  private final Method primal;
  private final Method vjp;
  private final Method jvp;
  private final Method gradient;
  private final int[] wrt;
  private final Random random = new Random(20261122);
  private double finiteDifferenceTolerance = 1e-6;
  private double step = 1e-6;

  private GradientCheck(Method primal, Method vjp, Method jvp, Method gradient, int[] wrt) {
    this.primal = primal;
    this.vjp = vjp;
    this.jvp = jvp;
    this.gradient = gradient;
    this.wrt = wrt;
  }

  public static GradientCheck of(Class<?> owner, String name) {
    return new GradientCheck(only(owner, name), only(companion(owner), name + "Vjp"),
        only(companion(owner), name + "Jvp"), optional(companion(owner), name + "Gradient"), wrtOf(owner, name));
  }

  /** The indices of the differentiated parameters of {@code owner.name} (the receiver first), read from its gradient record. */
  public static int[] wrtOf(Class<?> owner, String name) {
    Method primal = only(owner, name);
    Method vjp = only(companion(owner), name + "Vjp");
    RecordComponent[] components = vjp.getReturnType().getRecordComponents();
    List<String> params = new ArrayList<>();
    if (!java.lang.reflect.Modifier.isStatic(primal.getModifiers())) {
      params.add("self"); // API.md section 4: the receiver is the companion methods' first parameter
    }
    for (Parameter p : primal.getParameters()) {
      params.add(p.getName());
    }
    int[] wrt = new int[components.length - 1];
    for (int k = 1; k < components.length; k++) {
      String component = components[k].getName();
      // API.md: a differentiated parameter named value has the gradient component dvalue
      wrt[k - 1] = params.indexOf(component.equals("dvalue") && !params.contains("dvalue") ? "value" : component);
      if (wrt[k - 1] < 0) {
        throw new AssertionError("gradient component " + components[k].getName() + " names no parameter of " + params);
      }
    }
    return wrt;
  }

  private static Class<?> companion(Class<?> owner) {
    String nested = owner.getName().substring(owner.getPackageName().isEmpty() ? 0 : owner.getPackageName().length() + 1);
    String companionName = (owner.getPackageName().isEmpty() ? "" : owner.getPackageName() + ".")
        + nested.replace('$', '_') + "Derivatives";
    try {
      return Class.forName(companionName, true, owner.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new AssertionError("no companion " + companionName, e);
    }
  }

  /** Looser finite-difference agreement, for ill-conditioned functions. */
  public GradientCheck finiteDifferenceTolerance(double tolerance) {
    this.finiteDifferenceTolerance = tolerance;
    return this;
  }

  /**
   * Float arithmetic inside the method: central differences with the step {@code 1e-2} (relative),
   * which float rounding does not swamp, and agreement to {@code tolerance} (~1e-3) in both tests.
   */
  public GradientCheck floatArithmetic(double tolerance) {
    this.step = 1e-2;
    this.finiteDifferenceTolerance = tolerance;
    this.dotTolerance = tolerance;
    return this;
  }

  /**
   * Skips the comparison with central differences, for a caller that compares the gradient with
   * a reference of its own (the float fuzz leg: the same program in double arithmetic).
   */
  public GradientCheck withoutFiniteDifferences() {
    this.finiteDifferences = false;
    return this;
  }

  /** Looser agreement of the dot-product test, for float arithmetic inside the method. */
  public GradientCheck dotProductTolerance(double tolerance) {
    this.dotTolerance = tolerance;
    return this;
  }

  /** Runs every check at {@code args} (boxed, in parameter order); returns this for more points. */
  public GradientCheck at(Object... args) {
    Object value = call(primal, copies(args));
    Object seed = Values.random(value, random);

    Object[] vjpArgs = append(copies(args), seed);
    Object vjpResult = call(vjp, vjpArgs);
    assertUnchanged(args, vjpArgs, "Vjp");
    Object[] components = CompiledSources.components(vjpResult);
    expectSame("Vjp value", value, components[0]);
    Object[] grads = new Object[wrt.length];
    for (int k = 0; k < wrt.length; k++) {
      grads[k] = components[k + 1];
      if (!Values.sameShape(grads[k], args[wrt[k]])) {
        throw new AssertionError("gradient " + k + " has the wrong shape: " + Values.show(grads[k]));
      }
    }

    Object[] tangents = new Object[wrt.length];
    Object[] jvpArgs = copies(args);
    for (int k = 0; k < wrt.length; k++) {
      tangents[k] = Values.random(args[wrt[k]], random);
      jvpArgs = append(jvpArgs, Values.copy(tangents[k]));
    }
    Object jvpResult = call(jvp, jvpArgs);
    assertUnchanged(args, jvpArgs, "Jvp");
    Object[] tangentComponents = CompiledSources.components(jvpResult);
    expectSame("Jvp value", value, tangentComponents[0]);
    Object tangent = tangentComponents[1];

    double forward = Values.dot(seed, tangent);
    double reverse = 0;
    for (int k = 0; k < wrt.length; k++) {
      reverse += Values.dot(grads[k], tangents[k]);
    }
    expectClose("dot-product test <v, J u> vs <J^T v, u>", forward, reverse, dotTolerance, args);

    if (finiteDifferences) {
      double difference = Values.dot(seed, directionalDifference(args, tangents));
      expectClose("forward mode vs finite differences", forward, difference, finiteDifferenceTolerance, args);
    }

    if (gradient != null && value instanceof dev.adjoint.Tensor t && t.numel() != 1) {
      // API.md: nameGradient needs a one-element result.
      try {
        gradient.invoke(null, copies(args));
        throw new AssertionError(gradient.getName() + " accepted a result of shape " + Values.show(value));
      } catch (InvocationTargetException e) {
        if (!(e.getCause() instanceof IllegalArgumentException)) {
          throw new AssertionError(gradient.getName() + " threw", e.getCause());
        }
      } catch (IllegalAccessException e) {
        throw new AssertionError(e);
      }
    } else if (gradient != null) {
      Object[] gradientArgs = copies(args);
      Object[] unitSeed = CompiledSources.components(call(gradient, gradientArgs));
      assertUnchanged(args, gradientArgs, "Gradient");
      Object unit = value instanceof dev.adjoint.Tensor t ? dev.adjoint.Tensor.onesLike(t)
          : value instanceof Float ? (Object) 1.0f : (Object) 1.0;
      Object[] expected = CompiledSources.components(call(vjp, append(copies(args), unit)));
      for (int k = 0; k < unitSeed.length; k++) {
        expectSame("Gradient component " + k + " vs Vjp with seed 1", expected[k], unitSeed[k]);
      }
    }
    return this;
  }

  /** Central differences of the original method along {@code tangents}, step scaled to the input. */
  private Object directionalDifference(Object[] args, Object[] tangents) {
    double scale = 1;
    for (int k : wrt) {
      scale = Math.max(scale, Values.maxAbs(args[k]));
    }
    double h = step * scale;
    Object[] plus = copies(args);
    Object[] minus = copies(args);
    for (int k = 0; k < wrt.length; k++) {
      plus[wrt[k]] = Values.axpy(args[wrt[k]], h, tangents[k]);
      minus[wrt[k]] = Values.axpy(args[wrt[k]], -h, tangents[k]);
    }
    Object up = call(primal, plus);
    Object down = call(primal, minus);
    return Values.scale(Values.axpy(up, -1, down), 1 / (2 * h));
  }

  private void expectClose(String what, double a, double b, double tolerance, Object[] args) {
    if (!(Math.abs(a - b) <= tolerance * (1 + Math.abs(a) + Math.abs(b)))) {
      throw new AssertionError(String.format("%s of %s at %s: %s vs %s", what, primal.getName(),
          Values.show(args), a, b));
    }
  }

  private void expectSame(String what, Object expected, Object actual) {
    if (!Values.same(expected, actual)) {
      throw new AssertionError(what + " of " + primal.getName() + ": expected " + Values.show(expected)
          + ", got " + Values.show(actual));
    }
  }

  private void assertUnchanged(Object[] original, Object[] passed, String method) {
    for (int i = 0; i < original.length; i++) {
      if (!Values.same(original[i], passed[i])) {
        throw new AssertionError(primal.getName() + method + " mutated argument " + i + ": "
            + Values.show(original[i]) + " became " + Values.show(passed[i]));
      }
    }
  }

  private static Object call(Method m, Object[] args) {
    try {
      if (!java.lang.reflect.Modifier.isStatic(m.getModifiers())) {
        return m.invoke(args[0], java.util.Arrays.copyOfRange(args, 1, args.length));
      }
      return m.invoke(null, args);
    } catch (InvocationTargetException e) {
      throw new AssertionError(m.getName() + " threw", e.getCause());
    } catch (IllegalAccessException | IllegalArgumentException e) {
      throw new AssertionError("cannot call " + m, e);
    }
  }

  private static Object[] copies(Object[] args) {
    Object[] c = new Object[args.length];
    for (int i = 0; i < args.length; i++) {
      c[i] = Values.copy(args[i]);
    }
    return c;
  }

  private static Object[] append(Object[] args, Object last) {
    Object[] r = java.util.Arrays.copyOf(args, args.length + 1);
    r[args.length] = last;
    return r;
  }

  private static Method only(Class<?> type, String name) {
    Method m = optional(type, name);
    if (m == null) {
      throw new AssertionError("no method " + name + " in " + type.getName());
    }
    return m;
  }

  private static Method optional(Class<?> type, String name) {
    Method found = null;
    for (Method m : type.getDeclaredMethods()) {
      if (m.getName().equals(name)) {
        if (found != null) {
          throw new AssertionError("two methods " + name + " in " + type.getName());
        }
        found = m;
      }
    }
    if (found != null) {
      found.setAccessible(true);
    }
    return found;
  }
}
