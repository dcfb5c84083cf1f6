package dev.adjoint.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The schedule run on integer "states" (the state before step j is j): every turn finds the state
 * of its step, the turns come for n − 1 down to 0 once each, no more than {@code snapshots} states
 * are kept, and no step runs forward more than r times, the least r with β(s, r) ≥ n.
 */
class BinomialScheduleTest {
  /** What running a schedule did. */
  private record Run(int[] forwardRuns, int maxKept, long advances, int turnsBeforeFirstTurnDone) {}

  private static Run run(int n, int snapshots) {
    BinomialSchedule schedule = new BinomialSchedule(n, snapshots);
    int slots = BinomialSchedule.slots(n, snapshots);
    int[] kept = new int[slots];
    Arrays.fill(kept, -1);
    int[] runs = new int[n];
    int state = 0;
    int nextTurn = n - 1;
    int maxKept = 0;
    long advances = 0;
    boolean first = true;
    for (int a = schedule.next(); a != BinomialSchedule.DONE; a = schedule.next()) {
      if (first) {
        assertEquals(BinomialSchedule.STORE, a, "the first action keeps the initial state");
        assertEquals(0, schedule.slot());
        first = false;
      }
      switch (a) {
        case BinomialSchedule.ADVANCE -> {
          assertEquals(state, schedule.from(), "advance from the current state");
          assertTrue(schedule.to() > schedule.from() && schedule.to() <= nextTurn, "advance only to a step not yet reversed");
          for (int j = schedule.from(); j < schedule.to(); j++) {
            runs[j]++;
            advances++;
          }
          state = schedule.to();
        }
        case BinomialSchedule.STORE -> {
          assertTrue(schedule.slot() >= 0 && schedule.slot() < slots, "slot " + schedule.slot() + " of " + slots);
          kept[schedule.slot()] = state;
          maxKept = Math.max(maxKept, schedule.slot() + 1);
        }
        case BinomialSchedule.RESTORE -> {
          assertTrue(kept[schedule.slot()] >= 0, "restore of an empty slot");
          state = kept[schedule.slot()];
        }
        case BinomialSchedule.TURN -> {
          assertEquals(nextTurn, schedule.step(), "turns in reverse order");
          assertEquals(state, schedule.step(), "a turn starts from its step's state");
          nextTurn--;
        }
        default -> throw new AssertionError("action " + a);
      }
    }
    assertEquals(-1, nextTurn, "every step reversed");
    assertEquals(BinomialSchedule.DONE, schedule.next(), "done stays done");
    return new Run(runs, maxKept, advances, 0);
  }

  @ParameterizedTest(name = "n = {0}, snapshots = {1}")
  @CsvSource({
    "0, 1", "0, 5", "1, 1", "1, 3", "2, 1", "2, 2", "2, 10", "3, 1", "3, 2", "5, 2", "7, 3", "10, 1", "10, 3",
    "10, 10", "10, 20", "55, 2", "56, 2", "100, 4", "1000, 1", "1000, 2", "1000, 5", "1000, 30", "4096, 12",
    "100000, 3", "100000, 10", "1000000, 20"})
  void everyStepRunsAtMostRTimesAndAtMostSStatesAreKept(int n, int snapshots) {
    Run run = run(n, snapshots);
    int r = BinomialSchedule.repetitions(snapshots, n);
    assertTrue(BinomialSchedule.beta(snapshots, r) >= n && (r == 0 || BinomialSchedule.beta(snapshots, r - 1) < n));
    int worst = Arrays.stream(run.forwardRuns()).max().orElse(0);
    assertTrue(worst <= r, "a step ran " + worst + " times, more than r = " + r);
    assertTrue(run.maxKept() <= snapshots, run.maxKept() + " states kept");
    if (n > 0) {
      assertEquals(0, run.forwardRuns()[n - 1], "the last step is reversed first, never advanced");
    }
    // Total recomputation: the least possible, t(n, s) = r·n − β(s + 1, r − 1) (Griewank and Walther).
    assertEquals(BinomialSchedule.forwardSteps(n, snapshots), run.advances());
    assertTrue(run.advances() <= (long) r * n, run.advances() + " > " + r + "·" + n);
  }

  @Test
  void withAsManySnapshotsAsStepsEveryStepRunsOnce() {
    for (int n = 1; n <= 40; n++) {
      Run run = run(n, n);
      for (int j = 0; j < n - 1; j++) {
        assertEquals(1, run.forwardRuns()[j], "n = " + n + ", step " + j);
      }
    }
  }

  @Test
  void withOneSnapshotStepJRunsOncePerLaterStep() {
    int n = 12;
    Run run = run(n, 1);
    for (int j = 0; j < n; j++) {
      assertEquals(n - 1 - j, run.forwardRuns()[j], "step " + j);
    }
  }

  /**
   * Against exhaustive search: the fewest advances T(m, s) that reverse m steps with s snapshots,
   * over every place l of the next snapshot, T(m, s) = min l + T(l, s) + T(m − l, s − 1), with
   * T(1, s) = 0 and T(m, 1) = m(m − 1)/2 (one snapshot: each turn runs from the start).
   */
  @Test
  void smallCasesAgainstExhaustiveSearch() {
    int maxSteps = 150;
    int maxSnapshots = 7;
    long[][] t = new long[maxSteps + 1][maxSnapshots + 1];
    for (int s = 1; s <= maxSnapshots; s++) {
      for (int m = 2; m <= maxSteps; m++) {
        long best = (long) m * (m - 1) / 2;
        for (int l = 1; s > 1 && l < m; l++) {
          best = Math.min(best, l + t[l][s] + t[m - l][s - 1]);
        }
        t[m][s] = best;
      }
    }
    for (int n = 0; n <= maxSteps; n++) {
      for (int s = 1; s <= maxSnapshots; s++) {
        Run run = run(n, s);
        assertEquals(t[n][s], run.advances(), "n = " + n + ", s = " + s);
        assertEquals(t[n][s], BinomialSchedule.forwardSteps(n, s), "n = " + n + ", s = " + s);
        assertTrue(Arrays.stream(run.forwardRuns()).max().orElse(0) <= BinomialSchedule.repetitions(s, n));
        assertTrue(run.maxKept() <= s);
      }
    }
  }

  @Test
  void betaIsTheBinomialCoefficient() {
    assertEquals(1, BinomialSchedule.beta(3, 0));
    assertEquals(4, BinomialSchedule.beta(3, 1));
    assertEquals(10, BinomialSchedule.beta(2, 3));
    assertEquals(184756, BinomialSchedule.beta(10, 10));
    assertEquals(0, BinomialSchedule.repetitions(5, 1));
    assertEquals(1, BinomialSchedule.repetitions(5, 6));
    assertEquals(2, BinomialSchedule.repetitions(5, 7));
  }

  @Test
  void badArgumentsAreClearErrors() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new BinomialSchedule(-1, 3)).getMessage()
        .contains("-1 steps"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new BinomialSchedule(10, 0)).getMessage()
        .contains("at least 1 snapshot"));
  }
}
