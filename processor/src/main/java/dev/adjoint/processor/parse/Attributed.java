package dev.adjoint.processor.parse;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import dev.adjoint.processor.diag.Message;
import java.io.IOException;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/**
 * One class's source with javac's own types and symbols on every node: the front end asks it
 * what a name denotes and what type an expression has, instead of resolving Java itself.
 *
 * <p>During annotation processing bodies are not attributed yet; {@link Trees#getElement} on a
 * node inside a class attributes that class as a side effect (javac's {@code JavacTrees}), and a
 * later round re-attributes cleaned trees, so this is safe to do in any round. A type that does
 * not exist yet (generated in a later round) comes back as {@link TypeKind#ERROR}: the class is
 * deferred, never differentiated against a guess.
 */
public final class Attributed {
  private final Trees trees;
  private final CompilationUnitTree unit;
  private final Map<Tree, TreePath> paths = new IdentityHashMap<>();
  private final CharSequence source;

  private Attributed(Trees trees, CompilationUnitTree unit, CharSequence source) {
    this.trees = trees;
    this.unit = unit;
    this.source = source;
  }

  /**
   * The attributed source of {@code type}'s compilation unit.
   *
   * @throws IllegalStateException when this compiler does not attribute on request
   */
  public static Attributed of(Trees trees, TypeElement type) {
    TreePath classPath = trees.getPath(type);
    CompilationUnitTree unit = classPath.getCompilationUnit();
    CharSequence text;
    try {
      text = unit.getSourceFile().getCharContent(true);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + unit.getSourceFile().getName(), e);
    }
    Attributed a = new Attributed(trees, unit, text);
    // Index every node of the outermost class, then attribute it through one body node.
    TreePath outer = classPath;
    while (outer.getParentPath() != null && outer.getParentPath().getLeaf() instanceof ClassTree) {
      outer = outer.getParentPath();
    }
    new TreePathScanner<Void, Void>() {
      @Override
      public Void scan(Tree tree, Void p) {
        if (tree != null) {
          a.paths.put(tree, new TreePath(getCurrentPath(), tree));
        }
        return super.scan(tree, p);
      }
    }.scan(outer, null);
    a.paths.put(outer.getLeaf(), outer);
    // var x = …, (a, b) -> …: attribution writes the inferred types into these trees
    List<VariableTree> implicit = a.paths.keySet().stream()
        .filter(t -> t instanceof VariableTree v && v.getType() == null).map(VariableTree.class::cast).toList();
    for (Map.Entry<Tree, TreePath> e : a.paths.entrySet()) {
      if (e.getKey() instanceof MethodTree m && m.getBody() != null) {
        trees.getElement(a.paths.get(m.getBody()));
      }
    }
    String broken = a.restoreRecordConstructors(outer);
    if (broken != null) {
      throw new NotRestored(Message.RECORD_CONSTRUCTOR_NOT_RESTORED, broken, type.getSimpleName());
    }
    for (VariableTree v : implicit) {
      if (!TreeRepairs.clearType(v)) {
        throw new NotRestored(Message.VAR_TYPE_NOT_RESTORED, v.getName(), type.getSimpleName());
      }
    }
    return a;
  }

  /** What javac's attribution changed in the user's trees and this JDK did not let the processor take back. */
  public static final class NotRestored extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Message message;
    private final transient Object[] args;

    NotRestored(Message message, Object... args) {
      super(message.name(), null, false, false);
      this.message = message;
      this.args = args;
    }

    public Message message() { return message; }

    public Object[] args() { return args.clone(); }
  }

  public CompilationUnitTree unit() { return unit; }

  /**
   * Takes back the {@code super()} javac's attribution (above) inserted into the canonical
   * constructors of records in the class ({@code P { … }} or {@code P(double a) { … }}): the
   * cleanup between annotation-processing rounds removes it from enum constructors only, so the
   * next round's attribution would reject the user's correct record with "invalid canonical
   * constructor … must not contain explicit constructor invocation" (JDK-8387215, JDK 17 to 25).
   * javac's tree is not API, so the list is set through {@link TreeRepairs}; when that is
   * not possible, the name of the record (else null): javac will reject it, and the processor says why.
   */
  private String restoreRecordConstructors(TreePath outer) {
    String[] broken = {null};
    new com.sun.source.util.TreeScanner<Void, Void>() {
      @Override
      public Void visitClass(ClassTree c, Void p) {
        if (c.getKind() == Tree.Kind.RECORD) {
          for (Tree m : c.getMembers()) {
            if (m instanceof MethodTree ctor && ctor.getName().contentEquals("<init>") && ctor.getBody() != null
                && insertedSuperCall(ctor)) {
              if (!TreeRepairs.dropFirstStatement(ctor.getBody())) {
                broken[0] = c.getSimpleName().toString();
              }
            }
          }
        }
        return super.visitClass(c, p);
      }
    }.scan(outer.getLeaf(), null);
    return broken[0];
  }

  /** Whether the body of {@code ctor} starts with a {@code super()} that is not in the source. */
  private boolean insertedSuperCall(MethodTree ctor) {
    List<? extends com.sun.source.tree.StatementTree> statements = ctor.getBody().getStatements();
    if (statements.isEmpty() || !(statements.get(0) instanceof com.sun.source.tree.ExpressionStatementTree e)
        || !(e.getExpression() instanceof com.sun.source.tree.MethodInvocationTree call)
        || !call.getArguments().isEmpty() || !(call.getMethodSelect() instanceof com.sun.source.tree.IdentifierTree id)
        || !id.getName().contentEquals("super")) {
      return false;
    }
    // javac places it at the body's brace; a super() the user wrote is after it (and javac rejects it anyway)
    long at = positions().getStartPosition(unit, e);
    return at < 0 || at == positions().getStartPosition(unit, ctor.getBody())
        || source.charAt((int) at) != 's';
  }


  /**
   * Every variable name declared in the class's source: generated code qualifies a class whose
   * simple name one of them shadows ({@code double Math = 2;} would hide {@code Math.exp}).
   */
  public java.util.Set<String> declaredNames() {
    java.util.Set<String> names = new java.util.TreeSet<>();
    for (Tree t : paths.keySet()) {
      if (t instanceof com.sun.source.tree.VariableTree v) {
        names.add(v.getName().toString());
      }
    }
    return names;
  }

  /**
   * The local classes declared in the bodies the front end read (by their copy's name, see
   * {@link Types#className}) → their declarations as the companion's package may write them.
   */
  private final Map<com.palantir.javapoet.ClassName, String> localTypes = new java.util.LinkedHashMap<>();

  /** Registers the copy of a local class; false when another local class already has its name. */
  boolean addLocalType(com.palantir.javapoet.ClassName name, String declaration) {
    String known = localTypes.putIfAbsent(name, declaration);
    return known == null || known.equals(declaration);
  }

  /**
   * The source of the class holding copies of the local classes of the differentiated methods
   * ({@link Types#className}), or null when there are none.
   */
  public String localTypesSource(com.palantir.javapoet.ClassName holder) {
    if (localTypes.isEmpty()) {
      return null;
    }
    StringBuilder out = new StringBuilder();
    if (!holder.packageName().isEmpty()) {
      out.append("package ").append(holder.packageName()).append(";\n\n");
    }
    out.append("/** Copies of the classes declared in the bodies of differentiated methods, which generated code names. */\n")
        .append("final class ").append(holder.simpleName()).append(" {\n  private ").append(holder.simpleName())
        .append("() {}\n");
    Map<String, java.util.List<String>> byMethod = new java.util.LinkedHashMap<>();
    localTypes.forEach((name, text) -> byMethod.computeIfAbsent(name.enclosingClassName().simpleName(),
        k -> new java.util.ArrayList<>()).add(text));
    byMethod.forEach((method, texts) -> {
      out.append("\n  static final class ").append(method).append(" {\n    private ").append(method).append("() {}\n");
      texts.forEach(t -> out.append("\n    ").append(t).append('\n'));
      out.append("  }\n");
    });
    return out.append("}\n").toString();
  }

  public Trees trees() { return trees; }

  public CharSequence source() { return source; }

  public SourcePositions positions() { return trees.getSourcePositions(); }

  /** Whether {@code tree} is a node of this class's source. */
  public boolean contains(Tree tree) { return paths.containsKey(tree); }

  public TreePath pathOf(Tree tree) {
    TreePath p = paths.get(tree);
    if (p == null) {
      throw new IllegalArgumentException("not a node of " + unit.getSourceFile().getName() + ": " + tree);
    }
    return p;
  }

  /** javac's type of {@code tree}, or null for statements and names without a type. */
  public TypeMirror typeOf(Tree tree) {
    return trees.getTypeMirror(pathOf(tree));
  }

  /** The symbol {@code tree} denotes (a variable, field, method, class), or null. */
  public Element elementOf(Tree tree) {
    return trees.getElement(pathOf(tree));
  }

  public long start(Tree t) { return positions().getStartPosition(unit, t); }

  public long end(Tree t) { return positions().getEndPosition(unit, t); }

  /** The source text of {@code t}. */
  public String text(Tree t) {
    return source.subSequence((int) start(t), (int) end(t)).toString();
  }

  public long line(Tree t) {
    return unit.getLineMap().getLineNumber(start(t));
  }
}
