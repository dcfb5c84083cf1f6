package dev.adjoint.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns JMH's JSON result ({@code -rf json}) into {@code docs/BENCHMARKS.md}: the machine, the JDK,
 * the JMH settings, a table per workload and the ratios of issue #7 with their targets.
 *
 * <p><b>Naming convention</b> (the report knows no workload, only these names): one benchmark
 * class per workload ({@code FooBenchmark} → workload "Foo"; its package, e.g. {@code scalar} or
 * {@code tensor}, is its section), with methods named by what they time:
 * <ul>
 *   <li>{@code primal} — the function alone;
 *   <li>{@code reverse} — the generated reverse-mode gradient ({@code nameGradient});
 *   <li>{@code forward} — the generated forward mode, one direction ({@code nameJvp});
 *   <li>{@code handWritten} — a hand-written gradient of the same function;
 *   <li>{@code tape} — the same gradient on the runtime's dynamic tape;
 *   <li>{@code hvp} — the generated Hessian-vector product ({@code nameHvp}, second order);
 *   <li>{@code hessian} — the generated Hessian ({@code nameHessian}) of a workload with n = 100 values;
 *   <li>{@code hipparchus} — Hipparchus computing the same directional derivative as {@code forward};
 *   <li>{@code matmul} and {@code ejml} — our matrix product and EJML's on the same matrices;
 *   <li>{@code pytorch}, {@code pytorchPrimal} — the same model's gradient step and forward pass in
 *   PyTorch eager, {@code openblas} — numpy's matrix product (both from {@code benchmarks/python/bench.py},
 *   merged from further JSON files in JMH's format).
 * </ul>
 * Other methods are listed in the tables without ratios. A class with {@code @Param}s gets one
 * table per parameter combination. Every ratio in {@link #RATIOS} whose two methods exist is
 * computed from the medians of the same run.
 */
public final class Report {
  private Report() {}

  /** A ratio of two methods' times; {@code bound} NaN when the issue sets no target. */
  record Ratio(String numerator, String denominator, String meaning, boolean atMost, double bound,
      String onlyInPackage) {
    boolean hasTarget(String pkg) {
      return !Double.isNaN(bound) && (onlyInPackage == null || onlyInPackage.equals(pkg));
    }

    String target(String pkg) {
      return hasTarget(pkg) ? (atMost ? "≤ " : "≥ ") + format(bound) : "—";
    }

    boolean met(double value) {
      return atMost ? value <= bound : value >= bound;
    }
  }

  /** Issue #7's targets, and context ratios without a target. */
  static final List<Ratio> RATIOS = List.of(
      new Ratio("reverse", "primal", "generated reverse gradient ÷ primal", true, 3, null),
      new Ratio("reverse", "handWritten", "generated reverse gradient ÷ hand-written gradient", true, 1.2, null),
      new Ratio("forward", "primal", "generated forward JVP (one direction) ÷ primal", true, 2, null),
      new Ratio("handWritten", "primal", "hand-written gradient ÷ primal", true, Double.NaN, null),
      new Ratio("tape", "reverse", "tape gradient ÷ generated reverse gradient", true, 1.3, "tensor"),
      new Ratio("reverseHelpers", "reverse", "RK4 with its right-hand side in scalar helpers ÷ written out (gradient)",
          true, 1.2, null),
      new Ratio("reverseArrayHelper", "reverse",
          "RK4 with its right-hand side in a helper returning double[] ÷ written out (gradient)", true, 1.2, null),
      new Ratio("hvp", "reverse", "generated Hessian-vector product ÷ generated gradient", true, 4, null),
      new Ratio("hessian", "hvp", "generated Hessian (n = 100) ÷ one Hessian-vector product (target: ≤ n)", true,
          Workloads.HESSIAN_N, null),
      new Ratio("hipparchus", "forward", "Hipparchus JVP ÷ generated JVP (> 1: ours is faster)", true, Double.NaN, null),
      new Ratio("ejml", "matmul", "EJML CommonOps_DDRM.mult ÷ our matmul (> 1: ours is faster)", false, 2, null),
      new Ratio("checkpointed", "reverse", "@Checkpoint step ÷ inlined step (gradient time)", true, 2, "checkpoint"),
      new Ratio("openblas", "matmulOneCore", "OpenBLAS (numpy, 1 thread) ÷ our matmul on one core (> 1: ours is faster)",
          false, 0.9, null),
      new Ratio("matmulOneCore", "matmul", "our matmul: one core ÷ all cores (the parallel speed-up)", false,
          Double.NaN, null),
      new Ratio("matmulOneCorePlain", "matmulOneCore",
          "our matmul on one core: without ÷ with --add-modules jdk.incubator.vector (the Vector API kernel)", false,
          Double.NaN, null),
      new Ratio("pytorch", "matmul", "PyTorch matmul ÷ our matmul (> 1: ours is faster)", false, Double.NaN, null),
      new Ratio("pytorch", "reverse", "PyTorch eager gradient step ÷ generated reverse gradient (> 1: ours is faster)",
          false, 1, "tensor"),
      new Ratio("pytorch", "tape", "PyTorch eager gradient step ÷ our tape's (> 1: ours is faster)", false, Double.NaN,
          null),
      new Ratio("pytorchPrimal", "primal", "PyTorch eager forward ÷ our primal (> 1: ours is faster)", false,
          Double.NaN, null));

  /** One benchmark method's result. */
  record Result(String method, double median, double best, double mean, double error, String unit,
      double nanos, double bestNanos, double allocBytes) {}

  /** A workload: one class, one combination of parameters. */
  record Workload(String pkg, String name, String params, Map<String, Result> results) {}

  public static void main(String[] args) throws IOException {
    if (args.length < 2) {
      System.err.println("usage: Report <jmh-result.json> <output.md> [more results in JMH's format...]");
      System.exit(2);
    }
    List<Object> runs = new ArrayList<>((List<?>) Json.parse(Files.readString(Path.of(args[0]))));
    for (int i = 2; i < args.length; i++) {
      runs.addAll((List<?>) Json.parse(Files.readString(Path.of(args[i]))));
    }
    String markdown = render(runs, Files.getLastModifiedTime(Path.of(args[0])).toInstant());
    Path out = Path.of(args[1]);
    if (out.getParent() != null) {
      Files.createDirectories(out.getParent());
    }
    Files.writeString(out, markdown);
    System.out.println("wrote " + out);
  }

  /** The report of {@code runs}, whose results were written at {@code written}. */
  static String render(List<?> runs, Instant written) {
    Map<String, Workload> workloads = new LinkedHashMap<>();
    Map<?, ?> first = runs.isEmpty() ? Map.of() : (Map<?, ?>) runs.get(0);
    for (Object o : runs) {
      Map<?, ?> run = (Map<?, ?>) o;
      String benchmark = (String) run.get("benchmark");
      int dot = benchmark.lastIndexOf('.');
      String className = benchmark.substring(0, dot);
      String method = benchmark.substring(dot + 1);
      String simple = className.substring(className.lastIndexOf('.') + 1);
      String pkgPath = className.substring(0, Math.max(0, className.lastIndexOf('.')));
      String pkg = pkgPath.substring(pkgPath.lastIndexOf('.') + 1);
      String name = simple.endsWith("Benchmark") ? simple.substring(0, simple.length() - "Benchmark".length()) : simple;
      String params = params(run.get("params"));
      Workload w = workloads.computeIfAbsent(className + params,
          k -> new Workload(pkg, name, params, new LinkedHashMap<>()));
      w.results().put(method, result(method, run));
    }

    StringBuilder md = new StringBuilder();
    md.append("# Benchmarks\n\n");
    md.append("Written by `bash benchmarks/run.sh` (JMH, `benchmarks/` module) on ")
        .append(written.atZone(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")));
    String commit = System.getenv("ADJOINT_COMMIT");
    if (commit != null && !commit.isBlank()) {
      md.append(", commit `").append(commit.trim()).append('`');
    }
    md.append(". Times are per call; ratios divide medians of the same run, so they compare like with like "
        + "even when the machine is noisy. \"Best\" is a method's fastest measured iteration (over all forks), "
        + "and the best-iteration ratio divides those: other tenants of a shared machine only ever slow an "
        + "iteration down, so where medians move from run to run it is the steadier view of the code's cost; "
        + "the verdicts use the medians. What each workload computes, and the naming convention, is in "
        + "`benchmarks/README.md`.\n\n");
    environment(md, first);
    python(md, runs);
    targets(md, workloads);
    String section = null;
    for (Workload w : workloads.values()) {
      if (!w.pkg().equals(section)) {
        section = w.pkg();
        md.append("## ").append(section.isEmpty() ? "benchmarks" : section).append(" workloads\n\n");
      }
      table(md, w);
    }
    return md.toString();
  }

  private static void environment(StringBuilder md, Map<?, ?> run) {
    md.append("## Machine and settings\n\n| | |\n|---|---|\n");
    md.append("| CPU | ").append(cpuModel()).append(", ").append(Runtime.getRuntime().availableProcessors())
        .append(" cores available |\n");
    md.append("| OS | ").append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.version"))
        .append(" (").append(System.getProperty("os.arch")).append(") |\n");
    md.append("| JDK | ").append(System.getProperty("java.vendor")).append(' ')
        .append(get(run, "jdkVersion", System.getProperty("java.version"))).append(", ")
        .append(get(run, "vmName", System.getProperty("java.vm.name"))).append(' ')
        .append(get(run, "vmVersion", System.getProperty("java.vm.version"))).append(" |\n");
    md.append("| JMH | ").append(get(run, "jmhVersion", "?")).append(", mode ")
        .append(get(run, "mode", "?")).append(", ").append(integer(run.get("forks"))).append(" fork(s), ")
        .append(integer(run.get("warmupIterations"))).append(" × ").append(get(run, "warmupTime", "?"))
        .append(" warmup, ").append(integer(run.get("measurementIterations"))).append(" × ")
        .append(get(run, "measurementTime", "?")).append(" measurement, ")
        .append(integer(run.get("threads"))).append(" thread(s) |\n");
    Object jvmArgs = run.get("jvmArgs");
    if (jvmArgs instanceof List<?> list && !list.isEmpty()) {
      md.append("| JVM arguments | `").append(String.join(" ", list.stream().map(String::valueOf).toList()))
          .append("` |\n");
    }
    md.append('\n');
  }

  /** The runtimes of results from {@code bench.py} (they carry a {@code python} entry), if any. */
  private static void python(StringBuilder md, List<?> runs) {
    java.util.Set<String> runtimes = new java.util.LinkedHashSet<>();
    for (Object o : runs) {
      if (((Map<?, ?>) o).get("python") instanceof Map<?, ?> p && p.get("runtime") != null) {
        runtimes.add(String.valueOf(p.get("runtime")));
      }
    }
    if (!runtimes.isEmpty()) {
      md.append("Side by side (`benchmarks/python/bench.py`, same models and shapes, rounds of 1 s): ")
          .append(String.join("; ", runtimes)).append(".\n\n");
    }
  }

  private static void targets(StringBuilder md, Map<String, Workload> workloads) {
    md.append("## Targets (issues #7 and #17)\n\n| workload | ratio | medians | best iterations | target | |\n"
        + "|---|---|---:|---:|---:|---|\n");
    boolean any = false;
    for (Workload w : workloads.values()) {
      for (Ratio r : RATIOS) {
        double value = ratio(w, r, Result::nanos);
        if (!Double.isNaN(value) && r.hasTarget(w.pkg())) {
          any = true;
          md.append("| ").append(w.name()).append(w.params()).append(" | ").append(r.numerator()).append(" / ")
              .append(r.denominator()).append(" | ").append(format(value)).append("× | ")
              .append(format(ratio(w, r, Result::bestNanos))).append("× | ").append(r.target(w.pkg()))
              .append(" | ").append(r.met(value) ? "met" : "**missed**").append(" |\n");
        }
      }
    }
    if (!any) {
      md.append("| (no benchmark pair with a target in this run) | | | | | |\n");
    }
    md.append('\n');
  }

  private static void table(StringBuilder md, Workload w) {
    md.append("### ").append(w.name()).append(w.params()).append("\n\n");
    boolean alloc = w.results().values().stream().anyMatch(r -> !Double.isNaN(r.allocBytes()));
    md.append("| method | median | best | mean ± 99.9% error | unit |").append(alloc ? " allocated per call |" : "")
        .append("\n|---|---:|---:|---:|---|").append(alloc ? "---:|" : "").append('\n');
    for (Result r : w.results().values()) {
      md.append("| `").append(r.method()).append("` | ").append(format(r.median())).append(" | ")
          .append(format(r.best())).append(" | ")
          .append(format(r.mean())).append(" ± ").append(format(r.error())).append(" | ").append(r.unit()).append(" |");
      if (alloc) {
        md.append(' ').append(bytes(r.allocBytes())).append(" |");
      }
      md.append('\n');
    }
    List<String> rows = new ArrayList<>();
    for (Ratio r : RATIOS) {
      double value = ratio(w, r, Result::nanos);
      if (!Double.isNaN(value)) {
        String verdict = r.hasTarget(w.pkg()) ? (r.met(value) ? "met" : "**missed**") : "";
        rows.add("| " + r.meaning() + " | " + format(value) + "× | " + format(ratio(w, r, Result::bestNanos)) + "× | "
            + r.target(w.pkg()) + " | " + verdict + " |");
      }
    }
    if (!rows.isEmpty()) {
      md.append("\n| ratio | medians | best iterations | target | |\n|---|---:|---:|---:|---|\n");
      rows.forEach(row -> md.append(row).append('\n'));
    }
    md.append('\n');
  }

  /** The ratio's numerator over its denominator, both read by {@code time} (the median or the fastest iteration). */
  private static double ratio(Workload w, Ratio r, java.util.function.ToDoubleFunction<Result> time) {
    Result a = w.results().get(r.numerator());
    Result b = w.results().get(r.denominator());
    return a == null || b == null ? Double.NaN : time.applyAsDouble(a) / time.applyAsDouble(b);
  }

  private static Result result(String method, Map<?, ?> run) {
    Map<?, ?> metric = (Map<?, ?>) run.get("primaryMetric");
    double mean = Json.number(metric.get("score"));
    double error = Json.number(metric.get("scoreError"));
    String unit = String.valueOf(metric.get("scoreUnit"));
    Object percentiles = metric.get("scorePercentiles");
    double median = percentiles instanceof Map<?, ?> p && p.containsKey("50.0") ? Json.number(p.get("50.0")) : mean;
    // the fastest iteration: the lowest time, or the highest rate for ops/time units
    boolean rate = unit.startsWith("ops/");
    String end = rate ? "100.0" : "0.0";
    double best = percentiles instanceof Map<?, ?> p && p.containsKey(end) ? Json.number(p.get(end)) : median;
    double alloc = Double.NaN;
    if (run.get("secondaryMetrics") instanceof Map<?, ?> secondary
        && (secondary.containsKey("gc.alloc.rate.norm") ? secondary.get("gc.alloc.rate.norm")
            : secondary.get("·gc.alloc.rate.norm")) instanceof Map<?, ?> norm) {
      alloc = Json.number(norm.get("score"));
    }
    return new Result(method, median, best, mean, error, unit, nanos(median, unit), nanos(best, unit), alloc);
  }

  /** A score as nanoseconds per call ({@code ops/time} units are inverted). */
  static double nanos(double score, String unit) {
    String[] parts = unit.split("/");
    if (parts.length != 2) {
      return Double.NaN;
    }
    if (parts[1].equals("op")) {
      return score * nanosPer(parts[0]);
    }
    return nanosPer(parts[1]) / score;
  }

  private static double nanosPer(String unit) {
    switch (unit) {
      case "ns": return 1;
      case "us": return 1e3;
      case "ms": return 1e6;
      case "s": return 1e9;
      case "min": return 60e9;
      default: return Double.NaN;
    }
  }

  private static String params(Object p) {
    if (!(p instanceof Map<?, ?> map) || map.isEmpty()) {
      return "";
    }
    StringBuilder s = new StringBuilder(" (");
    map.forEach((k, v) -> s.append(s.length() > 2 ? ", " : "").append(k).append('=').append(v));
    return s.append(')').toString();
  }

  private static String cpuModel() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: fall through
    }
    return System.getProperty("os.arch");
  }

  private static Object get(Map<?, ?> map, String key, Object absent) {
    Object v = map.get(key);
    return v == null ? absent : v;
  }

  private static String integer(Object v) {
    double d = Json.number(v);
    return Double.isNaN(d) ? "?" : String.valueOf((long) d);
  }

  private static String bytes(double b) {
    if (Double.isNaN(b)) {
      return "—";
    }
    if (b >= 1 << 20) {
      return String.format(Locale.ROOT, "%.2f MB", b / (1 << 20));
    }
    if (b >= 1 << 10) {
      return String.format(Locale.ROOT, "%.1f KB", b / (1 << 10));
    }
    return String.format(Locale.ROOT, "%.0f B", b);
  }

  /** Three significant digits, never scientific notation for everyday magnitudes. */
  static String format(double v) {
    if (Double.isNaN(v)) {
      return "—";
    }
    double a = Math.abs(v);
    if (a >= 100) {
      return String.format(Locale.ROOT, "%.0f", v);
    }
    if (a >= 10) {
      return String.format(Locale.ROOT, "%.1f", v);
    }
    if (a >= 0.01 || a == 0) {
      return String.format(Locale.ROOT, "%.2f", v);
    }
    return String.format(Locale.ROOT, "%.2g", v);
  }
}
