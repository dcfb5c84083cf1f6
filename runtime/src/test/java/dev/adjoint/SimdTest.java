package dev.adjoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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

  /**
   * The vector product gives the same bits interpreted ({@code -Xint}: the Vector API's Java
   * fallback) and compiled by C2 (intrinsics), as every step is exactly rounded. (The Vector API's
   * {@code EXP} and {@code TANH} fail this: see {@link Simd}.)
   */
  @Test
  void vectorProductIsTheSameInterpretedAndCompiled() throws Exception {
    assumeTrue(Simd.KERNELS != null, Simd.STATUS);
    String launcher = Path.of(System.getProperty("java.home"), "bin", "java").toString();
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
    Path dir = Files.createTempDirectory("simd");
    Path source = Files.writeString(dir.resolve("Q.java"), probe);
    String classes = System.getProperty("adjoint.runtime.classes", "target/classes");
    String interpreted = run(launcher, "-Xint", "--add-modules", "jdk.incubator.vector", "-cp", classes,
        source.toString(), "1");
    String compiled = run(launcher, "--add-modules", "jdk.incubator.vector", "-XX:-TieredCompilation",
        "-XX:CompileThreshold=100", "-cp", classes, source.toString(), "3000");
    assertEquals(interpreted, compiled);
  }

  /**
   * A tensor's {@code exp}, {@code tanh} and {@code sigmoid} give the same bits with the Vector API
   * and without it, interpreted and compiled: four fresh JVMs hash the same results.
   */
  @Test
  void elementaryFunctionsAreTheSameInEveryJvm() throws Exception {
    String launcher = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String probe = "class E { public static void main(String[] a) {"
        + " java.util.Random r = new java.util.Random(5); double[] x = new double[203];"
        + " for (int i = 0; i < x.length; i++) x[i] = i % 7 == 0 ? (r.nextDouble() * 2 - 1) * 800 : r.nextGaussian() * 4;"
        + " x[3] = Double.NaN; x[4] = -0.0; x[5] = Double.NEGATIVE_INFINITY; x[6] = 1e-310;"
        + " long h = 0; for (int q = 0; q < Integer.parseInt(a[0]); q++) { h = 0;"
        + " dev.adjoint.Tensor t = dev.adjoint.Tensor.of(x);"
        + " for (dev.adjoint.Tensor y : new dev.adjoint.Tensor[] {t.exp(), t.tanh(), t.sigmoid()})"
        + " for (double v : y.toArray()) h = 31 * h + Double.doubleToLongBits(v); }"
        + " System.out.print(h); } }";
    Path dir = Files.createTempDirectory("simd");
    Path source = Files.writeString(dir.resolve("E.java"), probe);
    String classes = System.getProperty("adjoint.runtime.classes", "target/classes");
    String reference = run(launcher, "-Xint", "-cp", classes, source.toString(), "1");
    assertEquals(reference, run(launcher, "-XX:-TieredCompilation", "-XX:CompileThreshold=100", "-cp", classes,
        source.toString(), "3000"), "plain kernels, compiled");
    assertEquals(reference, run(launcher, "-Xint", "--add-modules", "jdk.incubator.vector", "-cp", classes,
        source.toString(), "1"), "Vector API, interpreted");
    assertEquals(reference, run(launcher, "--add-modules", "jdk.incubator.vector", "-XX:-TieredCompilation",
        "-XX:CompileThreshold=100", "-cp", classes, source.toString(), "3000"), "Vector API, compiled");
  }
}
