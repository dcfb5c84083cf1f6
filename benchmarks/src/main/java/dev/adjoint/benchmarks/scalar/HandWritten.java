package dev.adjoint.benchmarks.scalar;

/**
 * The gradients of the scalar workloads written by hand, the way a competent engineer would: one
 * fused pass where the math allows it, no stacks, fresh result arrays (as the generated code's
 * contract requires, so both sides allocate the same).
 */
public final class HandWritten {
  private HandWritten() {}

  /** Value and gradient of {@link LogisticModel#loss}. */
  public record LogisticGradient(double value, double[] w, double b) {}

  /** Per row: z = w·x + b, then d loss / dz = (sigmoid(z) - y) / m, scattered into dw and db. */
  public static LogisticGradient logistic(double[] w, double b, double[][] x, double[] y) {
    int m = x.length;
    double[] dw = new double[w.length];
    double db = 0;
    double total = 0;
    for (int i = 0; i < m; i++) {
      double[] row = x[i];
      double z = b;
      for (int j = 0; j < w.length; j++) {
        z += w[j] * row[j];
      }
      double e = Math.exp(-Math.abs(z));
      total += Math.max(z, 0) - y[i] * z + Math.log1p(e);
      double p = z >= 0 ? 1 / (1 + e) : e / (1 + e); // sigmoid(z), stable for both signs
      double r = (p - y[i]) / m;
      for (int j = 0; j < w.length; j++) {
        dw[j] += r * row[j];
      }
      db += r;
    }
    return new LogisticGradient(total / m, dw, db);
  }

  /** Value and gradient of {@link RosenbrockModel#rosenbrock}. */
  public record RosenbrockGradient(double value, double[] x) {}

  public static RosenbrockGradient rosenbrock(double[] x) {
    double[] dx = new double[x.length];
    double f = 0;
    for (int i = 0; i + 1 < x.length; i += 2) {
      double t1 = x[i + 1] - x[i] * x[i];
      double t2 = 1 - x[i];
      f += 100 * t1 * t1 + t2 * t2;
      dx[i] = -400 * x[i] * t1 - 2 * t2;
      dx[i + 1] = 200 * t1;
    }
    return new RosenbrockGradient(f, dx);
  }

  /** Value and gradient of {@link MlpModel#loss}. */
  public record MlpGradient(double value, double[][] w1, double[] b1, double[] w2, double b2) {}

  /** Backpropagation per row, reusing one hidden-activation buffer. */
  public static MlpGradient mlp(double[][] w1, double[] b1, double[] w2, double b2, double[][] x, double[] y) {
    int m = x.length;
    int hidden = b1.length;
    double[][] dw1 = new double[hidden][w1[0].length];
    double[] db1 = new double[hidden];
    double[] dw2 = new double[hidden];
    double db2 = 0;
    double[] h = new double[hidden];
    double total = 0;
    for (int s = 0; s < m; s++) {
      double[] row = x[s];
      double out = b2;
      for (int k = 0; k < hidden; k++) {
        double[] weights = w1[k];
        double a = b1[k];
        for (int j = 0; j < row.length; j++) {
          a += weights[j] * row[j];
        }
        h[k] = Math.tanh(a);
        out += w2[k] * h[k];
      }
      double e = out - y[s];
      total += 0.5 * e * e;
      double dout = e / m;
      db2 += dout;
      for (int k = 0; k < hidden; k++) {
        dw2[k] += dout * h[k];
        double da = dout * w2[k] * (1 - h[k] * h[k]);
        db1[k] += da;
        double[] dweights = dw1[k];
        for (int j = 0; j < row.length; j++) {
          dweights[j] += da * row[j];
        }
      }
    }
    return new MlpGradient(total / m, dw1, db1, dw2, db2);
  }

  /** Value and gradient of {@link Rk4Model#misfit}. */
  public record Rk4Gradient(double value, double a, double b, double c, double d, double x0, double y0) {}

  /**
   * The discrete adjoint of the RK4 integration, as one writes it by hand: the forward pass keeps
   * only the trajectory (x, y after each step); the backward pass recomputes each step's four
   * stages from the stored state and pulls the state's adjoint back through them, accumulating
   * the rates' adjoints on the way. With {@code f(x, y) = (a x - b x y, d x y - c y)}, the
   * vector-Jacobian product of a stage is {@code (u (a - b y) + v d y, -u b x + v (d x - c))} and
   * its rate terms are {@code u x, -u x y, -v y, v x y}.
   */
  public static Rk4Gradient rk4(double a, double b, double c, double d, double x0, double y0, double h,
      double[] observed) {
    int steps = observed.length;
    double[] xs = new double[steps + 1];
    double[] ys = new double[steps + 1];
    double x = x0;
    double y = y0;
    xs[0] = x;
    ys[0] = y;
    double total = 0;
    for (int t = 0; t < steps; t++) {
      double k1x = a * x - b * x * y;
      double k1y = d * x * y - c * y;
      double x2 = x + 0.5 * h * k1x;
      double y2 = y + 0.5 * h * k1y;
      double k2x = a * x2 - b * x2 * y2;
      double k2y = d * x2 * y2 - c * y2;
      double x3 = x + 0.5 * h * k2x;
      double y3 = y + 0.5 * h * k2y;
      double k3x = a * x3 - b * x3 * y3;
      double k3y = d * x3 * y3 - c * y3;
      double x4 = x + h * k3x;
      double y4 = y + h * k3y;
      double k4x = a * x4 - b * x4 * y4;
      double k4y = d * x4 * y4 - c * y4;
      x += h / 6 * (k1x + 2 * k2x + 2 * k3x + k4x);
      y += h / 6 * (k1y + 2 * k2y + 2 * k3y + k4y);
      xs[t + 1] = x;
      ys[t + 1] = y;
      double e = x - observed[t];
      total += e * e;
    }
    double ga = 0;
    double gb = 0;
    double gc = 0;
    double gd = 0;
    double bx = 0; // adjoint of the state after step t
    double by = 0;
    double h6 = h / 6;
    for (int t = steps - 1; t >= 0; t--) {
      bx += 2 * (xs[t + 1] - observed[t]) / steps;
      x = xs[t];
      y = ys[t];
      double k1x = a * x - b * x * y;
      double k1y = d * x * y - c * y;
      double x2 = x + 0.5 * h * k1x;
      double y2 = y + 0.5 * h * k1y;
      double k2x = a * x2 - b * x2 * y2;
      double k2y = d * x2 * y2 - c * y2;
      double x3 = x + 0.5 * h * k2x;
      double y3 = y + 0.5 * h * k2y;
      double x4 = x + h * (a * x3 - b * x3 * y3);
      double y4 = y + h * (d * x3 * y3 - c * y3);
      // stage 4 at (x4, y4), weight h/6
      double u = h6 * bx;
      double v = h6 * by;
      ga += u * x4;
      gb -= u * x4 * y4;
      gc -= v * y4;
      gd += v * x4 * y4;
      double px = u * (a - b * y4) + v * d * y4; // adjoint of (x4, y4)
      double py = -u * b * x4 + v * (d * x4 - c);
      double nx = bx + px; // adjoint of the state x, collected from every stage
      double ny = by + py;
      // stage 3 at (x3, y3): weight h/3, and (x4, y4) = state + h k3
      u = 2 * h6 * bx + h * px;
      v = 2 * h6 * by + h * py;
      ga += u * x3;
      gb -= u * x3 * y3;
      gc -= v * y3;
      gd += v * x3 * y3;
      px = u * (a - b * y3) + v * d * y3;
      py = -u * b * x3 + v * (d * x3 - c);
      nx += px;
      ny += py;
      // stage 2 at (x2, y2): weight h/3, and (x3, y3) = state + h/2 k2
      u = 2 * h6 * bx + 0.5 * h * px;
      v = 2 * h6 * by + 0.5 * h * py;
      ga += u * x2;
      gb -= u * x2 * y2;
      gc -= v * y2;
      gd += v * x2 * y2;
      px = u * (a - b * y2) + v * d * y2;
      py = -u * b * x2 + v * (d * x2 - c);
      nx += px;
      ny += py;
      // stage 1 at the state: weight h/6, and (x2, y2) = state + h/2 k1
      u = h6 * bx + 0.5 * h * px;
      v = h6 * by + 0.5 * h * py;
      ga += u * x;
      gb -= u * x * y;
      gc -= v * y;
      gd += v * x * y;
      nx += u * (a - b * y) + v * d * y;
      ny += -u * b * x + v * (d * x - c);
      bx = nx;
      by = ny;
    }
    return new Rk4Gradient(total / steps, ga, gb, gc, gd, bx, by);
  }

  /** Value and gradient of {@link CrrModel#americanPut}. */
  public record CrrGradient(double value, double s0, double k, double r, double sigma, double t) {}

  /**
   * The adjoint of the binomial tree by hand: the forward pass keeps every level's option values
   * (a triangle of {@code (steps + 1)(steps + 2) / 2} doubles); the backward pass walks the levels
   * from the root, sending each node's adjoint to its two children when holding won and to the
   * strike and the spot table when exercising did, and collects the adjoints of the tree's
   * constants (discount, up-probability) on the way; then the chain rule through
   * {@code u = exp(sigma sqrt(dt))}, {@code d = 1/u}, {@code p}, {@code disc} and the spot table.
   */
  public static CrrGradient crr(double s0, double k, double r, double sigma, double t, int steps) {
    double dt = t / steps;
    double sqrtDt = Math.sqrt(dt);
    double u = Math.exp(sigma * sqrtDt);
    double d = 1 / u;
    double disc = Math.exp(-r * dt);
    double growth = Math.exp(r * dt);
    double p = (growth - d) / (u - d);
    double q = 1 - p;
    double[] spot = new double[2 * steps + 1];
    for (int j = 0; j <= 2 * steps; j++) {
      spot[j] = s0 * Math.pow(u, j - steps);
    }
    // level n occupies values[start(n) .. start(n) + n]
    double[] values = new double[(steps + 1) * (steps + 2) / 2];
    int top = steps * (steps + 1) / 2;
    for (int i = 0; i <= steps; i++) {
      values[top + i] = Math.max(k - spot[2 * i], 0);
    }
    for (int n = steps - 1; n >= 0; n--) {
      int at = n * (n + 1) / 2;
      int next = at + n + 1;
      for (int i = 0; i <= n; i++) {
        double hold = disc * (p * values[next + i + 1] + q * values[next + i]);
        double exercise = k - spot[2 * i - n + steps];
        values[at + i] = Math.max(hold, exercise);
      }
    }
    double[] bars = new double[steps + 1]; // adjoints of the current level, then the next
    double[] nextBars = new double[steps + 1];
    double[] spotBar = new double[2 * steps + 1];
    double kBar = 0;
    double discBar = 0;
    double pBar = 0;
    double qBar = 0;
    bars[0] = 1;
    for (int n = 0; n < steps; n++) {
      int next = (n + 1) * (n + 2) / 2;
      java.util.Arrays.fill(nextBars, 0, n + 2, 0.0);
      for (int i = 0; i <= n; i++) {
        double bar = bars[i];
        double up = values[next + i + 1];
        double down = values[next + i];
        double hold = disc * (p * up + q * down);
        double exercise = k - spot[2 * i - n + steps];
        if (hold > exercise) {
          nextBars[i + 1] += bar * disc * p;
          nextBars[i] += bar * disc * q;
          discBar += bar * (p * up + q * down);
          pBar += bar * disc * up;
          qBar += bar * disc * down;
        } else {
          kBar += bar;
          spotBar[2 * i - n + steps] -= bar;
        }
      }
      double[] swap = bars;
      bars = nextBars;
      nextBars = swap;
    }
    for (int i = 0; i <= steps; i++) {
      if (k - spot[2 * i] > 0) {
        kBar += bars[i];
        spotBar[2 * i] -= bars[i];
      }
    }
    double s0Bar = 0;
    double uBar = 0;
    for (int j = 0; j <= 2 * steps; j++) {
      double power = Math.pow(u, j - steps);
      s0Bar += spotBar[j] * power;
      uBar += spotBar[j] * s0 * (j - steps) * power / u;
    }
    pBar -= qBar;
    // p = (growth - d) / (u - d)
    double span = u - d;
    double growthBar = pBar / span;
    double dBar = pBar * (growth - u) / (span * span);
    uBar += -pBar * (growth - d) / (span * span);
    uBar -= dBar / (u * u); // d = 1/u
    double rBar = growthBar * growth * dt - discBar * disc * dt;
    double dtBar = growthBar * growth * r - discBar * disc * r + uBar * u * sigma / (2 * sqrtDt);
    double sigmaBar = uBar * u * sqrtDt;
    return new CrrGradient(values[0], s0Bar, kBar, rBar, sigmaBar, dtBar / steps);
  }
}
