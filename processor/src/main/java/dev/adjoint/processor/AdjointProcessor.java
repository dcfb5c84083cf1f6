package dev.adjoint.processor;

import com.google.auto.service.AutoService;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.util.Trees;
import dev.adjoint.processor.analysis.Activity;
import dev.adjoint.processor.analysis.Callees;
import dev.adjoint.processor.analysis.Checks;
import dev.adjoint.processor.analysis.Summary;
import dev.adjoint.processor.diag.Message;
import dev.adjoint.processor.diag.Problem;
import dev.adjoint.processor.diag.Reporter;
import dev.adjoint.processor.diag.Suppression;
import dev.adjoint.processor.emit.CompanionWriter;
import dev.adjoint.processor.transform.MethodBody;
import dev.adjoint.processor.fallback.FallbackMethods;
import dev.adjoint.processor.ir.ClassRef;
import dev.adjoint.processor.ir.MethodIr;
import dev.adjoint.processor.ir.Signature;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Var;
import dev.adjoint.processor.parse.CustomDerivatives;
import dev.adjoint.processor.parse.Deferred;
import dev.adjoint.processor.parse.GradCheckSamples;
import dev.adjoint.processor.parse.MethodParser;
import dev.adjoint.processor.parse.SignatureReader;
import dev.adjoint.processor.parse.Types;
import dev.adjoint.processor.transform.LineComments;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.annotation.processing.SupportedAnnotationTypes;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.tools.Diagnostic;

/**
 * Generates {@code <Class>Derivatives} for every class with {@code @Differentiable} methods:
 * parse (Tree → IR) → analysis (activity, checks) → transform (forward, reverse) → emit.
 *
 * <p>A class whose methods mention a name that does not resolve yet is retried in the next
 * round (kept by qualified name) and reported only when processing is over. A method with a
 * problem gets a diagnostic and no derivatives, and so do the methods of its class that call it;
 * nothing is ever thrown out of {@link #process}.
 */
@AutoService(Processor.class)
@SupportedAnnotationTypes({SignatureReader.DIFFERENTIABLE, GradCheckSamples.GRAD_CHECK, CustomDerivatives.DERIVATIVE_OF,
    SignatureReader.CHECKPOINT})
public final class AdjointProcessor extends AbstractProcessor {
  private Reporter reporter;
  private Elements elements;
  private Trees trees;
  private String treesFailure;
  /** Every {@code @DerivativeOf} method seen so far, in any round. */
  private final CustomDerivatives customs = new CustomDerivatives();
  private boolean optionReported;
  /** Binary names of the classes whose companions were written, for {@link #MODELS_RESOURCE}. */
  private final Set<String> models = new java.util.TreeSet<>();
  /**
   * Lists every class of this compilation with a companion, one binary name per line, so that
   * {@code GradChecks.verifyAll()} finds them on the class path without the user listing them.
   */
  public static final String MODELS_RESOURCE = "META-INF/adjoint/models";
  /** Class qualified name → the name that did not resolve. */
  private final Map<String, String> deferred = new LinkedHashMap<>();

  /**
   * {@code -Aadjoint.fallback=auto} (default: the tape where the static path cannot go),
   * {@code always} (every method the tape can run, to compare both paths) or {@code never}
   * (constructs outside the static subset are errors).
   */
  public static final String FALLBACK_OPTION = "adjoint.fallback";

  @Override
  public Set<String> getSupportedOptions() { return Set.of(FALLBACK_OPTION, VERBOSE_OPTION, MethodBody.SPLIT_OPTION); }

  /** {@code -Aadjoint.verbose}: a NOTE per method written, saying what was differentiated with respect to what. */
  public static final String VERBOSE_OPTION = "adjoint.verbose";

  @Override
  public SourceVersion getSupportedSourceVersion() { return SourceVersion.latestSupported(); }

  @Override
  public synchronized void init(ProcessingEnvironment env) {
    super.init(env);
    reporter = new Reporter(env.getMessager());
    elements = env.getElementUtils();
    customs.useClassPath(env.getFiler(), elements, reporter);
    try {
      trees = JavacTrees.of(env);
    } catch (IllegalArgumentException | LinkageError e) {
      treesFailure = e.toString();
    }
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    try {
      Set<String> classes = new LinkedHashSet<>(deferred.keySet());
      deferred.clear();
      TypeElement annotation = elements.getTypeElement(SignatureReader.DIFFERENTIABLE);
      if (annotation != null) {
        for (Element e : round.getElementsAnnotatedWith(annotation)) {
          classes.add(((TypeElement) e.getEnclosingElement()).getQualifiedName().toString());
        }
      }
      reportGradChecksWithoutDifferentiable(round);
      reportCheckpointsWithoutDifferentiable(round);
      String mode = processingEnv.getOptions().get(FALLBACK_OPTION);
      if (mode != null && !List.of("auto", "always", "never").contains(mode) && !optionReported) {
        reporter.global(Message.FALLBACK_OPTION_INVALID, FALLBACK_OPTION, mode);
        optionReported = true;
      }
      registerCustomDerivatives(round);
      if (!classes.isEmpty() && trees == null) {
        reporter.global(Message.NO_JAVAC, treesFailure);
        treesFailure = null;
        return false;
      }
      for (String name : classes) {
        processClass(elements.getTypeElement(name), round.processingOver());
      }
      if (round.processingOver()) {
        writeModels();
        customs.writeIndex();
      }
    } catch (RuntimeException | LinkageError e) {
      reporter.global(Message.INTERNAL_ERROR, "this round", e);
    }
    return false;
  }

  private void writeModels() {
    if (models.isEmpty()) {
      return;
    }
    try (java.io.Writer out = processingEnv.getFiler()
        .createResource(javax.tools.StandardLocation.CLASS_OUTPUT, "", MODELS_RESOURCE).openWriter()) {
      for (String model : models) {
        out.write(model + "\n");
      }
    } catch (IOException | RuntimeException e) {
      // e.g. the resource was already created by another processor run of this compilation
      reporter.global(Message.MODELS_NOT_WRITTEN, MODELS_RESOURCE, e);
    }
  }

  private void registerCustomDerivatives(RoundEnvironment round) {
    TypeElement derivativeOf = elements.getTypeElement(CustomDerivatives.DERIVATIVE_OF);
    if (derivativeOf != null) {
      for (ExecutableElement m : ElementFilter.methodsIn(round.getElementsAnnotatedWith(derivativeOf))) {
        customs.register(m, elements, reporter);
      }
    }
  }

  private void reportGradChecksWithoutDifferentiable(RoundEnvironment round) {
    TypeElement gradCheck = elements.getTypeElement(GradCheckSamples.GRAD_CHECK);
    if (gradCheck == null) {
      return;
    }
    for (Element e : round.getElementsAnnotatedWith(gradCheck)) {
      if (!(e instanceof ExecutableElement m && SignatureReader.isDifferentiable(m))) {
        reporter.onAnnotation(e, GradCheckSamples.annotation(e), null, Message.GRAD_CHECK_WITHOUT_DIFFERENTIABLE,
            e.getSimpleName());
      }
    }
  }

  private void reportCheckpointsWithoutDifferentiable(RoundEnvironment round) {
    TypeElement checkpoint = elements.getTypeElement(SignatureReader.CHECKPOINT);
    if (checkpoint == null) {
      return;
    }
    for (Element e : round.getElementsAnnotatedWith(checkpoint)) {
      if (!(e instanceof ExecutableElement m && SignatureReader.isDifferentiable(m))) {
        reporter.onAnnotation(e, SignatureReader.checkpointAnnotation(e), null,
            Message.CHECKPOINT_WITHOUT_DIFFERENTIABLE, e.getSimpleName());
        continue;
      }
      javax.lang.model.element.AnnotationValue snapshots = SignatureReader.snapshotsValue(e);
      if (snapshots != null && !(snapshots.getValue() instanceof Integer k && k >= 0)) {
        reporter.onAnnotation(e, SignatureReader.checkpointAnnotation(e), snapshots,
            Message.CHECKPOINT_SNAPSHOTS_INVALID, snapshots.getValue(), e.getSimpleName());
      }
    }
  }

  /**
   * @param lastRound no later round can bring a missing name: a method that still reads one is
   *     reported (javac reports the name itself) and the class's other methods are written
   */
  private void processClass(TypeElement type, boolean lastRound) {
    List<ExecutableElement> annotated = new ArrayList<>();
    for (ExecutableElement m : ElementFilter.methodsIn(type.getEnclosedElements())) {
      if (SignatureReader.isDifferentiable(m)) {
        annotated.add(m);
      }
    }
    String fallbackMode = processingEnv.getOptions().getOrDefault(FALLBACK_OPTION, "auto");
    boolean forceFallback = fallbackMode.equals("always");
    boolean noFallback = fallbackMode.equals("never");
    CompilationUnitTree unit = trees.getPath(type).getCompilationUnit();
    dev.adjoint.processor.parse.Attributed source;
    try {
      source = dev.adjoint.processor.parse.Attributed.of(trees, type);
    } catch (dev.adjoint.processor.parse.Attributed.NotRestored e) {
      reporter.onElement(type, e.message(), e.args());
      return;
    }
    Map<ExecutableElement, MethodIr> parsed = new LinkedHashMap<>();
    Map<ExecutableElement, Signature> signatures = new LinkedHashMap<>();
    /** Methods for the dynamic tape → why (null when forced). */
    Map<ExecutableElement, Problem> fallbacks = new LinkedHashMap<>();
    Map<ExecutableElement, MethodIr> staticBackup = new HashMap<>();
    Set<String> failed = new HashSet<>();
    Map<String, Integer> namesake = new HashMap<>();
    annotated.forEach(m -> namesake.merge(m.getSimpleName().toString(), 1, Integer::sum));
    for (ExecutableElement m : annotated) {
      String name = m.getSimpleName().toString();
      try {
        if (namesake.get(name) > 1) {
          boolean mixed = annotated.stream().filter(o -> o.getSimpleName().contentEquals(name))
              .map(o -> o.getModifiers().contains(javax.lang.model.element.Modifier.STATIC)).distinct().count() > 1;
          if (mixed) {
            throw new Problem(Message.STATIC_AND_INSTANCE, null, name, type.getSimpleName());
          }
          throw new Problem(Message.OVERLOADED, null, name);
        }
        javax.lang.model.element.AnnotationValue order = SignatureReader.orderValue(m);
        if (order != null && !(order.getValue() instanceof Integer i && (i == 1 || i == 2))) {
          reporter.onAnnotation(m, SignatureReader.annotation(m), order, Message.ORDER_INVALID, order.getValue(), name,
              name, name);
          failed.add(name);
          continue;
        }
        Signature signature = SignatureReader.read(m);
        signatures.put(m, signature);
        MethodTree tree = trees.getTree(m);
        MethodIr ir = dev.adjoint.processor.transform.SmallArrays.apply(
            new MethodParser(source, elements, processingEnv.getTypeUtils(), type, customs).parse(tree, signature));
        List<Problem> problems = new ArrayList<>(Checks.of(ir, Activity.of(ir)));
        if (signature.order() == 2) {
          problems.addAll(dev.adjoint.processor.analysis.SecondOrder.of(ir, Activity.of(ir)));
        }
        Problem helperCall = noFallback ? null : callOfOwnHelper(problems, type);
        if (helperCall != null) {
          fallbacks.put(m, helperCall);
        } else if (forceFallback && signature.order() < 2 && problems.stream().noneMatch(p -> p.message().kind() == Diagnostic.Kind.ERROR)) {
          fallbacks.put(m, null); // forced; the static code stays the way out if the tape cannot run it
          staticBackup.put(m, ir);
        } else if (reportChecks(problems, unit, m)) {
          parsed.put(m, ir);
        } else {
          failed.add(name);
        }
      } catch (Problem p) {
        if (p.message() == Message.UNSUPPORTED && !noFallback) {
          fallbacks.put(m, p);
        } else {
          reporter.report(trees, p, unit, m);
          failed.add(name);
        }
      } catch (Deferred d) {
        if (!lastRound) {
          deferred.put(type.getQualifiedName().toString(), d.name());
          return;
        }
        reporter.onElement(m, Message.UNRESOLVED, d.name(), name);
        failed.add(name);
      } catch (RuntimeException e) {
        reporter.onElement(m, Message.INTERNAL_ERROR, name, e);
        failed.add(name);
      }
    }
    // only now: a deferred class is processed again, and its samples must be reported once
    signatures.forEach((m, signature) -> GradCheckSamples.validate(m, signature, reporter));
    FallbackMethods tape = new FallbackMethods(trees, elements, customs, unit, type, m -> tapeIr(source, type, m));
    Map<ExecutableElement, MethodIr> taped = new LinkedHashMap<>();
    fallbacks.forEach((m, why) -> {
      String name = m.getSimpleName().toString();
      if (signatures.get(m).order() == 2) {
        // the tape has no generated second derivatives: the method must be differentiated statically
        Problem p = why != null ? why : new Problem(Message.UNSUPPORTED, null, "the dynamic tape", "");
        reporter.at(trees, p.tree(), unit, m, Message.SECOND_ORDER_UNSUPPORTED, describe(p),
            "it needs the dynamic tape, which has no generated second derivatives",
            "write it in the static subset (see the fallback warning of order = 1), or use Autograd.hessian");
        failed.add(name);
        return;
      }
      try {
        String reason = why == null ? "forced by -A" + FALLBACK_OPTION + "=always"
            : describe(why) + " at line " + lineOf(unit, why.tree(), m);
        tape.prepare(m, reason);
        // records and receivers: the taped copy's IR, whose layout the companion's methods follow
        taped.put(m, FallbackMethods.lowered(signatures.get(m)) ? tape.irOf(m) : header(signatures.get(m)));
        if (why == null) {
          reporter.onElement(m, Message.FALLBACK_FORCED, name, FALLBACK_OPTION);
        } else {
          if (!Suppression.suppressed(m)) {
            reporter.at(trees, why.tree(), unit, m, Message.FALLBACK, name, describe(why), lineOf(unit, why.tree(), m),
                advice(why));
          }
        }
      } catch (Problem p) {
        if (staticBackup.containsKey(m)) {
          parsed.put(m, staticBackup.get(m)); // forced, but only the static code can do it
        } else {
          reporter.report(trees, p, unit, m);
          failed.add(name);
        }
      } catch (RuntimeException e) {
        reporter.onElement(m, Message.INTERNAL_ERROR, name, e);
        failed.add(name);
      }
    });
    Set<String> shadowing = new java.util.TreeSet<>(source.declaredNames());
    // a class of the package named like a java.lang class (Math) would hide it in the companion
    for (Element e : elements.getPackageOf(type).getEnclosedElements()) {
      if (elements.getTypeElement("java.lang." + e.getSimpleName()) != null) {
        shadowing.add(e.getSimpleName().toString());
      }
    }
    writeLocalTypes(type, source);
    write(type, unit, parsed, failed, taped, tape, shadowing);
  }

  /** The copies of the local classes the differentiated methods declare, which generated code names. */
  private void writeLocalTypes(TypeElement type, dev.adjoint.processor.parse.Attributed source) {
    dev.adjoint.processor.ir.ClassRef ref = Types.refOf(type);
    com.palantir.javapoet.ClassName holder = com.palantir.javapoet.ClassName.get(ref.packageName(),
        ref.companionSimpleName() + Types.LOCALS);
    String text = source.localTypesSource(holder);
    if (text == null) {
      return;
    }
    try (java.io.Writer out = processingEnv.getFiler().createSourceFile(holder.canonicalName(), type).openWriter()) {
      out.write(text);
    } catch (IOException e) {
      reporter.onElement(type, Message.INTERNAL_ERROR, type.getQualifiedName(), e);
    }
  }

  /**
   * The IR of {@code m} for the dynamic tape: the same front end, with calls of the class's methods
   * kept (their taped copies run) and {@code try}/{@code synchronized} as statements. A value the
   * tape could not follow either (a double through an object) is an error here too.
   */
  private MethodIr tapeIr(dev.adjoint.processor.parse.Attributed source, TypeElement type, ExecutableElement m) {
    Signature signature = SignatureReader.isDifferentiable(m) ? SignatureReader.read(m) : SignatureReader.helper(m);
    MethodIr ir = new MethodParser(source, elements, processingEnv.getTypeUtils(), type, customs, true)
        .parse(trees.getTree(m), signature);
    List<Problem> problems = Checks.of(ir, Activity.of(ir));
    for (Problem p : problems) {
      if (p.message().kind() == Diagnostic.Kind.ERROR) {
        throw p;
      }
    }
    // A derivative lost through bits is lost on the tape too; a float cast is not (the tape follows floats).
    reportChecks(problems.stream().filter(p -> p.message() == Message.DERIVATIVE_LOST).toList(), source.unit(), m);
    return ir;
  }

  /** What makes the method static again, for the fallback warning. */
  private static String advice(Problem why) {
    if (why.message() == Message.UNSUPPORTED) {
      return "to make it static, " + why.args()[1];
    }
    return "to make it static, give the method a @DerivativeOf or write it without recursion";
  }

  /** "a try", "the call of Model.helper": what keeps a method from the static path. */
  private static String describe(Problem why) {
    return why.message() == Message.UNSUPPORTED ? String.valueOf(why.args()[0])
        : "the call of " + why.args()[0] + " (a plain method, no known derivative)";
  }

  private long lineOf(CompilationUnitTree unit, com.sun.source.tree.Tree tree, ExecutableElement m) {
    com.sun.source.tree.Tree at = tree != null ? tree : trees.getTree(m);
    return unit.getLineMap().getLineNumber(trees.getSourcePositions().getStartPosition(unit, at));
  }

  /**
   * The first "no known derivative" problem when every error of {@code problems} is one and each
   * names a static method of {@code type} itself (whose source the tape can run); else null.
   */
  private static Problem callOfOwnHelper(List<Problem> problems, TypeElement type) {
    Problem first = null;
    for (Problem p : problems) {
      if (p.message().kind() != Diagnostic.Kind.ERROR) {
        continue;
      }
      if (p.message() == Message.UNSUPPORTED) {
        first = first == null ? p : first;
        continue;
      }
      if (p.message() != Message.NO_DERIVATIVE) {
        return null;
      }
      String callee = String.valueOf(p.args()[0]);
      String prefix = type.getSimpleName() + ".";
      boolean own = callee.startsWith(prefix) && ElementFilter.methodsIn(type.getEnclosedElements()).stream()
          .anyMatch(e -> e.getSimpleName().contentEquals(callee.substring(prefix.length()))
              && e.getModifiers().contains(javax.lang.model.element.Modifier.STATIC));
      if (!own) {
        return null;
      }
      first = first == null ? p : first;
    }
    return first;
  }

  /** A method without body: what the companion writer needs of a fallback method. */
  private static MethodIr header(Signature signature) {
    List<Var> params = new ArrayList<>();
    List<Var> wrt = new ArrayList<>();
    for (int i = 0; i < signature.paramNames().size(); i++) {
      Var v = new Var(signature.paramNames().get(i), signature.paramTypes().get(i), Var.Kind.PARAMETER, null);
      params.add(v);
      if (signature.wrt().contains(i)) {
        wrt.add(v);
      }
    }
    return new MethodIr(signature, params, wrt, List.of(), new Stmt.Block(List.of(), null));
  }

  /** Reports the checks' findings; whether the method is free of errors. */
  private boolean reportChecks(List<Problem> problems, CompilationUnitTree unit, ExecutableElement m) {
    boolean ok = true;
    boolean suppressed = Suppression.suppressed(m);
    for (Problem p : problems) {
      boolean error = p.message().kind() == Diagnostic.Kind.ERROR;
      if (error || !suppressed) {
        reporter.report(trees, p, unit, m);
      }
      ok &= !error;
    }
    return ok;
  }

  /** Drops methods that (transitively) call a failed method of the same class: their code would not compile. */
  private static List<MethodIr> withoutCallersOf(Set<String> failed, Map<ExecutableElement, MethodIr> parsed,
      ClassRef owner) {
    boolean changed = true;
    while (changed) {
      changed = false;
      for (MethodIr ir : parsed.values()) {
        String name = ir.signature().name();
        if (!failed.contains(name) && Callees.of(ir).stream()
            .anyMatch(c -> c.owner().equals(owner) && failed.contains(c.name()))) {
          failed.add(name);
          changed = true;
        }
      }
    }
    return parsed.values().stream().filter(ir -> !failed.contains(ir.signature().name())).toList();
  }

  /**
   * Writes the companion of the methods that are fine; a method whose transform fails is
   * reported as an internal error and the companion is rebuilt without it and its callers.
   */
  private void write(TypeElement type, CompilationUnitTree unit, Map<ExecutableElement, MethodIr> parsed,
      Set<String> failed, Map<ExecutableElement, MethodIr> taped, FallbackMethods tape, Set<String> shadowing) {
    LineComments comments = new LineComments(unit, trees.getSourcePositions());
    while (true) {
      List<MethodIr> methods = withoutCallersOf(failed, parsed, Types.refOf(type));
      if (methods.isEmpty() && taped.isEmpty()) {
        return;
      }
      boolean generatedVisible = elements.getTypeElement("javax.annotation.processing.Generated") != null;
      CompanionWriter writer = new CompanionWriter(Types.refOf(type), type,
          generatedVisible ? AdjointProcessor.class.getName() : null,
          MethodBody.Limits.of(processingEnv.getOptions().get(MethodBody.SPLIT_OPTION)));
      writer.alwaysQualify(shadowing);
      String broken = null;
      // declaration order, static and taped methods alike (checkedMethods() lists them so)
      List<ExecutableElement> order = ElementFilter.methodsIn(type.getEnclosedElements());
      List<ExecutableElement> all = new ArrayList<>(parsed.keySet());
      all.addAll(taped.keySet());
      all.sort(java.util.Comparator.comparingInt(order::indexOf));
      for (ExecutableElement m : all) {
        MethodIr ir = parsed.get(m);
        if (broken != null) {
          break;
        }
        if (taped.containsKey(m)) {
          writer.addFallback(taped.get(m), tape, GradCheckSamples.of(m));
        } else if (methods.contains(ir)) {
          try {
            writer.add(ir, Activity.of(ir), comments, GradCheckSamples.of(m));
          } catch (Problem p) {
            // e.g. a method too large to generate: its own diagnostic, not an internal error
            broken = ir.signature().name();
            reporter.report(trees, p, unit, m);
          } catch (RuntimeException ex) {
            broken = ir.signature().name();
            reporter.onElement(m, Message.INTERNAL_ERROR, broken, ex);
          }
        }
      }
      if (broken == null) {
        writer.addTapedCopies(tape.copies(), tape.hiddenMembers());
        try {
          writer.build().writeTo(processingEnv.getFiler());
          models.add(elements.getBinaryName(type).toString());
          parsed.forEach((m, ir) -> {
            if (methods.contains(ir)) {
              if (processingEnv.getOptions().containsKey(VERBOSE_OPTION)) {
                reporter.onElement(m, Message.SUMMARY, Summary.args(ir, Activity.of(ir)));
              }
            }
          });
        } catch (IOException | RuntimeException e) {
          reporter.onElement(type, Message.INTERNAL_ERROR, type.getQualifiedName(), e);
        }
        return;
      }
      failed.add(broken);
    }
  }
}
