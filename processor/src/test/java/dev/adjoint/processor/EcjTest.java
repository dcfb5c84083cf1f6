package dev.adjoint.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import org.eclipse.jdt.internal.compiler.tool.EclipseCompiler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Under the Eclipse compiler (which IDEs such as Eclipse and, optionally, IntelliJ use) there is
 * no javac tree API: the processor says so in one ERROR and nothing else goes wrong — no
 * exception out of the compiler, no half-written companion.
 */
class EcjTest {
  @Test
  void oneClearErrorAndNoCrash(@TempDir Path dir) throws IOException {
    Path source = dir.resolve("src/e/Model.java");
    Files.createDirectories(source.getParent());
    Files.writeString(source, """
        package e;
        final class Model {
          @dev.adjoint.Differentiable
          static double f(double x) { return x * Math.sin(x); }
        }
        """);
    Path out = Files.createDirectories(dir.resolve("out"));
    JavaCompiler ecj = new EclipseCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    StringWriter output = new StringWriter();
    boolean[] ok = new boolean[1];
    try (StandardJavaFileManager files = ecj.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
      JavaCompiler.CompilationTask task = ecj.getTask(output, files, diagnostics,
          List.of("--release", "17", "-classpath", System.getProperty("java.class.path"),
              "-d", out.toString(), "-s", out.toString()),
          null, files.getJavaFileObjects(source.toFile()));
      task.setProcessors(List.of(new AdjointProcessor()));
      ok[0] = task.call();
    }
    List<Diagnostic<? extends JavaFileObject>> errors = diagnostics.getDiagnostics().stream()
        .filter(d -> d.getKind() == Diagnostic.Kind.ERROR).toList();
    // (ECJ's CompilationTask.call() answers true even so: it counts only its own errors.)
    assertEquals(1, errors.size(), () -> "call() = " + ok[0] + ": " + diagnostics.getDiagnostics());
    String message = errors.get(0).getMessage(Locale.ROOT);
    assertTrue(message.startsWith("adjoint-processor needs javac's com.sun.source API (Trees) to read method"
        + " bodies, and this compiler does not provide it"), message);
    assertTrue(message.contains("is not javac's") && message.contains("compile with javac"), message);
    assertFalse(output.toString().contains("\tat "), () -> "a stack trace: " + output);
    assertFalse(Files.exists(out.resolve("e/ModelDerivatives.java")), "no companion without javac");
  }
}
