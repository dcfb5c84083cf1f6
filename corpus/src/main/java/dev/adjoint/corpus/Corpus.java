package dev.adjoint.corpus;

import dev.adjoint.Differentiable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;

/**
 * The measurement: each candidate of a library's sources annotated {@code @Differentiable} in a
 * copy of its own file (same package, imports and helpers; the copy shadows the jar's class),
 * compiled alone with the processor against the library's jar, classified, and its gradient
 * checked by {@link GradientProbe}.
 */
public final class Corpus {
  /** How long one compilation or one numerical check may take before it counts as hung. */
  static final long COMPILE_SECONDS = 300;
  static final long CHECK_SECONDS = 60;
  private static final Pattern TAPE_NOTE = Pattern.compile("runs on the dynamic tape:? (.*)");

  /**
   * @param jar the library's classes (class path of every compilation, parent of every loader)
   * @param sources the library's sources: a {@code -sources.jar} or a directory
   * @param work where compilations write (kept for every method that is not clean)
   * @param filter a regex found in {@link Candidate#id()}, or null for all
   * @param openPrivate drop {@code private} from every declaration of the copied file (a second
   *     measurement: what remains once the companion may use the class's private members)
   * @param javacOptions more options for every compilation ({@code -Aadjoint.fallback=always})
   */
  public record Options(Path jar, Path sources, Path work, Pattern filter, int threads, long seed,
      boolean openPrivate, List<String> javacOptions) {}

  private final Options options;
  private final Map<String, String> files;
  private final List<Path> classPath;
  private final Set<String> brokenFiles = new LinkedHashSet<>();

  private Corpus(Options options) throws IOException {
    this.options = options;
    this.files = readSources(options.sources());
    this.classPath = List.of(locationOf(Differentiable.class), options.jar().toAbsolutePath());
  }

  /** Measures every candidate; {@code progress} sees each result as it comes. */
  public static List<MethodResult> measure(Options options, Consumer<MethodResult> progress) throws IOException {
    return new Corpus(options).measureAll(progress);
  }

  /** The candidates of a sources jar or directory, without measuring them. */
  public static List<Candidate> candidates(Path sources) throws IOException {
    return CandidateFinder.find(readSources(sources));
  }

  private List<MethodResult> measureAll(Consumer<MethodResult> progress) throws IOException {
    List<Candidate> candidates = new ArrayList<>();
    for (Candidate c : CandidateFinder.find(files)) {
      if (options.filter() == null || options.filter().matcher(c.id()).find()) {
        candidates.add(c);
      }
    }
    if (options.openPrivate()) {
      for (String file : candidates.stream().map(Candidate::file).distinct().toList()) {
        files.put(file, CandidateFinder.openPrivate(file, files.get(file)));
      }
    }
    baseline(candidates);
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, options.threads()), r -> {
      Thread t = new Thread(r, "corpus");
      t.setDaemon(true);
      return t;
    });
    List<Future<MethodResult>> futures = new ArrayList<>();
    AtomicInteger done = new AtomicInteger();
    for (int i = 0; i < candidates.size(); i++) {
      Candidate c = candidates.get(i);
      Path dir = options.work().resolve(String.format("%04d-%s", i, c.binaryClass().replaceAll(".*\\.", "")
          + "." + c.method()));
      futures.add(pool.submit(() -> {
        MethodResult r = measure(c, dir);
        synchronized (progress) {
          done.incrementAndGet();
          progress.accept(r);
        }
        return r;
      }));
    }
    List<MethodResult> results = new ArrayList<>();
    try {
      for (Future<MethodResult> f : futures) {
        results.add(f.get());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
    return results;
  }

  /** Compiles every file with a candidate once, untouched and without the processor: what fails is not ours to measure. */
  private void baseline(List<Candidate> candidates) throws IOException {
    Set<String> paths = new LinkedHashSet<>();
    candidates.forEach(c -> paths.add(c.file()));
    if (paths.isEmpty()) {
      return;
    }
    List<JavaFileObject> sources = new ArrayList<>();
    paths.forEach(p -> sources.add(CandidateFinder.source(p, files.get(p))));
    Path dir = options.work().resolve("baseline");
    Compilation plain = Compilation.run(sources, classPath, dir, false, List.of());
    if (plain.crash() != null) {
      throw new IllegalStateException("javac crashed on the unmodified sources: " + Compilation.describe(plain.crash()));
    }
    for (Compilation.Message m : plain.errors()) {
      brokenFiles.add(m.file() == null ? "" : m.file());
      System.out.println("[corpus] baseline: " + m);
    }
    deleteTree(dir);
  }

  private MethodResult measure(Candidate c, Path dir) {
    long start = System.nanoTime();
    MethodResult r;
    try {
      r = classify(c, dir);
    } catch (RuntimeException | LinkageError e) {
      r = result(c, Outcome.SKIPPED, "harness failure: " + Compilation.describe(e), List.of(), false);
    }
    r = new MethodResult(c, r.outcome(), r.detail(), r.errors(), r.taped(), r.points(), r.comparisons(),
        (System.nanoTime() - start) / 1e9);
    if (r.outcome().differentiated() || r.outcome() == Outcome.ERROR || r.outcome() == Outcome.SKIPPED) {
      deleteTree(dir); // keep the generated code only of what the lead must look at
    } else {
      deleteTree(dir.resolve("classes"));
    }
    return r;
  }

  private MethodResult classify(Candidate c, Path dir) {
    if (brokenFiles.stream().anyMatch(f -> f.endsWith(c.file()))) {
      return result(c, Outcome.SKIPPED, "the unmodified file does not compile against the jar", List.of(), false);
    }
    String text = c.annotate(files.get(c.file()));
    Compilation compilation = timed(() -> Compilation.run(List.of(CandidateFinder.source(c.file(), text)),
        classPath, dir, true, options.javacOptions()), COMPILE_SECONDS);
    if (compilation == null) {
      return result(c, Outcome.CRASH, "javac did not finish in " + COMPILE_SECONDS + " s", List.of(), false);
    }
    MethodResult refused = diagnose(c, compilation);
    if (refused != null) {
      return refused;
    }
    String companionSource = compilation.generatedSource(c.companion());
    String tapeReason = null;
    for (Compilation.Message m : compilation.messages()) {
      Matcher note = TAPE_NOTE.matcher(m.text());
      if ((m.kind() == Diagnostic.Kind.NOTE || m.kind() == Diagnostic.Kind.WARNING) && note.find()) {
        tapeReason = note.group(1);
      }
    }
    boolean taped = tapeReason != null || companionSource.contains("ScalarTape") || companionSource.contains("TapedDouble");
    if (taped && tapeReason == null) {
      tapeReason = "taped copy in the companion, without a NOTE";
    }
    boolean lossWarned = compilation.messages().stream().anyMatch(m -> m.kind() == Diagnostic.Kind.WARNING
        && m.text().contains("so the derivative of this"));
    return check(c, compilation, taped, tapeReason, lossWarned);
  }

  /**
   * The outcome a compilation alone decides, in this order: crash (an exception, or the
   * processor's internal-error message), uncompilable (an error in generated code), ERROR (any
   * other error), no companion (no error, but no companion class); null if there is a companion
   * to check.
   */
  static MethodResult diagnose(Candidate c, Compilation compilation) {
    if (compilation.crash() != null) {
      return result(c, Outcome.CRASH, Compilation.describe(compilation.crash()), List.of(), false);
    }
    List<String> errors = new ArrayList<>();
    for (Compilation.Message m : compilation.errors()) {
      if (m.text().startsWith("adjoint-processor failed on")) {
        return result(c, Outcome.CRASH, m.text(), List.of(), false);
      }
      if (m.origin() == Compilation.Origin.GENERATED) {
        return result(c, Outcome.UNCOMPILABLE, m.file().replaceAll(".*/generated/", "") + ":" + m.line() + ": "
            + m.text(), List.of(), false);
      }
      if (!errors.contains(m.text())) {
        errors.add(m.text());
      }
    }
    if (!errors.isEmpty()) {
      return result(c, Outcome.ERROR, errors.get(0) + (errors.size() > 1 ? " (+" + (errors.size() - 1) + " more)" : ""),
          errors, false);
    }
    if (!compilation.success()) {
      return result(c, Outcome.CRASH, "javac failed without an error message", List.of(), false);
    }
    String warnings = String.join("; ", compilation.messages().stream()
        .filter(m -> m.kind() == Diagnostic.Kind.WARNING || m.kind() == Diagnostic.Kind.MANDATORY_WARNING)
        .map(Compilation.Message::text).toList());
    Path companionClass = compilation.classes().resolve(c.companion().replace('.', '/') + ".class");
    if (compilation.generatedSource(c.companion()) == null || !Files.exists(companionClass)) {
      return result(c, Outcome.NO_COMPANION, "no class " + c.companion() + (warnings.isEmpty() ? "" : "; " + warnings),
          List.of(), false);
    }
    return null;
  }

  /** Loads the compiled copy and its companion (the copy first, then the jar) and probes the gradient. */
  private MethodResult check(Candidate c, Compilation compilation, boolean taped, String tapeReason,
      boolean lossWarned) {
    Outcome differentiated = taped ? Outcome.TAPE : Outcome.STATIC;
    try (URLClassLoader loader = new ChildFirstLoader(url(compilation.classes()), url(options.jar()))) {
      Class<?> owner;
      try {
        owner = Class.forName(c.binaryClass(), false, loader);
      } catch (ClassNotFoundException | LinkageError e) {
        return result(c, Outcome.SKIPPED, "cannot load the compiled copy: " + Compilation.describe(e), List.of(), taped);
      }
      Method primal = find(owner, c);
      GradientProbe probe;
      try {
        probe = GradientProbe.of(primal, Class.forName(c.companion(), true, loader), options.seed() ^ c.id().hashCode());
      } catch (IllegalStateException e) {
        return result(c, Outcome.NO_COMPANION, e.getMessage(), List.of(), taped);
      } catch (ClassNotFoundException e) {
        return result(c, Outcome.NO_COMPANION, "no class " + c.companion(), List.of(), taped);
      } catch (VerifyError | ClassFormatError e) {
        return result(c, Outcome.UNCOMPILABLE, "the companion does not load: " + e, List.of(), taped);
      }
      GradientProbe.Result checked = timed(probe::run, CHECK_SECONDS);
      if (checked == null) {
        return new MethodResult(c, differentiated, "numerical check did not finish in " + CHECK_SECONDS + " s; "
            + (tapeReason == null ? "" : tapeReason), List.of(), taped, 0, 0, 0);
      }
      if (checked.wrong()) {
        return new MethodResult(c, lossWarned ? Outcome.WARNED : Outcome.WRONG, checked.detail(), List.of(), taped,
            checked.points(),
            checked.comparisons(), 0);
      }
      String detail = tapeReason == null ? checked.detail()
          : checked.detail().isEmpty() ? tapeReason : tapeReason + "; " + checked.detail();
      return new MethodResult(c, differentiated, detail, List.of(), taped, checked.points(), checked.comparisons(), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (LinkageError | RuntimeException e) {
      // e.g. the class's static initializer threw: the probe could not run it at all
      return result(c, Outcome.SKIPPED, "cannot run the compiled copy: " + Compilation.describe(e), List.of(), taped);
    }
  }

  private static Method find(Class<?> owner, Candidate c) {
    List<String> wanted = c.parameterTypes().stream().map(t -> t.replace("...", "[]").replace(" ", "")).toList();
    for (Method m : owner.getDeclaredMethods()) {
      if (m.getName().equals(c.method())
          && Arrays.stream(m.getParameterTypes()).map(Class::getTypeName).toList().equals(wanted)) {
        return m;
      }
    }
    throw new IllegalStateException("no method " + c.id() + " in the compiled copy");
  }

  private static MethodResult result(Candidate c, Outcome outcome, String detail, List<String> errors, boolean taped) {
    return new MethodResult(c, outcome, detail, errors, taped, 0, 0, 0);
  }

  /**
   * Runs {@code work} on its own thread; null if it does not finish in time. A hung thread is
   * stopped where the JDK still allows it (Thread.stop, reflectively: gone after JDK 19), else
   * left running as a daemon.
   */
  @SuppressWarnings("deprecation")
  static <T> T timed(Callable<T> work, long seconds) {
    Object[] box = new Object[2];
    Thread t = new Thread(() -> {
      try {
        box[0] = work.call();
      } catch (Throwable e) {
        box[1] = e;
      }
    }, "corpus-work");
    t.setDaemon(true);
    t.start();
    try {
      t.join(seconds * 1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
    if (t.isAlive()) {
      try {
        Thread.class.getMethod("stop").invoke(t);
      } catch (ReflectiveOperationException | RuntimeException e) {
        t.interrupt();
      }
      return null;
    }
    if (box[1] instanceof RuntimeException e) {
      throw e;
    } else if (box[1] instanceof Error e) {
      throw e;
    } else if (box[1] != null) {
      throw new IllegalStateException((Throwable) box[1]);
    }
    @SuppressWarnings("unchecked")
    T value = (T) box[0];
    return value;
  }

  /**
   * Loads the classes of one compilation, then the library's, itself before asking its parent:
   * the copy shadows the jar's class, and both share one runtime package, so the copy still
   * reaches the package-private members of its neighbours in the jar (and they its).
   */
  private static final class ChildFirstLoader extends URLClassLoader {
    ChildFirstLoader(URL classes, URL library) {
      super(new URL[] {classes, library}, Corpus.class.getClassLoader());
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      synchronized (getClassLoadingLock(name)) {
        Class<?> c = findLoadedClass(name);
        if (c == null && findResource(name.replace('.', '/') + ".class") != null) {
          c = findClass(name);
        }
        if (c == null) {
          return super.loadClass(name, resolve);
        }
        if (resolve) {
          resolveClass(c);
        }
        return c;
      }
    }
  }

  /** Every {@code .java} file but package-info and module-info, by path, sorted. */
  static Map<String, String> readSources(Path sources) throws IOException {
    Map<String, String> files = new TreeMap<>();
    if (Files.isDirectory(sources)) {
      collect(sources, files);
    } else {
      try (FileSystem jar = FileSystems.newFileSystem(sources)) {
        collect(jar.getPath("/"), files);
      }
    }
    return new LinkedHashMap<>(files);
  }

  private static void collect(Path root, Map<String, String> files) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : (Iterable<Path>) walk.sorted(Comparator.comparing(Path::toString))::iterator) {
        String name = root.relativize(p).toString().replace('\\', '/');
        if (name.endsWith(".java") && !name.endsWith("package-info.java") && !name.endsWith("module-info.java")) {
          // malformed bytes (a Latin-1 comment) become U+FFFD: javac reads the text, not the bytes
          files.put(name, new String(Files.readAllBytes(p), StandardCharsets.UTF_8));
        }
      }
    }
  }

  private static Path locationOf(Class<?> c) {
    try {
      return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static URL url(Path p) {
    try {
      return p.toUri().toURL();
    } catch (MalformedURLException e) {
      throw new IllegalStateException(e);
    }
  }

  static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
