package dev.adjoint.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.palantir.javapoet.ClassName;
import dev.adjoint.DerivativeOf;
import dev.adjoint.Differentiable;
import dev.adjoint.GradCheck;
import dev.adjoint.Tensor;
import dev.adjoint.internal.rules.ScalarRules;
import dev.adjoint.internal.rules.TensorRules;
import dev.adjoint.internal.rules.TensorTangents;
import dev.adjoint.nn.Functional;
import dev.adjoint.processor.ir.MathFunction;
import dev.adjoint.processor.ir.TensorFunction;
import dev.adjoint.processor.ir.Type;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Ties the processor's names to the runtime: every class {@link RuntimeNames} names exists, and
 * every rule the processor can emit ({@link MathFunction}, {@link TensorFunction}'s call templates,
 * the extra rules in {@link RuntimeNames}) is a public static method of the runtime with the
 * parameters the emitted call passes and the type the generated code expects back.
 */
class RuntimeNamesTest {

  @Test
  void everyNamedClassExists() throws Exception {
    assertEquals(Differentiable.class.getCanonicalName(), RuntimeNames.DIFFERENTIABLE);
    assertEquals(GradCheck.class.getCanonicalName(), RuntimeNames.GRAD_CHECK);
    assertEquals(DerivativeOf.class.getCanonicalName(), RuntimeNames.DERIVATIVE_OF);
    assertEquals(dev.adjoint.Checkpoint.class.getCanonicalName(), RuntimeNames.CHECKPOINT);
    int classes = 0;
    for (Field f : RuntimeNames.class.getFields()) {
      if (f.getType() == ClassName.class) {
        ClassName name = (ClassName) f.get(null);
        Class<?> c = Class.forName(name.reflectionName());
        assertTrue(Modifier.isPublic(c.getModifiers()), name + " is not public");
        classes++;
      }
    }
    assertTrue(classes >= 19, "only " + classes + " class names found");
  }

  @Test
  void everyMathFunctionRuleExistsWithItsArity() throws Exception {
    int rules = 0;
    for (MathFunction f : MathFunction.values()) {
      Class<?>[] doubles = new Class<?>[f.arity()];
      Arrays.fill(doubles, double.class);
      if (f == MathFunction.SCALB) {
        doubles[1] = int.class; // scalb(double, int); its rule reads the int as a double
      }
      // the function itself: Math.name(double...), the call the processor recognizes
      Method math = Math.class.getMethod(f.javaName(), doubles);
      assertNotNull(math);
      if (f.piecewiseConstant()) {
        continue;
      }
      for (int i = 0; i < f.arity(); i++) {
        if (f.partialRule(i) != null) { // null: derivative 0 in that argument
          scalarRule(f.partialRule(i), f.arity());
          rules++;
        }
      }
    }
    scalarRule(RuntimeNames.REMAINDER_PARTIAL_DIVISOR, 2);
    scalarRule(RuntimeNames.TANH_DERIVATIVE_OF_RESULT, 1);
    scalarRule(RuntimeNames.EXP_DERIVATIVE_OF_RESULT, 1);
    assertEquals(ScalarRules.class.getName(), MathFunction.RULES_CLASS);
    assertEquals(34, rules, "partial rules of MathFunction");
  }

  /**
   * Second order: every first-derivative rule a tangent program can hold has its partials, each an
   * existing rule of the same arity, and each is the derivative of its rule (central differences
   * at points away from kinks and singularities).
   */
  @Test
  void everyFirstDerivativeRuleHasItsDerivativesAndTheyAreRight() throws Exception {
    java.util.Set<String> emitted = new java.util.TreeSet<>();
    for (MathFunction f : MathFunction.values()) {
      for (int i = 0; !f.piecewiseConstant() && i < f.arity(); i++) {
        if (f.partialRule(i) != null) {
          emitted.add(f.partialRule(i));
        }
      }
    }
    emitted.add(RuntimeNames.REMAINDER_PARTIAL_DIVISOR);
    assertEquals(emitted, new java.util.TreeSet<>(MathFunction.rulesWithPartials()));
    double[][] points = {{0.37, 0.81}, {0.62, 1.7}, {-0.45, 0.93}, {0.85, -0.6}};
    int checked = 0;
    for (String rule : emitted) {
      List<String> partials = MathFunction.partialsOfRule(rule);
      int arity = partials.size();
      Method first = scalarRule(rule, arity);
      for (int i = 0; i < arity; i++) {
        Method second = partials.get(i) == null ? null : scalarRule(partials.get(i), arity);
        for (double[] point : points) {
          Object[] args = Arrays.copyOf(new Object[] {point[0], point[1], point[0] * point[1] - 0.3}, arity);
          if (rule.startsWith("pow") && (double) args[0] <= 0) {
            continue; // x^y with a negative base: NaN off the integers
          }
          double h = 1e-6;
          Object[] plus = args.clone();
          Object[] minus = args.clone();
          plus[i] = (double) args[i] + h;
          minus[i] = (double) args[i] - h;
          double difference = ((double) first.invoke(null, plus) - (double) first.invoke(null, minus)) / (2 * h);
          double exact = second == null ? 0.0 : (double) second.invoke(null, args);
          if (Double.isNaN(exact) || Double.isNaN(difference)) {
            continue; // outside the domain (log of a negative number)
          }
          assertEquals(difference, exact, 1e-6 * Math.max(1, Math.abs(exact)), rule + " d/d argument " + i + " at "
              + Arrays.toString(args));
          checked++;
        }
      }
    }
    assertTrue(checked > 100, checked + " checks");
  }

  private static Method scalarRule(String name, int arity) throws Exception {
    Class<?>[] doubles = new Class<?>[arity];
    Arrays.fill(doubles, double.class);
    Method m = ScalarRules.class.getMethod(name, doubles);
    assertTrue(Modifier.isStatic(m.getModifiers()), name + " is not static");
    assertEquals(double.class, m.getReturnType(), name);
    return m;
  }

  @Test
  void everyTensorFunctionIsARuntimeMethod() {
    for (TensorFunction f : TensorFunction.values()) {
      Class<?> owner = f.kind() == TensorFunction.Kind.FUNCTIONAL ? Functional.class : Tensor.class;
      List<Class<?>> params = new ArrayList<>();
      List<Type> args = f.fixedArgs();
      for (int i = f.kind() == TensorFunction.Kind.METHOD ? 1 : 0; i < args.size(); i++) {
        params.add(javaClass(args.get(i)));
      }
      if (f.varargs() != null) {
        params.add(java.lang.reflect.Array.newInstance(javaClass(f.varargs()), 0).getClass());
      }
      Method m;
      try {
        m = owner.getMethod(f.javaName(), params.toArray(Class<?>[]::new));
      } catch (NoSuchMethodException e) {
        throw new AssertionError(f + ": no " + owner.getSimpleName() + "." + f.javaName() + params, e);
      }
      assertEquals(f.kind() != TensorFunction.Kind.METHOD, Modifier.isStatic(m.getModifiers()), f.toString());
      Class<?> expected = f.inPlace() ? void.class : javaClass(f.result());
      assertEquals(expected, m.getReturnType(), f.toString());
    }
  }

  @Test
  void everyTensorRuleTemplateCallsAnExistingRule() {
    assertEquals(TensorRules.class.getName(), TensorFunction.RULES_CLASS);
    assertEquals(TensorTangents.class.getName(), TensorFunction.TANGENTS_CLASS);
    int checked = 0;
    for (TensorFunction f : TensorFunction.values()) {
      if (!f.differentiable()) {
        continue;
      }
      Class<?> result = f.inPlace() ? Tensor.class : javaClass(f.result());
      Class<?> forward = new Template(f, f.forwardRule()).type();
      assertEquals(result, forward, f + " forward rule " + f.forwardRule());
      checked++;
      int n = f.fixedArgs().size() + (f.varargs() == Type.SCALAR ? 1 : 0);
      for (int i = 0; i < n; i++) {
        String rule = f.reverseRule(i);
        if (rule != null) {
          Class<?> arg = i < f.fixedArgs().size() ? javaClass(f.fixedArgs().get(i)) : double.class;
          assertEquals(arg, new Template(f, rule).type(), f + " reverse rule " + i + " " + rule);
          checked++;
        }
      }
    }
    assertTrue(checked > 60, checked + " templates");
  }

  private static Class<?> javaClass(Type t) {
    Map<Type, Class<?>> classes = Map.of(Type.SCALAR, double.class, Type.INT, int.class, Type.LONG, long.class,
        Type.BOOL, boolean.class, Type.ARRAY, double[].class, Type.ARRAY2, double[][].class, Type.INT_ARRAY,
        int[].class, Type.TENSOR, Tensor.class);
    Class<?> c = classes.get(t);
    if (c == null) {
      throw new IllegalArgumentException(t.toString());
    }
    return c;
  }


  /**
   * A call template (see {@link TensorFunction}) read as a typed expression: {@code #R.f(a, b)}
   * resolves to the {@code TensorRules} method {@code f} whose parameters accept the arguments'
   * types, {@code x.f(…)} to a {@code Tensor} instance method; the result is the resolved method's
   * return type.
   */
  private static final class Template {
    private final TensorFunction f;
    private final String text;
    private int at;

    Template(TensorFunction f, String text) {
      this.f = f;
      this.text = text;
    }

    Class<?> type() {
      Class<?> t = expression();
      if (at != text.length()) {
        fail(f + ": cannot read template " + text + " at " + at);
      }
      return t;
    }

    /** An expression's type; {@code int[].class} stands for the int varargs {@code $v}. */
    private Class<?> expression() {
      Class<?> t;
      if (text.startsWith("#", at)) {
        char k = text.charAt(at + 1);
        at += 2;
        expect('.');
        Class<?> owner = k == 'R' ? TensorRules.class : k == 'F' ? TensorTangents.class : Tensor.class;
        t = call(owner, true);
      } else if (text.startsWith("$", at)) {
        t = variable();
      } else if (text.startsWith("false", at) || text.startsWith("true", at)) {
        at += text.startsWith("false", at) ? 5 : 4;
        t = boolean.class;
      } else {
        throw new AssertionError(f + ": unexpected text in " + text + " at " + at);
      }
      while (at < text.length() && text.charAt(at) == '.') {
        at++;
        t = call(t, false);
      }
      return t;
    }

    private Class<?> variable() {
      int start = at++;
      while (at < text.length() && Character.isLetterOrDigit(text.charAt(at))) {
        at++;
      }
      String v = text.substring(start + 1, at);
      List<Type> args = f.fixedArgs();
      switch (v) {
        case "g": return f.inPlace() ? Tensor.class : javaClass(f.result());
        case "k": return int.class;
        case "V": return int[].class;
        case "v": return IntVarargs.class;
        case "dv": return DoubleVarargs.class;
        default:
          int i = Integer.parseInt(v.startsWith("d") ? v.substring(1) : v);
          return javaClass(args.get(i));
      }
    }

    private Class<?> call(Class<?> owner, boolean isStatic) {
      int start = at;
      while (Character.isLetterOrDigit(text.charAt(at))) {
        at++;
      }
      String name = text.substring(start, at);
      expect('(');
      List<Class<?>> args = new ArrayList<>();
      while (text.charAt(at) != ')') {
        args.add(expression());
        if (text.charAt(at) == ',') {
          at++;
          expect(' ');
        }
      }
      at++;
      for (Method m : owner.getMethods()) {
        if (m.getName().equals(name) && Modifier.isStatic(m.getModifiers()) == isStatic && accepts(m, args)) {
          return m.getReturnType();
        }
      }
      throw new AssertionError(f + ": no " + (isStatic ? "static " : "") + owner.getSimpleName() + "." + name
          + " accepting " + args + " (template " + text + ")");
    }

    private void expect(char c) {
      if (text.charAt(at) != c) {
        fail(f + ": expected '" + c + "' in " + text + " at " + at);
      }
      at++;
    }

    private static boolean accepts(Method m, List<Class<?>> args) {
      Class<?>[] params = m.getParameterTypes();
      List<Class<?>> expanded = new ArrayList<>();
      for (Class<?> a : args) {
        if (a == IntVarargs.class || a == DoubleVarargs.class) {
          // varargs spread as separate arguments: they fill a trailing array parameter
          if (!m.isVarArgs()) {
            return false;
          }
          Class<?> element = a == IntVarargs.class ? int.class : double.class;
          return expanded.size() == params.length - 1 && matches(params, expanded)
              && assignable(element, params[params.length - 1].getComponentType());
        }
        expanded.add(a);
      }
      if (m.isVarArgs() && expanded.size() == params.length - 1) {
        return matches(params, expanded); // no varargs passed
      }
      return expanded.size() == params.length && matches(params, expanded);
    }

    private static boolean matches(Class<?>[] params, List<Class<?>> args) {
      for (int i = 0; i < args.size(); i++) {
        if (!assignable(args.get(i), params[i])) {
          return false;
        }
      }
      return true;
    }

    private static boolean assignable(Class<?> from, Class<?> to) {
      if (to.isAssignableFrom(from)) {
        return true;
      }
      return to == double.class && (from == int.class || from == long.class) || to == long.class && from == int.class;
    }
  }

  /** Markers for the spread varargs {@code $v} (ints) and {@code $dv} (doubles). */
  private static final class IntVarargs {}

  private static final class DoubleVarargs {}
}
