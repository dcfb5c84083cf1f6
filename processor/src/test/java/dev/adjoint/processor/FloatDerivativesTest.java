package dev.adjoint.processor;

import static dev.adjoint.processor.testing.CompiledSources.resource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;

import dev.adjoint.processor.testing.CompiledSources;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * float methods (sources/Floats.java): reverse vs forward (dot-product test) vs central finite
 * differences, to float's precision (1e-3 relative, finite differences with a step of 1e-2); and
 * the signatures and declarations of the generated code keep float.
 */
class FloatDerivativesTest {
  private static final double TOLERANCE = 1e-3;
  private static CompiledSources compiled;

  @BeforeAll
  static void compile() {
    compiled = CompiledSources.compile(resource("num.Floats", "Floats.java.txt"));
  }

  private static dev.adjoint.processor.testing.GradientCheck check(String method) {
    return compiled.check("num.Floats", method).floatArithmetic(TOLERANCE);
  }

  @Test
  void logisticLossOverFloatArrays() {
    check("loss").at(new float[] {0.3f, -0.7f, 1.1f}, 0.2f, new float[] {1.5f, 0.4f, -0.9f})
        .at(new float[] {-1.2f, 0.5f}, -0.4f, new float[] {0.8f, 2.0f});
  }

  @Test
  void floatScalarsWithMathOverloads() {
    check("scalars").at(0.7f, 1.3f).at(-0.4f, 2.1f).at(1.9f, -0.6f);
  }

  @Test
  void castsBetweenFloatAndDoubleCarryDerivatives() {
    check("mixed").at(0.7, 1.3f).at(-0.4, 2.1f);
    check("narrow").at(0.7).at(-1.4);
  }

  @Test
  void floatArraysInLoopsAndElementWrites() {
    check("arrays").at(new float[] {0.3f, -0.7f}, new float[][] {{1.5f, 0.4f}, {-0.9f, 0.2f}, {0.1f, 1.1f}})
        .at(new float[] {1.2f, 0.5f}, new float[][] {{0.8f, -2.0f}, {0.3f, 0.6f}, {-0.5f, 0.9f}});
  }

  @Test
  void callsOfFloatMethods() {
    check("callsFloat").at(0.7f, new float[] {0.3f, -0.5f}).at(-0.2f, new float[] {1.1f, 0.4f});
    check("callsUnderMath").at(0.7f, new float[] {0.3f, -0.5f}).at(-0.2f, new float[] {1.1f, 0.4f});
  }

  @Test
  void floatCalleesOfDoubleMethodsAndBack() {
    check("viaFloatCallee").at(0.7).at(-0.3);
    check("callsDouble").at(0.7f).at(-0.3f);
  }

  @Test
  void reassignedInALoop() {
    check("reassign").at(0.7f).at(-0.3f);
    check("nullThenReplaced").at(0.7f, 1.3f, 0).at(0.7f, 1.3f, 1).at(-0.4f, 0.6f, 2);
  }

  @Test
  void copiesFillsConstantsAndBranches() {
    check("copies").at(new float[] {0.3f, -0.7f, 1.1f}).at(new float[] {-1.2f, 0.5f});
    check("ternary").at(0.7f, true).at(0.7f, false).at(-0.4f, true);
  }

  @Test
  void recordWithAFloatComponent() throws Exception {
    Class<?> p = compiled.load("num.Floats$P");
    Object point = p.getDeclaredConstructor(float.class, double.class).newInstance(0.6f, -1.3);
    check("record").at(point, 0.8).at(p.getDeclaredConstructor(float.class, double.class).newInstance(-0.2f, 0.4), 1.7);
  }

  /** The derivative of (float) x with respect to x is 1: x*x through float has gradient 2x, not x. */
  @Test
  void castToFloatKeepsTheDerivativeByHand() throws Exception {
    Class<?> companion = compiled.load("num.FloatsDerivatives");
    Object g = companion.getMethod("narrowGradient", double.class).invoke(null, 0.5);
    float value = (float) g.getClass().getMethod("value").invoke(g);
    double dx = (double) g.getClass().getMethod("x").invoke(g);
    // f = x^2 log(1 + x^2); f' = 2x log(1 + x^2) + 2x^3 / (1 + x^2)
    assertEquals(0.25 * Math.log(1.25), value, 1e-6);
    assertEquals(Math.log(1.25) + 0.25 / 1.25, dx, 1e-5);
  }

  @Test
  void signaturesKeepFloat() throws Exception {
    Class<?> companion = compiled.load("num.FloatsDerivatives");
    Class<?> gradient = companion.getMethod("lossGradient", float[].class, float.class, float[].class).getReturnType();
    assertEquals("LossGradient[value=float, w=float[], b=float]", describe(gradient));
    companion.getMethod("lossVjp", float[].class, float.class, float[].class, float.class);
    Class<?> tangent = companion.getMethod("lossJvp", float[].class, float.class, float[].class, float[].class,
        float.class).getReturnType(); // (w, b, x, dw, db)
    assertEquals("LossTangent[value=float, tangent=float]", describe(tangent));
  }

  /** Adjoints and tangents of float values are float locals in the generated code. */
  @Test
  void adjointAndTangentLocalsAreFloat() {
    String source = compiled.generatedSource("num.FloatsDerivatives");
    String vjp = method(source, "lossVjp");
    assertTrue(vjp.contains("float ds = "), vjp);
    assertTrue(vjp.contains("float de = "), vjp);
    assertTrue(!vjp.contains("double ds") && !vjp.contains("double de"), vjp);
    String jvp = method(source, "lossJvp");
    assertTrue(jvp.contains("float s_dot") || jvp.contains("float ds"), jvp);
    assertTrue(!jvp.contains("double "), jvp);
  }

  /** Second derivatives of a double method with float locals: its Hessian vs central differences of its gradient. */
  @Test
  void hessianThroughFloatLocals() {
    CompiledSources second = CompiledSources.compile(CompiledSources.source("ft.H", """
        package ft;
        import dev.adjoint.Differentiable;
        class H {
          @Differentiable(order = 2)
          static double h(double x, double y) {
            float fx = (float) x;
            float p = fx * fx + 1f;
            return p * y + Math.exp(fx) * y * y;
          }
        }
        """));
    second.check("ft.H", "h").floatArithmetic(TOLERANCE).at(0.7, 1.3).at(-0.4, 0.6); // the gradient itself
    dev.adjoint.processor.testing.HessianCheck h = dev.adjoint.processor.testing.HessianCheck.of(second.load("ft.H"), "h", 0, 1);
    for (Object[] point : new Object[][] {{0.7, 1.3}, {-0.4, 0.6}}) {
      double[][] exact = h.hessian(point);
      double[][] differences = h.finiteDifferences(1e-2, point);
      for (int r = 0; r < 2; r++) {
        for (int c = 0; c < 2; c++) {
          assertEquals(differences[r][c], exact[r][c], TOLERANCE * (1 + Math.abs(differences[r][c])), r + "," + c);
        }
      }
    }
  }

  /** The dynamic tape records double values only: a float method that needs it is an ERROR naming float. */
  @Test
  void floatMethodThatNeedsTheTapeIsAnError() {
    JavaFileObject file = CompiledSources.source("ft.F", """
        package ft;
        import dev.adjoint.Differentiable;
        class F {
          @Differentiable static float f(float x) {
            float y = x;
            try {
              y = y * x;
            } finally {
              y += 1f;
            }
            return y;
          }
        }
        """);
    Compilation compilation = CompiledSources.compiler().compile(file);
    assertThat(compilation).hadErrorContaining("float values on the dynamic tape").inFile(file)
        .onLineContaining("static float f(float x)");
  }

  /** GradChecks perturbs doubles: @GradCheck on a float method is an ERROR on the sample that says so. */
  @Test
  void gradCheckOnAFloatMethodIsAnError() {
    JavaFileObject file = CompiledSources.source("ft.G", """
        package ft;
        import dev.adjoint.Differentiable;
        import dev.adjoint.GradCheck;
        class G {
          @GradCheck("x=0.5")
          @Differentiable static float f(float x) {
            return x * x;
          }
        }
        """);
    Compilation compilation = CompiledSources.compiler().compile(file);
    assertThat(compilation).hadErrorContaining("GradChecks does not check methods with float parameters or results yet")
        .inFile(file).onLineContaining("@GradCheck(\"x=0.5\")");
  }

  private static String method(String source, String name) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("public static \\w+ " + name + "\\(").matcher(source);
    assertTrue(m.find(), "no method " + name);
    int start = m.start();
    int end = source.indexOf("\n  }\n", start);
    return source.substring(start, end);
  }

  private static String describe(Class<?> record) {
    StringBuilder b = new StringBuilder(record.getSimpleName()).append('[');
    for (java.lang.reflect.RecordComponent c : record.getRecordComponents()) {
      b.append(b.charAt(b.length() - 1) == '[' ? "" : ", ").append(c.getName()).append('=')
          .append(c.getType().getSimpleName());
    }
    return b.append(']').toString();
  }
}
