package dev.adjoint.processor.transform;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.TypeName;
import dev.adjoint.processor.diag.Message;
import dev.adjoint.processor.diag.Problem;
import dev.adjoint.processor.ir.MethodIr;
import dev.adjoint.processor.ir.Type;
import java.util.ArrayList;
import java.util.List;

/**
 * The body of a generated method. Normally {@link #code} is the whole body. A body too large for
 * one JVM method (64 KB of bytecode, "code too large") is split instead: its locals become
 * {@link #fields} of a frame object, {@link #code} is the frame's {@code run()} method and the
 * sweeps are cut, between top-level statements of the source, into {@link #parts}, methods of
 * the frame that {@code run()} calls in turn. Only methods above {@link #SPLIT_ABOVE} characters
 * are split, so ordinary methods keep their plain, readable companions.
 */
public record MethodBody(CodeBlock code, List<Field> fields, List<Part> parts) {
  /**
   * Size (in characters of code, see {@link #size}) above which a body is split. Measured:
   * generated code compiles to 0.4 to 0.5 bytes of bytecode per character with locals (the
   * reverse companion of a 400-statement method: 61 000 characters, 29 KB; a fuzzed method with
   * large expressions: 58 000 characters, 22 KB) and to about 0.66 with the fields of a split
   * body. Assuming at most 0.7, these sizes keep every method under the JVM's 65 535 bytes, and
   * methods up to this size keep their plain companions.
   */
  static final int SPLIT_ABOVE = 64_000;
  /**
   * Processor option that lowers both {@link #SPLIT_ABOVE} and {@link #PART_SIZE} to its value,
   * for tests: {@code -Aadjoint.splitAbove=1} splits every method, one top-level statement per part.
   */
  public static final String SPLIT_OPTION = "adjoint.splitAbove";
  /** Characters per part: parts are filled with whole top-level statements up to this size. */
  static final int PART_SIZE = 16_000;
  /**
   * The most bytecode (estimated by {@link #bytes}, an upper bound) a single top-level statement
   * may need: it is placed in a part of its own, and a JVM method holds 65 535 bytes. A larger
   * statement is refused with {@link Message#METHOD_TOO_LARGE} at its method, never left for javac
   * to fail on. Characters could not tell a fuzzed second-order loop of 72 400 characters that
   * did not fit 64 KB (seed 78, P63: short names, each a 4-byte field read) from another of
   * 69 700 characters that took 23.5 KB.
   */
  static final int LARGEST_STATEMENT = 62_000;

  /** A local of the split method; {@code init} null for Java's default (0, false, null). */
  public record Field(TypeName type, String name, CodeBlock init) {
    /** The same variable as a local declaration, for an unsplit body. */
    CodeBlock declaration() {
      return CodeBlock.builder().addStatement("$T $L = $L", type, name, init == null ? zero(type) : init).build();
    }
  }

  /** A method of the frame: {@code returns name() { body }}. */
  public record Part(String name, TypeName returns, CodeBlock body) {}

  static MethodBody inline(CodeBlock code) {
    return new MethodBody(code, List.of(), List.of());
  }

  /** When to split, and how large the parts are. */
  public record Limits(int splitAbove, int partSize) {
    public static final Limits DEFAULT = new Limits(SPLIT_ABOVE, PART_SIZE);

    /** The limits with the {@link #SPLIT_OPTION} value {@code option} (null: the defaults). */
    public static Limits of(String option) {
      if (option == null) {
        return DEFAULT;
      }
      int size;
      try {
        size = Math.max(1, Integer.parseInt(option.trim()));
      } catch (NumberFormatException e) {
        return DEFAULT;
      }
      return new Limits(Math.min(size, SPLIT_ABOVE), Math.min(size, PART_SIZE));
    }
  }

  /** Whether the body stays one method: small enough to read, and its bytecode surely under 64 KB. */
  boolean fits(Limits limits) {
    return size(code) <= limits.splitAbove() && bytes(code.toString()) <= LARGEST_STATEMENT;
  }

  /** Characters of code, not counting comment lines and indentation (they make no bytecode). */
  static int size(CodeBlock code) {
    int size = 0;
    for (String line : code.toString().split("\n")) {
      String text = line.strip();
      if (!text.startsWith("//")) {
        size += text.length() + 1;
      }
    }
    return size;
  }

  /**
   * An upper estimate of the bytecode {@code code} compiles to in a part of a split body, where
   * every name is a field of the frame. Characters cannot bound it (names are 1 to 20 characters
   * and always a 4-byte field read; calls are a 3-byte instruction whatever their names), so it
   * counts what javac emits per token: a name {@code aload_0; getfield} 4 (5: an {@code int}
   * read in a {@code double} expression is widened, {@code i2d}), a call 3, a literal
   * {@code ldc2_w} 3, an assignment {@code aload_0 … putfield} 4, a compound one ({@code dup}, the
   * operation and {@code putfield}) 5, {@code ++}/{@code --} as a value 8, an arithmetic operator,
   * an array index or a cast 1. Every branch is counted as javac writes it in a method above 32 KB
   * (its "fat code": a jump is {@code goto_w}, a conditional one an inverted test over a {@code
   * goto_w}, 8 bytes): {@code if}, loops, comparisons, {@code &&}, {@code ||}, {@code !}, {@code ?}
   * 8 each, {@code else}, {@code break} and {@code continue} 5. {@code SizeEstimateTest} checks
   * that it bounds every part javac compiles from fuzz programs at order 1 and 2.
   */
  public static int bytes(String code) {
    int bytes = 0;
    for (String line : code.split("\n")) {
      String text = line.strip();
      if (!text.startsWith("//")) {
        bytes += lineBytes(text);
      }
    }
    return bytes;
  }

  private static int lineBytes(String text) {
    int bytes = 0;
    int n = text.length();
    int i = 0;
    while (i < n) {
      char c = text.charAt(i);
      if (Character.isJavaIdentifierStart(c)) {
        int start = i;
        while (i < n && Character.isJavaIdentifierPart(text.charAt(i))) {
          i++;
        }
        String word = text.substring(start, i);
        int next = i;
        while (next < n && text.charAt(next) == ' ') {
          next++;
        }
        char after = next < n ? text.charAt(next) : ' ';
        if (KEYWORDS.containsKey(word)) {
          bytes += KEYWORDS.get(word);
        } else if (after == '(') {
          bytes += 3; // a call
        } else if (!(after == '.' && Character.isUpperCase(word.charAt(0))) && !(after == ':' && !text.contains("?"))) {
          bytes += 5; // a field read, and an int's widening (a class qualifier or a label: nothing)
        }
      } else if (Character.isDigit(c) || c == '.' && i + 1 < n && Character.isDigit(text.charAt(i + 1))) {
        while (i < n && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '.'
            || (text.charAt(i) == '-' || text.charAt(i) == '+') && (text.charAt(i - 1) == 'e' || text.charAt(i - 1) == 'E'))) {
          i++;
        }
        bytes += 3;
      } else if (c == '"' || c == '\'') {
        i++;
        while (i < n && text.charAt(i) != c) {
          i += text.charAt(i) == '\\' ? 2 : 1;
        }
        i++;
        bytes += 3;
      } else {
        String op = i + 1 < n ? text.substring(i, i + 2) : String.valueOf(c);
        switch (op) {
          case "++", "--" -> { bytes += 8; i += 2; }
          case "+=", "-=", "*=", "/=", "%=" -> { bytes += 5; i += 2; }
          case "==", "!=", "<=", ">=", "&&", "||" -> { bytes += 8; i += 2; }
          default -> {
            bytes += switch (c) {
              case '=' -> 4;
              case '<', '>', '!', '?' -> 8;
              case '+', '-', '*', '/', '%', '[', '~', '&', '|', '^' -> 1;
              default -> 0; // ( ) { } , ; . : and spaces
            };
            i++;
          }
        }
      }
    }
    return bytes;
  }

  /** Bytes per keyword: a branch as fat code, a cast's conversion; a declaration's type costs nothing. */
  private static final java.util.Map<String, Integer> KEYWORDS = java.util.Map.ofEntries(
      java.util.Map.entry("if", 8), java.util.Map.entry("while", 8), java.util.Map.entry("for", 8),
      java.util.Map.entry("else", 5), java.util.Map.entry("break", 5), java.util.Map.entry("continue", 5),
      java.util.Map.entry("instanceof", 3), java.util.Map.entry("throw", 3), java.util.Map.entry("switch", 16),
      java.util.Map.entry("case", 12), java.util.Map.entry("synchronized", 20), java.util.Map.entry("new", 7),
      java.util.Map.entry("return", 1), java.util.Map.entry("true", 1), java.util.Map.entry("false", 1),
      java.util.Map.entry("null", 1), java.util.Map.entry("this", 1), java.util.Map.entry("double", 1),
      java.util.Map.entry("float", 1), java.util.Map.entry("int", 1), java.util.Map.entry("long", 1),
      java.util.Map.entry("short", 1), java.util.Map.entry("byte", 1), java.util.Map.entry("char", 1),
      java.util.Map.entry("do", 0), java.util.Map.entry("boolean", 0), java.util.Map.entry("final", 0),
      java.util.Map.entry("var", 0), java.util.Map.entry("try", 0), java.util.Map.entry("catch", 0),
      java.util.Map.entry("finally", 0), java.util.Map.entry("default", 0), java.util.Map.entry("void", 0));

  /** A field of {@code type}, initialized only if {@code init} is not the type's zero. */
  static Field field(Type type, String name, CodeBlock init) {
    return new Field(JavaTypes.of(type), name, init == null || init.toString().equals(type.zero()) ? null : init);
  }

  /**
   * Groups consecutive pieces (each one top-level statement) into parts of at most
   * {@link #PART_SIZE} characters; a piece too large on its own is a problem on the method.
   */
  static List<List<CodeBlock>> group(List<CodeBlock> pieces, MethodIr method, Limits limits) {
    List<List<CodeBlock>> parts = new ArrayList<>();
    List<CodeBlock> current = new ArrayList<>();
    int size = 0;
    for (CodeBlock piece : pieces) {
      int length = size(piece);
      int bytes = bytes(piece.toString());
      if (bytes > LARGEST_STATEMENT) {
        throw new Problem(Message.METHOD_TOO_LARGE, null, method.signature().name(), bytes);
      }
      if (!current.isEmpty() && size + length > limits.partSize()) {
        parts.add(current);
        current = new ArrayList<>();
        size = 0;
      }
      current.add(piece);
      size += length;
    }
    if (!current.isEmpty()) {
      parts.add(current);
    }
    return parts;
  }

  private static String zero(TypeName type) {
    if (type == TypeName.BOOLEAN) {
      return "false";
    }
    if (type == TypeName.LONG) {
      return "0L";
    }
    return type == TypeName.DOUBLE ? "0.0" : type.isPrimitive() ? "0" : "null";
  }
}
