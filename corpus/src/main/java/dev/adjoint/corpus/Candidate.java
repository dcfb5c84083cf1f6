package dev.adjoint.corpus;

import java.util.List;

/**
 * One static method of the library that returns {@code double} and takes only primitive numbers,
 * booleans and arrays of them: what the harness annotates {@code @Differentiable}.
 *
 * @param file the source file's path in the sources jar ({@code org/apache/.../FastMath.java})
 * @param binaryClass the declaring class's binary name ({@code p.Outer$Inner})
 * @param method the method's simple name
 * @param parameterTypes the parameter types as written ({@code double}, {@code double[]}, {@code int...})
 * @param annotateAt where {@code @Differentiable} goes in the file's text (the method's first modifier)
 * @param modifiersEnd the end of the method's modifiers (the start of its result type), for {@code private}
 * @param isPrivate the method is {@code private} (made package-private in the copy)
 * @param line the method's line in the file
 */
public record Candidate(String file, String binaryClass, String method, List<String> parameterTypes,
    int annotateAt, int modifiersEnd, boolean isPrivate, int line) {

  /** {@code p.Outer$Inner#name(double, int[])}: one line of the report, and what --filter matches. */
  public String id() {
    return binaryClass + "#" + method + "(" + String.join(", ", parameterTypes) + ")";
  }

  /** The companion's binary name: {@code p.Outer_InnerDerivatives}. */
  public String companion() {
    return binaryClass.replace('$', '_') + "Derivatives";
  }

  /** The file's text with {@code @Differentiable} on this method (and {@code private} dropped). */
  public String annotate(String text) {
    String modifiers = text.substring(annotateAt, modifiersEnd);
    if (isPrivate) {
      // same length, so every line and column of the copy stays that of the original
      modifiers = modifiers.replaceFirst("\\bprivate\\b", "       ");
    }
    // on the method's own line: diagnostics keep the original line numbers
    return text.substring(0, annotateAt) + "@dev.adjoint.Differentiable " + modifiers + text.substring(modifiersEnd);
  }
}
