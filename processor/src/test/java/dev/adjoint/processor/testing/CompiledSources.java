package dev.adjoint.processor.testing;

import static com.google.common.truth.Truth.assertWithMessage;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.adjoint.processor.AdjointProcessor;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.tools.JavaFileObject;

/**
 * Source strings compiled in memory with {@link AdjointProcessor}, and their classes (user
 * classes and generated companions) loaded in a fresh class loader whose parent is the test's,
 * so {@code dev.adjoint} runtime classes resolve.
 */
public final class CompiledSources {
  private final Compilation compilation;
  private final ClassLoader loader;
  private final Map<String, byte[]> classFiles;
  /** Other files the compilation wrote to the class output (META-INF resources), by relative path. */
  private final Map<String, byte[]> resources = new HashMap<>();

  private CompiledSources(Compilation compilation, ClassLoader parent) {
    this.compilation = compilation;
    this.classFiles = new HashMap<>();
    for (JavaFileObject f : compilation.generatedFiles()) {
      String path = f.toUri().getPath();
      int root = path.indexOf("CLASS_OUTPUT/");
      if (f.getKind() == JavaFileObject.Kind.CLASS && root >= 0) {
        String name = path.substring(root + "CLASS_OUTPUT/".length(), path.length() - ".class".length());
        classFiles.put(name.replace('/', '.'), read(f));
      } else if (root >= 0) {
        resources.put(path.substring(root + "CLASS_OUTPUT/".length()), read(f));
      }
    }
    this.loader = new ClassLoader(parent) {
      @Override
      protected Class<?> findClass(String name) throws ClassNotFoundException {
        byte[] bytes = classFiles.get(name);
        if (bytes == null) {
          throw new ClassNotFoundException(name);
        }
        return defineClass(name, bytes, 0, bytes.length);
      }
    };
  }

  /** {@code JavaFileObjects.forSourceString} with the class name taken from the package line. */
  public static JavaFileObject source(String qualifiedName, String code) {
    return JavaFileObjects.forSourceString(qualifiedName, code);
  }

  /**
   * A source file from the test resources, {@code sources/<file>} (named {@code .java.txt}: as
   * {@code .java} on the classpath javac would compile it implicitly).
   */
  public static JavaFileObject resource(String qualifiedName, String file) {
    return source(qualifiedName, text(file));
  }

  /** The text of the test resource {@code sources/<file>}. */
  public static String text(String file) {
    try (InputStream in = CompiledSources.class.getResourceAsStream("/sources/" + file)) {
      if (in == null) {
        throw new AssertionError("no test resource sources/" + file);
      }
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Compiler compiler() {
    return Compiler.javac().withProcessors(new AdjointProcessor()).withOptions("-parameters", "-Aadjoint.verbose");
  }

  /** Compiles and asserts success (printing the diagnostics and generated sources otherwise). */
  public static CompiledSources compile(JavaFileObject... sources) {
    return succeeded(compiler().compile(sources), CompiledSources.class.getClassLoader());
  }

  /** Compiles with extra javac options (e.g. {@code -Aadjoint.fallback=always}) and asserts success. */
  public static CompiledSources compileWithOptions(List<String> options, JavaFileObject... sources) {
    List<String> all = new ArrayList<>(List.of("-parameters", "-Aadjoint.verbose"));
    all.addAll(options);
    return succeeded(Compiler.javac().withProcessors(new AdjointProcessor()).withOptions(all).compile(sources),
        CompiledSources.class.getClassLoader());
  }

  /** The classes of a compilation that succeeded (run elsewhere, e.g. with diagnostics of its own to read). */
  public static CompiledSources of(Compilation compilation) {
    return succeeded(compilation, CompiledSources.class.getClassLoader());
  }

  /** Compiles against {@code earlier}'s classes, as a separate compilation with them on the classpath. */
  public static CompiledSources compileAgainst(CompiledSources earlier, JavaFileObject... sources) {
    List<File> classpath = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      classpath.add(new File(entry));
    }
    classpath.add(earlier.writeClasses().toFile());
    return succeeded(compiler().withClasspath(classpath).compile(sources), earlier.loader);
  }

  private static CompiledSources succeeded(Compilation compilation, ClassLoader parent) {
    assertWithMessage("compilation failed: %s\ngenerated:\n%s", compilation.diagnostics(), generatedText(compilation))
        .that(compilation.status()).isEqualTo(Compilation.Status.SUCCESS);
    return new CompiledSources(compilation, parent);
  }

  public Compilation compilation() { return compilation; }

  public Class<?> load(String binaryName) {
    try {
      return Class.forName(binaryName, true, loader);
    } catch (ClassNotFoundException e) {
      throw new AssertionError("no class " + binaryName + " in the compilation output " + classFiles.keySet(), e);
    }
  }

  /** How many lines of {@code code} begin, after their indentation, with the regex {@code pattern}. */
  public static int linesStartingWith(String code, String pattern) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^\\s*" + pattern).matcher(code);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  /** The generated method declared with the name and opening parenthesis {@code nameAndParen} ({@code "fVjp("}), up to its closing brace. */
  public static String method(String generated, String nameAndParen) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\n  (public |private )?static [^\\n(=]* "
        + java.util.regex.Pattern.quote(nameAndParen)).matcher(generated);
    int start = m.find() ? m.start() : -1;
    if (start < 0) {
      throw new AssertionError("no method " + nameAndParen + " in\n" + generated);
    }
    return generated.substring(start, generated.indexOf("\n  }\n", start));
  }

  /**
   * {@code code} with every push written as the call {@code doubles = DoubleStack.push(doubles,
   * doublesSize++, x);}: inside a loop of known trip count the reverse sweep stores {@code
   * doubles[doublesSize++] = x;} instead (the loop reserved the room), and tests that ask what is
   * pushed ask it of both forms.
   */
  public static String pushesAsCalls(String code) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\b((doubles|ints|longs)(_\\d+)?)\\[(\\w+)\\+\\+\\] = (.*);")
        .matcher(code);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String type = m.group(2).equals("doubles") ? "DoubleStack" : m.group(2).equals("ints") ? "IntStack" : "LongStack";
      m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(
          m.group(1) + " = " + type + ".push(" + m.group(1) + ", " + m.group(4) + "++, " + m.group(5) + ");"));
    }
    return m.appendTail(out).toString();
  }

  /**
   * The public method {@code name} of the companion of {@code owner} (a binary name: the companion of
   * a nested class {@code a.Outer$Inner} is {@code a.Outer_InnerDerivatives}).
   */
  public java.lang.reflect.Method companionMethod(String owner, String name) {
    Class<?> companion = load(owner.replace('$', '_') + "Derivatives");
    for (java.lang.reflect.Method m : companion.getMethods()) {
      if (m.getName().equals(name)) {
        return m;
      }
    }
    throw new AssertionError("no method " + name + " in " + companion);
  }

  /** The components of a record (a companion's gradient or tangent record), in declaration order. */
  public static Object[] components(Object record) {
    java.lang.reflect.RecordComponent[] rc = record.getClass().getRecordComponents();
    Object[] values = new Object[rc.length];
    try {
      for (int i = 0; i < rc.length; i++) {
        java.lang.reflect.Method accessor = rc[i].getAccessor();
        accessor.setAccessible(true);
        values[i] = accessor.invoke(record);
      }
    } catch (ReflectiveOperationException e) {
      throw new AssertionError("components of " + record, e);
    }
    return values;
  }

  /** The generated source of {@code qualifiedName}, as text. */
  public String generatedSource(String qualifiedName) {
    JavaFileObject file = compilation.generatedSourceFile(qualifiedName)
        .orElseThrow(() -> new AssertionError("no generated source " + qualifiedName));
    try {
      return file.getCharContent(true).toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The numerical check of {@code Class.method} and its companion's derivatives. */
  public GradientCheck check(String binaryClassName, String method) {
    return GradientCheck.of(load(binaryClassName), method);
  }

  /**
   * The class output (classes and resources) in a new temporary directory, like a library jar's
   * content. It lives under {@link #scratch}, which is deleted when the test JVM exits.
   */
  public Path writeClasses() {
    try {
      Path dir = Files.createTempDirectory(scratch(), "classes");
      for (Map.Entry<String, byte[]> e : classFiles.entrySet()) {
        Path file = dir.resolve(e.getKey().replace('.', '/') + ".class");
        Files.createDirectories(file.getParent());
        Files.write(file, e.getValue());
      }
      for (Map.Entry<String, byte[]> e : resources.entrySet()) {
        Path file = dir.resolve(e.getKey());
        Files.createDirectories(file.getParent());
        Files.write(file, e.getValue());
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * One temporary directory per test JVM for files that tests hand to javac (class directories,
   * jars), deleted with everything in it when the JVM exits, so that {@code mvn test} leaves
   * nothing behind in the system's temporary directory.
   */
  public static synchronized Path scratch() {
    if (scratch == null) {
      try {
        Path dir = Files.createTempDirectory("adjoint-test");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
        scratch = dir;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return scratch;
  }

  private static Path scratch;

  private static void deleteTree(Path root) {
    try (Stream<Path> files = Files.walk(root)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      // best effort at exit: the directory is in the system's temporary directory anyway
    }
  }

  private static byte[] read(JavaFileObject f) {
    try (InputStream in = f.openInputStream()) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String generatedText(Compilation compilation) {
    StringBuilder text = new StringBuilder();
    if (compilation.status() != Compilation.Status.SUCCESS) {
      return "(none: compile-testing keeps no generated files of a failed compilation)";
    }
    for (JavaFileObject f : compilation.generatedSourceFiles()) {
      try {
        text.append(f.getCharContent(true)).append('\n');
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return text.toString();
  }
}
