package dev.adjoint.benchmarks.checkpoint;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The memory a gradient of {@link Rk4Model} needs: the smallest heap ({@code -Xmx}, young
 * generation fixed at 1 MB so nearly all of it can hold what the reverse sweep keeps) in which a
 * fresh JVM computes it, found by bisection to 1 MB, minus the smallest heap in which the primal
 * runs. That difference is what the reverse sweep keeps alive at its peak (its stacks, including
 * the moment a stack doubles), whatever it allocates and drops along the way.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.adjoint.benchmarks.checkpoint.HeapProbe 1000000 100000</pre>
 */
public final class HeapProbe {
  private HeapProbe() {}

  private static final String[] VARIANTS = {"primal", "reverse", "checkpointed"};

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("run")) {
      run(args[1], Integer.parseInt(args[2]));
      return;
    }
    System.out.println("| steps | inlined step: kept | @Checkpoint step: kept | ratio |");
    System.out.println("|---:|---:|---:|---:|");
    for (String a : args.length == 0 ? new String[] {"1000000"} : args) {
      int steps = Integer.parseInt(a);
      int base = minimalHeap("primal", steps);
      int reverse = minimalHeap("reverse", steps) - base;
      int checkpointed = minimalHeap("checkpointed", steps) - base;
      System.out.printf(Locale.ROOT, "| %d | %d MB | %d MB | %.1f× |%n", steps, reverse, checkpointed,
          (double) reverse / Math.max(1, checkpointed));
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
      default -> throw new IllegalArgumentException("unknown variant " + variant + "; one of " + List.of(VARIANTS));
    };
    System.out.println(result);
  }

  /** Smallest -Xmx in MB (bisection) for which {@code variant} succeeds. */
  static int minimalHeap(String variant, int steps) throws IOException, InterruptedException {
    int low = 1;   // fails (or untested)
    int high = 2048;
    if (!fits(variant, steps, high)) {
      throw new IllegalStateException(variant + " with " + steps + " steps needs more than " + high + " MB");
    }
    while (high - low > 1) {
      int mid = (low + high) >>> 1;
      if (fits(variant, steps, mid)) {
        high = mid;
      } else {
        low = mid;
      }
    }
    return high;
  }

  private static boolean fits(String variant, int steps, int megabytes) throws IOException, InterruptedException {
    String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    List<String> command = new ArrayList<>(List.of(java, "-Xmx" + megabytes + "m", "-Xms" + megabytes + "m",
        "-Xmn1m", "-XX:+UseSerialGC", "-Xshare:off", "-cp", System.getProperty("java.class.path"),
        HeapProbe.class.getName(), "run", variant, Integer.toString(steps)));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
    return p.waitFor() == 0;
  }
}
