package dev.adjoint.processor.parse;

import dev.adjoint.processor.ir.Children;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.TensorFunction;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Var;
import java.util.List;
import java.util.Set;

/** Overload choice among {@link TensorFunction} entries, and the aliasing rule of in-place {@code set}. */
final class TensorCalls {
  private TensorCalls() {}

  /** The type argument {@code i} of a call of {@code f} must have. */
  static Type expected(TensorFunction f, int i) {
    List<Type> fixed = f.fixedArgs();
    return i < fixed.size() ? fixed.get(i) : f.varargs();
  }

  /** Java passes an int[] as the whole of int varargs: {@code Tensor.zeros(x.shape())}. */
  static boolean arrayAsVarargs(TensorFunction f, List<Expr> args) {
    return f.varargs() == Type.INT && args.size() == f.fixedArgs().size() + 1
        && args.get(args.size() - 1).type() == Type.INT_ARRAY;
  }

  /** Java's widening cost of passing {@code args} to {@code f}; {@link Integer#MAX_VALUE} when they do not fit. */
  static int cost(TensorFunction f, List<Expr> args) {
    int fixed = f.fixedArgs().size();
    if (args.size() < fixed || args.size() > fixed && f.varargs() == null) {
      return Integer.MAX_VALUE;
    }
    int cost = f.varargs() != null ? 1 : 0; // Java prefers a fixed-arity overload
    for (int i = 0; i < args.size(); i++) {
      Type expected = i == args.size() - 1 && arrayAsVarargs(f, args) ? Type.INT_ARRAY : expected(f, i);
      Type actual = args.get(i).type();
      int c = actual == Type.INT_ARRAY && expected == Type.INT_ARRAY ? 0 : Typing.wideningCost(actual, expected);
      if (c < 0) {
        return Integer.MAX_VALUE;
      }
      cost += c;
    }
    return cost;
  }

  /**
   * A tensor written in place must be the only variable holding its value: refuses {@code a = b},
   * {@code a = c ? b : d} or {@code a = f(b)} of another @Differentiable method, where either
   * side is written by {@code set}.
   */
  static void checkAliases(Stmt s, Set<Var> setTargets) {
    if (!setTargets.isEmpty()) {
      Var target = s instanceof Stmt.Declare d && d.init() != null ? d.var() : s instanceof Stmt.Assign a ? a.var() : null;
      Expr value = s instanceof Stmt.Declare d ? d.init() : s instanceof Stmt.Assign a ? a.value() : null;
      if (target != null && target.type() == Type.TENSOR && aliases(value)
          && (setTargets.contains(target) || readsAny(value, setTargets))) {
        if ((value instanceof Expr.DiffCall || value instanceof Expr.CustomCall) && !setTargets.contains(target)) {
          String callee = value instanceof Expr.DiffCall call ? call.callee().name() : ((Expr.CustomCall) value).name();
          throw Unsupported.construct(value.tree(), "passing a tensor that is written with set to "
              + callee + " (its result could be that same tensor)",
              "pass a new tensor made by an operation, e.g. y.mul(1.0)");
        }
        throw Unsupported.construct(s.tree(), "making a tensor that is written with set an alias of another tensor",
            "build the written tensor with Tensor.zeros(…) or an operation, and copy values with set");
      }
    }
    Children.statements(s).forEach(c -> checkAliases(c, setTargets));
  }

  /** Whether {@code e} may evaluate to an existing tensor object rather than a new one. */
  private static boolean aliases(Expr e) {
    return e instanceof Expr.Read || e instanceof Expr.DiffCall || e instanceof Expr.CustomCall
        || e instanceof Expr.Conditional c && (aliases(c.ifTrue()) || aliases(c.ifFalse()));
  }

  private static boolean readsAny(Expr e, Set<Var> vars) {
    if (e instanceof Expr.Read r) {
      return vars.contains(r.var());
    }
    return Children.of(e).stream().anyMatch(c -> readsAny(c, vars));
  }
}
