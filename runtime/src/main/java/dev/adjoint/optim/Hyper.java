package dev.adjoint.optim;

/** Checks of optimizer hyperparameters, and the power that Adam's bias corrections need. */
final class Hyper {
  private Hyper() {}

  static void nonNegative(String optimizer, String name, double value) {
    if (!(value >= 0) || value == Double.POSITIVE_INFINITY) {
      throw new IllegalArgumentException(optimizer + ": " + name + " must be finite and >= 0 but was "
          + value);
    }
  }

  static void beta(String optimizer, String name, double value) {
    if (!(value >= 0 && value < 1)) {
      throw new IllegalArgumentException(optimizer + ": " + name + " must be in [0, 1) but was "
          + value);
    }
  }

  /**
   * {@code beta^t} correctly rounded (for {@code beta} in [0, 1), {@code t >= 1}), from
   * square-and-multiply in double-double arithmetic (about 100 significant bits, rounded once at
   * the end). PyTorch takes {@code beta ** t} from C's {@code pow}, which glibc computes within
   * 0.52 ulp (so off by one ulp for about 1 in 1000 pairs); {@link Math#pow} is within 1 ulp and
   * may vary with the JVM and platform. The correctly rounded value is the same everywhere and
   * agrees with glibc about as often as {@code Math.pow} does.
   */
  static double pow(double beta, long t) {
    double rh = 1;
    double rl = 0;
    double bh = beta;
    double bl = 0;
    while (true) {
      if ((t & 1) != 0) {
        double p = rh * bh;
        double e = Math.fma(rh, bh, -p) + (rh * bl + rl * bh);
        rh = p + e;
        rl = e - (rh - p);
      }
      t >>>= 1;
      if (t == 0) {
        return rh + rl;
      }
      double p = bh * bh;
      double e = Math.fma(bh, bh, -p) + 2 * bh * bl;
      bh = p + e;
      bl = e - (bh - p);
    }
  }
}
