package dev.adjoint.processor.ir;

import java.util.List;

/**
 * What callers and the companion writer need to know of a {@code @Differentiable} method: read
 * from its element only (never from its body), so it works for classes compiled earlier.
 *
 * @param wrt indexes of the differentiated parameters, in declaration order
 * @param order 1, or 2 when the companion also has {@code nameHvp} and {@code nameHessian}
 * @param instance an instance method: its receiver is the first parameter, {@link #SELF}
 * @param snapshots {@code @Checkpoint(snapshots = k)}: k, else 0 (a loop of calls of it is then
 *     checkpointed binomially with at most k states, see API.md section 6)
 */
public record Signature(
    ClassRef owner, String name, List<String> paramNames, List<Type> paramTypes, Type returnType,
    List<Integer> wrt, int order, boolean instance, int snapshots) {
  /** The companion's name for the receiver of an instance method (its gradient component too). */
  public static final String SELF = "self";

  public Signature {
    paramNames = List.copyOf(paramNames);
    paramTypes = List.copyOf(paramTypes);
    wrt = List.copyOf(wrt);
  }

  public Signature(ClassRef owner, String name, List<String> paramNames, List<Type> paramTypes, Type returnType,
      List<Integer> wrt, int order, boolean instance) {
    this(owner, name, paramNames, paramTypes, returnType, wrt, order, instance, 0);
  }

  /** A first-order signature of a static method. */
  public Signature(ClassRef owner, String name, List<String> paramNames, List<Type> paramTypes, Type returnType,
      List<Integer> wrt) {
    this(owner, name, paramNames, paramTypes, returnType, wrt, 1, false);
  }

  /**
   * The gradient record's component for a differentiated parameter: its name, except that
   * {@code value} (the result's component) becomes {@code dvalue}.
   */
  public static String gradientComponent(String parameter) {
    return parameter.equals("value") ? "dvalue" : parameter;
  }

  /** {@code loss} → {@code Loss}, the stem of the record names. */
  public String capitalizedName() { return Character.toUpperCase(name.charAt(0)) + name.substring(1); }

  public String gradientRecord() { return capitalizedName() + "Gradient"; }

  public String tangentRecord() { return capitalizedName() + "Tangent"; }

  public String gradientMethod() { return name + "Gradient"; }

  public String vjpMethod() { return name + "Vjp"; }

  public String jvpMethod() { return name + "Jvp"; }

  public String hvpRecord() { return capitalizedName() + "Hvp"; }

  public String hvpMethod() { return name + "Hvp"; }

  public String hessianMethod() { return name + "Hessian"; }
}
