package dev.adjoint.spark;

import breeze.linalg.DenseVector;
import breeze.linalg.DenseVector$mcD$sp;
import breeze.linalg.support.CanCopy;
import breeze.optimize.CachedDiffFunction;
import breeze.optimize.DiffFunction;
import breeze.optimize.FirstOrderMinimizer;
import breeze.optimize.LBFGS;
import java.lang.invoke.CallSite;
import java.lang.invoke.LambdaMetafactory;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import scala.Tuple2;
import scala.collection.Iterator;

/**
 * The driver loop MLlib uses for its GLMs: Breeze's L-BFGS (shipped with Spark MLlib) on an
 * {@link Objective}, typically {@link DistributedGradient#mean} plus a regulariser. Every
 * function evaluation is one distributed pass; the optimizer's state stays on the driver.
 *
 * <p>Immutable: {@code new Lbfgs().maxIterations(500).tolerance(1e-12).minimize(f, x0)}.
 * Stops like MLlib's: after {@code maxIterations}, when the relative change of the value falls
 * below {@code tolerance}, when the gradient norm falls below {@code max(tolerance * |f|, 1e-8)},
 * or when the line search cannot make progress (Breeze's convergence checks).
 */
public final class Lbfgs {
  private final int maxIterations;
  private final int memory;
  private final double tolerance;

  /** MLlib's LogisticRegression defaults: 100 iterations, 10 corrections, tolerance 1e-6. */
  public Lbfgs() {
    this(100, 10, 1e-6);
  }

  private Lbfgs(int maxIterations, int memory, double tolerance) {
    this.maxIterations = maxIterations;
    this.memory = memory;
    this.tolerance = tolerance;
  }

  public Lbfgs maxIterations(int maxIterations) {
    if (maxIterations < 0) {
      throw new IllegalArgumentException("Lbfgs.maxIterations: " + maxIterations + " < 0");
    }
    return new Lbfgs(maxIterations, memory, tolerance);
  }

  /** Number of corrections (gradient pairs) kept for the inverse-Hessian estimate. */
  public Lbfgs memory(int memory) {
    if (memory < 1) {
      throw new IllegalArgumentException("Lbfgs.memory: " + memory + " < 1");
    }
    return new Lbfgs(maxIterations, memory, tolerance);
  }

  public Lbfgs tolerance(double tolerance) {
    if (!(tolerance >= 0)) {
      throw new IllegalArgumentException("Lbfgs.tolerance: " + tolerance + " is not >= 0");
    }
    return new Lbfgs(maxIterations, memory, tolerance);
  }

  /** The minimiser found, its value, the iterations taken, the value at the start and after each iteration. */
  public record Result(double[] params, double value, int iterations, double[] valueHistory, String convergence) {}

  /** Minimises {@code objective} from {@code initial} (not changed). */
  public Result minimize(Objective objective, double[] initial) {
    Objects.requireNonNull(objective, "objective");
    Objects.requireNonNull(initial, "initial");
    if (initial.length == 0) {
      throw new IllegalArgumentException("Lbfgs.minimize: no parameters (initial has length 0)");
    }
    DiffFunction<DenseVector<Object>> f = diffFunction(params -> {
      Objective.Value v = objective.evaluate(params);
      if (v.gradient().length != initial.length) {
        throw new IllegalArgumentException("Lbfgs.minimize: the objective returned a gradient of length "
            + v.gradient().length + " for " + initial.length + " parameters");
      }
      return v;
    });
    LBFGS<DenseVector<Object>> lbfgs =
        new LBFGS<>(maxIterations, memory, tolerance, DenseVector.space_Double());
    Iterator<FirstOrderMinimizer.State<DenseVector<Object>, Object, Object>> states =
        lbfgs.iterations(f, new DenseVector$mcD$sp(initial.clone()));
    List<Double> history = new ArrayList<>();
    FirstOrderMinimizer.State<DenseVector<Object>, Object, Object> state = null;
    while (states.hasNext()) {
      state = states.next();
      history.add(state.value());
    }
    String reason = state.convergenceReason().isDefined()
        ? state.convergenceReason().get().reason() : "iterations exhausted";
    return new Result(toArray(state.x()), state.value(),
        state.iter(), history.stream().mapToDouble(Double::doubleValue).toArray(), reason);
  }

  private static final CanCopy<DenseVector<Object>> CAN_COPY =
      DenseVector.canCopyDenseVector(scala.reflect.ClassTag$.MODULE$.Double());

  /**
   * An {@link Objective} as Breeze's {@code DiffFunction}, wrapped in Breeze's
   * {@code CachedDiffFunction} as MLlib wraps its loss (the line search may ask twice for a point).
   *
   * <p>Java source cannot implement the Scala trait: its {@code double apply(T)} clashes with
   * Function1's erased {@code Object apply(T)} (Scala emits a bridge method that no Java class can
   * declare), and javac rejects subclasses of Breeze's classes for the generic signatures of their
   * operators. So the inner function is made by {@link LambdaMetafactory}, as a lambda that
   * implements the trait's one abstract method Breeze needs, {@code calculate}. Only the
   * {@code CachedDiffFunction} (a complete Scala class) is handed to Breeze, and it calls nothing
   * but {@code calculate} on what it wraps.
   */
  @SuppressWarnings("unchecked")
  private static DiffFunction<DenseVector<Object>> diffFunction(Objective objective) {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      MethodType erased = MethodType.methodType(Tuple2.class, Object.class);
      MethodHandle calculate = lookup.findStatic(Lbfgs.class, "calculate",
          MethodType.methodType(Tuple2.class, Objective.class, Object.class));
      CallSite site = LambdaMetafactory.metafactory(lookup, "calculate",
          MethodType.methodType(DiffFunction.class, Objective.class), erased, calculate, erased);
      DiffFunction<DenseVector<Object>> inner = (DiffFunction<DenseVector<Object>>) site.getTarget().invoke(objective);
      return new CachedDiffFunction<>(inner, CAN_COPY);
    } catch (Throwable e) {
      throw new IllegalStateException("Lbfgs: cannot adapt the objective to this Breeze version's DiffFunction", e);
    }
  }

  /** DiffFunction.calculate: (value, gradient) at a Breeze vector. */
  @SuppressWarnings("unchecked")
  private static Tuple2<Object, DenseVector<Object>> calculate(Objective objective, Object x) {
    Objective.Value v = objective.evaluate(toArray((DenseVector<Object>) x));
    return new Tuple2<>(v.value(), new DenseVector$mcD$sp(v.gradient().clone()));
  }

  /** A fresh copy of a Breeze vector's values. */
  private static double[] toArray(DenseVector<Object> x) {
    double[] values = new double[x.length()];
    for (int i = 0; i < values.length; i++) {
      values[i] = x.apply$mcD$sp(i);
    }
    return values;
  }
}
