package dev.adjoint.processor.transform;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import dev.adjoint.processor.ir.ClassRef;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.MathFunction;
import dev.adjoint.processor.ir.Operator;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Var;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prints IR expressions as Java, with just the parentheses precedence requires. Classes go
 * through JavaPoet's {@code $T} so the companion's imports stay right.
 */
final class ExprPrinter {
  static final ClassName RULES = ClassName.bestGuess(MathFunction.RULES_CLASS);

  private final Names names;
  private final ReadListener onRead;
  /** True while printing the receiver of a {@code .shape()} in a rule template. */
  private boolean shapeOnly;

  /** Sees every variable printed code reads; {@code shapeOnly} when only its shape is used. */
  interface ReadListener {
    void read(Var v, boolean shapeOnly);
  }
  private final Map<Expr, Expr> replacements = new IdentityHashMap<>();
  /**
   * Rows hoisted out of a loop: for the array printed as the key ({@code x}, or an adjoint
   * {@code dw1}), the local that holds its row at a given index node ({@code x[s]} →
   * {@code x_row}). Index nodes are compared by identity (adjoint reads reuse the source's).
   */
  private final Map<String, Map<Expr, String>> rows = new java.util.HashMap<>();
  /** The row aliases printed since {@link #clearRows}. */
  private final java.util.Set<String> usedRows = new java.util.HashSet<>();

  /** {@code onRead} sees every variable the printed code reads. */
  ExprPrinter(Names names, ReadListener onRead) {
    this.names = names;
    this.onRead = onRead;
  }

  /** From now on print {@code replacement} wherever the node {@code original} occurs. */
  void replace(Expr original, Expr replacement) {
    replacements.put(original, replacement);
  }

  /** From now on print {@code array[index][j]} as {@code alias[j]} for this very {@code index} node. */
  void hoistRow(String array, Expr index, String alias) {
    rows.computeIfAbsent(array, k -> new IdentityHashMap<>()).put(index, alias);
  }

  void clearRows() {
    rows.clear();
    usedRows.clear();
  }

  /** Whether {@code alias} was printed since the rows were hoisted. */
  boolean usedRow(String alias) {
    return usedRows.contains(alias);
  }

  /** The alias of the row {@code row} ({@code a[i]} of a variable or a named adjoint), or null. */
  private String rowAlias(Expr row) {
    if (rows.isEmpty() || !(row instanceof Expr.ArrayRead r)) {
      return null;
    }
    String array = r.array() instanceof Expr.Read v ? names.of(v.var()) : r.array() instanceof Expr.Name n ? n.text() : null;
    Map<Expr, String> byIndex = array == null ? null : rows.get(array);
    String alias = byIndex == null ? null : byIndex.get(r.index());
    if (alias != null) {
      usedRows.add(alias);
    }
    return alias;
  }

  CodeBlock print(Expr e) {
    CodeBlock.Builder out = CodeBlock.builder();
    print(e, out);
    return out.build();
  }

  static ClassName classNameOf(ClassRef ref) {
    List<String> names = ref.simpleNames();
    return ClassName.get(ref.packageName(), names.get(0), names.subList(1, names.size()).toArray(new String[0]));
  }

  /**
   * {@code v = value;} as a statement, in the compound form the source most likely had when
   * {@code value} is {@code v op rhs}: {@code i++}, {@code s += x}.
   */
  CodeBlock assignment(Var v, Expr value) {
    if (value instanceof Expr.TensorCall t && t.function().inPlace()) {
      // x = set(x, index, v) is the in-place x.set(index, v).
      CodeBlock.Builder out = CodeBlock.builder();
      tensorCall(t, out);
      return CodeBlock.builder().addStatement("$L", out.build()).build();
    }
    return assignment(names.of(v), v.type(), value);
  }

  /** {@code name = value;} likewise, for a variable the transform introduced ({@code dz += dx * y}). */
  CodeBlock assignment(String name, Type type, Expr value) {
    if (value instanceof Expr.Binary b && isNamed(b.left(), name) && b.type() == type
        && (b.op() == Operator.PLUS || b.op() == Operator.MINUS || b.op() == Operator.TIMES
            || b.op() == Operator.DIVIDE)) {
      print(b.left(), CodeBlock.builder()); // notes the read
      boolean unit = b.right() instanceof Expr.Literal l && (l.text().equals("1") || l.text().equals("1L"));
      if (unit && (b.op() == Operator.PLUS || b.op() == Operator.MINUS)) {
        return CodeBlock.builder().addStatement("$L$L", name, b.op() == Operator.PLUS ? "++" : "--").build();
      }
      return CodeBlock.builder().addStatement("$L $L= $L", name, b.op().symbol(), print(b.right())).build();
    }
    return CodeBlock.builder().addStatement("$L = $L", name, print(value)).build();
  }

  private boolean isNamed(Expr e, String name) {
    return e instanceof Expr.Read r && names.of(r.var()).equals(name) || e instanceof Expr.Name n && n.text().equals(name);
  }

  /** The generated companion of {@code ref}: top-level, same package. */
  static ClassName companionOf(ClassRef ref) {
    return ClassName.get(ref.packageName(), ref.companionSimpleName());
  }

  private void print(Expr e, CodeBlock.Builder out) {
    Expr replacement = replacements.get(e);
    if (replacement != null) {
      print(replacement, out);
      return;
    }
    if (e instanceof Expr.Literal l) {
      out.add(JavaTypes.literal(l));
    } else if (e instanceof Expr.Read r) {
      onRead.read(r.var(), shapeOnly);
      out.add("$L", names.of(r.var()));
    } else if (e instanceof Expr.Name n) {
      out.add("$L", n.text());
    } else if (e instanceof Expr.FieldRead f) {
      out.add("$T.$L", classNameOf(f.owner()), f.name());
    } else if (e instanceof Expr.Unary u) {
      out.add("$L", u.op().symbol());
      boolean clash = u.operand() instanceof Expr.Unary || u.operand() instanceof Expr.Literal l && l.text().startsWith("-");
      operand(u.operand(), clash ? Integer.MAX_VALUE : u.op().precedence(), out);
    } else if (e instanceof Expr.Binary b) {
      operand(b.left(), b.op().precedence(), out);
      out.add(" $L ", b.op().symbol());
      operand(b.right(), b.op().precedence() + 1, out);
    } else if (e instanceof Expr.Conditional c) {
      operand(c.condition(), Operator.CONDITIONAL_PRECEDENCE + 1, out);
      out.add(" ? ");
      operand(c.ifTrue(), Operator.CONDITIONAL_PRECEDENCE + 1, out);
      out.add(" : ");
      operand(c.ifFalse(), Operator.CONDITIONAL_PRECEDENCE, out);
    } else if (e instanceof Expr.Cast c && c.type() == c.operand().type()) {
      print(c.operand(), out); // a redundant cast: javac's lint would flag it in generated code
    } else if (e instanceof Expr.Cast c) {
      out.add("($L) ", c.type().javaName());
      operand(c.operand(), Operator.CAST_PRECEDENCE, out);
    } else if (e instanceof Expr.MathCall m) {
      call(classNameOf(m.owner()), m.function().javaName(), m.args(), out);
    } else if (e instanceof Expr.DiffCall d) {
      call(classNameOf(d.callee().owner()), d.callee().name(), d.args(), out);
    } else if (e instanceof Expr.PlainCall p) {
      call(classNameOf(p.owner()), p.name(), p.args(), out);
    } else if (e instanceof Expr.TangentCall t) {
      List<Expr> args = new java.util.ArrayList<>(t.args());
      args.addAll(t.tangents());
      call(companionOf(t.callee().owner()), t.callee().jvpMethod(), args, out);
      out.add(".tangent()");
    } else if (e instanceof Expr.CustomCall c) {
      call(classNameOf(c.owner()), c.name(), c.args(), out);
    } else if (e instanceof Expr.Rule r) {
      call(RULES, r.method(), r.args(), out);
    } else if (e instanceof Expr.NewRecord r && r.type().isRecordArray()) {
      // an array of records from its columns, passed to the lambda (which may not read assigned locals);
      // its parameters c$ and i$: no name of the user or of Names has a $
      com.palantir.javapoet.TypeName element = r.type().shape().type();
      out.add("$T.of(new Object[] {", dev.adjoint.processor.RuntimeNames.RECORD_ARRAYS);
      for (int i = 0; i < r.components().size(); i++) {
        out.add(i == 0 ? "" : ", ");
        print(r.components().get(i), out);
      }
      out.add("}, ");
      print(r.components().get(0), out);
      out.add(".length, (c$$, i$$) -> new $T(", element);
      for (int i = 0; i < r.components().size(); i++) {
        out.add(i == 0 ? "" : ", ");
        out.add("(($T) c$$[$L])[i$$]", JavaTypes.of(r.components().get(i).type()), i);
      }
      out.add("), $T[]::new)", element);
    } else if (e instanceof Expr.NewRecord r) {
      out.add("new $T(", r.type().typeName());
      for (int i = 0; i < r.components().size(); i++) {
        out.add(i == 0 ? "" : ", ");
        print(r.components().get(i), out);
      }
      out.add(")");
    } else if (e instanceof Expr.TensorCall t) {
      tensorCall(t, out);
    } else if (e instanceof Expr.RuleCall r) {
      ruleCall(r, out);
    } else if (e instanceof Expr.ArrayRead r && rowAlias(r.array()) != null) {
      print(r.array(), CodeBlock.builder()); // notes the reads, as an unhoisted row would
      out.add("$L[", rowAlias(r.array()));
      print(r.index(), out);
      out.add("]");
    } else if (e instanceof Expr.ArrayRead r) {
      operand(r.array(), Operator.PRIMARY_PRECEDENCE, out);
      out.add("[");
      print(r.index(), out);
      out.add("]");
    } else if (e instanceof Expr.ArrayLength l && rowAlias(l.array()) != null) {
      print(l.array(), CodeBlock.builder()); // notes the reads
      out.add("$L.length", rowAlias(l.array()));
    } else if (e instanceof Expr.ArrayLength l) {
      operand(l.array(), Operator.PRIMARY_PRECEDENCE, out);
      out.add(".length");
    } else if (e instanceof Expr.NewArray n) {
      newArray(n, out);
    } else if (e instanceof Expr.Opaque o) {
      for (Object part : o.parts()) {
        if (part instanceof Var v) {
          onRead.read(v, false);
          out.add("$L", names.of(v));
        } else if (part instanceof com.palantir.javapoet.TypeName t) {
          out.add("$T", t);
        } else if (part instanceof Expr sub) {
          operand(sub, Operator.PRIMARY_PRECEDENCE, out);
        } else if (part instanceof dev.adjoint.processor.ir.HiddenMember h) {
          out.add("$L", h.accessor()); // a method of the companion itself: no local can shadow it
        } else {
          out.add("$L", part);
        }
      }
    } else {
      throw new IllegalStateException("no printer for " + e);
    }
  }

  private void newArray(Expr.NewArray n, CodeBlock.Builder out) {
    if (n.dimensions().isEmpty()) {
      out.add("new $L {", n.type().javaName());
      arguments(n.elements(), out);
      out.add("}");
      return;
    }
    out.add("new $L", n.type().javaName().replace("[]", "")); // int, double or float
    for (Expr d : n.dimensions()) {
      out.add("[");
      print(d, out);
      out.add("]");
    }
  }

  private void tensorCall(Expr.TensorCall t, CodeBlock.Builder out) {
    switch (t.function().kind()) {
      case METHOD:
        operand(t.args().get(0), Operator.PRIMARY_PRECEDENCE, out);
        out.add(".$L(", t.function().javaName());
        arguments(t.args().subList(1, t.args().size()), out);
        out.add(")");
        break;
      case FUNCTIONAL:
        call(JavaTypes.FUNCTIONAL, t.function().javaName(), t.args(), out);
        break;
      default:
        call(JavaTypes.TENSOR, t.function().javaName(), t.args(), out);
    }
  }

  /** Instantiates a rule template of {@code TensorFunction} (its syntax is documented there). */
  private void ruleCall(Expr.RuleCall r, CodeBlock.Builder out) {
    String t = r.template();
    List<Expr> args = r.call().args();
    int from = r.call().varargsFrom();
    StringBuilder text = new StringBuilder();
    int i = 0;
    while (i < t.length()) {
      char c = t.charAt(i);
      if (c != '#' && c != '$') {
        text.append(c);
        i++;
        continue;
      }
      out.add("$L", text.toString());
      text.setLength(0);
      if (c == '#') {
        char k = t.charAt(i + 1);
        out.add("$T", k == 'R' ? JavaTypes.TENSOR_RULES : k == 'F' ? JavaTypes.TENSOR_TANGENTS
            : k == 'S' ? JavaTypes.TENSOR_SUPPORT : JavaTypes.TENSOR);
        i += 2;
        continue;
      }
      char k = t.charAt(i + 1);
      if (k == 'd' && t.charAt(i + 2) == 'v') {
        arguments(r.tangents().subList(from, args.size()), out);
        i += 3;
      } else if (k == 'd') {
        Expr tangent = r.tangents().get(t.charAt(i + 2) - '0');
        i += 3;
        templateArg(tangent, t, i, out);
      } else if (k == 'g') {
        i += 2;
        templateArg(r.seed(), t, i, out);
      } else if (k == 's') {
        i += 2;
        templateArg(r.sum(), t, i, out);
      } else if (k == 'v') {
        arguments(args.subList(from, args.size()), out);
        i += 2;
      } else if (k == 'V') {
        if (args.size() == from + 1 && args.get(from).type() == Type.INT_ARRAY) {
          print(args.get(from), out); // the varargs were passed as an int[]
        } else {
          out.add("new int[] {");
          arguments(args.subList(from, args.size()), out);
          out.add("}");
        }
        i += 2;
      } else if (k == 'k') {
        out.add("$L", r.element());
        i += 2;
      } else {
        i += 2;
        templateArg(args.get(k - '0'), t, i, out);
      }
    }
    out.add("$L", text.toString());
  }

  /** An argument of a template: parenthesized when a method is called on it. */
  private void templateArg(Expr e, String template, int next, CodeBlock.Builder out) {
    if (template.startsWith(".shape()", next) && e instanceof Expr.Read) {
      shapeOnly = true; // an in-place set never changes it
      print(e, out);
      shapeOnly = false;
    } else if (next < template.length() && template.charAt(next) == '.') {
      operand(e, Operator.PRIMARY_PRECEDENCE, out);
    } else {
      print(e, out);
    }
  }

  void call(ClassName owner, String name, List<Expr> args, CodeBlock.Builder out) {
    out.add("$T.$L(", owner, name);
    arguments(args, out);
    out.add(")");
  }

  void arguments(List<Expr> args, CodeBlock.Builder out) {
    for (int i = 0; i < args.size(); i++) {
      out.add(i == 0 ? "" : ", ");
      print(args.get(i), out);
    }
  }

  private void operand(Expr e, int minPrecedence, CodeBlock.Builder out) {
    boolean parens = precedence(replacements.getOrDefault(e, e)) < minPrecedence;
    out.add(parens ? "(" : "");
    print(e, out);
    out.add(parens ? ")" : "");
  }

  private static int precedence(Expr e) {
    if (e instanceof Expr.Opaque o) {
      // A call, a field or a literal binds tightest; anything else is parenthesized.
      switch (o.tree() == null ? com.sun.source.tree.Tree.Kind.OTHER : o.tree().getKind()) {
        case METHOD_INVOCATION: case MEMBER_SELECT: case IDENTIFIER: case NEW_CLASS: case ARRAY_ACCESS:
        case STRING_LITERAL: case CHAR_LITERAL: case NULL_LITERAL: case PARENTHESIZED:
          return Operator.PRIMARY_PRECEDENCE;
        default:
          return 0;
      }
    }
    if (e instanceof Expr.RuleCall r && r.template().equals("$g")) {
      return precedence(r.seed());
    }
    if (e instanceof Expr.Literal l) {
      return l.text().startsWith("-") ? Operator.NEG.precedence() : Operator.PRIMARY_PRECEDENCE;
    }
    if (e instanceof Expr.Unary u) {
      return u.op().precedence();
    }
    if (e instanceof Expr.Binary b) {
      return b.op().precedence();
    }
    if (e instanceof Expr.Conditional) {
      return Operator.CONDITIONAL_PRECEDENCE;
    }
    if (e instanceof Expr.Cast c) {
      return c.type() == c.operand().type() ? precedence(c.operand()) : Operator.CAST_PRECEDENCE;
    }
    return Operator.PRIMARY_PRECEDENCE;
  }
}
