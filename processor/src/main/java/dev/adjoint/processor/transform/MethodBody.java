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
   * A single top-level statement larger than this cannot be placed in a part of its own. In a
   * part every short name is a field read of 4 bytes ({@code aload_0; getfield}), and dense code
   * reaches more than 0.9 bytes per character: a fuzzed second-order loop of 72 400 characters did
   * not fit 64 KB (seed 78, P63), where another of 69 700 characters took 23.5 KB. At 1 byte per
   * character this limit keeps every part under 64 KB; a larger statement is refused with {@link
   * Message#METHOD_TOO_LARGE} at its method, never left for javac to fail on.
   */
  static final int LARGEST_STATEMENT = 64_000;

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

  boolean fits(Limits limits) {
    return size(code) <= limits.splitAbove();
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
      if (length > LARGEST_STATEMENT) {
        throw new Problem(Message.METHOD_TOO_LARGE, null, method.signature().name(), length);
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
