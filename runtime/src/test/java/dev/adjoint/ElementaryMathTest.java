package dev.adjoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * A tensor's {@code exp}, {@code tanh} and {@code sigmoid} ({@link ElementaryMath}, and its vector
 * form in {@code SimdKernels}): their accuracy against correctly rounded values computed with
 * mpmath at 200 bits (a resource file), their special values, and that the vector kernels give
 * the scalar code's bits for every length, in place and out of place. That they give the same
 * bits interpreted and compiled, with and without the Vector API: {@link SimdTest}.
 */
class ElementaryMathTest {
  private record Reference(double x, double exp, double tanh, double sigmoid) {}

  private static List<Reference> references() throws Exception {
    List<Reference> out = new ArrayList<>();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(
        ElementaryMathTest.class.getResourceAsStream("elementary-math-reference.txt"), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (line.startsWith("#")) {
          continue;
        }
        String[] f = line.split(" ");
        out.add(new Reference(parse(f[0]), parse(f[1]), parse(f[2]), parse(f[3])));
      }
    }
    return out;
  }

  private static double parse(String hex) { return hex.equals("-") ? Double.NaN : Double.parseDouble(hex); }

  /** Distance in units of the last place of the correctly rounded value. */
  private static double ulps(double actual, double correct) {
    return actual == correct ? 0 : Math.abs(actual - correct) / Math.ulp(correct);
  }

  private static void assertWithin(String name, DoubleUnaryOperator f, List<Reference> refs,
      java.util.function.ToDoubleFunction<Reference> correct, double bound) {
    double worst = 0;
    double at = 0;
    int checked = 0;
    for (Reference r : refs) {
      double c = correct.applyAsDouble(r);
      if (Double.isNaN(c)) {
        continue;
      }
      checked++;
      double u = ulps(f.applyAsDouble(r.x()), c);
      if (!(u <= worst)) {
        worst = u;
        at = r.x();
      }
    }
    assertTrue(checked > 3000, name + ": only " + checked + " points");
    assertTrue(worst <= bound, name + " is " + worst + " ulps off at x = " + at + " (bound " + bound + ")");
  }

  /**
   * exp within 1 ulp of the correctly rounded value (fdlibm's bound), tanh and sigmoid within 2
   * (measured: 0.95, 1.97 and 2.01 ulps from the exact values).
   */
  @Test
  void withinUlpsOfCorrectlyRoundedValues() throws Exception {
    List<Reference> refs = references();
    assertWithin("exp", ElementaryMath::exp, refs, Reference::exp, 1);
    assertWithin("tanh", ElementaryMath::tanh, refs, Reference::tanh, 2);
    assertWithin("sigmoid", ElementaryMath::sigmoid, refs, Reference::sigmoid, 2);
    // the tensor operations are these functions
    double[] xs = refs.stream().mapToDouble(Reference::x).toArray();
    double[] exp = Tensor.of(xs).exp().toArray();
    double[] tanh = Tensor.of(xs).tanh().toArray();
    double[] sigmoid = Tensor.of(xs).sigmoid().toArray();
    for (int i = 0; i < xs.length; i++) {
      assertEquals(ElementaryMath.exp(xs[i]), exp[i], 0.0, "exp at " + xs[i]);
      assertEquals(ElementaryMath.tanh(xs[i]), tanh[i], 0.0, "tanh at " + xs[i]);
      assertEquals(ElementaryMath.sigmoid(xs[i]), sigmoid[i], 0.0, "sigmoid at " + xs[i]);
    }
  }

  @Test
  void specialValues() {
    double inf = Double.POSITIVE_INFINITY;
    for (DoubleUnaryOperator f : List.<DoubleUnaryOperator>of(ElementaryMath::exp, ElementaryMath::tanh,
        ElementaryMath::sigmoid)) {
      assertTrue(Double.isNaN(f.applyAsDouble(Double.NaN)));
    }
    assertEquals(1.0, ElementaryMath.exp(0.0), 0.0);
    assertEquals(1.0, ElementaryMath.exp(-0.0), 0.0);
    assertEquals(inf, ElementaryMath.exp(inf), 0.0);
    assertEquals(0.0, ElementaryMath.exp(-inf), 0.0);
    assertEquals(inf, ElementaryMath.exp(709.79), 0.0); // Math.exp overflows from 709.7827
    assertEquals(Math.exp(709.78), ElementaryMath.exp(709.78), Math.ulp(Math.exp(709.78)));
    assertEquals(inf, ElementaryMath.exp(1e300), 0.0);
    assertEquals(0.0, ElementaryMath.exp(-1e300), 0.0);
    assertEquals(0.0, ElementaryMath.exp(-745.2), 0.0);
    assertEquals(Double.MIN_VALUE, ElementaryMath.exp(-745.1), 0.0);
    // subnormal results: within one subnormal step of fdlibm's
    for (double x = -745.0; x < -707.0; x += 0.37) {
      double expected = StrictMath.exp(x);
      assertEquals(expected, ElementaryMath.exp(x), Math.max(Math.ulp(expected), Double.MIN_VALUE), "exp at " + x);
    }
    assertEquals(0.0, ElementaryMath.tanh(0.0), 0.0);
    assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(ElementaryMath.tanh(-0.0)));
    assertEquals(Double.MIN_VALUE, ElementaryMath.tanh(Double.MIN_VALUE), 0.0);
    assertEquals(-1e-310, ElementaryMath.tanh(-1e-310), 0.0);
    assertEquals(1e-300, ElementaryMath.tanh(1e-300), 0.0);
    for (double x : new double[] {19.1, 21.9, 22.0, 22.5, 710, 1e300, inf}) {
      assertEquals(1.0, ElementaryMath.tanh(x), 0.0, "tanh at " + x);
      assertEquals(-1.0, ElementaryMath.tanh(-x), 0.0, "tanh at " + -x);
    }
    assertEquals(0.5, ElementaryMath.sigmoid(0.0), 0.0);
    assertEquals(0.5, ElementaryMath.sigmoid(-0.0), 0.0);
    assertEquals(1.0, ElementaryMath.sigmoid(inf), 0.0);
    assertEquals(0.0, ElementaryMath.sigmoid(-inf), 0.0);
    assertEquals(1.0, ElementaryMath.sigmoid(40), 0.0);
    assertEquals(Math.exp(-40) / (1 + Math.exp(-40)), ElementaryMath.sigmoid(-40), 2 * Math.ulp(Math.exp(-40)));
    assertEquals(0.0, ElementaryMath.sigmoid(-800), 0.0);
  }

  /**
   * The vector kernels against the scalar code, bit for bit: every length up to five vectors and
   * a bit (the tails), in place and not, on values that include every special case above.
   */
  @Test
  void vectorKernelsGiveTheScalarBits() {
    assumeTrue(Simd.KERNELS != null, Simd.STATUS);
    Random random = new Random(23);
    double[] specials = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, -0.0, 22.0, -22.0,
        709.78, 709.79, -745.1, -745.2, -746.5, 1e300, -1e300, Double.MIN_VALUE, -Double.MIN_VALUE, 1e-310, 0.5};
    double[] all = new double[4096];
    for (int i = 0; i < all.length; i++) {
      switch (i % 5) {
        case 0: all[i] = specials[random.nextInt(specials.length)]; break;
        case 1: all[i] = random.nextGaussian() * 3; break;
        case 2: all[i] = (random.nextDouble() * 2 - 1) * 800; break;
        case 3: all[i] = Math.scalb(random.nextDouble() - 0.5, -random.nextInt(1100)); break;
        default: all[i] = (random.nextDouble() * 2 - 1) * 30;
      }
    }
    int lanes = 8;
    for (int n = 0; n <= 5 * lanes + 1; n++) {
      check(all, n, random.nextInt(all.length - n));
    }
    check(all, all.length, 0);
  }

  /** A vector kernel and the scalar function it must match. */
  private record Kernel(String name, Fill vector, DoubleUnaryOperator scalar) {}

  private interface Fill {
    void apply(double[] in, double[] out, int n);
  }

  private static void check(double[] all, int n, int from) {
    double[] in = java.util.Arrays.copyOfRange(all, from, from + n);
    for (Kernel k : List.of(new Kernel("exp", Simd.KERNELS::exp, ElementaryMath::exp),
        new Kernel("tanh", Simd.KERNELS::tanh, ElementaryMath::tanh),
        new Kernel("sigmoid", Simd.KERNELS::sigmoid, ElementaryMath::sigmoid))) {
      double[] out = new double[n + 3];
      double[] inPlace = in.clone();
      k.vector().apply(in, out, n);
      k.vector().apply(inPlace, inPlace, n);
      for (int i = 0; i < n; i++) {
        assertBits(k.scalar().applyAsDouble(in[i]), out[i], k.name(), in[i]);
        assertBits(k.scalar().applyAsDouble(in[i]), inPlace[i], k.name() + " in place", in[i]);
      }
      for (int i = n; i < out.length; i++) {
        assertEquals(0.0, out[i], 0.0, k.name() + " wrote past " + n);
      }
    }
  }

  private static void assertBits(double expected, double actual, String what, double x) {
    assertEquals(Double.doubleToLongBits(expected), Double.doubleToLongBits(actual),
        what + " at " + x + ": " + expected + " vs " + actual);
  }
}
