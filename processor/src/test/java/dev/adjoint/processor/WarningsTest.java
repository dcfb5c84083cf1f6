package dev.adjoint.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.adjoint.processor.testing.CompiledSources.source;

import com.google.testing.compile.Compilation;
import dev.adjoint.processor.testing.CompiledSources;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Warnings where an active value loses its derivative, each at its expression; silenced by
 * {@code @SuppressWarnings("adjoint")}; never for inactive values. And the one-line note per method.
 */
class WarningsTest {
  private static final String HINT = "if this is intended, add @SuppressWarnings(\"adjoint\") to the method";

  private static JavaFileObject file(String classAnnotation, String members) {
    return source("w.Model", "package w;\n\nimport dev.adjoint.Differentiable;\n\n" + classAnnotation
        + "final class Model {\n  " + members + "\n}\n");
  }

  private static Compilation compile(JavaFileObject file) {
    return CompiledSources.compiler().compile(file);
  }

  /** The cast's operand does not reach the result except through the cast: still warned (that is the point). */
  @Test
  void castOfActiveValueToIntegerWarns() {
    JavaFileObject file = file("", "@Differentiable static double f(double x) {\n"
        + "    double y = 2 * x;\n    int k = (int) y;\n    long n = (long) (x * 3);\n    return x + k + n;\n  }");
    Compilation compilation = compile(file);
    assertThat(compilation).succeeded();
    assertThat(compilation).hadWarningCount(2);
    assertThat(compilation).hadWarningContaining("the cast of active y to int drops its derivative").inFile(file)
        .onLineContaining("int k = (int) y;");
    assertThat(compilation).hadWarningContaining("the cast of active x * 3 to long drops its derivative")
        .inFile(file).onLineContaining("long n = (long) (x * 3);");
    assertThat(compilation).hadWarningContaining(HINT).inFile(file).onLineContaining("int k = (int) y;");
  }

  @Test
  void piecewiseConstantFunctionOfActiveValueWarns() {
    JavaFileObject file = file("", "@Differentiable static double f(double x) {\n"
        + "    double a = Math.floor(x / 2);\n    double b = StrictMath.signum(x);\n"
        + "    long r = Math.round(x);\n    return x * a + b + r + Math.ceil(x) + Math.rint(x);\n  }");
    Compilation compilation = compile(file);
    assertThat(compilation).succeeded();
    assertThat(compilation).hadWarningCount(5);
    assertThat(compilation).hadWarningContaining("Math.floor is piecewise constant, so the derivative through its"
        + " active argument x / 2 is 0").inFile(file).onLineContaining("double a = Math.floor(x / 2);");
    assertThat(compilation).hadWarningContaining("StrictMath.signum is piecewise constant").inFile(file)
        .onLineContaining("StrictMath.signum(x)");
    assertThat(compilation).hadWarningContaining("Math.round is piecewise constant").inFile(file)
        .onLineContaining("long r = Math.round(x);");
    assertThat(compilation).hadWarningContaining("Math.ceil is piecewise constant").inFile(file)
        .onLineContaining("return x * a");
    assertThat(compilation).hadWarningContaining("Math.rint is piecewise constant, so the derivative through its active argument x is 0").inFile(file)
        .onLineContaining("return x * a");
  }

  @Test
  void exactComparisonOfActiveValueWarns() {
    JavaFileObject file = file("", "@Differentiable static double f(double[] w, double b) {\n"
        + "    if (w[0] == 0) {\n      return b;\n    }\n"
        + "    return 1.5 != b * 2 ? w[0] * b : b;\n  }");
    Compilation compilation = compile(file);
    assertThat(compilation).succeeded();
    assertThat(compilation).hadWarningCount(2);
    assertThat(compilation).hadWarningContaining("active w[0] is compared with == 0: the result changes only at"
        + " isolated points").inFile(file).onLineContaining("if (w[0] == 0)");
    assertThat(compilation).hadWarningContaining("active b * 2 is compared with != 1.5").inFile(file)
        .onLineContaining("return 1.5 != b * 2");
    assertThat(compilation).hadWarningContaining(HINT).inFile(file).onLineContaining("if (w[0] == 0)");
  }

  private static final String ALL_THREE = "@Differentiable static double f(double x) {\n"
      + "    int k = (int) x;\n    if (x == 1) {\n      return Math.floor(x);\n    }\n    return x * k;\n  }";

  @Test
  void suppressWarningsOnTheMethodSilencesThem() {
    JavaFileObject file = file("", "@SuppressWarnings(\"adjoint\")\n  " + ALL_THREE);
    assertThat(compile(file)).succeededWithoutWarnings();
  }

  @Test
  void suppressWarningsOnTheClassSilencesThem() {
    JavaFileObject file = file("@SuppressWarnings({\"unchecked\", \"adjoint\"})\n", ALL_THREE);
    assertThat(compile(file)).succeededWithoutWarnings();
  }

  @Test
  void otherSuppressWarningsValuesDoNot() {
    JavaFileObject file = file("", "@SuppressWarnings(\"unchecked\")\n  " + ALL_THREE);
    Compilation compilation = compile(file);
    assertThat(compilation).succeeded();
    assertThat(compilation).hadWarningCount(3);
  }

  @Test
  void suppressWarningsDoesNotSilenceErrors() {
    JavaFileObject file = file("", "@SuppressWarnings(\"adjoint\")\n  @Differentiable static double f(double x) {\n"
        + "    return StrictMath.IEEEremainder(x, 2.0);\n  }");
    assertThat(compile(file)).hadErrorContaining("StrictMath.IEEEremainder has no known derivative").inFile(file)
        .onLineContaining("return StrictMath.IEEEremainder(x, 2.0);");
  }

  /** A method on the tape warns about a derivative lost through bits as the static path does. */
  @Test
  void derivativeLostWarnsOnTheTapeToo() {
    JavaFileObject file = file("", "@Differentiable static double f(double x) {\n    try {\n"
        + "      return Double.longBitsToDouble(Double.doubleToRawLongBits(x) & 0x7fffffffffffffffL);\n"
        + "    } finally {\n      x = 0;\n    }\n  }");
    Compilation compilation = compile(file);
    assertThat(compilation).succeeded();
    assertThat(compilation).hadWarningContaining("runs on the dynamic tape").inFile(file);
    assertThat(compilation).hadWarningContaining("so the derivative of this").inFile(file)
        .onLineContaining("return Double.longBitsToDouble");
  }

  /** n is not differentiated, c is an int, and floor(x) already cut x's derivative: no warning anywhere. */
  @Test
  void inactiveValuesNeverWarn() {
    JavaFileObject file = file("", "@Differentiable(wrt = \"x\") static double f(double x, double n, int c) {\n"
        + "    int k = (int) n;\n    double f = Math.floor(n) + Math.signum(c);\n"
        + "    double g = Math.floor(x);\n    if (n == 0 || c == 2 || k != 1) {\n      return x;\n    }\n"
        + "    return x * k * f;\n  }");
    Compilation compilation = compile(file);
    assertThat(compilation).succeeded();
    assertThat(compilation).hadWarningCount(1);
    assertThat(compilation).hadWarningContaining("Math.floor is piecewise constant").inFile(file)
        .onLineContaining("double g = Math.floor(x);");
  }

  @Test
  void notePerMethodSaysWhatWasDifferentiated() {
    JavaFileObject file = file("", "@Differentiable(wrt = {\"w\", \"b\"})\n"
        + "  static double loss(double[] w, double b, double[] x, double y) {\n"
        + "    return (w[0] * x[0] + b - y) * (w[0] * x[0] + b - y);\n  }\n"
        + "  @Differentiable static double g(double a, double c) {\n    return a * 2;\n  }");
    Compilation compilation = compile(file);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).hadNoteContaining("loss: reverse and forward mode w.r.t. w, b; inactive: x, y")
        .inFile(file).onLineContaining("static double loss(");
    assertThat(compilation).hadNoteContaining(
        "g: reverse and forward mode w.r.t. a, c; derivative 0 (does not reach the result): c")
        .inFile(file).onLineContaining("static double g(");
  }
}
