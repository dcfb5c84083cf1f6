package dev.adjoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Vector API kernels ({@link Simd}): when they are on, that the product gives the same bits
 * whatever the JIT's state (its values: {@link MatMulTest}), and that a tensor's {@code exp},
 * {@code tanh} and {@code sigmoid} give the same bits in every JVM (their values: {@link
 * ElementaryMathTest}).
 */
class SimdTest {
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
    String probe = "class P { public static void main(String[] a) throws Exception {"
        + " var f = Class.forName(\"dev.adjoint.Simd\").getDeclaredField(\"STATUS\"); f.setAccessible(true);"
        + " System.out.print(f.get(null)); } }";
    String source = program("P", probe);
    assertEquals("off: jdk.incubator.vector is not in the boot layer (run with --add-modules jdk.incubator.vector)",
        java(source, null));
    assertEquals("off: -Dadjoint.simd=false",
        java(source, null, MODULE, "jdk.incubator.vector", "-Dadjoint.simd=false"));
    assertEquals(Simd.STATUS, java(source, null, MODULE, "jdk.incubator.vector"));
  }

  private static final String MODULE = "--add-modules";
  /** C2 only, after 100 calls: a loop run 3000 times is compiled early on. */
  private static final String C2 = "-XX:-TieredCompilation";
  private static final String C2_SOON = "-XX:CompileThreshold=100";

  /** A one-class program in a temporary directory; its path. */
  private static String program(String className, String text) throws Exception {
    return Files.writeString(Files.createTempDirectory("simd").resolve(className + ".java"), text).toString();
  }

  /** What {@code program} prints in a fresh JVM with {@code flags} and the runtime's classes. */
  private static String java(String program, String argument, String... flags) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of(flags));
    command.addAll(List.of("-cp", System.getProperty("adjoint.runtime.classes", "target/classes"), program));
    if (argument != null) {
      command.add(argument);
    }
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), String.join(" ", command) + " printed " + out);
    return out;
  }

  /**
   * The vector product gives the same bits interpreted ({@code -Xint}: the Vector API's Java
   * fallback) and compiled by C2 (intrinsics), as every step is exactly rounded. (The Vector API's
   * {@code EXP} and {@code TANH} fail this: see {@link Simd}.)
   */
  @Test
  void vectorProductIsTheSameInterpretedAndCompiled() throws Exception {
    assumeTrue(Simd.KERNELS != null, Simd.STATUS);
    String probe = "class Q { public static void main(String[] a) throws Exception {"
        + " var m = Class.forName(\"dev.adjoint.MatMul\").getDeclaredMethod(\"multiply\", double[].class, int.class,"
        + " double[].class, int.class, double[].class, int.class, int.class, int.class, int.class);"
        + " m.setAccessible(true); java.util.Random r = new java.util.Random(3);"
        + " int n = 37, k = 300, m2 = 41; double[] x = new double[n * k], y = new double[k * m2];"
        + " for (int i = 0; i < x.length; i++) x[i] = r.nextGaussian();"
        + " for (int i = 0; i < y.length; i++) y[i] = r.nextGaussian();"
        + " double[] c = null; for (int q = 0; q < Integer.parseInt(a[0]); q++) { c = new double[n * m2];"
        + " m.invoke(null, x, 0, y, 0, c, 0, n, k, m2); }"
        + " long h = 0; for (double v : c) h = 31 * h + Double.doubleToLongBits(v); System.out.print(h); } }";
    String source = program("Q", probe);
    String interpreted = java(source, "1", "-Xint", MODULE, "jdk.incubator.vector");
    String compiled = java(source, "3000", MODULE, "jdk.incubator.vector", C2, C2_SOON);
    assertEquals(interpreted, compiled);
  }

  /**
   * A tensor's {@code exp}, {@code tanh} and {@code sigmoid} give the same bits with the Vector API
   * and without it, interpreted and compiled: four fresh JVMs hash the same results.
   */
  @Test
  void elementaryFunctionsAreTheSameInEveryJvm() throws Exception {
    String probe = "class E { public static void main(String[] a) {"
        + " java.util.Random r = new java.util.Random(5); double[] x = new double[203];"
        + " for (int i = 0; i < x.length; i++) x[i] = i % 7 == 0 ? (r.nextDouble() * 2 - 1) * 800 : r.nextGaussian() * 4;"
        + " x[3] = Double.NaN; x[4] = -0.0; x[5] = Double.NEGATIVE_INFINITY; x[6] = 1e-310;"
        + " long h = 0; for (int q = 0; q < Integer.parseInt(a[0]); q++) { h = 0;"
        + " dev.adjoint.Tensor t = dev.adjoint.Tensor.of(x);"
        + " for (dev.adjoint.Tensor y : new dev.adjoint.Tensor[] {t.exp(), t.tanh(), t.sigmoid()})"
        + " for (double v : y.toArray()) h = 31 * h + Double.doubleToLongBits(v); }"
        + " System.out.print(h); } }";
    String source = program("E", probe);
    String reference = java(source, "1", "-Xint");
    assertEquals(reference, java(source, "3000", C2, C2_SOON), "plain kernels, compiled");
    assertEquals(reference, java(source, "1", "-Xint", MODULE, "jdk.incubator.vector"), "Vector API, interpreted");
    assertEquals(reference, java(source, "3000", MODULE, "jdk.incubator.vector", C2, C2_SOON), "Vector API, compiled");
  }
}
