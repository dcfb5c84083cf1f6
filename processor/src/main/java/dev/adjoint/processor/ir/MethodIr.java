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
 * @param layout one entry per parameter of the signature (the receiver first, for an instance method):
 *     the variables of {@code params} it is lowered to ({@code params} are the variables, in order)
 * @param lambdaNames the names declared inside lambdas, which may not shadow a local: a local of
 *     such a name is renamed, as generated code hoists locals above the lambdas
 */
public record MethodIr(
    Signature signature, List<Var> params, List<Var> wrt, List<Var> locals, Stmt.Block body,
    java.util.Set<String> declaredNames, List<ArrayCall> arrayCalls, List<ParamLayout> layout,
    java.util.Set<String> lambdaNames) {
  public MethodIr {
    layout = layout == null ? params.stream().map(p -> (ParamLayout) new ParamLayout.Plain(p.sourceName(), p)).toList()
        : List.copyOf(layout);
    params = List.copyOf(params);
    wrt = List.copyOf(wrt);
    locals = List.copyOf(locals);
    declaredNames = java.util.Set.copyOf(declaredNames);
    arrayCalls = List.copyOf(arrayCalls);
    lambdaNames = lambdaNames == null ? java.util.Set.of() : java.util.Set.copyOf(lambdaNames);
  }

  public MethodIr(Signature signature, List<Var> params, List<Var> wrt, List<Var> locals, Stmt.Block body) {
    this(signature, params, wrt, locals, body, java.util.Set.of(), List.of(), null, null);
  }

  /** Whether some parameter is a record (or an array of them) lowered to several variables. */
  public boolean hasRecords() {
    return layout.stream().anyMatch(l -> !(l instanceof ParamLayout.Plain));
  }

  /**
   * A call of code the processor cannot see that receives {@code array} (a {@code double[]}) as a
   * value, not as a statement of its own: if the array carries derivatives, the call could change
   * its elements unseen.
   */
  public record ArrayCall(Var array, String what, com.sun.source.tree.Tree tree) {}
}
