package dev.adjoint.processor.transform;

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

  String of(Tree tree) {
    long line = lineOf(tree);
    int from = (int) unit.getLineMap().getStartPosition(line);
    int to = from;
    while (to < source.length() && source.charAt(to) != '\n' && source.charAt(to) != '\r') {
      to++;
    }
    return "line " + line + ": " + source.subSequence(from, to).toString().strip();
  }
}
