package dev.adjoint.processor.ir;

import com.sun.source.tree.Tree;
import java.util.List;

/**
 * Typed expressions. Nodes parsed from source keep their {@link Tree} (for diagnostics at the
 * exact position); nodes the transforms build have a null tree.
 */
public sealed interface Expr {
  Type type();

  Tree tree();

  /** A literal, as Java source text ({@code 2.0}, {@code 3}, {@code 7L}, {@code true}). */
  record Literal(String text, Type type, Tree tree) implements Expr {
    public static Literal of(double value) { return new Literal(formatDouble(value), Type.SCALAR, null); }

    public static String formatDouble(double v) {
      if (Double.isNaN(v)) {
        return "Double.NaN";
      }
      if (Double.isInfinite(v)) {
        return v > 0 ? "Double.POSITIVE_INFINITY" : "Double.NEGATIVE_INFINITY";
      }
      return Double.toString(v);
    }

    public boolean isZero() { return text.equals("0.0"); }

    public boolean isOne() { return text.equals("1.0"); }
  }

  record Read(Var var, Tree tree) implements Expr {
    @Override
    public Type type() { return var.type(); }
  }

  /** A static field that is not a compile-time constant, referenced by its class. */
  record FieldRead(ClassRef owner, String name, Type type, Tree tree) implements Expr {}

  record Unary(Operator op, Expr operand, Type type, Tree tree) implements Expr {}

  record Binary(Operator op, Expr left, Expr right, Type type, Tree tree) implements Expr {}

  record Conditional(Expr condition, Expr ifTrue, Expr ifFalse, Type type, Tree tree) implements Expr {}

  record Cast(Type type, Expr operand, Tree tree) implements Expr {}

  /** A differentiable {@code Math}/{@code StrictMath} function of the rule table. */
  record MathCall(MathFunction function, ClassRef owner, List<Expr> args, Type type, Tree tree) implements Expr {}

  /** A call of another {@code @Differentiable} method: its companion gives the derivative. */
  record DiffCall(Signature callee, List<Expr> args, Tree tree) implements Expr {
    @Override
    public Type type() { return callee.returnType(); }
  }

  /**
   * A call of a function whose derivatives the user gave with {@code @DerivativeOf}: a partial,
   * or a VJP (and maybe a JVP), per differentiable argument.
   */
  record CustomCall(ClassRef owner, String name, List<Expr> args, CustomDerivative derivative, Tree tree)
      implements Expr {
    public CustomCall {
      args = List.copyOf(args);
    }

    @Override
    public Type type() { return derivative.result(); }

    /** One partial per argument (null where none); only the scalar form has them all. */
    public List<PartialMethod> partials() { return derivative.partials(); }
  }

  /**
   * A call of a method of the class itself on the dynamic tape, which calls the method's taped
   * copy (the static path inlines such calls instead).
   */
  record HelperCall(javax.lang.model.element.ExecutableElement method, List<Expr> args, Type type, Tree tree)
      implements Expr {
    public HelperCall {
      args = List.copyOf(args);
    }
  }

  /** A static call with no derivative: allowed only while every argument is inactive. */
  record PlainCall(ClassRef owner, String name, List<Expr> args, Type type, Tree tree) implements Expr {}

  /** {@code array[index]}: an element of a double[] or int[], or a row of a double[][]. */
  record ArrayRead(Expr array, Expr index, Type type, Tree tree) implements Expr {}

  record ArrayLength(Expr array, Tree tree) implements Expr {
    @Override
    public Type type() { return Type.INT; }
  }

  /** {@code new double[n]}, {@code new double[n][m]} (dimensions) or {@code new double[] {a, b}} (elements). */
  record NewArray(Type type, List<Expr> dimensions, List<Expr> elements, Tree tree) implements Expr {
    public NewArray {
      dimensions = List.copyOf(dimensions);
      elements = List.copyOf(elements);
    }
  }

  /**
   * A differentiable record built from its components, one expression per component (a nested
   * record is a {@code NewRecord} too): what a method returning a record returns. The front end
   * lowers every other record value to its components.
   */
  record NewRecord(Type type, List<Expr> components, Tree tree) implements Expr {
    public NewRecord {
      components = List.copyOf(components);
    }
  }

  /**
   * A value of the source that carries no derivative, printed as the source wrote it: a call on
   * an object ({@code config.steps()}), {@code new}, a string, a lambda, a field of an object.
   * {@code parts} are source text ({@link String}), the method's variables it reads ({@link Var},
   * printed under their generated names), classes ({@link com.palantir.javapoet.TypeName},
   * printed through the companion's imports) and IR expressions ({@link Expr}, what an inlined
   * helper's array parameter stands for). Evaluated where the source evaluates it, never
   * again in a reverse sweep unless it is a plain read.
   *
   * @param what how diagnostics name it ("the call of config.steps")
   */
  record Opaque(List<Object> parts, List<Var> reads, Type type, String what, Tree tree) implements Expr {
    public Opaque {
      parts = List.copyOf(parts);
      reads = List.copyOf(reads);
    }

    /** Whether {@code e} is the literal {@code null} (of an array type: no array yet). */
    public static boolean isNull(Expr e) {
      return e instanceof Opaque o && o.tree() != null && o.tree().getKind() == Tree.Kind.NULL_LITERAL;
    }
  }

  /** Generated only: a rule of {@link MathFunction#RULES_CLASS} applied to primal values. */
  record Rule(String method, List<Expr> args) implements Expr {
    @Override
    public Type type() { return Type.SCALAR; }

    @Override
    public Tree tree() { return null; }
  }

  /**
   * Generated only, in a tangent program (second order): the tangent of a call of another
   * {@code @Differentiable} method, {@code fooJvp(args…, tangents…).tangent()}, one tangent per
   * differentiated parameter of the callee. Its adjoint comes from the callee's {@code fooHvp}.
   */
  record TangentCall(Signature callee, List<Expr> args, List<Expr> tangents) implements Expr {
    public TangentCall {
      args = List.copyOf(args);
      tangents = List.copyOf(tangents);
    }

    @Override
    public Type type() { return callee.returnType(); }

    @Override
    public Tree tree() { return null; }
  }

  /** Generated only: a name or accessor the transform introduced ({@code dz}, {@code g.x()}). */
  record Name(String text, Type type) implements Expr {
    @Override
    public Tree tree() { return null; }
  }

  /**
   * A {@code Tensor} operation or {@code nn.Functional} function of the rule table; an instance
   * method's receiver is {@code args.get(0)}, int or double varargs are the trailing arguments.
   */
  record TensorCall(TensorFunction function, List<Expr> args, Tree tree) implements Expr {
    public TensorCall {
      args = List.copyOf(args);
    }

    @Override
    public Type type() { return function.result() == null ? Type.TENSOR : function.result(); }

    /** Where the varargs start. */
    public int varargsFrom() { return function.fixedArgs().size(); }
  }

  /**
   * Generated only: a rule template of {@link TensorFunction} instantiated for one call:
   * {@code seed} for {@code $g}, {@code tangents} (one per argument, null where inactive) for
   * {@code $d0 …}, {@code element} for {@code $k}, {@code sum} (the adjoint a rule adds into) for
   * {@code $s}.
   */
  record RuleCall(String template, TensorCall call, Expr seed, List<Expr> tangents, int element, Expr sum,
      Type type) implements Expr {
    @Override
    public Tree tree() { return null; }
  }
}
