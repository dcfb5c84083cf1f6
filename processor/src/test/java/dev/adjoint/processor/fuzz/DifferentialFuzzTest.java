package dev.adjoint.processor.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import dev.adjoint.processor.AdjointProcessor;
import dev.adjoint.processor.testing.CompiledSources;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Differential fuzzing of the processor: random valid programs from {@link ProgramGenerator},
 * compiled in batches (one in-memory javac run per batch) through the real processor, then every
 * method checked by {@link DerivativeLeg}s. A valid program must compile without any warning or
 * error, and its derivatives must agree.
 *
 * <p>{@code mvn verify} runs a fixed-seed batch; a long run:
 * {@code mvn -B -ntp -o -pl processor -am test -Dtest=DifferentialFuzzTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dadjoint.fuzz.programs=10000 -Dadjoint.fuzz.seed=11}.
 */
class DifferentialFuzzTest {
  private static final int PROGRAMS = Integer.getInteger("adjoint.fuzz.programs", 150);
  private static final long SEED = Long.getLong("adjoint.fuzz.seed", 20261122L);
  private static final int PROGRAMS_PER_BATCH = 30;
  private static final int METHODS_PER_PROGRAM = 3;
  private static final int POINTS_PER_METHOD = 2;

  /**
   * The checks every generated method goes through: the generated companions (reverse vs forward
   * vs finite differences), and the same companions split into parts (as for a method too large
   * for one JVM method) against the plain ones, and the dynamic-tape fallback (forced) against
   * the plain ones, and the second-order companions (every method {@code order = 2}) against
   * central differences of the gradient, and the same programs in float arithmetic against the
   * double ones.
   */
  private static final List<DerivativeLeg> LEGS =
      List.of(DerivativeLeg.COMPANION, DerivativeLeg.SPLIT, DerivativeLeg.TAPE, DerivativeLeg.HVP, DerivativeLeg.FLOAT);
  /** Methods the TAPE leg's compilation put on the dynamic tape (it keeps the static code for what it cannot run). */
  private static final AtomicInteger TAPED = new AtomicInteger();
  /** Methods ("P25.m1") too large to differentiate at order 2, left at order 1 by the HVP leg. */
  private static final Set<String> TOO_LARGE = new java.util.concurrent.ConcurrentSkipListSet<>();

  @Test
  void generatedProgramsCompileCleanlyAndTheirDerivativesAgree() {
    List<String> failures = new ArrayList<>();
    int methodsChecked = 0;
    for (int first = 0; first < PROGRAMS; first += PROGRAMS_PER_BATCH) {
      int count = Math.min(PROGRAMS_PER_BATCH, PROGRAMS - first);
      methodsChecked += batch(first, count, failures);
    }
    System.out.printf("[fuzz] seed %d: %d programs, %d methods checked at %d points each by %s (%d methods taped,"
        + " %d too large at order 2, float gradients compared at %d points, values drifted apart at %d), %d failures%n",
        SEED, PROGRAMS, methodsChecked, POINTS_PER_METHOD, LEGS, TAPED.get(), TOO_LARGE.size(),
        DerivativeLeg.FLOAT_COMPARED.get(), DerivativeLeg.FLOAT_DRIFTED.get(), failures.size());
    assertTrue(failures.isEmpty(), failures.size() + " failures:\n" + String.join("\n\n", failures));
  }

  private static int batch(int first, int count, List<String> failures) {
    List<String> names = new ArrayList<>();
    List<String> codes = new ArrayList<>();
    for (int p = first; p < first + count; p++) {
      String name = "P" + p;
      String code = new ProgramGenerator(SEED * 1_000_003L + p).program(name, METHODS_PER_PROGRAM);
      names.add(name);
      codes.add(code);
    }
    // one compilation per distinct set of options and source, the plain one first
    Map<String, CompiledSources> compilations = new LinkedHashMap<>();
    List<DerivativeLeg> legs = new ArrayList<>(List.of(DerivativeLeg.COMPANION));
    legs.addAll(LEGS);
    for (DerivativeLeg leg : legs) {
      String key = key(leg, codes);
      if (compilations.containsKey(key)) {
        continue;
      }
      List<String> legCodes = new ArrayList<>(codes.stream().map(leg::source).toList());
      try {
        Compilation compilation = compile(leg.options(), names, legCodes);
        if (leg == DerivativeLeg.HVP && compilation.status() == Compilation.Status.FAILURE) {
          // Second-order code is a few times the size of the gradient's: a method with a statement too large
          // for one JVM method at order 2 (a clear error) keeps order 1 here, and its HVP is not checked.
          // Its callers (later methods of its program) then call a first-order method: they keep order 1 too.
          Set<String> large = new java.util.TreeSet<>();
          for (String method : tooLarge(compilation)) {
            int dot = method.indexOf('.');
            for (int m = Integer.parseInt(method.substring(dot + 2)); m < METHODS_PER_PROGRAM; m++) {
              large.add(method.substring(0, dot) + ".m" + m);
            }
          }
          for (String method : large) {
            int dot = method.indexOf('.');
            int i = names.indexOf(method.substring(0, dot));
            legCodes.set(i, legCodes.get(i).replace("@Differentiable(order = 2)\n  static double " + method.substring(dot + 1)
                + "(", "@Differentiable\n  static double " + method.substring(dot + 1) + "(")
                .replace("@Differentiable(order = 2, wrt = {\"x\", \"y\"})\n  static double " + method.substring(dot + 1)
                    + "(", "@Differentiable(wrt = {\"x\", \"y\"})\n  static double " + method.substring(dot + 1) + "("));
          }
          if (!large.isEmpty()) {
            TOO_LARGE.addAll(large);
            compilation = compile(leg.options(), names, legCodes);
          }
        }
        CompiledSources compiled = CompiledSources.of(compilation);
        TAPED.addAndGet((int) compiled.compilation().diagnostics().stream()
            .filter(d -> d.getMessage(null).contains("runs on the dynamic tape")).count());
        compilations.put(key, compiled);
        List<String> problems = problems(compiled.compilation());
        if (!problems.isEmpty()) {
          failures.add("programs " + first + ".." + (first + count - 1) + " compiled " + leg + " with diagnostics: "
              + problems + "\n" + String.join("\n", codes));
        }
      } catch (RuntimeException | AssertionError e) {
        failures.add("programs " + first + ".." + (first + count - 1) + " did not compile " + leg + ": "
            + describe(e) + "\n" + String.join("\n", codes));
        return 0;
      }
    }
    CompiledSources compiled = compilations.get(key(DerivativeLeg.COMPANION, codes));
    int methods = 0;
    for (int i = 0; i < names.size(); i++) {
      Class<?> plain = compiled.load("fz." + names.get(i));
      Random points = new Random(SEED + first + i);
      for (int m = 0; m < METHODS_PER_PROGRAM; m++) {
        methods++;
        for (int k = 0; k < POINTS_PER_METHOD; k++) {
          Object[] args = m % 2 == 1
              ? new Object[] {uniform(points), uniform(points),
                  new double[] {uniform(points), uniform(points), uniform(points)}, points.nextInt(5)}
              : new Object[] {uniform(points), uniform(points), points.nextInt(5)};
          for (DerivativeLeg leg : LEGS) {
            if (leg == DerivativeLeg.HVP && TOO_LARGE.contains(names.get(i) + ".m" + m)) {
              continue;
            }
            try {
              Class<?> legClass = compilations.get(key(leg, codes)).load("fz." + names.get(i));
              String method = "m" + m;
              onOwnThread(() -> leg.check(legClass, plain, method, args));
            } catch (AssertionError e) {
              failures.add(leg + " failed for " + names.get(i) + ".m" + m + ": " + describe(e) + "\n" + codes.get(i));
            }
          }
        }
      }
    }
    return methods;
  }

  /**
   * Runs a check on a new thread: its reverse-mode stacks start small instead of borrowing the
   * large array an earlier call left, and a loop's reserved room is then exactly what it asked
   * for, so a reservation one short overflows (an error, not a pass).
   */
  private static void onOwnThread(Runnable check) {
    Throwable[] failure = new Throwable[1];
    Thread own = new Thread(() -> {
      try {
        check.run();
      } catch (Throwable t) {
        failure[0] = t;
      }
    });
    own.start();
    try {
      own.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
    if (failure[0] instanceof AssertionError e) {
      throw e;
    }
    if (failure[0] != null) {
      throw new AssertionError(failure[0].toString(), failure[0]);
    }
  }

  private static Compilation compile(List<String> options, List<String> names, List<String> codes) {
    List<String> all = new ArrayList<>(List.of("-parameters", "-Aadjoint.verbose"));
    all.addAll(options);
    JavaFileObject[] sources = new JavaFileObject[codes.size()];
    for (int i = 0; i < codes.size(); i++) {
      sources[i] = CompiledSources.source("fz." + names.get(i), codes.get(i));
    }
    return Compiler.javac().withProcessors(new AdjointProcessor()).withOptions(all).compile(sources);
  }

  /** "P25.m1" for every method reported too large to differentiate; empty when any other error occurred. */
  private static Set<String> tooLarge(Compilation compilation) {
    Set<String> found = new TreeSet<>();
    Pattern pattern = Pattern.compile("@Differentiable method (\\w+) is too large to differentiate");
    for (Diagnostic<? extends JavaFileObject> d : compilation.errors()) {
      Matcher m = pattern.matcher(d.getMessage(null));
      if (!m.find() || d.getSource() == null) {
        return Set.of();
      }
      String file = d.getSource().getName();
      found.add(file.substring(file.lastIndexOf('/') + 1, file.length() - ".java".length()) + "." + m.group(1));
    }
    return found;
  }

  /** Legs with the same options and the same sources share a compilation. */
  private static String key(DerivativeLeg leg, List<String> codes) {
    return leg.options() + (leg.source(codes.get(0)).equals(codes.get(0)) ? "" : " " + leg);
  }

  /** Errors and warnings of any origin; a valid program gets none. */
  private static List<String> problems(Compilation compilation) {
    List<String> problems = new ArrayList<>();
    for (Diagnostic<? extends JavaFileObject> d : compilation.diagnostics()) {
      if (d.getKind() != Diagnostic.Kind.NOTE && d.getKind() != Diagnostic.Kind.OTHER) {
        problems.add(d.getKind() + " " + (d.getSource() == null ? "" : d.getSource().getName() + ":" + d.getLineNumber())
            + " " + d.getMessage(null));
      }
    }
    return problems;
  }

  private static double uniform(Random random) {
    return random.nextDouble() * 2 - 1;
  }

  private static String describe(Throwable e) {
    StringBuilder text = new StringBuilder(String.valueOf(e.getMessage()));
    for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
      text.append(" / caused by ").append(cause);
    }
    return text.toString();
  }
}
