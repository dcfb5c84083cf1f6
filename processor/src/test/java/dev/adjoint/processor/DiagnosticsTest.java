package dev.adjoint.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.adjoint.processor.testing.CompiledSources.source;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.google.testing.compile.Compilation;
import dev.adjoint.processor.testing.CompiledSources;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** One bad source per row: the exact diagnostic, on the line it belongs to. */
class DiagnosticsTest {
  static Stream<Arguments> errors() {
    return Stream.of(
        row("@Differentiable(wrt = \"this\") double f(double x) { return x; }",
            "wrt name \"this\" of @Differentiable method f names the receiver, an instance of the class Bad, whose"
                + " fields are read as passive values; make Bad a record", "double f(double x)"),
        row("@Differentiable static double f(double x) { return x; }\n"
                + "  @Differentiable double f(double x, double y) { return x * y; }",
            "@Differentiable methods f of Bad include a static and an instance method of the same name",
            "double f(double x, double y)"),
        row("@Differentiable private static double f(double x) { return x; }",
            "@Differentiable method f must not be private: its companion BadDerivatives calls it; make it package-private",
            "private static double f"),
        row("@Differentiable static double f(double x) { return x; }\n"
                + "  @Differentiable static double f(double x, double y) { return x; }",
            "@Differentiable method f is overloaded by another @Differentiable method of the same name",
            "double f(double x, double y)"),
        row("double factor = 2;\n  final class Inner {\n"
                + "    @Differentiable double f(double x) { return factor * x; }\n  }",
            "f cannot be differentiated: it is an instance method of the inner class Inner, whose enclosing Bad instance",
            "@Differentiable double f(double x)"),
        row("@Differentiable static int f(double x) { return 1; }",
            "@Differentiable method f returns int, which is not differentiable", "static int f"),
        row("@Differentiable(wrt = \"z\") static double f(double x) { return x; }",
            "wrt name \"z\" of @Differentiable method f is not one of its parameters [x]", "double f(double x)"),
        row("@Differentiable(wrt = \"n\") static double f(double x, int n) { return x; }",
            "wrt name \"n\" of @Differentiable method f names a parameter of type int, which is not differentiable",
            "double f(double x, int n)"),
        row("@Differentiable static double f(double value, double dvalue) { return value * dvalue; }",
            "the gradient of parameter \"value\" of @Differentiable method f is the record component dvalue",
            "double f(double value"),
        row("@Differentiable static double f(double x) {\n    return 2 * Lib.helper(x);\n  }\n}\n"
                + "final class Lib {\n  static double helper(double x) { return x; }",
            "Lib.helper has no known derivative, but receives the active value x; write it with loops and operations"
                + " the processor differentiates, make the method it calls @Differentiable, give it a @DerivativeOf,"
                + " or compute it from inactive values", "return 2 * Lib.helper(x);"),
        row("@Differentiable static double f(double x, java.util.List<Double> xs) {\n"
                + "    return xs.stream().mapToDouble(v -> v * x).sum();\n  }",
            "the call xs.stream().mapToDouble(v -> v * x).sum() has no known derivative, but receives the active"
                + " value x", "return xs.stream()"),
        row("@Differentiable static double f(double x) {\n    try {\n      java.util.function.DoubleUnaryOperator sq"
                + " = v -> v * v;\n      return java.util.stream.DoubleStream.of(x).map(sq).sum();\n    } finally {\n"
                + "    }\n  }",
            "has no known derivative, but receives the active value",
            "return java.util.stream.DoubleStream.of(x).map(sq).sum();"),
        row("static double total;\n"
                + "  @Differentiable static double f(double x) {\n    try {\n      total = x;\n    } finally {\n    }\n"
                + "    return x;\n  }",
            "a @Differentiable method cannot write the field total", "total = x;"),
        row("static double total;\n"
                + "  @Differentiable static double f(double x) {\n    total = x;\n    return x;\n  }",
            "a @Differentiable method cannot write the field total", "total = x;"),
        row("@Differentiable static double f(double x) {\n    return x * Callee.g(1.0, x);\n  }\n}\n"
                + "final class Callee {\n  @Differentiable(wrt = \"a\") static double g(double a, double b) { return a * b; }",
            "argument \"x\" of Callee.g is active, but g does not differentiate with respect to parameter b;"
                + " add \"b\" to its wrt", "return x * Callee.g(1.0, x);")
        );
  }

  /** Constructs outside the static subset that run on the dynamic tape: a NOTE at the construct, no error. */
  static Stream<Arguments> fallbacks() {
    return Stream.of(
        row("static double power(double x, int n) { return n == 0 ? 1 : x * power(x, n - 1); }\n"
                + "  @Differentiable static double f(double x) {\n    return 2 * power(x, 3);\n  }",
            "the recursive call power(x, n - 1)", "static double power"),
        row("@Differentiable static double f(double x) {\n    try {\n      return x;\n    } finally {\n    }\n  }",
            "a try", "try {"),

        row("@Differentiable static double f(double[] a) {\n    double[] b = a.length > 0 ? a : new double[1];\n    return b[0];\n  }",
            "making an array local an alias of another array", "double[] b = a.length > 0 ? a : new double[1];"),
        row("@Differentiable static double f(double[] a, double[] b) {\n    a = b;\n    return a[0];\n  }",
            "assigning an array variable", "a = b;")
        );
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fallbacks")
  void fallbackNoteOnTheConstructsLine(String what, String members, String line) {
    JavaFileObject file = bad(members);
    Compilation compilation = CompiledSources.compiler().compile(file);
    assertThat(compilation).succeeded();
    assertThat(compilation).hadWarningContaining("f runs on the dynamic tape: " + what + " at line ")
        .inFile(file).onLineContaining(line);
    assertNoInternalError(compilation);
  }

  private static Arguments row(String members, String message, String line) {
    return Arguments.of(message, members, line);
  }

  private static JavaFileObject bad(String members) {
    return source("d.Bad", "package d;\n\nimport dev.adjoint.Differentiable;\n\nfinal class Bad {\n  "
        + members + "\n}\n");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("errors")
  void errorOnTheOffendingLine(String message, String members, String line) {
    JavaFileObject file = bad(members);
    Compilation compilation = CompiledSources.compiler().compile(file);
    assertThat(compilation).hadErrorContaining(message).inFile(file).onLineContaining(line);
    assertNoInternalError(compilation);
  }

  @Test
  void castOfActiveValueToIntWarns() {
    JavaFileObject file = bad("@Differentiable static double f(double x) {\n    int k = (int) x;\n    return x * k;\n  }");
    Compilation compilation = CompiledSources.compiler().compile(file);
    assertThat(compilation).succeeded();
    assertThat(compilation).hadWarningContaining("the cast of active x to int drops its derivative")
        .inFile(file).onLineContaining("int k = (int) x;");
  }

  /** A value that leaves double arithmetic and comes back (bit tricks, boxes) warns: its derivative is 0. */
  @Test
  void derivativeLostThroughBitsWarns() {
    JavaFileObject file = bad("@Differentiable static double f(double x) {\n"
        + "    long bits = Double.doubleToRawLongBits(x) & 0x7fffffffffffffffL;\n"
        + "    return Double.longBitsToDouble(bits);\n  }\n"
        + "  @Differentiable static double g(double x) {\n    Double boxed = x;\n    return boxed * 2;\n  }");
    Compilation compilation = CompiledSources.compiler().compile(file);
    assertThat(compilation).succeeded();
    assertThat(compilation).hadWarningContaining("bits depends on a differentiated parameter, but through a value"
        + " that carries no derivative").inFile(file).onLineContaining("return Double.longBitsToDouble(bits);");
    assertThat(compilation).hadWarningContaining("boxed depends on a differentiated parameter").inFile(file)
        .onLineContaining("return boxed * 2;");
  }

  /**
   * A @Differentiable method of another file is called through its companion (not inlined), so an
   * active argument for a parameter outside its wrt is an error at the call.
   */
  @Test
  void activeArgumentOutsideTheCalleesWrt() {
    JavaFileObject callee = source("d.Callee", "package d;\n\nimport dev.adjoint.Differentiable;\n\n"
        + "final class Callee {\n  @Differentiable(wrt = \"a\") static double g(double a, double b) {"
        + " return a * b; }\n}\n");
    JavaFileObject file = bad("@Differentiable static double f(double x) {\n    return x * Callee.g(1.0, x);\n  }");
    Compilation compilation = CompiledSources.compiler().compile(file, callee);
    assertThat(compilation).hadErrorContaining("argument \"x\" of Callee.g is active, but g does not differentiate"
        + " with respect to parameter b; add \"b\" to its wrt").inFile(file)
        .onLineContaining("return x * Callee.g(1.0, x);");
    assertNoInternalError(compilation);
  }

  /** The method with the error and its caller get nothing; the unrelated method still gets derivatives. */
  @Test
  void methodWithProblemAndItsCallersAreLeftOut() {
    JavaFileObject file = bad("@Differentiable static double broken(double x) { return Lib.helper(x); }\n"
        + "  @Differentiable static double caller(double x) { return broken(x) * 2; }\n"
        + "  @Differentiable static double fine(double x) { return x * 2; }\n}\n"
        + "final class Lib {\n  static double helper(double x) { return x; }");
    Compilation compilation = CompiledSources.compiler().compile(file);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining("Lib.helper has no known derivative").inFile(file)
        .onLineContaining("broken(double x)");
  }

  /** javac reports a missing name itself (after processing); the processor only warns that it generated nothing. */
  @Test
  void unresolvedNameIsLeftToJavac() {
    JavaFileObject file = bad("@Differentiable static double f(double x) {\n    return Missing.g(x);\n  }");
    Compilation compilation = CompiledSources.compiler().compile(file);
    assertThat(compilation).hadErrorContaining("cannot resolve Missing.g in @Differentiable method f");
    assertThat(compilation).hadErrorContaining("cannot find symbol").inFile(file).onLineContaining("Missing.g(x)");
    assertNoInternalError(compilation);
  }

  @Test
  void unrelatedCompileErrorIsLeftToJavac() {
    JavaFileObject file = bad("@Differentiable static double f(double x) { return undefinedHelper(x); }\n"
        + "  static int g() { int s = \"text\"; return s; }");
    Compilation compilation = CompiledSources.compiler().compile(file);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorContaining("cannot find symbol").inFile(file).onLineContaining("undefinedHelper");
    assertThat(compilation).hadErrorContaining("incompatible types").inFile(file).onLineContaining("int s =");
    assertNoInternalError(compilation);
  }

  @Test
  void syntaxErrorDoesNotCrash() {
    JavaFileObject file = bad("@Differentiable static double f(double x) { return x * ; }");
    Compilation compilation = CompiledSources.compiler().compile(file);
    assertThat(compilation).hadErrorContaining("illegal start of expression");
    assertNoInternalError(compilation);
  }

  private static void assertNoInternalError(Compilation compilation) {
    for (Diagnostic<?> d : compilation.diagnostics()) {
      assertFalse(d.getMessage(null).contains("adjoint-processor failed"), d.getMessage(null));
    }
  }
}
