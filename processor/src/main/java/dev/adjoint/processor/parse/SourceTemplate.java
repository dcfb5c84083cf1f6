package dev.adjoint.processor.parse;

import com.palantir.javapoet.ClassName;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.util.TreeScanner;
import dev.adjoint.processor.diag.Message;
import dev.adjoint.processor.diag.Problem;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Var;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.Elements;

/**
 * The one printer of source code the processor copies into a companion: the source text of a
 * tree, with every name re-expressed for the companion (a different class, with its own imports):
 * the method's variables become {@link Var}s (printed under their generated names), classes
 * become {@link ClassName}s (imported by JavaPoet), static members are qualified by their class,
 * compile-time constants of private fields are inlined. Names are classified once, by javac's
 * attribution ({@link Attributed}).
 */
final class SourceTemplate {
  private final Attributed src;
  private final Elements elements;
  /** The method's variable for a local or parameter element, or null (one declared inside the copied code). */
  private final Function<Element, Var> locals;
  private final List<Object> parts = new ArrayList<>();
  private final List<Var> reads = new ArrayList<>();
  private final StringBuilder text = new StringBuilder();

  /** What an inlined helper's array parameter stands for (the caller's array or row), or null. */
  private final Function<Element, Expr> aliases;
  private final Access access;
  /** The object an inlined instance method runs on ({@code this}), or null. */
  private final java.util.function.Supplier<Expr> receiver;

  private SourceTemplate(Attributed src, Elements elements, Access access, Function<Element, Var> locals,
      Function<Element, Expr> aliases, java.util.function.Supplier<Expr> receiver) {
    this.src = src;
    this.elements = elements;
    this.access = access;
    this.locals = locals;
    this.aliases = aliases;
    this.receiver = receiver;
  }

  /** The parts of {@code tree} (see {@link dev.adjoint.processor.ir.Expr.Opaque}) and the variables it reads. */
  static SourceTemplate of(Attributed src, Elements elements, Access access, Function<Element, Var> locals,
      Function<Element, Expr> aliases, java.util.function.Supplier<Expr> receiver, Tree tree) {
    SourceTemplate t = new SourceTemplate(src, elements, access, locals, aliases, receiver);
    t.print(tree);
    t.flush();
    return t;
  }

  List<Object> parts() { return parts; }

  List<Var> reads() { return reads; }

  private void flush() {
    if (text.length() > 0) {
      parts.add(text.toString());
      text.setLength(0);
    }
  }

  /** A part that is not text, after the text before it: the one way parts are added. */
  private void part(Object p) {
    flush();
    parts.add(p);
  }

  private void var(Var v) {
    part(v);
    if (!reads.contains(v)) {
      reads.add(v);
    }
  }

  private void collectReads(Expr e) {
    if (e instanceof Expr.Read r && !reads.contains(r.var())) {
      reads.add(r.var());
    }
    dev.adjoint.processor.ir.Children.of(e).forEach(this::collectReads);
  }

  private void type(TypeElement t, Tree at) {
    if (!access.nameable(t)) {
      throw new Problem(Message.PRIVATE_MEMBER, at, Access.describe(t));
    }
    part(Types.className(t));
  }

  private void print(Tree t) {
    switch (t.getKind()) {
      case IDENTIFIER:
        identifier((IdentifierTree) t);
        return;
      case MEMBER_SELECT:
        memberSelect((MemberSelectTree) t);
        return;
      case METHOD_INVOCATION:
        invocation((com.sun.source.tree.MethodInvocationTree) t);
        return;
      case NEW_CLASS:
        newClass((com.sun.source.tree.NewClassTree) t);
        return;
      case ASSIGNMENT: case PLUS_ASSIGNMENT: case MINUS_ASSIGNMENT: case MULTIPLY_ASSIGNMENT: case DIVIDE_ASSIGNMENT:
      case REMAINDER_ASSIGNMENT: case AND_ASSIGNMENT: case OR_ASSIGNMENT: case XOR_ASSIGNMENT:
      case LEFT_SHIFT_ASSIGNMENT: case RIGHT_SHIFT_ASSIGNMENT: case UNSIGNED_RIGHT_SHIFT_ASSIGNMENT:
      case PREFIX_INCREMENT: case PREFIX_DECREMENT: case POSTFIX_INCREMENT: case POSTFIX_DECREMENT: {
        Tree target = t instanceof UnaryTree u ? u.getExpression()
            : t instanceof com.sun.source.tree.AssignmentTree a ? a.getVariable()
            : ((com.sun.source.tree.CompoundAssignmentTree) t).getVariable();
        if (writesMethodVariable(target)) {
          throw Unsupported.construct(t, "writing " + target + " inside this expression",
              "write it as a statement of its own before the expression");
        }
        generic(t);
        return;
      }
      default:
        generic(t);
    }
  }

  /** Whether {@code target} (or the array it indexes) is a variable of the method. */
  private boolean writesMethodVariable(Tree target) {
    while (target instanceof com.sun.source.tree.ArrayAccessTree a) {
      target = a.getExpression();
    }
    while (target instanceof com.sun.source.tree.ParenthesizedTree p) {
      target = p.getExpression();
    }
    Element e = target instanceof IdentifierTree ? src.elementOf(target) : null;
    return e != null && (locals.apply(e) != null || aliases.apply(e) != null);
  }

  private void identifier(IdentifierTree id) {
    Element e = src.elementOf(id);
    String name = id.getName().toString();
    Expr self = receiver.get();
    if (name.equals("this") && self != null) {
      part(self);
      collectReads(self);
      return;
    }
    if (e == null || name.equals("this") || name.equals("super")) {
      text.append(name);
      return;
    }
    if (self != null && (e.getKind().isField() || e.getKind() == ElementKind.METHOD)
        && !e.getModifiers().contains(Modifier.STATIC)) {
      // a member of the inlined method's object, named without this.
      if (e.getKind().isField() && !access.nameable(e)) {
        part(access.hidden(e, id));
        text.append('(');
        part(self);
        collectReads(self);
        text.append(')');
        return;
      }
      part(self);
      collectReads(self);
      text.append('.').append(name);
      return;
    }
    Var v = locals.apply(e);
    if (v != null) {
      var(v);
      return;
    }
    Expr alias = aliases.apply(e);
    if (alias != null) {
      part(alias);
      collectReads(alias);
      return;
    }
    if (e instanceof TypeElement type) {
      type(type, id);
      return;
    }
    if (isStaticMember(e)) {
      member(e, id);
      return;
    }
    text.append(name); // a local of the copied code itself, a package
  }

  private void memberSelect(MemberSelectTree ms) {
    Element e = src.elementOf(ms);
    if (e instanceof TypeElement type) {
      type(type, ms); // a qualified class name: one ClassName
      return;
    }
    if (e != null && e.getKind() == ElementKind.PACKAGE) {
      text.append(src.text(ms));
      return;
    }
    Element qualifier = src.elementOf(ms.getExpression());
    if (e != null && isStaticMember(e) && qualifier instanceof TypeElement) {
      member(e, ms);
      return;
    }
    if (e != null && e.getKind().isField() && !access.nameable(e)) {
      // obj.secret of a private field: the accessor takes the object
      part(access.hidden(e, ms));
      text.append('(');
      print(ms.getExpression());
      text.append(')');
      return;
    }
    print(ms.getExpression());
    text.append('.').append(ms.getIdentifier());
  }

  /** {@code new C(…)}; of a class the companion cannot name, through the constructor's accessor. */
  private void newClass(com.sun.source.tree.NewClassTree n) {
    Element c = src.elementOf(n);
    if (!(c instanceof javax.lang.model.element.ExecutableElement constructor) || access.nameable(constructor)
        || n.getClassBody() != null) {
      generic(n);
      return;
    }
    if (constructor.isVarArgs() || n.getEnclosingExpression() != null) {
      throw new Problem(Message.PRIVATE_MEMBER, n, Access.describe(constructor));
    }
    part(access.hidden(constructor, n));
    text.append('(');
    boolean first = true;
    for (Tree arg : n.getArguments()) {
      text.append(first ? "" : ", ");
      print(arg);
      first = false;
    }
    text.append(')');
  }

  /** A call; one of a method the companion cannot name goes through its accessor. */
  private void invocation(com.sun.source.tree.MethodInvocationTree inv) {
    Element e = src.elementOf(inv);
    if (!(e instanceof javax.lang.model.element.ExecutableElement m) || access.nameable(m)) {
      generic(inv);
      return;
    }
    if (m.isVarArgs()) {
      throw new Problem(Message.PRIVATE_MEMBER, inv, Access.describe(m) + " (a varargs method)");
    }
    dev.adjoint.processor.ir.HiddenMember hidden = access.hidden(m, inv);
    part(hidden);
    text.append('(');
    boolean first = true;
    if (!hidden.isStatic()) {
      if (inv.getMethodSelect() instanceof MemberSelectTree ms) {
        print(ms.getExpression());
      } else if (receiver.get() != null) {
        part(receiver.get());
        collectReads(receiver.get());
      } else {
        throw new Problem(Message.PRIVATE_MEMBER, inv, Access.describe(m));
      }
      first = false;
    }
    for (Tree arg : inv.getArguments()) {
      text.append(first ? "" : ", ");
      print(arg);
      first = false;
    }
    text.append(')');
  }

  private static boolean isStaticMember(Element e) {
    return (e.getKind().isField() || e.getKind() == ElementKind.METHOD) && e.getModifiers().contains(Modifier.STATIC);
  }

  /**
   * {@code Owner.name} for a static field or method; for one the companion cannot name, a
   * constant's value, or the accessor of the field.
   */
  private void member(Element e, Tree at) {
    if (!access.nameable(e)) {
      Object constant = e instanceof VariableElement v ? v.getConstantValue() : null;
      if (constant != null) {
        text.append(elements.getConstantExpression(constant));
        return;
      }
      if (!e.getKind().isField()) {
        throw new Problem(Message.PRIVATE_MEMBER, at, Access.describe(e));
      }
      part(access.hidden(e, at));
      text.append("()");
      return;
    }
    type((TypeElement) e.getEnclosingElement(), at);
    text.append('.').append(e.getSimpleName());
  }

  /** The source of {@code t}, each direct child printed by {@link #print}. */
  private void generic(Tree t) {
    List<Tree> children = new ArrayList<>();
    t.accept(new TreeScanner<Void, Void>() {
      @Override
      public Void scan(Tree child, Void p) {
        if (child != null && src.contains(child) && src.start(child) >= 0 && src.end(child) >= 0) {
          children.add(child);
        }
        return null;
      }
    }, null);
    children.sort(Comparator.comparingLong(src::start));
    long at = src.start(t);
    CharSequence source = src.source();
    for (Tree c : children) {
      if (src.start(c) < at) {
        continue; // shares source with a sibling (int a, b)
      }
      text.append(source, (int) at, (int) src.start(c));
      print(c);
      at = src.end(c);
    }
    text.append(source, (int) at, (int) Math.max(at, src.end(t)));
  }
}
