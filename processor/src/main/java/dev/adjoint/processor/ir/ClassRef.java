package dev.adjoint.processor.ir;

import java.util.List;

/** A class by package and simple names (outermost first), stable across processing rounds. */
public record ClassRef(String packageName, List<String> simpleNames) {
  public ClassRef {
    simpleNames = List.copyOf(simpleNames);
  }

  /** API.md: {@code p.Outer.Inner} → {@code p.Outer_InnerDerivatives}. */
  public String companionSimpleName() { return String.join("_", simpleNames) + "Derivatives"; }

  public String qualifiedName() {
    String nested = String.join(".", simpleNames);
    return packageName.isEmpty() ? nested : packageName + "." + nested;
  }
}
