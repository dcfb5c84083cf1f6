package dev.adjoint.processor.parse;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import java.io.IOException;
import java.util.IdentityHashMap;
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
    for (Map.Entry<Tree, TreePath> e : a.paths.entrySet()) {
      if (e.getKey() instanceof MethodTree m && m.getBody() != null) {
        trees.getElement(a.paths.get(m.getBody()));
      }
    }
    return a;
  }

  public CompilationUnitTree unit() { return unit; }

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
