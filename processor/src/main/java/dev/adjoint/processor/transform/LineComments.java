package dev.adjoint.processor.transform;

import com.palantir.javapoet.CodeBlock;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.SourcePositions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code line 12: z = x * y;} — the source line a generated block came from; {@code line 7 of
 * Util.java: …} for a helper inlined from another file.
 */
public final class LineComments {
  private final CompilationUnitTree unit;
  private final Function<Tree, CompilationUnitTree> unitOf;
  private final SourcePositions positions;
  private final Map<CompilationUnitTree, CharSequence> sources = new IdentityHashMap<>();

  /** {@code unitOf}: the file of a tree (the class's own, or a helper's). */
  public LineComments(CompilationUnitTree unit, Function<Tree, CompilationUnitTree> unitOf, SourcePositions positions) {
    this.unit = unit;
    this.unitOf = unitOf;
    this.positions = positions;
  }

  long lineOf(Tree tree) {
    CompilationUnitTree u = unitOf.apply(tree);
    return u.getLineMap().getLineNumber(positions.getStartPosition(u, tree));
  }

  /**
   * The comment text for {@code tree}, or null when it is on {@code enclosingLine} (a one-line
   * {@code if (c) return x;} is quoted once).
   */
  String of(Tree tree, long enclosingLine) {
    CompilationUnitTree u = tree == null ? unit : unitOf.apply(tree);
    if (tree == null || positions.getStartPosition(u, tree) < 0) {
      return null; // a statement the front end made (a lowering's break)
    }
    long line = lineOf(tree);
    if (line == enclosingLine && u == unit) {
      return null;
    }
    CharSequence source = sources.computeIfAbsent(u, LineComments::read);
    int from = (int) u.getLineMap().getStartPosition(line);
    int to = from;
    while (to < source.length() && source.charAt(to) != '\n' && source.charAt(to) != '\r') {
      to++;
    }
    String file = u == unit ? "" : " of " + fileName(u);
    return "line " + line + file + ": " + source.subSequence(from, to).toString().strip();
  }

  private static String fileName(CompilationUnitTree u) {
    String path = u.getSourceFile().toUri().getPath();
    return path == null ? u.getSourceFile().getName() : path.substring(path.lastIndexOf('/') + 1);
  }

  private static CharSequence read(CompilationUnitTree u) {
    try {
      return u.getSourceFile().getCharContent(true);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Adds {@code // line N: text} for {@code tree} unless it is on {@code enclosingLine}. */
  void add(CodeBlock.Builder out, Tree tree, long enclosingLine) {
    String text = of(tree, enclosingLine);
    if (text != null) {
      out.add("// $L\n", text);
    }
  }
}
