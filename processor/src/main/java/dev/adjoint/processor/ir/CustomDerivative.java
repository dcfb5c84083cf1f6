package dev.adjoint.processor.ir;

import java.util.Collections;
import java.util.List;

/**
 * The {@code @DerivativeOf} methods of one function {@code R f(P0, …, Pn)}, by argument: a
 * partial ({@code double} functions), a VJP, a JVP; null where none was given.
 */
public record CustomDerivative(Type result, List<Type> params, List<PartialMethod> partials,
    List<PartialMethod> vjps, List<PartialMethod> jvps) {
  public CustomDerivative {
    params = List.copyOf(params);
    partials = Collections.unmodifiableList(new java.util.ArrayList<>(partials));
    vjps = Collections.unmodifiableList(new java.util.ArrayList<>(vjps));
    jvps = Collections.unmodifiableList(new java.util.ArrayList<>(jvps));
  }

  /** Whether every argument's derivative is a partial (the scalar form). */
  public boolean allPartials() {
    for (int i = 0; i < params.size(); i++) {
      if (params.get(i).differentiable() && partials.get(i) == null) {
        return false;
      }
    }
    return true;
  }
}
