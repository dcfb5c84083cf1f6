package dev.adjoint.corpus;

import java.util.List;

/**
 * One candidate's outcome.
 *
 * @param detail the first ERROR, the crash, the wrong check, the tape reason: one line
 * @param errors every ERROR message the processor gave (for grouping)
 * @param taped the companion runs the method on the scalar tape (also for WRONG)
 * @param points points checked numerically (where the original returns a finite value)
 * @param comparisons gradient coordinates compared with central differences
 * @param seconds compile and check time
 */
public record MethodResult(Candidate candidate, Outcome outcome, String detail, List<String> errors, boolean taped,
    int points, int comparisons, double seconds) {

  /** One tab-separated line: id, outcome, points, comparisons, detail. */
  public String line() {
    return candidate.id() + "\t" + outcome.label() + (outcome == Outcome.WRONG || outcome == Outcome.WARNED ? (taped ? " (tape)" : " (static)") : "")
        + "\t" + points + "\t" + comparisons + "\t" + oneLine(detail);
  }

  static String oneLine(String text) {
    return text == null ? "" : text.replaceAll("\\s*\\R\\s*", " ").replace('\t', ' ');
  }
}
