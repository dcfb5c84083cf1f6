package num;

import dev.adjoint.Differentiable;
import static java.lang.Math.*;

/** A second class of the same compilation, using static imports. */
final class Other {
  @Differentiable
  static double twiceSin(double x) {
    return 2 * sin(x) + pow(cos(x), 2) + PI;
  }
}
