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
 */
public record MethodIr(
    Signature signature, List<Var> params, List<Var> wrt, List<Var> locals, Stmt.Block body,
    java.util.Set<String> declaredNames) {
  public MethodIr {
    params = List.copyOf(params);
    wrt = List.copyOf(wrt);
    locals = List.copyOf(locals);
    declaredNames = java.util.Set.copyOf(declaredNames);
  }

  public MethodIr(Signature signature, List<Var> params, List<Var> wrt, List<Var> locals, Stmt.Block body) {
    this(signature, params, wrt, locals, body, java.util.Set.of());
  }
}
