package dev.adjoint.processor.transform;

import com.palantir.javapoet.CodeBlock;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.SourcePositions;
import java.io.IOException;
import java.io.UncheckedIOException;

/** {@code line 12: z = x * y;} — the source line a generated block came from. */
public final class LineComments {
  private final CompilationUnitTree unit;
  private final SourcePositions positions;
  private final CharSequence source;

  public LineComments(CompilationUnitTree unit, SourcePositions positions) {
    this.unit = unit;
    this.positions = positions;
    try {
      this.source = unit.getSourceFile().getCharContent(true);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  long lineOf(Tree tree) {
    return unit.getLineMap().getLineNumber(positions.getStartPosition(unit, tree));
  }

  /**
   * The comment text for {@code tree}, or null when it is on {@code enclosingLine} (a one-line
   * {@code if (c) return x;} is quoted once).
   */
  String of(Tree tree, long enclosingLine) {
    if (tree == null || positions.getStartPosition(unit, tree) < 0) {
      return null; // a statement the front end made (a lowering's break)
    }
    long line = lineOf(tree);
    if (line == enclosingLine) {
      return null;
    }
    int from = (int) unit.getLineMap().getStartPosition(line);
    int to = from;
    while (to < source.length() && source.charAt(to) != '\n' && source.charAt(to) != '\r') {
      to++;
    }
    return "line " + line + ": " + source.subSequence(from, to).toString().strip();
  }

  /** Adds {@code // line N: text} for {@code tree} unless it is on {@code enclosingLine}. */
  void add(CodeBlock.Builder out, Tree tree, long enclosingLine) {
    String text = of(tree, enclosingLine);
    if (text != null) {
      out.add("// $L\n", text);
    }
  }
}
