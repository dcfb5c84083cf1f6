package dev.adjoint.internal;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The order in which generated code runs a loop of {@code n} steps {@code x(j+1) = step(x(j))}
 * forwards and backwards when it may keep only {@code snapshots} states (binomial checkpointing,
 * Griewank and Walther's "revolve": with {@code s} snapshots and {@code n ≤ β(s, r) = C(s + r, s)}
 * steps, no step runs forward more than {@code r} times, so memory is {@code s} states for
 * {@code r ≈ log n}-fold recomputation, or {@code s ≈ log n} states for little more).
 *
 * <p>Generated code calls {@link #next} and does what it says, holding one current state:
 * {@link #ADVANCE} runs steps {@link #from} to {@link #to} − 1 on it, {@link #STORE} keeps it in
 * slot {@link #slot}, {@link #RESTORE} makes the state of slot {@link #slot} current again, and
 * {@link #TURN} runs the reverse sweep of step {@link #step} (its VJP) from the current state,
 * which is then that step's input. The turns come for steps {@code n − 1} down to 0, each once; the
 * first action is {@code STORE} of the initial state in slot 0, the first {@code TURN} is step
 * {@code n − 1} (before it the schedule is what the forward sweep does), then {@link #DONE}.
 *
 * <p>The schedule is made as it is used: its memory is O(snapshots), not O(n). Not thread-safe;
 * one schedule per sweep.
 */
public final class BinomialSchedule {
  public static final int ADVANCE = 0;
  public static final int STORE = 1;
  public static final int RESTORE = 2;
  public static final int TURN = 3;
  public static final int DONE = 4;

  /** Reverse steps [lo, hi) starting from the state of lo, kept in slot {@code slot}, with {@code free} more slots. */
  private record Reverse(int lo, int hi, int slot, int free) {}

  /**
   * Reverse steps [lo, j] one at a time from the state of lo in {@code slot} (no free slot left);
   * mutable, so that a turn allocates nothing.
   */
  private static final class Sequential {
    final int lo;
    int j;
    final int slot;

    Sequential(int lo, int j, int slot) {
      this.lo = lo;
      this.j = j;
      this.slot = slot;
    }
  }

  private final int snapshots;
  private final Deque<Object> tasks = new ArrayDeque<>();
  /** The position of the current state (the state before that step), as the caller's code holds it. */
  private int current;
  private int action = -1;
  private int from;
  private int to;
  private int slot;
  private int step;
  /** Actions queued by a task for the calls of next() that follow (at most three): kind and two operands. */
  private final int[] queuedKind = new int[3];
  private final int[] queuedA = new int[3];
  private final int[] queuedB = new int[3];
  private int queuedHead;
  private int queuedCount;

  /**
   * @param steps the trip count n (0 allowed)
   * @param snapshots how many states may be kept at once, the initial one included
   * @throws IllegalArgumentException if {@code steps < 0} or {@code snapshots < 1}
   */
  public BinomialSchedule(int steps, int snapshots) {
    if (steps < 0) {
      throw new IllegalArgumentException("a loop of " + steps + " steps");
    }
    if (snapshots < 1) {
      throw new IllegalArgumentException("binomial checkpointing needs at least 1 snapshot, not " + snapshots);
    }
    this.snapshots = snapshots;
    if (steps > 0) {
      queue(STORE, 0, 0);
      tasks.push(new Reverse(0, steps, 0, Math.min(snapshots, steps) - 1));
    }
  }

  /** How many slots the caller needs: {@code min(snapshots, steps)}, at least 1. */
  public static int slots(int steps, int snapshots) {
    return Math.max(1, Math.min(snapshots, steps));
  }

  /** The number of snapshots this schedule keeps at most. */
  public int snapshots() {
    return snapshots;
  }

  /** The next action: {@link #ADVANCE}, {@link #STORE}, {@link #RESTORE}, {@link #TURN} or {@link #DONE}. */
  public int next() {
    while (queuedCount == 0) {
      Object task = tasks.poll();
      if (task == null) {
        return action = DONE;
      }
      expand(task);
    }
    int k = queuedHead++;
    queuedCount--;
    action = queuedKind[k];
    int a = queuedA[k];
    switch (action) {
      case ADVANCE -> {
        from = a;
        to = queuedB[k];
        current = to;
      }
      case STORE -> slot = a;
      case RESTORE -> {
        slot = a;
        current = queuedB[k];
      }
      default -> step = a;
    }
    return action;
  }

  /** The action {@link #next} returned last. */
  public int action() {
    return action;
  }

  /** {@link #ADVANCE}: the first step to run. */
  public int from() {
    return from;
  }

  /** {@link #ADVANCE}: the step after the last to run. */
  public int to() {
    return to;
  }

  /** {@link #STORE}, {@link #RESTORE}: the slot, in [0, snapshots). */
  public int slot() {
    return slot;
  }

  /** {@link #TURN}: the step to reverse. */
  public int step() {
    return step;
  }

  private void queue(int kind, int a, int b) {
    if (queuedCount == 0) {
      queuedHead = 0;
    }
    int k = queuedHead + queuedCount++;
    queuedKind[k] = kind;
    queuedA[k] = a;
    queuedB[k] = b;
  }

  private void expand(Object task) {
    if (task instanceof Sequential s) {
      if (current != s.lo) {
        queue(RESTORE, s.slot, s.lo);
      }
      if (s.j > s.lo) {
        queue(ADVANCE, s.lo, s.j);
      }
      queue(TURN, s.j, 0);
      if (s.j > s.lo) {
        s.j--;
        tasks.push(s);
      }
      return;
    }
    Reverse r = (Reverse) task;
    int m = r.hi() - r.lo();
    if (current != r.lo()) {
      queue(RESTORE, r.slot(), r.lo());
    }
    if (m == 1) {
      queue(TURN, r.lo(), 0);
    } else if (r.free() == 0) {
      tasks.push(new Sequential(r.lo(), r.hi() - 1, r.slot()));
    } else {
      // With s = free + 1 snapshots: the next snapshot at lo + l, where the l steps run once now, then
      // are reversed with s snapshots, and the m − l after them with s − 1; l is the candidate with
      // the least total recomputation l + t(l, s) + t(m − l, s − 1), which is the optimum t(m, s)
      // (Griewank and Walther; BinomialScheduleTest checks it against exhaustive search).
      int s = r.free() + 1;
      int rep = repetitions(s, m);
      int best = -1;
      long bestCost = Long.MAX_VALUE;
      for (int k = 0; k < 5; k++) {
        long c = switch (k) {
          case 0 -> m - beta(s - 1, rep);
          case 1 -> beta(s, rep - 1);
          case 2 -> rep >= 2 ? beta(s, rep - 2) : 1;
          case 3 -> m - beta(s - 1, rep - 1) - (s >= 2 ? beta(s - 2, rep - 1) : 0);
          default -> m - beta(s - 1, rep - 1);
        };
        int l = (int) Math.max(1, Math.min(m - 1, c));
        long cost = l + forwardSteps(l, s) + forwardSteps(m - l, s - 1);
        if (cost < bestCost) {
          best = l;
          bestCost = cost;
        }
      }
      int mid = r.lo() + best;
      int right = r.hi() - mid;
      queue(ADVANCE, r.lo(), mid);
      queue(STORE, r.slot() + 1, 0);
      tasks.push(new Reverse(r.lo(), mid, r.slot(), r.free()));
      tasks.push(new Reverse(mid, r.hi(), r.slot() + 1, Math.min(r.free() - 1, right - 1)));
    }
  }

  /** β(s, r) = C(s + r, s): the most steps s snapshots reverse with no step run more than r times (saturates). */
  public static long beta(int s, int r) {
    long b = 1;
    for (int i = 1; i <= r; i++) {
      // C(s + i, s) = C(s + i − 1, s) · (s + i) / i, exact in integers
      b = b > Long.MAX_VALUE / (s + i) ? Long.MAX_VALUE / 4 : b * (s + i) / i;
      if (b >= Long.MAX_VALUE / 4) {
        return Long.MAX_VALUE / 4;
      }
    }
    return b;
  }

  /**
   * t(n, s) = r·n − β(s + 1, r − 1) with r = {@link #repetitions}: the fewest steps run forward
   * again (advances) that reverse n steps with s snapshots.
   */
  public static long forwardSteps(int n, int s) {
    int r = repetitions(s, n);
    return r == 0 ? 0 : (long) r * n - beta(s + 1, r - 1);
  }

  /** The least r with β(s, r) ≥ n: how many times a step runs forward at most, for n steps and s snapshots. */
  public static int repetitions(int s, long n) {
    int r = 0;
    long b = 1;
    while (b < n) {
      r++;
      b = b > Long.MAX_VALUE / (s + r) ? Long.MAX_VALUE / 4 : b * (s + r) / r;
    }
    return r;
  }
}
