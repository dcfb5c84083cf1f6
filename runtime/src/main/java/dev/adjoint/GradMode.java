package dev.adjoint;

/** Per-thread grad mode: the only mutable state the tape shares, and it is thread-local. */
final class GradMode {
  /** One thread's mode. Only its owner writes or reads {@code enabled}. */
  private static final class Cell {
    final Thread owner = Thread.currentThread();
    boolean enabled = true;
  }

  private static final ThreadLocal<Cell> CELLS = ThreadLocal.withInitial(Cell::new);
  /**
   * The cell asked for last, by any thread: a one-entry cache in front of the thread-local map,
   * which every recorded operation consults. Racy on purpose: a thread uses it only when it is its
   * own cell ({@code owner} is final, so it is seen whole), and otherwise looks its cell up.
   */
  private static Cell last;

  private GradMode() {}

  static boolean isEnabled() { return cell().enabled; }

  /** Sets the mode of the current thread and returns the previous one. */
  static boolean set(boolean enabled) {
    Cell cell = cell();
    boolean previous = cell.enabled;
    cell.enabled = enabled;
    return previous;
  }

  private static Cell cell() {
    Cell cell = last;
    if (cell != null && cell.owner == Thread.currentThread()) {
      return cell;
    }
    cell = CELLS.get();
    last = cell;
    return cell;
  }
}
