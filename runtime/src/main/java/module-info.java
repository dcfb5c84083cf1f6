/**
 * Adjoint's runtime: the annotations the processor reads ({@link dev.adjoint.Differentiable},
 * {@link dev.adjoint.DerivativeOf}, {@link dev.adjoint.GradCheck}), {@link dev.adjoint.Tensor} with
 * its dynamic tape and {@link dev.adjoint.Autograd}, {@link dev.adjoint.nn.Functional}, and
 * {@link dev.adjoint.GradChecks}. No dependencies beyond {@code java.base}.
 *
 * <p>{@code dev.adjoint.internal} and {@code dev.adjoint.internal.rules} are exported because the
 * code the processor generates into your packages calls them; they are not API, and may change in
 * any release. {@code dev.adjoint.internal.gradcheck} is not exported.
 */
module dev.adjoint {
  exports dev.adjoint;
  exports dev.adjoint.nn;
  exports dev.adjoint.optim;
  exports dev.adjoint.internal;
  exports dev.adjoint.internal.rules;
}
