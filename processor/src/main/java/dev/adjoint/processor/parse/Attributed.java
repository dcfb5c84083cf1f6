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
  /** The source text of each unit indexed: the class's own, then those of helpers in other files. */
  private final Map<CompilationUnitTree, CharSequence> sources = new IdentityHashMap<>();

  private Attributed(Trees trees, CompilationUnitTree unit) {
    this.trees = trees;
    this.unit = unit;
  }

  /**
   * The attributed source of {@code type}'s compilation unit.
   *
   * @throws IllegalStateException when this compiler does not attribute on request
   */
  public static Attributed of(Trees trees, TypeElement type) {
    Attributed a = new Attributed(trees, trees.getPath(type).getCompilationUnit());
    a.index(trees.getPath(type));
    return a;
  }

  /** Indexes every node of the outermost class around {@code classPath}, then attributes it through its bodies. */
  private void index(TreePath classPath) {
    CompilationUnitTree u = classPath.getCompilationUnit();
    try {
      sources.put(u, u.getSourceFile().getCharContent(true));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + u.getSourceFile().getName(), e);
    }
    TreePath outer = classPath;
    while (outer.getParentPath() != null && outer.getParentPath().getLeaf() instanceof ClassTree) {
      outer = outer.getParentPath();
    }
    java.util.List<MethodTree> methods = new java.util.ArrayList<>();
    new TreePathScanner<Void, Void>() {
      @Override
      public Void scan(Tree tree, Void p) {
        if (tree != null) {
          paths.put(tree, new TreePath(getCurrentPath(), tree));
          if (tree instanceof MethodTree m && m.getBody() != null) {
            methods.add(m);
          }
        }
        return super.scan(tree, p);
      }
    }.scan(outer, null);
    paths.put(outer.getLeaf(), outer);
    for (MethodTree m : methods) {
      trees.getElement(paths.get(m.getBody()));
    }
  }

  /**
   * The body of {@code method} when its source is part of this compilation (this class's file, or
   * another file compiled with it: a helper in a utility class); null for a library method.
   */
  public MethodTree bodyOf(javax.lang.model.element.ExecutableElement method) {
    MethodTree tree = trees.getTree(method);
    if (tree == null || tree.getBody() == null) {
      return null;
    }
    if (!paths.containsKey(tree)) {
      TreePath classPath = trees.getPath(method.getEnclosingElement());
      if (classPath == null) {
        return null;
      }
      index(classPath);
    }
    return paths.containsKey(tree) ? tree : null;
  }

  public CompilationUnitTree unit() { return unit; }

  /** The compilation unit {@code tree} is in: this class's, or that of a helper in another file. */
  public CompilationUnitTree unitOf(Tree tree) {
    TreePath p = paths.get(tree);
    return p == null ? unit : p.getCompilationUnit();
  }

  /**
   * Every variable name declared in the sources read: generated code qualifies a class whose
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

  public Trees trees() { return trees; }

  /** The source text of the unit {@code tree} is in. */
  public CharSequence sourceOf(Tree tree) { return sources.get(unitOf(tree)); }

  public SourcePositions positions() { return trees.getSourcePositions(); }

  /** Whether {@code tree} is a node of the sources read (this class's, and helpers' read since). */
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

  public long start(Tree t) { return positions().getStartPosition(unitOf(t), t); }

  public long end(Tree t) { return positions().getEndPosition(unitOf(t), t); }

  /** The source text of {@code t}. */
  public String text(Tree t) {
    return sourceOf(t).subSequence((int) start(t), (int) end(t)).toString();
  }

  public long line(Tree t) {
    return unitOf(t).getLineMap().getLineNumber(start(t));
  }
}
