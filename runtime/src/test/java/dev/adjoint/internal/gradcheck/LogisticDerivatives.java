package dev.adjoint.internal.gradcheck;

import dev.adjoint.internal.CheckedMethod;
import dev.adjoint.internal.Param;
import dev.adjoint.internal.ParamKind;
import java.util.List;

/**
 * Written by hand exactly as the processor generates a companion (API.md section 1, plus {@code
 * checkedMethods()} from {@link CheckedMethod}), so that the runtime side can be tested without
 * the processor.
 */
public final class LogisticDerivatives {
  private LogisticDerivatives() {}

  public record LossGradient(double value, double[] w, double b) {}

  public record LossTangent(double value, double tangent) {}

  public record ScaledLogSumGradient(double value, double a, double[] v) {}

  public record ScaledLogSumTangent(double value, double tangent) {}

  public static LossGradient lossGradient(double[] w, double b, double[] x, double y) {
    return lossVjp(w, b, x, y, 1.0);
  }

  public static LossGradient lossVjp(double[] w, double b, double[] x, double y, double seed) {
    double z = b;
    for (int i = 0; i < w.length; i++) {
      z += w[i] * x[i];
    }
    double p = 1 / (1 + Math.exp(-z));
    double value = -(y * Math.log(p) + (1 - y) * Math.log(1 - p));
    double dz = seed * (p - y); // d loss / dz of the logistic loss
    double[] dw = new double[w.length];
    for (int i = 0; i < w.length; i++) {
      dw[i] = dz * x[i];
    }
    return new LossGradient(value, dw, dz);
  }

  public static LossTangent lossJvp(double[] w, double b, double[] x, double y, double[] dw, double db) {
    double z = b;
    double dz = db;
    for (int i = 0; i < w.length; i++) {
      z += w[i] * x[i];
      dz += dw[i] * x[i];
    }
    double p = 1 / (1 + Math.exp(-z));
    return new LossTangent(-(y * Math.log(p) + (1 - y) * Math.log(1 - p)), (p - y) * dz);
  }

  public static ScaledLogSumGradient scaledLogSumGradient(double a, double[] v) {
    return scaledLogSumVjp(a, v, 1.0);
  }

  public static ScaledLogSumGradient scaledLogSumVjp(double a, double[] v, double seed) {
    double sum = 0;
    double[] dv = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      sum += Math.log(v[i]);
      dv[i] = seed * a / v[i];
    }
    return new ScaledLogSumGradient(a * sum, seed * sum, dv);
  }

  public static ScaledLogSumTangent scaledLogSumJvp(double a, double[] v, double da, double[] dv) {
    double sum = 0;
    double dsum = 0;
    for (int i = 0; i < v.length; i++) {
      sum += Math.log(v[i]);
      dsum += dv[i] / v[i];
    }
    return new ScaledLogSumTangent(a * sum, da * sum + a * dsum);
  }

  /** For {@code GradChecks.verify(Logistic.class)}. */
  public static List<CheckedMethod> checkedMethods() {
    return List.of(
        new CheckedMethod(
            "loss",
            List.of(Param.of("w", ParamKind.DOUBLE_ARRAY), Param.of("b", ParamKind.DOUBLE),
                Param.of("x", ParamKind.DOUBLE_ARRAY), Param.of("y", ParamKind.DOUBLE)),
            ParamKind.DOUBLE,
            List.of("w", "b"),
            List.of("w=[0.1, 0.2], b=0.5, x=[1, 2], y=1", "w=[-1, 3], b=0, x=[0.5, -2], y=0"),
            args -> Logistic.loss((double[]) args[0], (double) args[1], (double[]) args[2], (double) args[3]),
            (args, seed) -> {
              LossGradient g = lossVjp((double[]) args[0], (double) args[1], (double[]) args[2], (double) args[3], (double) seed);
              return new Object[] {g.value(), g.w(), g.b()};
            },
            (args, tangents) -> {
              LossTangent t = lossJvp((double[]) args[0], (double) args[1], (double[]) args[2], (double) args[3],
                  (double[]) tangents[0], (double) tangents[1]);
              return new Object[] {t.value(), t.tangent()};
            }),
        new CheckedMethod(
            "scaledLogSum",
            List.of(Param.of("a", ParamKind.DOUBLE), Param.of("v", ParamKind.DOUBLE_ARRAY)),
            ParamKind.DOUBLE,
            List.of("a", "v"),
            List.of(),
            args -> Logistic.scaledLogSum((double) args[0], (double[]) args[1]),
            (args, seed) -> {
              ScaledLogSumGradient g = scaledLogSumVjp((double) args[0], (double[]) args[1], (double) seed);
              return new Object[] {g.value(), g.a(), g.v()};
            },
            (args, tangents) -> {
              ScaledLogSumTangent t = scaledLogSumJvp((double) args[0], (double[]) args[1], (double) tangents[0], (double[]) tangents[1]);
              return new Object[] {t.value(), t.tangent()};
            }));
  }
}
