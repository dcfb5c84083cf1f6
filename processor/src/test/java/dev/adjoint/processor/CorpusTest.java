package dev.adjoint.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.adjoint.processor.testing.CompiledSources;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bad-input corpus ({@code src/test/resources/corpus/}): every source either carries
 * expectations, {@code // expect KIND: fragment} for a diagnostic on that very line or
 * {@code // expect-anywhere KIND: fragment} for one without a line, or none, in which case it is
 * unusual-but-legal code that must compile without warnings and whose {@code @Differentiable}
 * methods (all taking doubles) are checked numerically. Plus generated extremes: methods of 400
 * and 2 000 statements (the latter split into parts, see {@code MethodBody}), one statement too
 * large even for that (an ERROR), and 50 and 60 nested ifs and loops.
 */
class CorpusTest {
  private static final List<String> FILES = List.of("WrtThisOfAClass", "Private", "Overloaded", "ReturnsInt", "UnknownWrt",
      "WrtInt", "StringParameter", "ParameterValue", "Unresolved", "TryStatement", "NoDerivative", "FieldWrite",
      "PrivateField", "WrtMissingInCallee", "VarNotInferred", "CastToInt", "Malformed", "Shadowing", "Unicode",
      "GeneratorNames", "TensorMisuse", "LambdaOverDoubles", "InstanceCallOnObject");
  private static final Pattern EXPECT = Pattern.compile("// expect(-anywhere)? (ERROR|WARNING|NOTE): (.*)$");
  private static final Pattern DIFFERENTIABLE =
      Pattern.compile("@Differentiable[^\\n]*?\\s+static double ([\\p{L}_][\\p{L}\\p{N}_]*)\\(");

  private static final int STATEMENT_PAIRS = 200;
  private static final AtomicInteger SOURCES = new AtomicInteger();
  private static final AtomicInteger DIAGNOSTICS_MATCHED = new AtomicInteger();
  private static final AtomicInteger METHODS_CHECKED = new AtomicInteger();

  static Stream<String> files() {
    return FILES.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("files")
  void corpusSource(String name) {
    String code = read(name);
    JavaFileObject file = CompiledSources.source("corpus." + name, code);
    SOURCES.incrementAndGet();
    Compilation compilation = CompiledSources.compiler().compile(file);
    assertNoInternalError(compilation);
    String[] lines = code.split("\n", -1);
    int expectations = 0;
    for (int i = 0; i < lines.length; i++) {
      Matcher m = EXPECT.matcher(lines[i]);
      if (m.find()) {
        expectations++;
        long line = m.group(1) == null ? i + 1 : -1;
        assertTrue(hasDiagnostic(compilation, Diagnostic.Kind.valueOf(m.group(2)), line, m.group(3).trim()),
            "expected " + m.group(2) + " \"" + m.group(3).trim() + "\"" + (line > 0 ? " on line " + line : "")
                + ", got " + compilation.diagnostics());
        DIAGNOSTICS_MATCHED.incrementAndGet();
      }
    }
    if (expectations == 0) {
      checkLegal("corpus." + name, code, file);
    }
  }

  /** 200 statements: small enough for one JVM method, so the companion is the plain, unsplit one. */
  @Test
  void twoHundredStatements() {
    CompiledSources compiled = compileAndCheck("Long", straightLine(100));
    assertFalse(compiled.generatedSource("corpus.LongDerivatives").contains("Frame"), "split");
  }

  /**
   * 2 000 statements: the reverse and forward companions would exceed the JVM's 64 KB method
   * limit ("code too large"), so the processor splits them into parts of a frame class.
   */
  @Test
  void twoThousandStatements() {
    CompiledSources compiled = compileAndCheck("Longer", straightLine(1000));
    String generated = compiled.generatedSource("corpus.LongerDerivatives");
    assertTrue(generated.contains("class FVjpFrame") && generated.contains("class FJvpFrame"), "not split");
    // An independent value check: the same recurrence evaluated here.
    double s = 0.3;
    double t = 0.47;
    for (int i = 0; i < 1000; i++) {
      s = 0.5 * s + Math.sin(t + i % 7);
      t = t * 0.9 + 0.01 * s;
    }
    assertEquals(s + t, vjpValue(compiled, "corpus.LongerDerivatives", 0.3, 0.47), 1e-12);
  }

  /**
   * 2 000 statements in top-level loops, ifs, early returns and arrays: split like the
   * straight-line one, and a return taken in the middle of the forward sweep.
   */
  @Test
  void twoThousandStatementsWithLoopsAndIfs() {
    StringBuilder body = new StringBuilder("    double s = x;\n    double t = y;\n    double[] a = new double[4];\n");
    for (int i = 0; i < 200; i++) {
      switch (i % 4) {
        case 0 -> body.append("    for (int i").append(i).append(" = 0; i").append(i).append(" < 3; i").append(i)
            .append("++) {\n      s = 0.5 * s + Math.sin(t + i").append(i).append(");\n      a[i").append(i)
            .append("] += 0.1 * s;\n      if (s > 5) break;\n    }\n");
        case 1 -> body.append("    if (s > t) {\n      t = t * 0.9 + 0.01 * s;\n    } else {\n      t = t + 0.02 * Math.cos(s);\n    }\n");
        case 2 -> body.append("    if (s > 100) return s * t;\n    s = s + 0.1 * a[").append(i % 4).append("];\n");
        default -> body.append("    while (t > 2) {\n      t = t * 0.5;\n    }\n    t = t * 0.99 + 0.01 * Math.exp(-s * s);\n");
      }
      if (i == 150) {
        // taken at the checked point (x = 0.3): both sweeps leave from the middle of a part
        body.append("    if (x > 0.2) return s * t + a[1];\n");
      }
      for (int k = 0; k < 4; k++) {
        body.append("    s = s * 0.99 + 0.001 * t;\n");
      }
    }
    compileAndCheck("LongBranchy", "    @Differentiable static double f(double x, double y) {\n" + body
        + "    return s + t + a[0] * a[3];\n  }\n");
  }

  /** One statement (a loop of 3 000 statements) too large even for a part: an ERROR, not broken code. */
  @Test
  void oneStatementTooLargeIsAnError() {
    StringBuilder body = new StringBuilder("    double s = x;\n    for (int i = 0; i < 2; i++) {\n");
    for (int i = 0; i < 1500; i++) {
      body.append("      s = 0.5 * s + Math.sin(y * s);\n      s = s * 0.9 + 0.01;\n");
    }
    String code = "package corpus;\n\nimport dev.adjoint.Differentiable;\n\nfinal class Huge {\n"
        + "  @Differentiable static double f(double x, double y) {\n" + body + "    }\n    return s;\n  }\n}\n";
    SOURCES.incrementAndGet();
    Compilation compilation = CompiledSources.compiler().compile(CompiledSources.source("corpus.Huge", code));
    assertNoInternalError(compilation);
    assertTrue(hasDiagnostic(compilation, Diagnostic.Kind.ERROR, 6, "is too large to differentiate"),
        compilation.diagnostics().toString());
    for (Diagnostic<?> d : compilation.diagnostics()) {
      assertFalse(d.getMessage(null).contains("code too large"), "uncompilable generated code: " + d);
    }
    DIAGNOSTICS_MATCHED.incrementAndGet();
  }

  /** {@code fVjp(x, y, 1.0).value()} of the companion. */
  private static double vjpValue(CompiledSources compiled, String companion, double x, double y) {
    try {
      Object gradient = compiled.load(companion).getMethod("fVjp", double.class, double.class, double.class)
          .invoke(null, x, y, 1.0);
      return (double) gradient.getClass().getMethod("value").invoke(gradient);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  private static String straightLine(int pairs) {
    StringBuilder body = new StringBuilder("    double s = x;\n    double t = y;\n");
    for (int i = 0; i < pairs; i++) {
      body.append("    s = 0.5 * s + Math.sin(t + ").append(i % 7).append(");\n");
      body.append("    t = t * 0.9 + 0.01 * s;\n");
    }
    return "    @Differentiable static double f(double x, double y) {\n" + body + "    return s + t;\n  }\n";
  }

  @Test
  void fiftyNestedIfsAndLoops() {
    compileAndCheck("Deep", nested(50));
  }

  /** 60 levels, with a break and a continue deep inside. */
  @Test
  void sixtyNestedIfsAndLoops() {
    compileAndCheck("Deeper", nested(60).replace("s = s + 0.1 * x * s;\n", "s = s + 0.1 * x * s;\n if (s > 50) break;\n"));
  }

  private static String nested(int levels) {
    StringBuilder open = new StringBuilder();
    StringBuilder close = new StringBuilder();
    for (int depth = 0; depth < levels; depth++) {
      if (depth % 2 == 0) {
        open.append("if (s > -").append(depth + 10).append(") {\n s = s * 0.9 + Math.sin(y);\n");
      } else {
        open.append("for (int i").append(depth).append(" = 0; i").append(depth).append(" < 1; i").append(depth)
            .append("++) {\n s = s + 0.1 * x * s;\n");
      }
      close.append("}\n");
    }
    return "  @Differentiable static double f(double x, double y) {\n double s = x;\n" + open + close
        + " return s;\n  }\n";
  }

  @AfterAll
  static void printCounts() {
    System.out.printf("[corpus] %d sources, %d diagnostics matched, %d methods compiled and checked%n",
        SOURCES.get(), DIAGNOSTICS_MATCHED.get(), METHODS_CHECKED.get());
  }

  private CompiledSources compileAndCheck(String name, String members) {
    String code = "package corpus;\n\nimport dev.adjoint.Differentiable;\n\nfinal class " + name + " {\n" + members + "}\n";
    SOURCES.incrementAndGet();
    return checkLegal("corpus." + name, code, CompiledSources.source("corpus." + name, code));
  }

  private static CompiledSources checkLegal(String className, String code, JavaFileObject file) {
    CompiledSources compiled = checkLegal(className, code, CompiledSources.compile(file));
    // the same methods on the dynamic tape
    checkLegal(className, code, CompiledSources.compileWithOptions(
        List.of("-A" + AdjointProcessor.FALLBACK_OPTION + "=always"), file));
    return compiled;
  }

  private static CompiledSources checkLegal(String className, String code, CompiledSources compiled) {
    for (Diagnostic<?> d : compiled.compilation().diagnostics()) {
      assertEquals(Diagnostic.Kind.NOTE, d.getKind(), "legal source got " + d);
    }
    Matcher m = DIFFERENTIABLE.matcher(code);
    int methods = 0;
    while (m.find()) {
      methods++;
      Method primal = method(compiled.load(className), m.group(1));
      Object[] args = new Object[primal.getParameterCount()];
      for (int i = 0; i < args.length; i++) {
        args[i] = 0.3 + 0.17 * i;
      }
      compiled.check(className, m.group(1)).at(args);
      METHODS_CHECKED.incrementAndGet();
    }
    assertTrue(methods > 0, "no @Differentiable method found in " + className);
    return compiled;
  }

  private static Method method(Class<?> owner, String name) {
    for (Method m : owner.getDeclaredMethods()) {
      if (m.getName().equals(name)) {
        return m;
      }
    }
    throw new AssertionError("no method " + name);
  }

  private static boolean hasDiagnostic(Compilation compilation, Diagnostic.Kind kind, long line, String fragment) {
    for (Diagnostic<?> d : compilation.diagnostics()) {
      if (d.getKind() == kind && (line < 0 || d.getLineNumber() == line) && d.getMessage(null).contains(fragment)) {
        return true;
      }
    }
    return false;
  }

  private static void assertNoInternalError(Compilation compilation) {
    for (Diagnostic<?> d : compilation.diagnostics()) {
      assertFalse(d.getMessage(null).contains("adjoint-processor failed"), d.getMessage(null));
    }
  }

  private static String read(String name) {
    try (InputStream in = CorpusTest.class.getResourceAsStream("/corpus/" + name + ".java.txt")) {
      if (in == null) {
        throw new AssertionError("no corpus/" + name + ".java.txt");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
