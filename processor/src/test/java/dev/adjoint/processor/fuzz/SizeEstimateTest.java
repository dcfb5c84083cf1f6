package dev.adjoint.processor.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.adjoint.processor.testing.CompiledSources;
import dev.adjoint.processor.transform.MethodBody;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * {@link MethodBody#bytes}, the size a split body's single statement is checked against, bounds
 * the bytecode javac makes of every part: fuzz programs are compiled split into one part per
 * top-level statement, at order 1 and order 2 (dense second-order code with short names, the
 * densest the processor writes), and each part method of each frame class is compared with the
 * estimate of its source.
 */
class SizeEstimateTest {
  private static final long SEED = 20261207L;

  @Test
  void estimateBoundsTheBytecodeOfEveryPart() {
    List<String> report = new ArrayList<>();
    double[] worst = {0};
    int parts = 0;
    for (int p = 0; p < 12; p++) {
      String name = "S" + p;
      String code = new ProgramGenerator(SEED * 1_000_003L + p).program(name, 3);
      parts += check(name, code, report, worst);
      parts += check(name, DerivativeLeg.HVP.source(code), report, worst);
    }
    System.out.printf("[size estimate] %d parts, largest bytecode / estimate of those of 100 bytes or more %.3f%n",
        parts, worst[0]);
    assertTrue(parts > 100, "too few parts compiled: " + parts);
    assertTrue(report.isEmpty(), String.join("\n", report));
  }

  private static int check(String name, String code, List<String> report, double[] worst) {
    Compilation compilation = CompiledSources.compiler().withOptions("-parameters", "-Aadjoint.splitAbove=1")
        .compile(CompiledSources.source("fz." + name, code));
    if (compilation.status() != Compilation.Status.SUCCESS) {
      return 0; // a method too large at order 2: refused (DifferentialFuzzTest checks that)
    }
    String companion = source(compilation, "fz." + name + "Derivatives");
    int parts = 0;
    for (JavaFileObject f : compilation.generatedFiles()) {
      String file = f.getName();
      if (f.getKind() != JavaFileObject.Kind.CLASS || !file.contains("Derivatives$") || !file.contains("Frame")) {
        continue;
      }
      String frame = file.substring(file.lastIndexOf('$') + 1, file.length() - ".class".length());
      for (Map.Entry<String, Integer> m : codeLengths(bytes(f)).entrySet()) {
        if (m.getKey().equals("<init>") || m.getKey().equals("run")) {
          continue;
        }
        String body = body(companion, frame, m.getKey());
        int estimate = MethodBody.bytes(body) + 1; // and a void method's implicit return
        if (m.getValue() >= 100) {
          worst[0] = Math.max(worst[0], m.getValue() / (double) estimate);
        }
        parts++;
        if (m.getValue() > estimate) {
          report.add(name + " " + frame + "." + m.getKey() + ": " + m.getValue() + " bytes, estimated " + estimate
              + (body.length() < 600 ? ":\n" + body : ""));
        }
      }
    }
    return parts;
  }

  /** The body of method {@code method} of the nested class {@code frame} in {@code source}. */
  private static String body(String source, String frame, String method) {
    int at = source.indexOf(" class " + frame + " ");
    int start = source.indexOf(" " + method + "() {", at);
    if (at < 0 || start < 0) {
      throw new AssertionError("no " + frame + "." + method + " in\n" + source);
    }
    int open = source.indexOf('{', start);
    int depth = 0;
    for (int i = open; i < source.length(); i++) {
      char c = source.charAt(i);
      if (c == '/' && source.charAt(i + 1) == '/') {
        i = source.indexOf('\n', i); // a comment quoting a source line: its braces do not count
      } else if (c == '"') {
        for (i++; source.charAt(i) != '"'; i++) {
          i += source.charAt(i) == '\\' ? 1 : 0;
        }
      } else {
        depth += c == '{' ? 1 : c == '}' ? -1 : 0;
        if (depth == 0) {
          return source.substring(open + 1, i);
        }
      }
    }
    throw new AssertionError("unbalanced " + frame + "." + method);
  }

  private static String source(Compilation compilation, String name) {
    try {
      return compilation.generatedSourceFile(name).orElseThrow().getCharContent(true).toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] bytes(JavaFileObject f) {
    try (InputStream in = f.openInputStream()) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      in.transferTo(out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Method name → length of its Code attribute, read from a class file. */
  static Map<String, Integer> codeLengths(byte[] classFile) {
    try {
      DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(classFile));
      in.readInt();
      in.readUnsignedShort();
      in.readUnsignedShort();
      int count = in.readUnsignedShort();
      String[] utf8 = new String[count];
      for (int i = 1; i < count; i++) {
        int tag = in.readUnsignedByte();
        switch (tag) {
          case 1 -> utf8[i] = in.readUTF();
          case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipBytes(4);
          case 5, 6 -> {
            in.skipBytes(8);
            i++;
          }
          case 7, 8, 16, 19, 20 -> in.skipBytes(2);
          case 15 -> in.skipBytes(3);
          default -> throw new AssertionError("constant pool tag " + tag);
        }
      }
      in.skipBytes(6);
      in.skipBytes(2 * in.readUnsignedShort());
      int fields = in.readUnsignedShort();
      for (int i = 0; i < fields; i++) {
        in.skipBytes(6);
        skipAttributes(in);
      }
      Map<String, Integer> lengths = new LinkedHashMap<>();
      int methods = in.readUnsignedShort();
      for (int i = 0; i < methods; i++) {
        in.skipBytes(2);
        String name = utf8[in.readUnsignedShort()];
        in.skipBytes(2);
        int attributes = in.readUnsignedShort();
        for (int a = 0; a < attributes; a++) {
          String attribute = utf8[in.readUnsignedShort()];
          int length = in.readInt();
          if (attribute.equals("Code")) {
            in.skipBytes(4);
            lengths.put(name, in.readInt());
            in.skipBytes(length - 8);
          } else {
            in.skipBytes(length);
          }
        }
      }
      return lengths;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void skipAttributes(DataInputStream in) throws IOException {
    int attributes = in.readUnsignedShort();
    for (int a = 0; a < attributes; a++) {
      in.skipBytes(2);
      in.skipBytes(in.readInt());
    }
  }
}
