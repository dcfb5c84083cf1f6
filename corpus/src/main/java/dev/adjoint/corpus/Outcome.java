package dev.adjoint.corpus;

/** What became of one candidate method, in the order of the report's columns. */
public enum Outcome {
  /** Differentiated by generated code, and the gradient passed every check it got. */
  STATIC("static"),
  /** Differentiated on the scalar tape (the companion runs a taped copy), checks passed. */
  TAPE("tape"),
  /** The processor refused the method with an ERROR diagnostic. */
  ERROR("ERROR"),
  /** javac or the processor threw, or the processor reported an internal error. */
  CRASH("crash"),
  /** Compiled without an error, but no companion class, or no {@code nameGradient} in it. */
  NO_COMPANION("no companion"),
  /** The generated companion does not compile (or does not load: a verify error). */
  UNCOMPILABLE("uncompilable"),
  /** A checked gradient is wrong (vs central differences, forward mode, the value, or it threw). */
  WRONG("wrong"),
  /**
   * A checked gradient is wrong where the processor warned at compile time that the derivative is
   * lost (a bit-level conversion, a call without derivative): reported, not silent.
   */
  WARNED("wrong, warned"),
  /** Not measured: the original class does not compile or load as it is (the harness's problem). */
  SKIPPED("skipped");

  private final String label;

  Outcome(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  public boolean differentiated() {
    return this == STATIC || this == TAPE;
  }
}
