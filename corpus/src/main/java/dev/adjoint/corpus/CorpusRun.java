package dev.adjoint.corpus;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Command line: measures one library and writes {@code methods.tsv} (one line per method, to
 * diff between runs) and {@code summary.md} (counts, per class, the top ERROR messages, every
 * crash, missing companion, uncompilable and wrong method) to {@code --out}.
 *
 * <pre>
 * java -cp ... dev.adjoint.corpus.CorpusRun --name=commons-math3 --jar=LIB.jar --sources=LIB-sources.jar
 *     --out=DIR [--filter=REGEX] [--threads=1] [--seed=1] [--open-private=true]
 *     [--javac-options="-Aadjoint.fallback=always"] [--list]
 * </pre>
 */
public final class CorpusRun {
  private CorpusRun() {}

  public static void main(String[] argv) throws IOException {
    Map<String, String> args = new HashMap<>();
    for (String a : argv) {
      if (!a.startsWith("--")) {
        throw new IllegalArgumentException("expected --name=value, got " + a);
      }
      int eq = a.indexOf('=');
      args.put(eq < 0 ? a.substring(2) : a.substring(2, eq), eq < 0 ? "" : a.substring(eq + 1));
    }
    Path sources = Path.of(required(args, "sources"));
    if (args.containsKey("list")) {
      Corpus.candidates(sources).forEach(c -> System.out.println(c.id()));
      return;
    }
    String name = args.getOrDefault("name", sources.getFileName().toString());
    Path out = Path.of(required(args, "out")).toAbsolutePath();
    String filter = args.getOrDefault("filter", "");
    Corpus.Options options = new Corpus.Options(Path.of(required(args, "jar")), sources, out.resolve("work"),
        filter.isBlank() ? null : Pattern.compile(filter), Integer.parseInt(args.getOrDefault("threads", "1")),
        Long.parseLong(args.getOrDefault("seed", "1")), Boolean.parseBoolean(args.getOrDefault("open-private", "false")),
        List.of(args.getOrDefault("javac-options", "").trim().split("\\s+")).stream().filter(o -> !o.isEmpty()).toList());
    Corpus.deleteTree(out);
    Files.createDirectories(out);
    long start = System.nanoTime();
    List<MethodResult> results = new ArrayList<>();
    if (options.openPrivate()) {
      name += ", every private declaration made package-private";
    }
    if (!options.javacOptions().isEmpty()) {
      name += ", javac " + String.join(" ", options.javacOptions());
    }
    System.out.println("[corpus] " + name + ": measuring" + (filter.isBlank() ? "" : " methods matching " + filter));
    results.addAll(Corpus.measure(options, r -> System.out.printf(Locale.ROOT, "[corpus] %-14s %5.1f s  %s%s%n",
        r.outcome().label(), r.seconds(), r.candidate().id(),
        r.outcome().differentiated() ? "" : "  " + truncate(MethodResult.oneLine(r.detail()), 160))));
    double seconds = (System.nanoTime() - start) / 1e9;
    List<String> lines = new ArrayList<>(List.of("method\toutcome\tpoints\tfd_comparisons\tdetail"));
    results.stream().map(MethodResult::line).sorted().forEach(lines::add);
    Files.write(out.resolve("methods.tsv"), lines);
    String summary = Report.markdown(name, results, seconds);
    Files.writeString(out.resolve("summary.md"), summary);
    System.out.println();
    System.out.println(summary);
    System.out.println("[corpus] " + name + ": " + Report.countLine(results));
    System.out.println("[corpus] wrote " + out.resolve("summary.md") + " and " + out.resolve("methods.tsv")
        + "; generated code of methods that are not clean is kept in " + options.work());
  }

  private static String required(Map<String, String> args, String key) {
    String value = args.get(key);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("missing --" + key + "=...");
    }
    return value;
  }

  private static String truncate(String s, int n) {
    return s.length() <= n ? s : s.substring(0, n) + "…";
  }
}
