package dev.adjoint.processor.ir;

import java.util.List;

/**
 * One {@code @Differentiable} method in IR form.
 *
 * @param params every parameter, in declaration order
 * @param wrt the differentiated parameters, in declaration order
 * @param locals every local variable declared in the body, in source order
 * @param declaredNames every name the source declares (lambda parameters included), which
 *     generated names must avoid
 * @param arrayCalls calls without source that receive arrays inside expressions
 */
public record MethodIr(
    Signature signature, List<Var> params, List<Var> wrt, List<Var> locals, Stmt.Block body,
    java.util.Set<String> declaredNames, List<ArrayCall> arrayCalls) {
  public MethodIr {
    params = List.copyOf(params);
    wrt = List.copyOf(wrt);
    locals = List.copyOf(locals);
    declaredNames = java.util.Set.copyOf(declaredNames);
    arrayCalls = List.copyOf(arrayCalls);
  }

  public MethodIr(Signature signature, List<Var> params, List<Var> wrt, List<Var> locals, Stmt.Block body) {
    this(signature, params, wrt, locals, body, java.util.Set.of(), List.of());
  }

  /**
   * A call of code the processor cannot see that receives {@code array} (a {@code double[]}) as a
   * value, not as a statement of its own: if the array carries derivatives, the call could change
   * its elements unseen.
   */
  public record ArrayCall(Var array, String what, com.sun.source.tree.Tree tree) {}
}
