package dev.adjoint.corpus;

import dev.adjoint.processor.AdjointProcessor;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.tools.Diagnostic;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * One in-process javac run: the annotated copy of a library class, with {@link AdjointProcessor}
 * (or without any processor, for the baseline), against the library's jar. Classes go to
 * {@code dir/classes}, generated sources to {@code dir/generated}.
 */
public final class Compilation {
  /** Where a diagnostic points: the compiled library file, a generated source, or nowhere. */
  public enum Origin { LIBRARY, GENERATED, NONE }

  public record Message(Diagnostic.Kind kind, Origin origin, String file, long line, String text) {
    @Override
    public String toString() {
      return kind + (file == null ? "" : " " + file + ":" + line) + ": " + text;
    }
  }

  private final List<Message> messages;
  private final Throwable crash;
  private final boolean success;
  private final Path classes;
  private final Path generated;

  private Compilation(List<Message> messages, Throwable crash, boolean success, Path classes, Path generated) {
    this.messages = messages;
    this.crash = crash;
    this.success = success;
    this.classes = classes;
    this.generated = generated;
  }

  /**
   * Compiles {@code sources} into {@code dir} with the class path {@code classPath}; with the
   * processor if {@code process}, and {@code moreOptions} (e.g. {@code -Aadjoint.fallback=always}). Never throws for what javac or the processor does: an exception
   * from either is kept as {@link #crash()}.
   */
  public static Compilation run(List<JavaFileObject> sources, List<Path> classPath, Path dir, boolean process,
      List<String> moreOptions) {
    Path classes = dir.resolve("classes");
    Path generated = dir.resolve("generated");
    List<Message> messages = new ArrayList<>();
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    try {
      Files.createDirectories(classes);
      Files.createDirectories(generated);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> options = new ArrayList<>(List.of("--release", "17", "-parameters",
        "-implicit:none", "-Xmaxerrs", "500", "-encoding", "UTF-8",
        "-d", classes.toString(), "-s", generated.toString(),
        "-classpath", String.join(File.pathSeparator, classPath.stream().map(Path::toString).toList())));
    if (!process) {
      options.add("-proc:none");
    }
    options.addAll(moreOptions);
    String generatedRoot = generated.toUri().getPath();
    try (StandardJavaFileManager files = javac.getStandardFileManager(null, Locale.ROOT, StandardCharsets.UTF_8)) {
      StringWriter javacOutput = new StringWriter();
      JavaCompiler.CompilationTask task = javac.getTask(new PrintWriter(javacOutput), files, d -> {
        JavaFileObject source = d.getSource();
        Origin origin = source == null ? Origin.NONE
            : source.toUri().getPath() != null && source.toUri().getPath().startsWith(generatedRoot)
                ? Origin.GENERATED : Origin.LIBRARY;
        String name = source == null ? null : source.getName();
        synchronized (messages) {
          messages.add(new Message(d.getKind(), origin, name, d.getLineNumber(), d.getMessage(Locale.ROOT)));
        }
      }, options, null, sources);
      if (process) {
        task.setProcessors(List.of(new AdjointProcessor()));
      }
      boolean ok = task.call();
      return new Compilation(messages, null, ok, classes, generated);
    } catch (RuntimeException | Error e) {
      // javac wraps an exception thrown by a processor; an internal javac failure is thrown as is
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      return new Compilation(messages, cause, false, classes, generated);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A compilation's record without running javac: what the harness's own tests classify. */
  static Compilation of(List<Message> messages, Throwable crash, boolean success, Path dir) {
    return new Compilation(messages, crash, success, dir.resolve("classes"), dir.resolve("generated"));
  }

  public List<Message> messages() { return messages; }

  public Throwable crash() { return crash; }

  public boolean success() { return success; }

  public Path classes() { return classes; }

  public Path generated() { return generated; }

  public List<Message> errors() {
    return messages.stream().filter(m -> m.kind() == Diagnostic.Kind.ERROR).toList();
  }

  /** The text of generated source {@code binaryName} ({@code p.XDerivatives}), or null. */
  public String generatedSource(String binaryName) {
    Path file = generated.resolve(binaryName.replace('.', '/') + ".java");
    try {
      return Files.exists(file) ? Files.readString(file) : null;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A throwable's class, message and first frames: enough to find the crash. */
  public static String describe(Throwable t) {
    StringWriter out = new StringWriter();
    out.append(t.toString().replace('\n', ' '));
    StackTraceElement[] frames = t.getStackTrace();
    for (int i = 0; i < Math.min(4, frames.length); i++) {
      out.append(" at ").append(frames[i].toString());
    }
    return out.toString();
  }
}
