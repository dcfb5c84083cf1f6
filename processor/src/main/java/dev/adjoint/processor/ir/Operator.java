package dev.adjoint.processor.ir;

/** Java operators of the supported subset, with the precedence the printer needs. */
public enum Operator {
  NEG("-", 14), PLUS_UNARY("+", 14), NOT("!", 14), BIT_NOT("~", 14),
  TIMES("*", 12), DIVIDE("/", 12), REMAINDER("%", 12),
  PLUS("+", 11), MINUS("-", 11),
  SHIFT_LEFT("<<", 10), SHIFT_RIGHT(">>", 10), SHIFT_RIGHT_UNSIGNED(">>>", 10),
  LT("<", 9), GT(">", 9), LE("<=", 9), GE(">=", 9),
  EQ("==", 8), NE("!=", 8),
  AND("&", 7), XOR("^", 6), OR("|", 5),
  CONDITIONAL_AND("&&", 4), CONDITIONAL_OR("||", 3);

  /** Precedence of {@code ?:}; of a cast, a call, a name or a literal (they never need parentheses). */
  public static final int CONDITIONAL_PRECEDENCE = 2;
  public static final int CAST_PRECEDENCE = 13;
  public static final int PRIMARY_PRECEDENCE = 16;

  private final String symbol;
  private final int precedence;

  Operator(String symbol, int precedence) {
    this.symbol = symbol;
    this.precedence = precedence;
  }

  public String symbol() { return symbol; }

  public int precedence() { return precedence; }
}
