package dev.adjoint.processor.diag;

import javax.tools.Diagnostic;

/**
 * Every diagnostic the processor prints: what is wrong and what to do about it. Arguments are
 * {@link String#format} arguments.
 */
public enum Message {
  // ---- on the method declaration ----
  WRT_THIS_NOT_RECORD(Diagnostic.Kind.ERROR,
      "wrt name \"this\" of @Differentiable method %s names the receiver, an instance of the class %s, whose fields"
          + " are read as passive values; make %s a record (its double, double[], double[][] and Tensor components"
          + " are then differentiated), or pass the values to differentiate as parameters"),
  STATIC_AND_INSTANCE(Diagnostic.Kind.ERROR,
      "@Differentiable methods %s of %s include a static and an instance method of the same name; their"
          + " companion methods would clash: rename one of them"),
  SELF_PARAMETER(Diagnostic.Kind.ERROR,
      "@Differentiable instance method %s has a parameter named self, which is the companion's name for its"
          + " receiver (nameGradient(self, …)); rename the parameter"),
  PRIVATE(Diagnostic.Kind.ERROR,
      "@Differentiable method %s must not be private: its companion %s calls it; make it package-private"),
  OVERLOADED(Diagnostic.Kind.ERROR,
      "@Differentiable method %s is overloaded by another @Differentiable method of the same name;"
          + " the companion's names would clash: rename one of them"),
  RETURN_NOT_DIFFERENTIABLE(Diagnostic.Kind.ERROR,
      "@Differentiable method %s returns %s, which is not differentiable; return double, double[],"
          + " double[][], float, float[], float[][], Tensor or a differentiable record (a record with such a"
          + " component)"),
  UNKNOWN_WRT(Diagnostic.Kind.ERROR,
      "wrt name \"%s\" of @Differentiable method %s is not one of its parameters %s"),
  WRT_NOT_DIFFERENTIABLE(Diagnostic.Kind.ERROR,
      "wrt name \"%s\" of @Differentiable method %s names a parameter of type %s, which is not"
          + " differentiable; differentiate only double, double[], double[][], float, float[], float[][], Tensor"
          + " or differentiable record"
          + " parameters"),
  INNER_CLASS_METHOD(Diagnostic.Kind.ERROR,
      "%s cannot be differentiated: it is an instance method of the inner class %s, whose enclosing %s"
          + " instance the generated companion (another class) cannot reach; declare the class static (give it"
          + " what it reads from the enclosing object as fields), or make the method static"),
  PARAMETER_TYPE_NOT_SUPPORTED(Diagnostic.Kind.ERROR,
      "parameter %s of @Differentiable method %s has type %s, which is not supported; use double,"
          + " double[], double[][] or Tensor (differentiable), or int, long, boolean or int[] (passive)"),
  PARAMETER_NAMED_VALUE(Diagnostic.Kind.ERROR,
      "the gradient of parameter \"value\" of @Differentiable method %s is the record component dvalue (value is"
          + " the result), which clashes with its parameter named dvalue; rename one of them"),
  NO_JAVAC(Diagnostic.Kind.ERROR,
      "adjoint-processor needs javac's com.sun.source API (Trees) to read method bodies, and this"
          + " compiler does not provide it (%s); compile with javac (e.g. Maven or Gradle with the"
          + " JDK compiler), or delegate the build to it in your IDE"),
  METHOD_TOO_LARGE(Diagnostic.Kind.ERROR,
      "@Differentiable method %s is too large to differentiate: one of its top-level statements needs about %d"
          + " bytes of bytecode, and a JVM method holds at most 64 KB; split the"
          + " method (or that statement's body) into smaller @Differentiable methods"),
  RECORD_CONSTRUCTOR_NOT_RESTORED(Diagnostic.Kind.ERROR,
      "javac will report the canonical constructor of the record %s as invalid: reading %s's method bodies"
          + " during annotation processing made javac insert super() into it (JDK-8387215), and this JDK does"
          + " not let adjoint-processor take it back. No derivatives were generated for %2$s: compile with a"
          + " JDK that has the fix, or move the record to a file of its own"),
  VAR_TYPE_NOT_RESTORED(Diagnostic.Kind.ERROR,
      "javac could fail on %s, declared with var or as a lambda parameter without a type: reading %s's method"
          + " bodies during annotation processing wrote an inferred type into it (an erroneous one where it"
          + " names the companion, which does not exist yet), and this JDK does not let adjoint-processor take"
          + " it back. No derivatives were generated for %2$s: write its type"),
  INTERNAL_ERROR(Diagnostic.Kind.ERROR,
      "adjoint-processor failed on %s: %s; no derivatives were generated for it. Please report this"
          + " at the Adjoint issue tracker with the method's source"),
  MODELS_NOT_WRITTEN(Diagnostic.Kind.WARNING,
      "could not write %s (%s): GradChecks.verifyAll() will not find this compilation's models;"
          + " list them in GradChecks.assertAll(...) instead"),
  /** javac reports the name itself; this says what it costs. */
  UNRESOLVED(Diagnostic.Kind.ERROR,
      "cannot resolve %s in @Differentiable method %s, so no derivatives were generated for it; fix the"
          + " error javac reports there"),

  // ---- second order (@Differentiable(order = 2)) ----
  ORDER_INVALID(Diagnostic.Kind.ERROR,
      "@Differentiable(order = %s) on %s: the order must be 1 (gradient, VJP, JVP) or 2 (also the Hessian-vector"
          + " product %sHvp and the Hessian %sHessian)"),
  SECOND_ORDER_RESULT(Diagnostic.Kind.ERROR,
      "@Differentiable(order = 2) method %s returns %s, but second derivatives are generated for double results"
          + " only in this version; return a double (a Tensor's item()), or use Autograd.hessian on the tape"),
  SECOND_ORDER_UNSUPPORTED(Diagnostic.Kind.ERROR,
      "%s is not supported in an @Differentiable(order = 2) method in this version: %s; %s"),
  SECOND_ORDER_CALLEE(Diagnostic.Kind.ERROR,
      "%s has no second derivatives, and this @Differentiable(order = 2) method passes it the active value %s;"
          + " annotate it @Differentiable(order = 2)"),

  // ---- on the @GradCheck annotation ----
  SAMPLE_INVALID(Diagnostic.Kind.ERROR,
      "@GradCheck sample %d: %s"),
  GRAD_CHECK_WITHOUT_DIFFERENTIABLE(Diagnostic.Kind.ERROR,
      "@GradCheck on %s has no effect: only @Differentiable methods are checked; add @Differentiable or"
          + " remove @GradCheck"),
  CHECKPOINT_WITHOUT_DIFFERENTIABLE(Diagnostic.Kind.ERROR,
      "@Checkpoint on %s has no effect: only calls of @Differentiable methods are checkpointed (their"
          + " callers recompute them through their generated VJP); add @Differentiable or remove @Checkpoint"),
  CHECKPOINT_SNAPSHOTS_INVALID(Diagnostic.Kind.ERROR,
      "@Checkpoint(snapshots = %s) on %s: snapshots is 0 (every call checkpointed on its own) or the number of"
          + " states a loop of its calls keeps at most, at least 1"),

  // ---- on a @DerivativeOf method ----
  CUSTOM_TARGET_NOT_FOUND(Diagnostic.Kind.ERROR,
      "@DerivativeOf(\"%s\") names no static method whose result is double, double[], double[][] or Tensor and"
          + " whose parameters are of those types or int, long, boolean, int[]; name the function by its class's"
          + " canonical name and the method name, e.g. \"org.apache.commons.math3.special.Erf.erf\""),
  CUSTOM_ARGUMENT_OUT_OF_RANGE(Diagnostic.Kind.ERROR,
      "@DerivativeOf argument %d is out of range: %s has %d parameters (arguments count from 0)"),
  CUSTOM_ARGUMENT_NOT_DIFFERENTIABLE(Diagnostic.Kind.ERROR,
      "@DerivativeOf argument %d of %s is %s, which carries no derivative; give derivatives for its double,"
          + " double[], double[][] or Tensor arguments only"),
  CUSTOM_PARTIAL_NOT_SCALAR(Diagnostic.Kind.ERROR,
      "a partial (mode PARTIAL, the default) needs a double function of a double argument, but %s returns %s and"
          + " its argument %d is %s; write its vector-Jacobian product instead: @DerivativeOf(value = \"%s\","
          + " argument = %d, mode = DerivativeOf.Mode.VJP) %s"),
  CUSTOM_SIGNATURE(Diagnostic.Kind.ERROR,
      "@DerivativeOf method %s must be declared %s: the %s of %s with respect to argument %d %s"),
  CUSTOM_DUPLICATE(Diagnostic.Kind.ERROR,
      "%s already has a @DerivativeOf method for argument %d: %s; keep one of them"),
  CUSTOM_LIBRARY_MISSING(Diagnostic.Kind.WARNING,
      "%s lists %s, which is not on the class path: its @DerivativeOf methods are not used"),
  CUSTOM_INDEX_NOT_WRITTEN(Diagnostic.Kind.WARNING,
      "could not write %s (%s): compilations that use this one as a library will not find its @DerivativeOf"
          + " methods"),

  // ---- in the body, at the offending expression ----
  CUSTOM_INCOMPLETE(Diagnostic.Kind.ERROR,
      "%s has @DerivativeOf methods, but none for argument %d, and the value passed there depends on a"
          + " differentiated parameter; add one with @DerivativeOf(value = …, argument = %d), or pass a value that"
          + " carries no derivative"),
  CUSTOM_NO_JVP(Diagnostic.Kind.ERROR,
      "%s has a VJP for argument %d but no JVP, and forward mode can derive one from the VJP only for a double"
          + " result (it returns %s); add @DerivativeOf(value = \"%s\", argument = %d, mode = DerivativeOf.Mode.JVP)"
          + " %s"),
  CUSTOM_NOT_VISIBLE(Diagnostic.Kind.ERROR,
      "the @DerivativeOf method %s is not public, so the companion in package %s cannot call it; make it and"
          + " its class public, or move it to that package"),
  UNSUPPORTED(Diagnostic.Kind.ERROR,
      "%s is not supported in a @Differentiable method yet; %s"),
  NO_DERIVATIVE(Diagnostic.Kind.ERROR,
      "%s has no known derivative, but receives the active value %s; write it with loops and operations"
          + " the processor differentiates, make the method it calls @Differentiable, give it a @DerivativeOf,"
          + " or compute it from inactive values (the processor reads the bodies of the class it compiles only:"
          + " another class may not be recompiled with it in an incremental build)"),
  ARRAY_TO_UNKNOWN_CALL(Diagnostic.Kind.ERROR,
      "%s receives the array %s, whose elements carry derivatives, and the processor cannot see whether it changes"
          + " them; call it as a statement of its own (the generated code then checks the array is left unchanged),"
          + " pass a copy, or give the method a @DerivativeOf"),
  NO_DERIVATIVE_ARGUMENT(Diagnostic.Kind.ERROR,
      "%s has no derivative with respect to its argument %s, which is active; pass a value that does not"
          + " depend on the differentiated parameters"),
  FIELD_WRITE(Diagnostic.Kind.ERROR,
      "a @Differentiable method cannot write the field %s (its derivative would be lost); use a"
          + " local variable, or return the value"),
  PRIVATE_MEMBER(Diagnostic.Kind.ERROR,
      "%s is private, so the generated companion class cannot use it; make it package-private"),
  WRT_MISSING_IN_CALLEE(Diagnostic.Kind.ERROR,
      "argument \"%s\" of %s is active, but %s does not differentiate with respect to parameter %s;"
          + " add \"%s\" to its wrt"),
  VAR_NOT_INFERRED(Diagnostic.Kind.ERROR,
      "cannot infer the type of var %s here; write its type"),
  // Warnings: legal code whose derivative is probably not what the user means. Each ends with
  // SUPPRESS_HINT; @SuppressWarnings("adjoint") on the method or its class silences them.
  DERIVATIVE_CUT(Diagnostic.Kind.WARNING,
      "the cast of active %s to %s drops its derivative (integer values are never differentiated);"
          + " keep it double if the derivative should flow" + Message.SUPPRESS_HINT),
  DERIVATIVE_LOST(Diagnostic.Kind.WARNING,
      "%s depends on a differentiated parameter, but through a value that carries no derivative (a long,"
          + " a boxed or object value, a call without derivative), so the derivative of this %s through it is"
          + " lost (counted as 0); compute it with double arithmetic the processor can follow"
          + Message.SUPPRESS_HINT),
  PIECEWISE_CONSTANT(Diagnostic.Kind.WARNING,
      "%s is piecewise constant, so the derivative through its active argument %s is 0 (or undefined at"
          + " the jumps); use a smooth expression if the derivative should flow" + Message.SUPPRESS_HINT),
  EXACT_COMPARISON(Diagnostic.Kind.WARNING,
      "active %s is compared with %s %s: the result changes only at isolated points and computed doubles"
          + " are rarely exactly equal; compare with a tolerance (Math.abs(a - b) < eps) or with < / >"
          + Message.SUPPRESS_HINT),

  /** A construct outside the static subset that the dynamic-tape fallback cannot run either. */
  TAPE_UNSUPPORTED(Diagnostic.Kind.ERROR,
      "%s cannot be differentiated: it is outside the static subset (%s), and %s cannot run on the"
          + " dynamic tape either; %s"),

  // ---- notes ----
  /** A method whose derivatives run on the dynamic tape instead of generated code. */
  FALLBACK(Diagnostic.Kind.WARNING,
      "%s runs on the dynamic tape: %s at line %d is not differentiated statically, so its derivatives are"
          + " typically 4-20x slower than generated code; %s (or run with -Aadjoint.fallback=never to make this an"
          + " error)" + Message.SUPPRESS_HINT),
  FALLBACK_OPTION_INVALID(Diagnostic.Kind.WARNING,
      "-A%s=%s is not a fallback mode; use auto (the default), always or never"),
  FALLBACK_FORCED(Diagnostic.Kind.NOTE,
      "%s runs on the dynamic tape (forced by -A%s=always)"),
  /** One line per method written (with -Aadjoint.verbose): what was differentiated with respect to what. */
  SUMMARY(Diagnostic.Kind.NOTE, "%s: reverse and forward mode w.r.t. %s%s");

  /** The value of {@code @SuppressWarnings} that silences the processor's warnings. */
  public static final String SUPPRESS_WARNINGS = "adjoint";

  private static final String SUPPRESS_HINT =
      "; if this is intended, add @SuppressWarnings(\"" + SUPPRESS_WARNINGS + "\") to the method";

  private final Diagnostic.Kind kind;
  private final String format;

  Message(Diagnostic.Kind kind, String format) {
    this.kind = kind;
    this.format = format;
  }

  public Diagnostic.Kind kind() { return kind; }

  public String format(Object... args) { return String.format(format, args); }
}
