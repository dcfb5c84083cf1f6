package dev.adjoint;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Trades time for memory in reverse mode, like {@code torch.utils.checkpoint} and
 * {@code jax.checkpoint}: on a {@link Differentiable} method, wherever other differentiated code
 * calls it, the caller's reverse mode stores only the call's arguments, and recomputes the call's
 * forward sweep when its reverse sweep reaches the call (through the callee's generated
 * {@code nameVjp}).
 *
 * <p>Gradients are bit-identical to those of the same program without {@code @Checkpoint}; only
 * memory and time change. A typical use is the step of a long time-stepping loop
 * ({@code for (…) y = step(y, h);}): the caller keeps one state per step instead of every
 * intermediate value of every step. Array arguments and results are kept by reference, which is
 * sound when the method only reads its array parameters and returns a new array; a
 * {@code @Checkpoint} method whose source does not show that runs its callers on the dynamic tape,
 * with a warning.
 *
 * <p>With {@code snapshots = k > 0}, a counted loop of calls of the method that replace a state,
 * {@code for (int i = a; i < b; i++) y = step(y, …);}, is checkpointed binomially (Griewank and
 * Walther's revolve): its caller keeps at most {@code k} states of the loop and recomputes the
 * steps between them in the reverse sweep: memory is {@code k} states whatever the step count, and
 * no step runs forward more than {@code r} times for {@code n ≤ C(k + r, k)} steps.
 *
 * <p>{@code @Checkpoint} on a method that is not {@code @Differentiable} is a compile error.
 */
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Checkpoint {
  /**
   * 0 (the default): every call is checkpointed on its own (its arguments are kept). {@code k > 0}:
   * a loop {@code for (int i = a; i < b; i++) y = thisMethod(y, …);} keeps at most {@code k} states.
   */
  int snapshots() default 0;
}
