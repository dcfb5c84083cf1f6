package dev.adjoint.processor.analysis;

import dev.adjoint.processor.diag.Message;
import dev.adjoint.processor.ir.MethodIr;
import dev.adjoint.processor.ir.Var;
import java.util.List;
import java.util.stream.Collectors;

/** The arguments of the one-line {@link Message#SUMMARY} note written for each generated method. */
public final class Summary {
  private Summary() {}

  /**
   * {@code loss}, {@code w, b} and the rest: {@code ; inactive: x, y} for the parameters not
   * differentiated, {@code ; derivative 0 (does not reach the result): c} for differentiated ones
   * whose derivative never reaches the result.
   */
  public static Object[] args(MethodIr method, Activity activity) {
    java.util.Map<Var, String> paths = dev.adjoint.processor.ir.ParamLayout.paths(method.layout());
    StringBuilder rest = new StringBuilder();
    List<Var> inactive = method.params().stream().filter(p -> !method.wrt().contains(p)).toList();
    if (!inactive.isEmpty()) {
      rest.append("; inactive: ").append(names(inactive, paths));
    }
    List<Var> unused = method.wrt().stream().filter(w -> !activity.isActive(w)).toList();
    if (!unused.isEmpty()) {
      rest.append("; derivative 0 (does not reach the result): ").append(names(unused, paths));
    }
    return new Object[] {method.signature().name(), names(method.wrt(), paths), rest.toString()};
  }

  private static String names(List<Var> vars, java.util.Map<Var, String> paths) {
    return vars.stream().map(v -> paths.getOrDefault(v, v.sourceName())).collect(Collectors.joining(", "));
  }
}
