package dev.adjoint.internal;

import dev.adjoint.Tensor;
import dev.adjoint.internal.gradcheck.SampleParser;
import java.util.List;
import java.util.Objects;

/**
 * What {@code GradChecks.verify} needs to know about one {@code @Differentiable} method: the
 * contract between the processor's generated companion and the runtime.
 *
 * <h2>How verify finds these</h2>
 *
 * For a model class {@code p.Model} (nested: {@code p.Outer.Inner}), {@code GradChecks.verify}
 * loads the companion {@code p.ModelDerivatives} ({@code p.Outer_InnerDerivatives}) with {@code
 * Class.forName} on the model's class loader and calls its
 *
 * <pre>{@code public static java.util.List<dev.adjoint.internal.CheckedMethod> checkedMethods()}</pre>
 *
 * which returns one {@code CheckedMethod} per {@code @Differentiable} method of the model, in
 * declaration order. Only this public method of the public companion is looked up reflectively;
 * everything else is called through the lambdas below, which the companion (same package as the
 * model) writes as ordinary calls.
 *
 * <h2>Components</h2>
 *
 * <ul>
 *   <li>{@code name}: the method's simple name, e.g. {@code "loss"}.
 *   <li>{@code parameters}: every declared parameter, in declaration order, with its {@link
 *       ParamKind}. A parameter of any other type (e.g. {@code float}, {@code String}) is a
 *       compile error of the processor, so such a method never gets here.
 *   <li>{@code result}: the kind of the return type ({@code DOUBLE}, {@code DOUBLE_ARRAY}, {@code
 *       DOUBLE_ARRAY2} or {@code TENSOR}).
 *   <li>{@code wrt}: the names of the differentiated parameters, in declaration order (the same
 *       order as the generated record's gradient components and the {@code Jvp} tangents).
 *   <li>{@code samples}: the {@code @GradCheck} strings verbatim (empty list when there is no
 *       annotation); they are parsed at run time by {@link SampleParser}, as at compile time.
 *   <li>{@code primal}: calls the original method.
 *   <li>{@code reverse}: calls {@code nameVjp} and returns {@code {value, gradient of wrt[0], ...}}.
 *   <li>{@code forward}: calls {@code nameJvp} and returns {@code {value, tangent}}; never
 *       {@code null} in generated code ({@code null} only where there is no forward mode, as for
 *       the tape functions of {@code GradChecks.check}).
 * </ul>
 *
 * <p>Arguments arrive as an {@code Object[]} in declaration order, one element per parameter:
 * {@code Double}, {@code double[]}, {@code double[][]}, {@code Tensor}, {@code Integer}, {@code
 * Long}, {@code Boolean} or {@code int[]}; a {@code DOUBLE} result, seed, gradient or tangent is a
 * {@code Double}. The runtime passes fresh copies on every call, so the lambdas just cast and call.
 */
public record CheckedMethod(
    String name,
    List<Param> parameters,
    ParamKind result,
    List<String> wrt,
    List<String> samples,
    Primal primal,
    Reverse reverse,
    Forward forward) {

  /** Calls the original method: {@code args -> Model.loss((double[]) args[0], (double) args[1])}. */
  @FunctionalInterface
  public interface Primal {
    Object call(Object[] args) throws Exception;
  }

  /**
   * Reverse mode with cotangent {@code seed} (same kind and shape as the result); returns the
   * value followed by one gradient per {@code wrt} parameter.
   */
  @FunctionalInterface
  public interface Reverse {
    Object[] call(Object[] args, Object seed) throws Exception;
  }

  /**
   * Forward mode with one tangent per {@code wrt} parameter (same kind and shape as it); returns
   * {@code {value, tangent of the result}}.
   */
  @FunctionalInterface
  public interface Forward {
    Object[] call(Object[] args, Object[] tangents) throws Exception;
  }

  /**
   * Validates what generated code must get right anyway, so that a mismatch shows up as one clear
   * exception naming the method rather than as a confusing gradient failure.
   */
  public CheckedMethod {
    Objects.requireNonNull(name, "name");
    parameters = List.copyOf(parameters);
    wrt = List.copyOf(wrt);
    samples = List.copyOf(samples);
    Objects.requireNonNull(primal, "primal");
    Objects.requireNonNull(reverse, "reverse");
    if (!result.differentiable()) {
      throw new IllegalArgumentException("CheckedMethod " + name + ": result kind " + result + " is not differentiable");
    }
    int previous = -1;
    for (String w : wrt) {
      int index = indexOf(parameters, w);
      if (index < 0 || !parameters.get(index).kind().differentiable()) {
        throw new IllegalArgumentException("CheckedMethod " + name + ": wrt '" + w
            + "' is not a differentiable parameter of " + parameters);
      }
      if (index <= previous) {
        throw new IllegalArgumentException("CheckedMethod " + name + ": wrt " + wrt
            + " must list distinct parameters in declaration order");
      }
      previous = index;
    }
  }

  /** Positions of the {@code wrt} parameters in {@code parameters}. */
  public int[] wrtIndices() {
    return wrt.stream().mapToInt(w -> indexOf(parameters, w)).toArray();
  }

  private static int indexOf(List<Param> parameters, String name) {
    for (int i = 0; i < parameters.size(); i++) {
      if (parameters.get(i).name().equals(name)) {
        return i;
      }
    }
    return -1;
  }
}
