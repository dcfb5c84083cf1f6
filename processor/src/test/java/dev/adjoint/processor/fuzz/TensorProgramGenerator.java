package dev.adjoint.processor.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random valid {@code @Differentiable} tensor programs: {@code static Tensor mK(Tensor a, Tensor b,
 * Tensor w, double c, int n)} with {@code a, b} of shape [2, 3] and {@code w} [3, 3]. Every tensor
 * local has shape [2, 3]; values stay bounded (tanh, sigmoid, sin; exp only of bounded values;
 * division only by {@code 1 + x²}) and smooth (no relu, abs, clamp), so central differences are
 * accurate. Statements: declarations, reassignments, doubles from {@code item()}/{@code getDouble},
 * if/else on such doubles, counted loops over a reassigned tensor, in-place {@code set} on a local.
 */
final class TensorProgramGenerator {
  private final Random random;
  private final List<String> tensors = new ArrayList<>();
  private final List<String> doubles = new ArrayList<>();
  private int locals;
  private int depth;
  /** Whether doubles may come from item()/getDouble (else the tape can be compared: it stops there). */
  private boolean doublesFromTensors;
  /** Whether m0 exists to be called (a call of another @Differentiable method). */
  private boolean callable;

  TensorProgramGenerator(long seed) {
    this.random = new Random(seed);
  }

  String program(String className, int methods) {
    StringBuilder out = new StringBuilder("package fz;\n\nimport dev.adjoint.Differentiable;\nimport dev.adjoint.Tensor;\n"
        + "import dev.adjoint.nn.Functional;\n\nfinal class " + className + " {\n");
    for (int m = 0; m < methods; m++) {
      callable = m > 0;
      out.append(method("m" + m));
    }
    return out.append("}\n").toString();
  }

  private String method(String name) {
    tensors.clear();
    doubles.clear();
    tensors.add("a");
    tensors.add("b");
    doubles.add("c");
    locals = 0;
    doublesFromTensors = random.nextBoolean();
    StringBuilder body = new StringBuilder();
    int statements = 2 + random.nextInt(5);
    for (int i = 0; i < statements; i++) {
      statement(body, "    ", true);
    }
    String result = random.nextBoolean() ? tensor(2) + ".sum().add(" + scalar(1) + ")"
        : "Functional.mseLoss(" + tensor(2) + ", " + tensor(1) + ")";
    return "  @Differentiable(wrt = {\"a\", \"b\", \"w\", \"c\"})\n  static Tensor " + name
        + "(Tensor a, Tensor b, Tensor w, double c, int n) {\n" + body + "    return " + result + ";\n  }\n\n";
  }

  /** A nested statement: its declarations go out of scope after it. */
  private void nested(StringBuilder out, String indent) {
    int t = tensors.size();
    int d = doubles.size();
    statement(out, indent, false);
    tensors.subList(t, tensors.size()).clear();
    doubles.subList(d, doubles.size()).clear();
  }

  /** A new tensor value, never a bare variable (set targets may not alias). */
  private String fresh(int budget) {
    String e = tensor(budget);
    return tensors.contains(e) ? e + ".sin()" : e;
  }

  private void statement(StringBuilder out, String indent, boolean top) {
    int kind = random.nextInt(top ? 7 : 4);
    switch (kind) {
      case 0: case 1: {
        String t = "t" + locals++;
        out.append(indent).append("Tensor ").append(t).append(" = ").append(fresh(3)).append(";\n");
        tensors.add(t);
        break;
      }
      case 2: {
        String d = "d" + locals++;
        out.append(indent).append("double ").append(d).append(" = ").append(scalar(2)).append(";\n");
        doubles.add(d);
        break;
      }
      case 3: {
        String target = pick(tensors);
        out.append(indent).append(target).append(" = ").append(fresh(3)).append(";\n");
        break;
      }
      case 4: {
        out.append(indent).append("if (").append(scalar(1)).append(" > 0.1) {\n");
        nested(out, indent + "  ");
        out.append(indent).append("} else {\n");
        nested(out, indent + "  ");
        out.append(indent).append("}\n");
        break;
      }
      case 5: {
        String target = pick(tensors);
        String i = "i" + locals++;
        out.append(indent).append("for (int ").append(i).append(" = 0; ").append(i).append(" < n; ").append(i)
            .append("++) {\n");
        out.append(indent).append("  ").append(target).append(" = ").append(target).append(".mul(").append(tensor(1))
            .append(".tanh()).add(").append(scalar(1)).append(").tanh();\n");
        if (random.nextBoolean()) {
          nested(out, indent + "  ");
        }
        out.append(indent).append("}\n");
        break;
      }
      default: {
        String s = "s" + locals++;
        int row = random.nextInt(2);
        out.append(indent).append("Tensor ").append(s).append(" = ").append(tensor(2)).append(".mul(1.0);\n");
        out.append(indent).append(s).append(".set(new int[] {").append(row).append("}, ").append(tensor(1))
            .append(".get(").append(row).append(").mul(").append(scalar(1)).append("));\n");
        tensors.add(s);
      }
    }
  }

  /** A [2, 3] tensor expression. */
  private String tensor(int budget) {
    if (budget <= 0 || depth > 4 || random.nextInt(4) == 0) {
      return pick(tensors);
    }
    depth++;
    String e = pick(tensors);
    String t = tensor(budget - 1);
    switch (random.nextInt(16)) {
      case 0: e = t + ".tanh()"; break;
      case 1: e = t + ".sigmoid()"; break;
      case 2: e = t + ".sin()"; break;
      case 3: e = t + ".tanh().exp()"; break;
      case 4: e = t + ".add(" + tensor(budget - 1) + ")"; break;
      case 5: e = t + ".sub(" + tensor(budget - 1) + ")"; break;
      case 6: e = t + ".mul(" + tensor(budget - 1) + ")"; break;
      case 7: e = t + ".div(" + tensor(budget - 1) + ".pow(2.0).add(1))"; break;
      case 8: e = t + ".mul(" + scalar(1) + ")"; break;
      case 9: e = t + ".matmul(w).tanh()"; break;
      case 10: e = t + ".add(" + tensor(budget - 1) + ".sum(0))"; break;
      case 11: e = t + ".mul(" + tensor(budget - 1) + ".mean(1, true))"; break;
      case 12: e = t + ".softmax(" + random.nextInt(2) + ")"; break;
      case 13: e = t + ".t().reshape(2, 3)"; break;
      case 14: e = callable && random.nextBoolean()
          ? t + ".mul(m0(" + tensor(budget - 1) + ".sin(), " + pick(tensors) + ".tanh(), w, " + pick(doubles)
              + ", n).tanh())"
          : "Functional.sigmoid(" + t + ").neg()"; break;
      default: e = t + ".logSoftmax(1).div(4)"; break;
    }
    depth--;
    return e;
  }

  /** A double expression. */
  private String scalar(int budget) {
    if (budget <= 0 || random.nextInt(3) == 0) {
      return pick(doubles);
    }
    if (!doublesFromTensors) {
      return random.nextBoolean() ? "Math.sin(" + scalar(budget - 1) + ")" : pick(doubles) + " * 0.5";
    }
    switch (random.nextInt(5)) {
      case 0: return tensor(budget) + ".sum().item()";
      case 1: return tensor(budget) + ".getDouble(" + random.nextInt(2) + ", " + random.nextInt(3) + ")";
      case 2: return "Math.sin(" + scalar(budget - 1) + ")";
      case 3: return tensor(budget) + ".tanh().mean().item() * " + pick(doubles);
      default: return pick(doubles) + " * 0.5";
    }
  }

  private String pick(List<String> names) {
    return names.get(random.nextInt(names.size()));
  }
}
