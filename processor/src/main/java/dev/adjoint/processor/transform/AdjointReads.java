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
 *
 * <p>A read that only an earlier iteration of a shared loop makes (it comes later in the
 * source) needs no save when another write of the variable always runs between the two: a
 * write earlier in the source that runs unconditionally in every iteration of a loop holding
 * the assignment and inside the innermost loop the two share. That write, the first after the
 * read, saves and restores the value itself. The typical case is an accumulator declared in
 * an outer loop's body ({@code double z = b; for (j...) z += w[j] * x[i][j];}): its inner-loop
 * updates save nothing, the declaration saves once per outer iteration.
 */
final class AdjointReads {
  private record Read(int order, List<Integer> loops, boolean shapeOnly) {}

  /** A write of the whole variable that runs in every iteration of its innermost loop. */
  private record Write(int order, List<Integer> loops) {}

  private final Map<Var, List<Read>> reads = new IdentityHashMap<>();
  private final Map<Var, List<Write>> writes = new IdentityHashMap<>();

  void record(Var v, int order, List<Integer> loops, boolean shapeOnly) {
    reads.computeIfAbsent(v, k -> new ArrayList<>()).add(new Read(order, List.copyOf(loops), shapeOnly));
  }

  /** Whether any reverse code reads {@code v}. */
  boolean isRead(Var v) {
    return reads.containsKey(v);
  }

  /**
   * Records that statement {@code order} inside {@code loops} (innermost first) overwrites all of
   * {@code v} whenever an iteration of its innermost loop runs.
   */
  void recordUnconditionalWrite(Var v, int order, List<Integer> loops) {
    if (!loops.isEmpty()) {
      writes.computeIfAbsent(v, k -> new ArrayList<>()).add(new Write(order, List.copyOf(loops)));
    }
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
      if (r.order() <= order) {
        return true;
      }
      List<Integer> shared = r.loops().stream().filter(loops::contains).toList();
      if (!shared.isEmpty() && !overwrittenBetween(v, order, loops, shared)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether some write of {@code v} earlier in the source runs, in every iteration that reaches
   * statement {@code order}, after any earlier iteration of the {@code shared} loops: it sits
   * unconditionally in a loop that holds the statement and lies inside all shared loops.
   */
  private boolean overwrittenBetween(Var v, int order, List<Integer> loops, List<Integer> shared) {
    for (Write w : writes.getOrDefault(v, List.of())) {
      if (w.order() < order && loops.containsAll(w.loops()) && w.loops().containsAll(shared)) {
        return true;
      }
    }
    return false;
  }
}
