package dev.adjoint.internal.gradcheck;

import dev.adjoint.Tensor;
import dev.adjoint.internal.Param;
import dev.adjoint.internal.ParamKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Parses one {@code @GradCheck} sample string, such as {@code "w=[0.1, 0.2], b=0.5, x=[1, 2], y=1"},
 * against the declared parameters of the method. The processor calls it at compile time (to
 * report a malformed sample as an ERROR on the annotation) and {@code GradChecks} calls it at run
 * time, so both agree on every sample. It never throws for bad text: problems come back as
 * {@link Invalid} with the character offset and a message.
 *
 * <h2>Syntax</h2>
 *
 * <pre>
 * sample := [ name '=' value { ',' name '=' value } ]      (whitespace allowed between tokens)
 * value  := number | 'true' | 'false' | '[' [ value { ',' value } ] ']'
 * number := ['+' | '-'] ( digits ['.' [digits]] | '.' digits ) [('e' | 'E') ['+' | '-'] digits]
 * </pre>
 *
 * <p>Every parameter appears exactly once, in any order. Values by kind:
 *
 * <ul>
 *   <li>{@code double}: a number; {@code int}/{@code long}: a number without fraction or exponent,
 *       in range; {@code boolean}: {@code true} or {@code false};
 *   <li>{@code double[]} / {@code int[]}: a flat list, possibly empty;
 *   <li>{@code double[][]}: a rectangular list of lists, {@code [[1, 2], [3, 4]]} ({@code []} is
 *       0×0);
 *   <li>{@code Tensor}: a number (a 0-d tensor) or rectangular nested lists of any depth.
 * </ul>
 *
 * <p>{@code NaN} and {@code Infinity}, and numbers that overflow {@code double}, are rejected: a
 * gradient check at a non-finite point cannot pass, so such a sample is a mistake to report at
 * compile time.
 */
public final class SampleParser {
  private SampleParser() {}

  /** The outcome of parsing one sample. */
  public sealed interface Result permits Valid, Invalid {}

  /**
   * The arguments, in declaration order: {@code Double}, {@code double[]}, {@code double[][]},
   * {@link TensorValue}, {@code Integer}, {@code Long}, {@code Boolean} or {@code int[]} by kind.
   */
  public record Valid(Object[] arguments) implements Result {
    public Valid {
      arguments = arguments.clone();
    }

    @Override
    public Object[] arguments() {
      return arguments.clone();
    }
  }

  /**
   * Why the sample is not valid. {@code offset} is the 0-based index into the sample string of the
   * offending character (the string's length when something is missing at the end); {@code
   * message} already ends with {@code "at column <offset + 1>"}.
   */
  public record Invalid(int offset, String message) implements Result {}

  public static Result parse(String sample, List<Param> params) {
    try {
      return new Valid(new Parser(sample, params).sample());
    } catch (SampleException e) {
      return new Invalid(e.offset, e.getMessage() + " at column " + (e.offset + 1));
    }
  }

  /** Unwinds the recursive descent to {@link #parse}; never leaves this class. */
  private static final class SampleException extends Exception {
    private static final long serialVersionUID = 1L;
    final int offset;

    SampleException(int offset, String message) {
      super(message, null, false, false);
      this.offset = offset;
    }
  }

  /** A syntax tree node; conversion to the declared kind happens once the whole value is read. */
  private sealed interface Node permits Num, Bool, Items {
    int offset();
  }

  private record Num(String text, int offset) implements Node {}

  private record Bool(boolean value, int offset) implements Node {}

  private record Items(List<Node> items, int offset) implements Node {}

  private static final class Parser {
    private final String text;
    private final List<Param> params;
    private int pos;

    Parser(String text, List<Param> params) {
      this.text = text;
      this.params = params;
    }

    Object[] sample() throws SampleException {
      Map<String, Integer> index = new HashMap<>();
      for (int i = 0; i < params.size(); i++) {
        index.put(params.get(i).name(), i);
      }
      Object[] arguments = new Object[params.size()];
      boolean[] given = new boolean[params.size()];
      skipSpaces();
      while (pos < text.length()) {
        int nameAt = pos;
        String name = identifier();
        Integer i = index.get(name);
        if (i == null) {
          throw new SampleException(nameAt, "unknown parameter '" + name + "' (parameters: " + names() + ")");
        }
        if (given[i]) {
          throw new SampleException(nameAt, "parameter '" + name + "' is given twice");
        }
        skipSpaces();
        expect('=', "'=' after parameter name '" + name + "'");
        skipSpaces();
        arguments[i] = convert(value(), params.get(i));
        given[i] = true;
        skipSpaces();
        if (pos < text.length()) {
          expect(',', "',' or the end of the sample");
          skipSpaces();
          if (pos == text.length()) {
            throw new SampleException(pos, "expected a parameter name after ','");
          }
        }
      }
      for (int i = 0; i < params.size(); i++) {
        if (!given[i]) {
          throw new SampleException(text.length(), "missing parameter '" + params.get(i).name() + "'");
        }
      }
      return arguments;
    }

    private String names() {
      return params.stream().map(Param::name).collect(Collectors.joining(", "));
    }

    private String identifier() throws SampleException {
      int start = pos;
      if (pos < text.length() && Character.isJavaIdentifierStart(text.charAt(pos))) {
        pos++;
        while (pos < text.length() && Character.isJavaIdentifierPart(text.charAt(pos))) {
          pos++;
        }
        return text.substring(start, pos);
      }
      throw new SampleException(start, "expected a parameter name but found " + found());
    }

    private Node value() throws SampleException {
      int start = pos;
      if (pos == text.length()) {
        throw new SampleException(start, "expected a value but the sample ends");
      }
      char c = text.charAt(pos);
      if (c == '[') {
        pos++;
        List<Node> items = new ArrayList<>();
        skipSpaces();
        if (peek(']')) {
          pos++;
          return new Items(items, start);
        }
        while (true) {
          skipSpaces();
          items.add(value());
          skipSpaces();
          if (peek(']')) {
            pos++;
            return new Items(items, start);
          }
          expect(',', "',' or ']'");
        }
      }
      if (Character.isLetter(c)) {
        String word = identifier();
        switch (word) {
          case "true":
            return new Bool(true, start);
          case "false":
            return new Bool(false, start);
          case "NaN":
          case "Infinity":
            throw nonFinite(start, word);
          default:
            pos = start;
            throw new SampleException(start, "expected a number, true, false or '[' but found " + found());
        }
      }
      return number();
    }

    private Num number() throws SampleException {
      int start = pos;
      if (peek('+') || peek('-')) {
        pos++;
        if (pos < text.length() && Character.isLetter(text.charAt(pos))) {
          int wordAt = pos;
          String word = identifier();
          if (word.equals("Infinity")) {
            throw nonFinite(start, text.substring(start, pos));
          }
          pos = wordAt;
          throw new SampleException(wordAt, "expected a number but found " + found());
        }
      }
      int mantissa = digits();
      if (peek('.')) {
        pos++;
        mantissa += digits();
      }
      if (mantissa == 0) {
        pos = start;
        throw new SampleException(start, "expected a number, true, false or '[' but found " + found());
      }
      if (peek('e') || peek('E')) {
        pos++;
        if (peek('+') || peek('-')) {
          pos++;
        }
        if (digits() == 0) {
          throw new SampleException(start, "malformed number '" + text.substring(start, pos) + "': exponent has no digits");
        }
      }
      if (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '.')) {
        while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '.')) {
          pos++;
        }
        throw new SampleException(start, "malformed number '" + text.substring(start, pos) + "'");
      }
      return new Num(text.substring(start, pos), start);
    }

    private int digits() {
      int start = pos;
      while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
        pos++;
      }
      return pos - start;
    }

    private static SampleException nonFinite(int offset, String word) {
      return new SampleException(offset, word + " is not allowed: a gradient check needs a finite point");
    }

    private void skipSpaces() {
      while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
        pos++;
      }
    }

    private boolean peek(char c) {
      return pos < text.length() && text.charAt(pos) == c;
    }

    private void expect(char c, String what) throws SampleException {
      if (!peek(c)) {
        throw new SampleException(pos, "expected " + what + " but found " + found());
      }
      pos++;
    }

    private String found() {
      if (pos == text.length()) {
        return "the end of the sample";
      }
      int end = pos + 1;
      while (end < text.length() && end - pos < 12 && Character.isJavaIdentifierPart(text.charAt(end))
          && Character.isJavaIdentifierPart(text.charAt(pos))) {
        end++;
      }
      return "'" + text.substring(pos, end) + "'";
    }
  }

  // ---- conversion of a parsed value to the parameter's kind --------------------------------------

  private static Object convert(Node node, Param param) throws SampleException {
    switch (param.kind()) {
      case DOUBLE:
        return toDouble(scalar(node, param), param);
      case INT:
        return (int) toInteger(scalar(node, param), param, Integer.MIN_VALUE, Integer.MAX_VALUE);
      case LONG:
        return toInteger(scalar(node, param), param, Long.MIN_VALUE, Long.MAX_VALUE);
      case BOOLEAN:
        if (node instanceof Bool b) {
          return b.value();
        }
        throw mismatch(param, node);
      case DOUBLE_ARRAY:
        return toDoubles(numbers(node, param, 1), param);
      case INT_ARRAY:
        {
          List<Num> numbers = numbers(node, param, 1);
          int[] values = new int[numbers.size()];
          for (int i = 0; i < values.length; i++) {
            values[i] = (int) toInteger(numbers.get(i), param, Integer.MIN_VALUE, Integer.MAX_VALUE);
          }
          return values;
        }
      case DOUBLE_ARRAY2:
        {
          List<Integer> shape = new ArrayList<>();
          double[] flat = toDoubles(numbers(node, param, 2, shape), param);
          int rows = shape.get(0);
          int cols = shape.size() > 1 ? shape.get(1) : 0;
          double[][] values = new double[rows][cols];
          for (int r = 0; r < rows; r++) {
            System.arraycopy(flat, r * cols, values[r], 0, cols);
          }
          return values;
        }
      case TENSOR:
        {
          List<Integer> shape = new ArrayList<>();
          double[] flat = toDoubles(numbers(node, param, -1, shape), param);
          return new TensorValue(flat, shape.stream().mapToInt(Integer::intValue).toArray());
        }
      case OTHER:
        throw new SampleException(node.offset(), "parameter '" + param.name()
            + "' is not a number, an array or a tensor, so a sample cannot give its value");
    }
    throw new AssertionError(param.kind());
  }

  private static Num scalar(Node node, Param param) throws SampleException {
    if (node instanceof Num n) {
      return n;
    }
    throw mismatch(param, node);
  }

  private static SampleException mismatch(Param param, Node node) {
    return new SampleException(node.offset(),
        "parameter '" + param.name() + "' expects " + param.kind().javaType() + " but got " + describe(node));
  }

  private static String describe(Node node) {
    if (node instanceof Num) {
      return "a number";
    }
    if (node instanceof Bool) {
      return "a boolean";
    }
    int depth = 1;
    for (Node n = node; n instanceof Items items && !items.items().isEmpty(); n = items.items().get(0)) {
      if (items.items().get(0) instanceof Items) {
        depth++;
      }
    }
    return depth == 1 ? "a list" : depth + "-D nested lists";
  }

  private static List<Num> numbers(Node node, Param param, int rank) throws SampleException {
    return numbers(node, param, rank, new ArrayList<>());
  }

  /**
   * Checks that {@code node} is a rectangular nested list of numbers of the given rank (any rank
   * when negative; rank 2 also accepts an empty list) and returns its numbers in row-major order,
   * adding the dimensions to {@code shape}.
   */
  private static List<Num> numbers(Node node, Param param, int rank, List<Integer> shape)
      throws SampleException {
    for (Node n = node; n instanceof Items items; n = items.items().isEmpty() ? null : items.items().get(0)) {
      shape.add(items.items().size());
    }
    boolean emptyMatrix = rank == 2 && shape.equals(List.of(0));
    if (rank >= 0 && shape.size() != rank && !emptyMatrix) {
      throw mismatch(param, node);
    }
    List<Num> out = new ArrayList<>();
    collect(node, param, shape, 0, "", out);
    return out;
  }

  private static void collect(Node node, Param param, List<Integer> shape, int level, String path, List<Num> out)
      throws SampleException {
    if (level == shape.size()) {
      if (node instanceof Num n) {
        out.add(n);
        return;
      }
      throw new SampleException(node.offset(), "parameter '" + param.name() + "' expects "
          + param.kind().javaType() + " but element " + path + " is " + describe(node) + " where a number was expected");
    }
    if (!(node instanceof Items items)) {
      throw new SampleException(node.offset(), "parameter '" + param.name() + "' is ragged: element " + path
          + " is " + describe(node) + " where a list of " + elements(shape.get(level)) + " was expected");
    }
    if (items.items().size() != shape.get(level)) {
      throw new SampleException(node.offset(), "parameter '" + param.name() + "' is ragged: element " + path
          + " has " + elements(items.items().size()) + " but element " + path.replaceAll("\\[\\d+\\]$", "[0]")
          + " has " + shape.get(level));
    }
    for (int i = 0; i < items.items().size(); i++) {
      collect(items.items().get(i), param, shape, level + 1, path + "[" + i + "]", out);
    }
  }

  private static String elements(int n) {
    return n == 1 ? "1 element" : n + " elements";
  }

  private static double[] toDoubles(List<Num> numbers, Param param) throws SampleException {
    double[] values = new double[numbers.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = toDouble(numbers.get(i), param);
    }
    return values;
  }

  private static double toDouble(Num n, Param param) throws SampleException {
    double value = Double.parseDouble(n.text());
    if (Double.isInfinite(value)) {
      throw new SampleException(n.offset(), "parameter '" + param.name() + "': " + n.text() + " overflows double");
    }
    return value;
  }

  private static long toInteger(Num n, Param param, long min, long max) throws SampleException {
    String type = param.kind() == ParamKind.LONG ? "long" : "int";
    if (!n.text().matches("[+-]?\\d+")) {
      throw new SampleException(n.offset(), "parameter '" + param.name() + "' expects " + param.kind().javaType()
          + " but got " + n.text() + ", which is not an " + type);
    }
    try {
      long value = Long.parseLong(n.text());
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException tooLong) {
      // falls through to the range message
    }
    throw new SampleException(n.offset(), "parameter '" + param.name() + "': " + n.text() + " is out of " + type + " range");
  }
}
