package dev.adjoint.processor.transform;

import dev.adjoint.processor.ir.Var;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * To-be-recorded analysis: where the reverse sweep reads each variable. The reverse code of
 * the statement numbered {@code order} (source order) inside the given loops reads a variable;
 * an assignment to it must save the old value only if such a read can come later in the
 * reverse sweep, i.e. belongs to this statement or an earlier one, or shares a loop with it.
 * A linear statement whose variable nobody reads before it saves nothing.
 */
final class AdjointReads {
  private record Read(int order, List<Integer> loops, boolean shapeOnly) {}

  private final Map<Var, List<Read>> reads = new IdentityHashMap<>();

  void record(Var v, int order, List<Integer> loops, boolean shapeOnly) {
    reads.computeIfAbsent(v, k -> new ArrayList<>()).add(new Read(order, List.copyOf(loops), shapeOnly));
  }

  /**
   * Whether overwriting {@code v} at statement {@code order} inside {@code loops} must save it;
   * {@code keepsShape} for a write that cannot change a tensor's shape (reads of the shape alone
   * then need nothing).
   */
  boolean mustSave(Var v, int order, List<Integer> loops, boolean keepsShape) {
    for (Read r : reads.getOrDefault(v, List.of())) {
      if (keepsShape && r.shapeOnly()) {
        continue;
      }
      if (r.order() <= order || r.loops().stream().anyMatch(loops::contains)) {
        return true;
      }
    }
    return false;
  }
}
