package dev.adjoint.benchmarks.checkpoint;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The memory a gradient of {@link Rk4Model} needs: the smallest heap ({@code -Xmx}, young
 * generation fixed at 1 MB so nearly all of it can hold what the reverse sweep keeps) in which a
 * fresh JVM computes it, found by bisection to 2 MB (the JVM sizes heaps in steps of 2 MB), minus
 * the smallest heap in which the primal
 * runs. That difference is what the reverse sweep keeps alive at its peak (its stacks, including
 * the moment a stack doubles), whatever it allocates and drops along the way.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.adjoint.benchmarks.checkpoint.HeapProbe 1000000 100000</pre>
 */
public final class HeapProbe {
  private HeapProbe() {}

  private static final String[] VARIANTS = {"primal", "reverse", "checkpointed", "binomial"};

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("run")) {
      run(args[1], Integer.parseInt(args[2]));
      return;
    }
    System.out.println("| steps | inlined step: kept | @Checkpoint step: kept | binomial, 20 snapshots: kept |");
    System.out.println("|---:|---:|---:|---:|");
    for (String a : args.length == 0 ? new String[] {"1000000"} : args) {
      int steps = Integer.parseInt(a);
      int base = minimalHeap("primal", steps);
      System.out.printf(Locale.ROOT, "| %d | %s | %s | %s |%n", steps, kept("reverse", steps, base),
          kept("checkpointed", steps, base), kept("binomial", steps, base));
    }
  }

  /** Runs one variant once (in a JVM with the heap under test); exits 0 when it fit. */
  private static void run(String variant, int steps) {
    Rk4Benchmark bench = new Rk4Benchmark();
    bench.steps = steps;
    Object result = switch (variant) {
      case "primal" -> bench.primal();
      case "reverse" -> bench.reverse();
      case "checkpointed" -> bench.checkpointed();
      case "binomial" -> bench.binomial();
      default -> throw new IllegalArgumentException("unknown variant " + variant + "; one of " + List.of(VARIANTS));
    };
    System.out.println(result);
  }

  private static String kept(String variant, int steps, int base) throws IOException, InterruptedException {
    int kb = minimalHeap(variant, steps) - base;
    return kb < RESOLUTION_KB ? "< " + RESOLUTION_KB / 1024 + " MB"
        : String.format(Locale.ROOT, "%.1f MB", kb / 1024.0);
  }

  /** Smallest -Xmx in KB (bisection to {@link #RESOLUTION_KB}) for which {@code variant} succeeds. */
  static int minimalHeap(String variant, int steps) throws IOException, InterruptedException {
    int low = 1024;   // fails (or untested)
    int high = 2048 * 1024;
    if (!fits(variant, steps, high)) {
      throw new IllegalStateException(variant + " with " + steps + " steps needs more than " + high + " KB");
    }
    while (high - low > RESOLUTION_KB) {
      int mid = (low + high) >>> 1;
      if (fits(variant, steps, mid)) {
        high = mid;
      } else {
        low = mid;
      }
    }
    return high;
  }

  /** The bisection stops at this width: the JVM sizes the heap in steps of 2 MB. */
  static final int RESOLUTION_KB = 2048;

  private static boolean fits(String variant, int steps, int kilobytes) throws IOException, InterruptedException {
    String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    List<String> command = new ArrayList<>(List.of(java, "-Xmx" + kilobytes + "k", "-Xms" + kilobytes + "k",
        "-Xmn1m", "-XX:+UseSerialGC", "-Xshare:off", "-cp", System.getProperty("java.class.path"),
        HeapProbe.class.getName(), "run", variant, Integer.toString(steps)));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
    return p.waitFor() == 0;
  }
}
