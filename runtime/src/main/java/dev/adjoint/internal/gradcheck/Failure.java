package dev.adjoint.internal.gradcheck;

/**
 * One failed gradient check.
 *
 * @param method the checked method, e.g. {@code "Logistic.loss"}
 * @param sample which sample, with its values, e.g. {@code sample 2 "w=[0.1, 0.2], b=0.5"}
 * @param check what was compared
 * @param element the element the comparison is about ({@code "w[1]"}, {@code "b"}, {@code
 *     "output[0][2]"}), or {@code null} when it is about the whole sample
 * @param analytic the value from the derivative code ({@code NaN} when there is none)
 * @param numeric the value it was compared with ({@code NaN} when there is none)
 * @param note what went wrong, in words
 */
public record Failure(
    String method, String sample, Check check, String element, double analytic, double numeric, String note) {

  /** What a failure compared. */
  public enum Check {
    REVERSE_VS_FINITE_DIFFERENCE("reverse mode vs central finite difference"),
    FORWARD_VS_FINITE_DIFFERENCE("forward mode vs central finite difference"),
    DOT_PRODUCT("dot-product test <v, J u> (forward) vs <J^T v, u> (reverse)"),
    VALUE("value returned by the derivative code vs the method's own value"),
    NON_FINITE("non-finite value"),
    SHAPE("shape of a derivative"),
    ARGUMENT_MUTATED("arguments unchanged"),
    EXCEPTION("exception"),
    SAMPLE("sample");

    private final String description;

    Check(String description) {
      this.description = description;
    }

    public String description() {
      return description;
    }
  }

  /** {@code |analytic - numeric|}, or {@code NaN} when this failure compares no two numbers. */
  public double error() {
    return Math.abs(analytic - numeric);
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder(method).append(", ").append(sample).append(": ").append(check.description());
    if (element != null) {
      s.append(", ").append(element);
    }
    if (!Double.isNaN(analytic) || !Double.isNaN(numeric)) {
      s.append(": analytic ").append(analytic).append(", numeric ").append(numeric)
          .append(", error ").append(String.format("%.3e", error()));
    }
    return s.append(" (").append(note).append(')').toString();
  }
}
