package dev.adjoint.corpus;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The counts, per class and overall, and the lists the lead works from, as Markdown. */
public final class Report {
  static final double TARGET_DIFFERENTIATED = 0.8;
  private static final int TOP = 20;
  private static final Pattern NO_DERIVATIVE = Pattern.compile("^(.*?) has no known derivative, but receives");

  private Report() {}

  public static Map<Outcome, Integer> counts(List<MethodResult> results) {
    Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
    for (Outcome o : Outcome.values()) {
      counts.put(o, 0);
    }
    results.forEach(r -> counts.merge(r.outcome(), 1, Integer::sum));
    return counts;
  }

  /** "static 20, tape 8, ERROR 118, …": the one-line summary. */
  public static String countLine(List<MethodResult> results) {
    StringBuilder line = new StringBuilder(results.size() + " methods:");
    counts(results).forEach((o, n) -> {
      if (o != Outcome.SKIPPED || n > 0) {
        line.append(' ').append(o.label()).append(' ').append(n).append(',');
      }
    });
    line.setLength(line.length() - 1);
    return line.toString();
  }

  public static String markdown(String name, List<MethodResult> results, double seconds) {
    StringBuilder md = new StringBuilder();
    Map<Outcome, Integer> counts = counts(results);
    long classes = results.stream().map(r -> r.candidate().binaryClass()).distinct().count();
    md.append("# Corpus: ").append(name).append("\n\n");
    md.append(results.size()).append(" static methods returning double with primitive or primitive-array parameters, in ")
        .append(classes).append(" classes; ").append(String.format(Locale.ROOT, "%.0f s", seconds)).append(".\n\n");
    md.append("| outcome | methods |\n|---|---:|\n");
    counts.forEach((o, n) -> md.append("| ").append(o.label()).append(" | ").append(n).append(" |\n"));
    int differentiated = counts.get(Outcome.STATIC) + counts.get(Outcome.TAPE);
    int measured = results.size() - counts.get(Outcome.SKIPPED);
    md.append(String.format(Locale.ROOT, "%nDifferentiated (static + tape): %d of %d = %.1f%% (target ≥ %.0f%%).%n",
        differentiated, measured, measured == 0 ? 0.0 : 100.0 * differentiated / measured, 100 * TARGET_DIFFERENTIATED));
    long checked = results.stream().filter(r -> r.outcome().differentiated() && r.comparisons() > 0).count();
    long valueOnly = results.stream().filter(r -> r.outcome().differentiated() && r.points() > 0 && r.comparisons() == 0).count();
    long unchecked = results.stream().filter(r -> r.outcome().differentiated() && r.points() == 0).count();
    md.append(String.format(Locale.ROOT, "Of those, %d checked against central differences, %d only by value and"
        + " forward-vs-reverse (no differentiated parameter, or no smooth coordinate), %d not checked (no point found"
        + " where the original returns a finite value, or the check did not finish).%n", checked, valueOnly, unchecked));
    long noDerivative = results.stream().filter(r -> r.outcome() == Outcome.ERROR
        && r.errors().stream().allMatch(e -> namesCallWithoutSource(e, r.candidate()))).count();
    md.append(String.format(Locale.ROOT, "ERROR: %d, of which %d name only calls into code without source and without"
        + " a derivative, %d something else (the target: none).%n", counts.get(Outcome.ERROR), noDerivative,
        counts.get(Outcome.ERROR) - noDerivative));

    md.append("\n## Per class\n\n| class | methods |");
    for (Outcome o : Outcome.values()) {
      md.append(' ').append(o.label()).append(" |");
    }
    md.append("\n|---|---:|");
    md.append("---:|".repeat(Outcome.values().length)).append('\n');
    Map<String, List<MethodResult>> byClass = new TreeMap<>();
    results.forEach(r -> byClass.computeIfAbsent(r.candidate().binaryClass(), k -> new ArrayList<>()).add(r));
    byClass.forEach((c, rs) -> {
      md.append("| ").append(c).append(" | ").append(rs.size()).append(" |");
      counts(rs).forEach((o, n) -> md.append(' ').append(n == 0 ? "" : n).append(" |"));
      md.append('\n');
    });

    Map<String, Integer> byKind = new LinkedHashMap<>();
    Map<String, String> example = new LinkedHashMap<>();
    Map<String, Integer> byKey = new LinkedHashMap<>();
    Map<String, Integer> byText = new LinkedHashMap<>();
    for (MethodResult r : results) {
      r.errors().stream().map(MessageKinds::kind).distinct().forEach(k -> byKind.merge(k, 1, Integer::sum));
      for (String e : r.errors()) {
        example.putIfAbsent(MessageKinds.kind(e), e);
        byKey.merge(MessageKinds.key(e), 1, Integer::sum);
        byText.merge(e, 1, Integer::sum);
      }
    }
    if (!byKind.isEmpty()) {
      md.append("\n## ERRORs by processor message (methods with at least one)\n\n| methods | message | example |\n|---:|---|---|\n");
      byKind.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()
          .thenComparing(Map.Entry.comparingByKey())).forEach(e -> md.append("| ").append(e.getValue()).append(" | ")
          .append(e.getKey()).append(" | ").append(cell(example.get(e.getKey()))).append(" |\n"));
    }
    top(md, "ERROR messages without the parts that vary (argument expressions, method names, lines)", byKey);
    top(md, "ERROR messages, exact text", byText);
    Map<String, Integer> tapeReasons = new LinkedHashMap<>();
    results.stream().filter(r -> r.taped() && r.outcome().differentiated())
        .forEach(r -> tapeReasons.merge(r.detail().replaceAll(" at line \\d+.*", "").replaceAll(";.*", ""), 1,
            Integer::sum));
    top(md, "Why methods run on the tape", tapeReasons);

    for (Outcome o : List.of(Outcome.CRASH, Outcome.NO_COMPANION, Outcome.UNCOMPILABLE, Outcome.WRONG, Outcome.WARNED,
        Outcome.SKIPPED)) {
      list(md, o.label(), results.stream().filter(r -> r.outcome() == o).toList());
    }
    list(md, "differentiated but not checked numerically",
        results.stream().filter(r -> r.outcome().differentiated() && r.points() == 0).toList());
    return md.toString();
  }

  /**
   * A message naming a call into code the processor has no source for and no derivative of:
   * what the target allows an ERROR to be.
   */
  static boolean namesCallWithoutSource(String error, Candidate c) {
    if (error.contains("no known derivative and no source in this class")) {
      return true;
    }
    Matcher m = NO_DERIVATIVE.matcher(error);
    if (!m.find()) {
      return false;
    }
    String callee = m.group(1);
    String owner = callee.contains(".") ? callee.substring(0, callee.lastIndexOf('.')) : "";
    String simple = c.binaryClass().replaceAll(".*[.$]", "");
    String top = c.binaryClass().replaceAll(".*\\.", "").replaceAll("\\$.*", "");
    return !owner.isEmpty() && !owner.equals(simple) && !owner.equals(top) && !owner.endsWith("." + simple);
  }

  private static void top(StringBuilder md, String title, Map<String, Integer> counts) {
    if (counts.isEmpty()) {
      return;
    }
    md.append("\n## ").append(title).append(counts.size() <= TOP ? " (all " + counts.size() + ")"
        : " (top " + TOP + " of " + counts.size() + ")").append("\n\n");
    md.append("| methods | message |\n|---:|---|\n");
    counts.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
        .limit(TOP)
        .forEach(e -> md.append("| ").append(e.getValue()).append(" | ").append(cell(e.getKey())).append(" |\n"));
  }

  private static void list(StringBuilder md, String title, List<MethodResult> results) {
    if (results.isEmpty()) {
      return;
    }
    md.append("\n## ").append(title).append(" (").append(results.size()).append(")\n\n");
    results.stream().sorted(Comparator.comparing(r -> r.candidate().id())).forEach(r -> md.append("- `")
        .append(r.candidate().id()).append('`').append(r.outcome() == Outcome.WRONG || r.outcome() == Outcome.WARNED ? (r.taped() ? " (tape)" : " (static)") : "")
        .append(": ").append(cell(r.detail())).append('\n'));
  }

  private static String cell(String text) {
    return MethodResult.oneLine(text).replace("|", "\\|");
  }
}
