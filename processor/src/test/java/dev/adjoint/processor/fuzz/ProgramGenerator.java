package dev.adjoint.processor.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Writes random, valid {@code @Differentiable} classes inside the supported subset: double and
 * int locals reassigned, {@code + - * /}, Math functions with arguments kept away from their
 * singularities (every smooth one the processor supports, plus abs/max/min), if/else and
 * ternaries, for and while loops with fixed and data-dependent (but bounded) trip counts,
 * break/continue, early returns, a {@code double[]} parameter and a local array read and written,
 * a local {@code double[][]} whose rows (or the parameter) loops bind to array locals and write through,
 * and calls to the class's earlier methods, and now and then a loop of thousands of iterations
 * (stacks larger than the runtime keeps for reuse). Every assignment keeps values bounded (|v| ≲ 3), so
 * the functions stay smooth enough for central differences.
 *
 * <p>A third of the methods end in a loop of accumulator updates followed by a return linear in
 * the accumulators, the shape the reverse sweep runs as one fused pass: loop temporaries, an if
 * that reassigns one (its decision is per iteration), inner loops of pure accumulator updates
 * (replayed forward in the reverse sweep) into a temporary or straight into an accumulator, and
 * now and then something that must stop the fusion (an accumulator read in the loop, a break, a
 * return not linear in the accumulators). In methods with the array parameter, half of these loops
 * run over its elements ({@code a[i]}, {@code a[i + 1]}, up or down, by 1 or 2): the iterations'
 * elements are disjoint (their adjoints' first contributions are stored) or shared by neighbours,
 * and now and then the body steps the counter back ({@code i -= 1}: not fused).
 *
 * <p>Odd methods have the signature {@code static double mK(double x, double y, double[] a, int n)},
 * even ones {@code static double mK(double x, double y, int n)}: only those can be called, as
 * passing arrays to methods is not supported yet.
 */
final class ProgramGenerator {
  static final int ARRAY_LENGTH = 3;

  private final Random random;
  private final StringBuilder out = new StringBuilder();
  private final List<String> doubles = new ArrayList<>();
  private final List<String> ints = new ArrayList<>();
  private int methodIndex;
  private int fresh;
  private int loopDepth;
  private boolean hasLocalArray;
  /** A local {@code double[][] g = new double[2][ARRAY_LENGTH]} whose rows loops bind to array locals. */
  private boolean hasLocalMatrix;
  private boolean hasArrayParameter;
  private boolean parameterWritten;
  /** Elements of the array parameter the fused loop being written reads by its counter ({@code a[i0 + 1]}). */
  private final List<String> elementLeaves = new ArrayList<>();
  /** Whether that loop also reads elements at constant indices (its elements are then shared). */
  private boolean constantElementsToo;
  /**
   * A local {@code double[] s} of two elements, reassigned fresh arrays and read and written
   * through constant indices only: the processor keeps it as two scalars (unless a new array is
   * built from its own elements, which keeps the array).
   */
  private boolean hasSmallArray;

  ProgramGenerator(long seed) {
    this.random = new Random(seed);
  }

  /** A compilation unit {@code package fz; final class <name> { m0 … m(methods-1) }}. */
  String program(String className, int methods) {
    out.setLength(0);
    out.append("package fz;\n\nimport dev.adjoint.Differentiable;\n\nfinal class ").append(className).append(" {\n");
    for (methodIndex = 0; methodIndex < methods; methodIndex++) {
      method();
    }
    return out.append("}\n").toString();
  }

  private void method() {
    doubles.clear();
    ints.clear();
    doubles.add("x");
    doubles.add("y");
    ints.add("n");
    fresh = 0;
    loopDepth = 0;
    hasLocalArray = false;
    hasLocalMatrix = false;
    hasSmallArray = false;
    hasArrayParameter = methodIndex % 2 == 1;
    // half the methods with the array parameter never write it (a written one gets no stored adjoints)
    parameterWritten = hasArrayParameter && random.nextBoolean();
    elementLeaves.clear();
    // now and then a written array parameter is left out of wrt: the body's writes still make it active
    out.append(parameterWritten && random.nextInt(3) == 0 ? "  @Differentiable(wrt = {\"x\", \"y\"})\n"
        : "  @Differentiable\n");
    out.append("  static double m").append(methodIndex)
        .append(hasArrayParameter ? "(double x, double y, double[] a, int n) {\n" : "(double x, double y, int n) {\n");
    int locals = 1 + random.nextInt(3);
    for (int i = 0; i < locals; i++) {
      String name = "v" + i;
      line(1, "double " + name + " = " + bounded(expr(2)) + ";");
      doubles.add(name);
    }
    if (random.nextInt(3) == 0) {
      line(1, "double[] t = new double[" + ARRAY_LENGTH + "];");
      hasLocalArray = true;
    }
    if (random.nextInt(4) == 0) {
      line(1, "double[][] g = new double[2][" + ARRAY_LENGTH + "];");
      line(1, "g[0][" + random.nextInt(ARRAY_LENGTH) + "] = " + bounded(expr(1)) + ";");
      line(1, "g[1][" + random.nextInt(ARRAY_LENGTH) + "] = " + bounded(expr(1)) + ";");
      hasLocalMatrix = true;
    }
    if (random.nextInt(3) == 0) {
      line(1, "double[] s = {" + bounded(expr(1)) + ", " + bounded(expr(1)) + "};");
      hasSmallArray = true;
    }
    line(1, "int c = " + random.nextInt(3) + ";");
    ints.add("c");
    if (random.nextInt(10) == 0) {
      longLoop();
    }
    int statements = 2 + random.nextInt(5);
    for (int i = 0; i < statements; i++) {
      statement(1, 3);
    }
    if (random.nextInt(3) == 0) {
      line(1, "return " + fusedTail() + ";");
      out.append("  }\n\n");
      return;
    }
    String result = pick(doubles) + (hasLocalArray ? " + t[" + random.nextInt(ARRAY_LENGTH) + "]" : "")
        + (hasSmallArray ? " + s[" + random.nextInt(2) + "]" : "")
        + (hasLocalMatrix ? " + g[1][" + random.nextInt(ARRAY_LENGTH) + "]" : "");
    line(1, "return " + result + " + " + expr(2) + ";");
    out.append("  }\n\n");
  }

  /**
   * A final loop that only adds into accumulators declared just before it; returns the return
   * expression (usually linear in the accumulators with coefficients the loop does not change).
   */
  private String fusedTail() {
    List<String> accumulators = new ArrayList<>();
    int count = 1 + random.nextInt(2);
    for (int k = 0; k < count; k++) {
      String f = "f" + fresh++;
      line(1, "double " + f + " = " + bounded(expr(1)) + ";");
      accumulators.add(f);
    }
    String i = "i" + fresh++;
    // c may have grown in the statements before (never inside this loop): at most a few hundred
    String bound = random.nextBoolean() ? String.valueOf(1 + random.nextInt(5)) : random.nextBoolean() ? "n" : "c";
    boolean stepBack = false;
    if (hasArrayParameter && random.nextBoolean()) {
      // a loop over the array parameter's elements: disjoint per iteration (their adjoints are
      // stored) or shared by neighbouring iterations (added), now and then with the counter
      // stepped back in the body (iterations overlap again)
      int kind = random.nextInt(6);
      constantElementsToo = random.nextInt(4) == 0;
      switch (kind) {
        case 0 -> header(i, i + " = 0; " + i + " < a.length; " + i + "++", i);
        case 1 -> header(i, i + " = 0; " + i + " + 1 < a.length; " + i + "++", i, i + " + 1");
        case 2 -> header(i, i + " = 0; " + i + " < a.length; " + i + " += 2", i);
        case 3 -> header(i, i + " = a.length - 1; " + i + " >= 0; " + i + "--", i);
        case 4 -> header(i, i + " = a.length - 1; " + i + " >= 1; " + i + "--", i, i + " - 1");
        default -> header(i, i + " = 0; " + i + " + 1 < a.length; " + i + " += 2", i, i + " + 1");
      }
      stepBack = (kind == 2 || kind == 5) && random.nextInt(3) == 0; // the loops stepping by 2
    } else {
      line(1, "for (int " + i + " = 0; " + i + " < " + bound + "; " + i + "++) {");
    }
    ints.add(i);
    loopDepth++;
    List<String> scoped = new ArrayList<>();
    int temporaries = 1 + random.nextInt(2);
    for (int k = 0; k < temporaries; k++) {
      String r = "r" + fresh++;
      String e = k == 0 && !elementLeaves.isEmpty() ? pick(elementLeaves) + " * " + expr(1) : expr(2);
      line(2, "double " + r + " = " + bounded(e) + ";");
      scoped.add(r);
      doubles.add(r);
    }
    if (random.nextBoolean()) {
      // a branch that reassigns a temporary: its decision must be taken afresh in every iteration
      String r = scoped.get(random.nextInt(scoped.size()));
      line(2, "if (" + condition() + ") {");
      line(3, r + " = 0.5 * " + r + " + " + bounded(expr(1)) + ";");
      line(2, "}");
    }
    if (random.nextBoolean()) {
      // an inner loop of pure accumulator updates into a temporary (replayed in the reverse sweep)
      String s = "s" + fresh++;
      String j = "j" + fresh++;
      line(2, "double " + s + " = " + bounded(expr(1)) + ";");
      line(2, "for (int " + j + " = 0; " + j + " < " + (1 + random.nextInt(3)) + "; " + j + "++) {");
      ints.add(j);
      line(3, s + " += 0.25 * Math.sin(" + expr(1) + ");");
      ints.remove(j);
      line(2, "}");
      scoped.add(s);
      doubles.add(s);
    }
    if (random.nextInt(3) == 0) {
      // an inner loop adding straight into an accumulator
      String j = "j" + fresh++;
      line(2, "for (int " + j + " = 0; " + j + " < " + (1 + random.nextInt(3)) + "; " + j + "++) {");
      ints.add(j);
      line(3, pick(accumulators) + " += 0.25 * " + bounded(expr(1)) + ";");
      ints.remove(j);
      line(2, "}");
    }
    for (String f : accumulators) {
      // over the array's elements, the first accumulator reads the temporary that reads one
      String term = f.equals(accumulators.get(0)) && !elementLeaves.isEmpty() ? scoped.get(0) + " * " + expr(1) : expr(2);
      line(2, f + (random.nextInt(4) == 0 ? " -= " : " += ") + "0.5 * " + bounded(term) + ";");
    }
    switch (random.nextInt(12)) {
      case 0 -> line(2, pick(accumulators) + " += 0.1 * Math.sin(" + pick(accumulators) + ");"); // reads one: no fusion
      case 1 -> line(2, "if (" + condition() + ") {\n" + "  ".repeat(4) + "break;\n" + "  ".repeat(3) + "}");
      default -> { }
    }
    if (stepBack) {
      line(2, i + " -= 1;");
    }
    doubles.removeAll(scoped);
    elementLeaves.clear();
    loopDepth--;
    ints.remove(i);
    line(1, "}");
    StringBuilder result = new StringBuilder();
    for (String f : accumulators) {
      switch (random.nextInt(5)) {
        case 0 -> result.append(" + ").append(constant()).append(" * ").append(f);
        case 1 -> result.append(" - ").append(f).append(" / 2.0");
        case 2 -> result.append(" + ").append(f).append(" * ").append(f); // not linear: no fusion
        default -> result.append(" + ").append(f);
      }
    }
    if (random.nextBoolean()) {
      result.append(" + ").append(expr(1));
    }
    return "0.0" + result;
  }

  /** A loop header over the array parameter; the body may read the elements {@code a[index]}. */
  private void header(String i, String control, String... indices) {
    line(1, "for (int " + control + ") {");
    for (String index : indices) {
      elementLeaves.add("a[" + index + "]");
    }
  }

  private void statement(int indent, int depth) {
    int kind = depth <= 0 ? 0 : random.nextInt(10);
    switch (kind) {
      case 0, 1, 2 -> assignment(indent);
      case 3 -> {
        line(indent, "c = c + " + (1 + random.nextInt(2)) + ";");
        assignment(indent);
      }
      case 4, 5 -> {
        line(indent, "if (" + condition() + ") {");
        block(indent + 1, depth - 1);
        if (random.nextInt(8) == 0) {
          line(indent + 1, "return " + pick(doubles) + " * " + expr(1) + ";");
        }
        if (random.nextBoolean()) {
          line(indent, "} else {");
          block(indent + 1, depth - 1);
        }
        line(indent, "}");
      }
      case 6, 7 -> forLoop(indent, depth);
      case 8 -> whileLoop(indent, depth);
      default -> {
        if (hasSmallArray && random.nextBoolean()) {
          smallArray(indent);
        } else if (hasLocalArray || parameterWritten) {
          // writes into the local array, or into the parameter (the companions must work on a copy)
          String array = hasLocalArray && (!parameterWritten || random.nextBoolean()) ? "t" : "a";
          String index = ints.isEmpty() ? "0" : "(" + pick(ints) + " & 0x7fffffff) % " + ARRAY_LENGTH;
          String value = bounded(expr(2));
          line(indent, array + "[" + index + "] " + (random.nextBoolean() ? "=" : "+=") + " "
              + (array.equals("a") ? "0.5 * " + value : value) + ";");
        } else {
          assignment(indent);
        }
      }
    }
  }

  /** A fresh array into {@code s} (sometimes from its own elements), or a store through a constant index. */
  private void smallArray(int indent) {
    switch (random.nextInt(6)) {
      case 0, 1 -> line(indent, "s = new double[] {" + bounded(expr(1)) + ", " + bounded(expr(1)) + "};");
      case 2 -> line(indent, "s = new double[] {s[1], " + bounded(expr(1)) + "};");
      default -> line(indent, "s[" + random.nextInt(2) + "] " + (random.nextBoolean() ? "=" : "+=") + " "
          + bounded(expr(2)) + ";");
    }
  }

  private void block(int indent, int depth) {
    int statements = 1 + random.nextInt(3);
    for (int i = 0; i < statements; i++) {
      statement(indent, depth);
    }
  }

  private void forLoop(int indent, int depth) {
    String i = "i" + fresh++;
    String bound = random.nextBoolean() ? String.valueOf(1 + random.nextInt(5)) : "n";
    // counting up, down or by two: each a count the reverse sweep reserves its stacks for (CountedLoop)
    switch (random.nextInt(4)) {
      case 0 -> line(indent, "for (int " + i + " = " + bound + " - 1; " + i + " >= 0; " + i + "--) {");
      case 1 -> line(indent, "for (int " + i + " = 0; " + i + " <= " + bound + "; " + i + " += 2) {");
      default -> line(indent, "for (int " + i + " = 0; " + i + " < " + bound + "; " + i + "++) {");
    }
    ints.add(i);
    loopDepth++;
    List<String> scoped = new ArrayList<>();
    if (random.nextInt(3) == 0) {
      // a loop temporary from plain arithmetic (the reverse sweep may recompute it instead of saving it)
      String r = "r" + fresh++;
      line(indent + 1, "double " + r + " = " + pick(doubles) + " * " + constant() + " - 0.25 * " + pick(doubles)
          + " * (" + i + " % 3);");
      scoped.add(r);
    }
    if (random.nextInt(3) == 0) {
      // an accumulator declared in this loop's body and updated by an inner loop
      String acc = "s" + fresh++;
      String j = "j" + fresh++;
      line(indent + 1, "double " + acc + " = " + bounded(expr(1)) + ";");
      line(indent + 1, "for (int " + j + " = 0; " + j + " < " + (1 + random.nextInt(3)) + "; " + j + "++) {");
      line(indent + 2, acc + " += 0.25 * Math.sin(" + expr(1) + ") * " + (random.nextBoolean() ? acc : pick(doubles))
          + ";");
      line(indent + 1, "}");
      scoped.add(acc);
    }
    if (hasLocalArray && random.nextInt(3) == 0) {
      // a temporary from array elements that its last reader overwrites (recomputed after the restore)
      String h = "h" + fresh++;
      line(indent + 1, "double " + h + " = 0.5 * t[" + i + " % " + ARRAY_LENGTH + "] + 0.25 * t[(" + i + " + 1) % "
          + ARRAY_LENGTH + "] * " + pick(doubles) + ";");
      line(indent + 1, "t[" + i + " % " + ARRAY_LENGTH + "] = " + bounded("Math.max(" + h + ", " + expr(1) + ") + " + h
          + " * " + pick(doubles)) + ";");
    }
    if (hasLocalArray && random.nextInt(3) == 0) {
      // a node update of a binomial tree: two temporaries read only by a selection (forward mode
      // computes their tangents in its branches), sometimes with a write in between that keeps them
      String h = "h" + fresh++;
      String e = "e" + fresh++;
      String at = i + " % " + ARRAY_LENGTH;
      line(indent + 1, "double " + h + " = 0.5 * t[" + at + "] + 0.25 * t[(" + i + " + 1) % " + ARRAY_LENGTH + "] * "
          + pick(doubles) + ";");
      line(indent + 1, "double " + e + " = " + bounded(expr(1)) + ";");
      switch (random.nextInt(4)) {
        case 0 -> line(indent + 1, "t[(" + i + " + 1) % " + ARRAY_LENGTH + "] = " + bounded(expr(1)) + ";");
        case 1 -> {
          String v = pickLocal();
          line(indent + 1, v + " = 0.5 * " + v + " + " + bounded(expr(1)) + ";");
        }
        default -> { }
      }
      String selection = switch (random.nextInt(3)) {
        case 0 -> "Math.max(" + h + ", " + e + ")";
        case 1 -> "Math.min(" + e + ", " + h + ")";
        default -> "(" + h + " > " + e + " ? " + h + " : " + e + ")";
      };
      line(indent + 1, "t[" + at + "] = " + selection + ";");
    }
    if (hasLocalMatrix && random.nextInt(2) == 0) {
      // an array local bound to a row (or the parameter) and never reassigned: read and written through
      String row = "row" + fresh++;
      String source = hasArrayParameter && random.nextInt(3) == 0 ? "a" : "g[" + i + " % 2]";
      line(indent + 1, "double[] " + row + " = " + source + ";");
      String at = "(" + i + " + " + random.nextInt(ARRAY_LENGTH) + ") % " + ARRAY_LENGTH;
      line(indent + 1, row + "[" + at + "] = " + bounded("0.5 * " + row + "[" + i + " % " + ARRAY_LENGTH + "] + "
          + expr(1)) + ";");
      String v = pickLocal();
      line(indent + 1, v + " = 0.5 * " + v + " + 0.25 * " + row + "[" + random.nextInt(ARRAY_LENGTH) + "] * "
          + pick(doubles) + ";");
    }
    doubles.addAll(scoped);
    jump(indent + 1);
    block(indent + 1, depth - 1);
    jump(indent + 1);
    doubles.removeAll(scoped);
    loopDepth--;
    ints.remove(i);
    line(indent, "}");
  }

  /**
   * Thousands of iterations that each save a value and a branch decision: stacks larger than the
   * runtime keeps for the thread's next call, reused by the next call of the same companion. The
   * updates are small and do not contract, so every iteration's saved value counts in the gradient.
   */
  private void longLoop() {
    String i = "i" + fresh++;
    String v = pickLocal();
    line(1, "for (int " + i + " = 0; " + i + " < " + (2000 + random.nextInt(3000)) + " + n; " + i + "++) {");
    line(2, v + " += 0.0005 * Math.sin(" + v + " * " + pick(doubles) + " + 0.01 * " + i + ");");
    line(2, "if (Math.sin(0.37 * " + i + " + " + v + ") > " + constant() + ") {");
    line(3, v + " += 0.0005 * Math.cos(" + v + " - " + pick(doubles) + ");");
    line(2, "}");
    line(1, "}");
  }

  /** A data-dependent trip count, capped by a counter. */
  private void whileLoop(int indent, int depth) {
    String k = "k" + fresh++;
    String v = pickLocal();
    line(indent, "int " + k + " = 0;");
    line(indent, "while (" + v + " < " + constant() + " && " + k + " < " + (2 + random.nextInt(6)) + ") {");
    ints.add(k);
    loopDepth++;
    line(indent + 1, k + "++;"); // first, so a continue cannot skip it
    line(indent + 1, v + " = " + v + " + 0.25 + 0.1 * Math.sin(" + expr(1) + ");");
    block(indent + 1, depth - 1);
    jump(indent + 1);
    loopDepth--;
    ints.remove(k);
    line(indent, "}");
  }

  /** Sometimes a conditional break, continue or early return. */
  private void jump(int indent) {
    if (loopDepth > 0 && random.nextInt(4) == 0) {
      line(indent, "if (" + condition() + ") {");
      switch (random.nextInt(5)) {
        case 0, 1 -> line(indent + 1, "break;");
        case 2, 3 -> line(indent + 1, "continue;");
        default -> line(indent + 1, "return " + pick(doubles) + " + " + expr(1) + ";");
      }
      line(indent, "}");
    }
  }

  private void assignment(int indent) {
    String v = pickLocal();
    String e = bounded(expr(2));
    switch (random.nextInt(5)) {
      case 4 -> line(indent, v + " = Math." + (random.nextBoolean() ? "exp" : "tanh") + "(0.5 * Math.sin(" + expr(1)
          + "));"); // the reverse sweep reads the result back
      case 0 -> line(indent, v + " = " + e + ";");
      case 1 -> line(indent, v + " = 0.5 * " + v + " + " + e + ";");
      case 2 -> line(indent, v + " *= 0.5 + 0.25 * Math.cos(" + expr(1) + ");");
      default -> line(indent, v + " += 0.5 * " + e + " - 0.5 * " + v + ";");
    }
  }

  /** Squashes any generated expression into [-π/2, π/2] or [-1, 1]. */
  private String bounded(String e) {
    switch (random.nextInt(4)) {
      case 0: return "Math.sin(" + e + ")";
      case 1: return "Math.tanh(" + e + ")";
      case 2: return "Math.atan(" + e + ")";
      default: return "(" + e + ") / (1 + " + square(e) + ")";
    }
  }

  private String expr(int depth) {
    if (depth <= 0 || random.nextInt(4) == 0) {
      return leaf();
    }
    String a = expr(depth - 1);
    String b = expr(depth - 1);
    switch (random.nextInt(28)) {
      case 0: case 1: return "(" + a + " + " + b + ")";
      case 2: return "(" + a + " - " + b + ")";
      case 3: case 4: return "(" + a + " * " + b + ")";
      case 5: return "(" + a + " / (1.5 + " + square(b) + "))";
      case 6: return "Math.log(1 + " + square(a) + ")";
      case 7: return "Math.sqrt(2 + Math.sin(" + a + "))";
      case 8: return "Math.pow(1.5 + " + square(a) + ", " + (random.nextBoolean() ? "0.7" : "Math.cos(" + b + ")") + ")";
      case 9: return "Math.exp(Math.sin(" + a + "))";
      case 10: return "Math.cos(" + a + ")";
      case 11: return "Math.hypot(" + a + ", 1 + " + square(b) + ")";
      case 12: return "Math.cbrt(1 + " + square(a) + ")";
      case 13: return "Math.log1p(" + square(a) + ")";
      case 14: return "(" + condition() + " ? " + a + " : " + b + ")";
      case 15: return callOrLeaf(a, b);
      // the rest of the smooth Math functions, their arguments kept inside their domains
      case 16: return "Math.tan(0.7 * Math.sin(" + a + "))";
      case 17: return "Math." + (random.nextBoolean() ? "asin" : "acos") + "(0.9 * Math.sin(" + a + "))";
      case 18: return "Math.atan2(" + a + ", 1.5 + " + square(b) + ")";
      case 19: return "Math." + (random.nextBoolean() ? "sinh" : "cosh") + "(Math.sin(" + a + "))";
      case 20: return "Math.expm1(Math.sin(" + a + "))";
      case 21: return "Math.log10(1.5 + " + square(a) + ")";
      case 22: return random.nextBoolean() ? "Math.toRadians(" + a + ")" : "0.01 * Math.toDegrees(" + a + ")";
      // kinks: a random point lands within a finite-difference step of one with probability ~1e-6
      case 23: return "Math.abs(" + a + ")";
      case 24: return "Math." + (random.nextBoolean() ? "max" : "min") + "(" + a + ", " + b + ")";
      default: return "-(" + a + ")";
    }
  }

  /** A call to an earlier method of the class, its arguments squashed to keep values bounded. */
  private String callOrLeaf(String a, String b) {
    if (methodIndex == 0) {
      return "Math.atan(" + a + ")";
    }
    int callee = 2 * random.nextInt((methodIndex + 1) / 2);
    return "m" + callee + "(Math.sin(" + a + "), Math.tanh(" + b + "), " + random.nextInt(3) + ")";
  }

  private String square(String e) {
    return "(" + e + ") * (" + e + ")";
  }

  private String leaf() {
    switch (random.nextInt(8)) {
      case 0: return constant();
      case 1:
        if (!elementLeaves.isEmpty() && (!constantElementsToo || random.nextBoolean())) {
          return pick(elementLeaves);
        }
        return hasArrayParameter ? "a[" + random.nextInt(ARRAY_LENGTH) + "]" : constant();
      case 2: return ints.isEmpty() ? constant() : "0.1 * " + pick(ints);
      case 3: return hasLocalArray ? "t[" + random.nextInt(ARRAY_LENGTH) + "]" : pick(doubles);
      case 4: return hasSmallArray ? "s[" + random.nextInt(2) + "]" : pick(doubles);
      default: return pick(doubles);
    }
  }

  private String condition() {
    String c = switch (random.nextInt(4)) {
      case 0 -> pick(doubles) + " > " + constant();
      case 1 -> pick(doubles) + " < " + pick(doubles);
      case 2 -> ints.isEmpty() ? "x > 0" : pick(ints) + " % 2 == 0";
      default -> "Math.sin(" + expr(1) + ") > " + constant();
    };
    return random.nextInt(5) == 0 ? "(" + c + " && " + pick(doubles) + " < " + constant() + ")" : c;
  }

  private String constant() {
    return String.valueOf(Math.round((random.nextDouble() * 2 - 1) * 100) / 100.0);
  }

  private String pickLocal() {
    return doubles.size() > 2 ? doubles.get(2 + random.nextInt(doubles.size() - 2)) : pick(doubles);
  }

  private String pick(List<String> names) {
    return names.get(random.nextInt(names.size()));
  }

  private void line(int indent, String text) {
    out.append("  ".repeat(indent + 1)).append(text).append('\n');
  }
}
