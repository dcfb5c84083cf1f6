package dev.adjoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.adjoint.internal.rules.ScalarRules;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The Vector API kernels ({@link Simd}): when they are on, and the element-wise ones against
 * {@link Math} (products: {@link MatMulTest}). Every value, special ones included, must be
 * within 2 ulps of the plain loop's, NaN where it is NaN, infinite and zero (with its sign) where
 * it is; tails shorter than a vector, aliasing of input and output and the elements past {@code
 * n} are checked too.
 */
class SimdTest {
  private static final double[] SPECIAL = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0,
      -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, 1e-310, -1e-310, Double.MIN_NORMAL, 1e-300, -1e-300, 1e-17,
      -1e-17, 1e-8, -1e-8, 0.5, -0.5, 0.625, -0.625, 1, -1, 18.5, -18.5, 20, -20, 22, -22, 40, -40, 700, -700,
      709.78, 709.79, -745.1, -745.2, -746, 1e300, -1e300, Double.MAX_VALUE, -Double.MAX_VALUE};

  /**
   * The runtime's tests run with {@code --add-modules jdk.incubator.vector} (see the pom), so the
   * Vector API kernels must be on, here on the module path, unless the hardware has no vectors of
   * four doubles; and {@code -Dadjoint.simd=false} must turn it off (a fresh JVM, since the
   * choice is made once).
   */
  @Test
  void vectorKernelsAreOnWithTheModuleAndOffWithoutIt() throws Exception {
    assertTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(), "tests run with the module");
    assertTrue(Simd.STATUS.equals("on") || Simd.STATUS.startsWith("off: this JVM's vectors hold"), Simd.STATUS);
    assertEquals(Simd.STATUS.equals("on"), Simd.KERNELS != null);
    assertTrue(Simd.class.getModule().isNamed(), "the runtime's tests run on the module path");
    String launcher = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String probe = "class P { public static void main(String[] a) throws Exception {"
        + " var f = Class.forName(\"dev.adjoint.Simd\").getDeclaredField(\"STATUS\"); f.setAccessible(true);"
        + " System.out.print(f.get(null)); } }";
    Path dir = Files.createTempDirectory("simd");
    Path source = Files.writeString(dir.resolve("P.java"), probe);
    String classes = System.getProperty("adjoint.runtime.classes", "target/classes");
    assertEquals("off: jdk.incubator.vector is not in the boot layer (run with --add-modules jdk.incubator.vector)",
        run(launcher, "-cp", classes, source.toString()));
    assertEquals("off: -Dadjoint.simd=false",
        run(launcher, "--add-modules", "jdk.incubator.vector", "-Dadjoint.simd=false", "-cp", classes, source.toString()));
    assertEquals(Simd.STATUS, run(launcher, "--add-modules", "jdk.incubator.vector", "-cp", classes, source.toString()));
  }

  private static String run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), String.join(" ", command) + " printed " + out);
    return out;
  }

  @Test
  void tanhExpAndSigmoidAreWithinTwoUlpsOfMath() {
    assumeTrue(Simd.KERNELS != null, Simd.STATUS);
    check("tanh", Simd.KERNELS::tanh, Math::tanh);
    check("exp", Simd.KERNELS::exp, Math::exp);
    check("sigmoid", Simd.KERNELS::sigmoid, ScalarRules::sigmoid);
  }

  /** Tensors take the kernels: their tanh, exp and sigmoid (and exp's derivative) are the kernels' values. */
  @Test
  void tensorsUseTheKernels() {
    assumeTrue(Simd.KERNELS != null, Simd.STATUS);
    double[] x = values(new Random(5), 1003);
    Tensor t = Tensor.of(x.clone(), x.length);
    assertKernel(x, t.tanh(), Simd.KERNELS::tanh);
    assertKernel(x, t.exp(), Simd.KERNELS::exp);
    assertKernel(x, t.sigmoid(), Simd.KERNELS::sigmoid);
    double[] derivative = new double[x.length];
    ElementwiseFunction.EXP.derivative().applyTo(x, derivative);
    assertKernel(x, Tensor.of(derivative, x.length), Simd.KERNELS::exp);
  }

  private interface Kernel {
    void apply(double[] in, double[] out, int n);
  }

  private static void assertKernel(double[] x, Tensor actual, Kernel kernel) {
    double[] expected = new double[x.length];
    kernel.apply(x, expected, x.length);
    assertEquals(Arrays.toString(expected), Arrays.toString(actual.toArray()));
  }

  private static double[] values(Random random, int n) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = (random.nextDouble() * 2 - 1) * Math.pow(10, random.nextInt(9) - 6);
    }
    return x;
  }

  private static void check(String name, Kernel kernel, DoubleUnaryOperator plain) {
    Random random = new Random(11);
    for (int n = 0; n <= 40; n++) {
      double[] x = values(random, n + 3);
      for (int i = 0; i < n; i++) {
        if (random.nextInt(4) == 0) {
          x[i] = SPECIAL[random.nextInt(SPECIAL.length)];
        }
      }
      double[] out = new double[n + 3];
      Arrays.fill(out, 42.0);
      kernel.apply(x, out, n);
      for (int i = 0; i < n; i++) {
        assertClose(name, x[i], plain.applyAsDouble(x[i]), out[i]);
      }
      for (int i = n; i < n + 3; i++) {
        assertEquals(42.0, out[i], name + ": element " + i + " past n = " + n + " was written");
      }
      double[] inPlace = x.clone();
      kernel.apply(inPlace, inPlace, n);
      assertEquals(Arrays.toString(Arrays.copyOf(out, n)), Arrays.toString(Arrays.copyOf(inPlace, n)),
          name + " in place, n = " + n);
    }
    double[] special = SPECIAL.clone();
    double[] out = new double[special.length];
    kernel.apply(special, out, special.length);
    for (int i = 0; i < special.length; i++) {
      assertClose(name, special[i], plain.applyAsDouble(special[i]), out[i]);
    }
    double[] many = values(random, 1 << 16);
    out = new double[many.length];
    kernel.apply(many, out, many.length);
    for (int i = 0; i < many.length; i++) {
      assertClose(name, many[i], plain.applyAsDouble(many[i]), out[i]);
    }
  }

  private static void assertClose(String name, double x, double expected, double actual) {
    String what = name + "(" + x + "): expected " + expected + ", got " + actual;
    if (Double.isNaN(expected) || Double.isInfinite(expected) || expected == 0.0) {
      assertEquals(Double.doubleToLongBits(expected), Double.doubleToLongBits(actual), what);
    } else {
      assertTrue(Math.abs(actual - expected) <= 2 * Math.ulp(expected), what);
    }
  }
}
