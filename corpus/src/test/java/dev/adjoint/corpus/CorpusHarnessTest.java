package dev.adjoint.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The harness on a tiny fake library: which methods it picks, and that it calls a correct
 * method static or tape, a refused one ERROR, and one whose custom derivative is wrong (a
 * {@code @DerivativeOf} partial 1.5 times too large) wrong. The outcomes the processor alone
 * cannot be made to produce on purpose (crash, uncompilable, no companion) are checked on
 * compilation records built by hand.
 */
class CorpusHarnessTest {
  @TempDir
  static Path dir;
  private static Path jar;
  private static Path sources;
  private static Map<String, MethodResult> results;

  private static final String LIB = """
      package fake;
      public final class Lib {
        private Lib() {}
        public static double cube(double x) { return x * x * x; }
        public static double sine(double x) { return Math.sin(x); }
      }
      """;

  private static final Map<String, String> FILES = Map.of(
      "fake/Good.java", """
          package fake;
          final class Good {
            /** Not candidates: an instance method, a String parameter, a float result, no body. */
            double instance(double x) { return x; }
            static double named(String s, double x) { return x; }
            static float single(double x) { return (float) x; }
            static double weighted(double x, double[] w, int n) {
              double s = 0;
              for (int i = 0; i < w.length; i++) {
                s += w[i] * Math.sin(x * (i + 1));
              }
              return s * n;
            }
            private static double square(double x) { return x * x; }
            static double noFinitePoint(double x) { return Math.sqrt(-1 - x * x); }
            static double noisy(double x) { return x * Math.random(); }
            static double clamp(double value, double lo, double hi) { return Math.max(lo, Math.min(hi, value)); }
          }
          """,
      "fake/Refused.java", """
          package fake;
          final class Refused {
            static double viaLibrary(double x) { return Lib.cube(x) + 1; }
          }
          """,
      "fake/Wrong.java", """
          package fake;
          import dev.adjoint.DerivativeOf;
          final class Wrong {
            static double twiceSine(double x) { return 2 * Lib.sine(x); }
            static double magnitude(double x) { return Double.longBitsToDouble(Double.doubleToRawLongBits(x) & 0x7fffffffffffffffL); }
            @DerivativeOf("fake.Lib.sine")
            public static double sinePartial(double x) { return 1.5 * Math.cos(x); }
          }
          """,
      "fake/Taped.java", """
          package fake;
          final class Taped {
            static double guarded(double x) {
              return x > 5 ? x : x * Math.exp(x);
            }
          }
          """);

  @BeforeAll
  static void measure() throws IOException {
    // the library's "jar": Lib compiled, without its source (code the processor cannot read)
    jar = dir.resolve("lib");
    Compilation lib = Compilation.run(List.of(CandidateFinder.source("fake/Lib.java", LIB)), List.of(),
        dir.resolve("lib-build"), false, List.of());
    assertTrue(lib.success(), lib.messages().toString());
    Files.move(lib.classes(), jar);
    sources = dir.resolve("src");
    for (Map.Entry<String, String> f : FILES.entrySet()) {
      Files.createDirectories(sources.resolve(f.getKey()).getParent());
      Files.writeString(sources.resolve(f.getKey()), f.getValue());
    }
    results = new TreeMap<>();
    // Taped on the tape by force: which constructs the processor leaves to the tape is its to change
    Corpus.measure(new Corpus.Options(jar, sources, dir.resolve("work"), Pattern.compile("^(?!fake.Taped)"), 1, 1,
        false, List.of()), r -> results.put(r.candidate().id(), r));
    Corpus.measure(new Corpus.Options(jar, sources, dir.resolve("work-taped"), Pattern.compile("^fake.Taped"), 1, 1,
        false, List.of("-Aadjoint.fallback=always")), r -> results.put(r.candidate().id(), r));
  }

  @Test
  void measuresStaticDoubleMethodsWithPrimitiveParameters() {
    assertEquals(List.of("fake.Good#clamp(double, double, double)", "fake.Good#noFinitePoint(double)", "fake.Good#noisy(double)", "fake.Good#square(double)",
        "fake.Good#weighted(double, double[], int)", "fake.Refused#viaLibrary(double)", "fake.Taped#guarded(double)",
        "fake.Wrong#magnitude(double)", "fake.Wrong#sinePartial(double)", "fake.Wrong#twiceSine(double)"),
        new ArrayList<>(results.keySet()));
  }

  @Test
  void candidatesHaveOnlyPrimitiveAndPrimitiveArrayParameters() {
    String code = """
        package p;
        abstract class A {
          double instance(double x) { return x; }
          static double named(String s, double x) { return x; }
          static float single(double x) { return (float) x; }
          static double boxed(Double x) { return x; }
          static double none() { return 1; }
          private static double hidden(int... n) { return n.length; }
          static final class Inner {
            static double mixed(float f, char c, boolean b, long[][] l, short s, byte y) { return 0; }
          }
        }
        """;
    List<Candidate> found = CandidateFinder.find(Map.of("p/A.java", code));
    assertEquals(List.of("p.A#none()", "p.A#hidden(int[])", "p.A$Inner#mixed(float, char, boolean, long[][], short, byte)"),
        found.stream().map(Candidate::id).toList());
    Candidate hidden = found.get(1);
    assertTrue(hidden.isPrivate());
    String annotated = hidden.annotate(code);
    assertTrue(annotated.contains("@dev.adjoint.Differentiable         static double hidden(int... n)"), annotated);
    assertEquals(code.lines().count(), annotated.lines().count());
    String open = CandidateFinder.openPrivate("p/A.java", code);
    assertEquals(code.replace("private", "       "), open);
  }

  @Test
  void correctMethodsAreStaticAndChecked() {
    MethodResult weighted = results.get("fake.Good#weighted(double, double[], int)");
    assertEquals(Outcome.STATIC, weighted.outcome(), weighted.line());
    assertEquals(GradientProbe.POINTS, weighted.points(), weighted.line());
    assertTrue(weighted.comparisons() >= 3 * 4, weighted.line()); // x and every w[i], at each point
    // private in the library: package-private in the copy
    assertEquals(Outcome.STATIC, results.get("fake.Good#square(double)").outcome());
  }

  @Test
  void aMethodWithNoFinitePointIsDifferentiatedButNotChecked() {
    MethodResult r = results.get("fake.Good#noFinitePoint(double)");
    assertEquals(Outcome.STATIC, r.outcome(), r.line());
    assertEquals(0, r.points(), r.line());
    assertTrue(r.detail().contains("no point"), r.line());
  }

  /** A parameter named value has the gradient component dvalue: the probe maps it back. */
  @Test
  void aParameterNamedValueIsChecked() {
    MethodResult r = results.get("fake.Good#clamp(double, double, double)");
    assertEquals(Outcome.STATIC, r.outcome(), r.line());
    assertTrue(r.points() > 0, r.line());
  }

  @Test
  void aMethodReturningAnotherValueOnEachCallIsNotChecked() {
    MethodResult r = results.get("fake.Good#noisy(double)");
    assertEquals(Outcome.STATIC, r.outcome(), r.line());
    assertEquals(0, r.points(), r.line());
    assertTrue(r.detail().contains("another value on each call"), r.line());
  }

  @Test
  void aTapedCompanionIsTape() {
    MethodResult r = results.get("fake.Taped#guarded(double)");
    assertEquals(Outcome.TAPE, r.outcome(), r.line());
    assertTrue(r.taped() && r.detail().contains("forced"), r.line());
    assertTrue(r.comparisons() > 0, r.line());
  }

  @Test
  void aCallIntoCodeWithoutSourceIsAnError() {
    MethodResult r = results.get("fake.Refused#viaLibrary(double)");
    assertEquals(Outcome.ERROR, r.outcome(), r.line());
    assertTrue(r.detail().contains("Lib.cube"), r.line());
  }

  @Test
  void errorsAreGroupedByProcessorMessage() {
    Candidate c = new Candidate("fake/Refused.java", "fake.Refused", "f", List.of("double"), 0, 0, false, 1);
    String noDerivative = "Lib.cube has no known derivative, but receives the active value x * y; write it with loops"
        + " and operations the processor differentiates, make the method it calls @Differentiable, give it a"
        + " @DerivativeOf, or compute it from inactive values (the processor reads the bodies of the class it"
        + " compiles only: another class may not be recompiled with it in an incremental build)";
    assertEquals("NO_DERIVATIVE", MessageKinds.kind(noDerivative));
    assertEquals("Lib.cube has no known derivative", MessageKinds.key(noDerivative));
    assertTrue(Report.namesCallWithoutSource(noDerivative, c));
    assertTrue(!Report.namesCallWithoutSource(noDerivative.replace("Lib.cube", "Refused.helper"), c));
    assertEquals("other", MessageKinds.kind("cannot find symbol"));
  }

  @Test
  void aWrongCustomPartialIsWrong() {
    MethodResult r = results.get("fake.Wrong#twiceSine(double)");
    assertEquals(Outcome.WRONG, r.outcome(), r.line());
    assertTrue(r.detail().startsWith("d/dx: gradient"), r.line());
    // the partial itself, differentiated on its own, is fine
    assertEquals(Outcome.STATIC, results.get("fake.Wrong#sinePartial(double)").outcome());
  }

  @Test
  void aWrongDerivativeTheProcessorWarnedAboutIsCountedApart() {
    // abs by masking the sign bit: the processor warns that the derivative is lost through the long
    MethodResult r = results.get("fake.Wrong#magnitude(double)");
    assertEquals(Outcome.WARNED, r.outcome(), r.line());
  }

  @Test
  void reportCountsEveryOutcome() {
    List<MethodResult> all = new ArrayList<>(results.values());
    String md = Report.markdown("fake", all, 1.0);
    assertTrue(md.contains("| static | 6 |") && md.contains("| tape | 1 |") && md.contains("| ERROR | 1 |")
        && md.contains("| wrong | 1 |") && md.contains("| wrong, warned | 1 |"), md);
    assertTrue(md.contains("Differentiated (static + tape): 7 of 10 = 70.0%"), md);
    assertTrue(md.contains("- `fake.Wrong#twiceSine(double)` (static): d/dx: gradient"), md);
    assertEquals("10 methods: static 6, tape 1, ERROR 1, crash 0, no companion 0, uncompilable 0, wrong 1,"
        + " wrong, warned 1",
        Report.countLine(all));
  }

  @Test
  void compilationRecordsAreClassifiedInOrder() throws IOException {
    Candidate c = new Candidate("fake/Good.java", "fake.Good", "f", List.of("double"), 0, 0, false, 1);
    Compilation.Message library = new Compilation.Message(Diagnostic.Kind.ERROR, Compilation.Origin.LIBRARY,
        "/fake/Good.java", 3, "Lib.cube has no known derivative, but receives the active value x; make it"
        + " @Differentiable, or compute it from inactive values");
    Compilation.Message generated = new Compilation.Message(Diagnostic.Kind.ERROR, Compilation.Origin.GENERATED,
        dir + "/generated/fake/GoodDerivatives.java", 20, "illegal start of expression");
    Compilation.Message internal = new Compilation.Message(Diagnostic.Kind.ERROR, Compilation.Origin.LIBRARY,
        "/fake/Good.java", 3, "adjoint-processor failed on f: java.lang.NullPointerException; no derivatives");
    Path empty = dir.resolve("empty");
    Files.createDirectories(empty);
    assertEquals(Outcome.CRASH, Corpus.diagnose(c, Compilation.of(List.of(), new IllegalStateException("boom"), false,
        empty)).outcome());
    assertEquals(Outcome.CRASH, Corpus.diagnose(c, Compilation.of(List.of(library, internal), null, false, empty))
        .outcome());
    MethodResult uncompilable = Corpus.diagnose(c, Compilation.of(List.of(library, generated), null, false, empty));
    assertEquals(Outcome.UNCOMPILABLE, uncompilable.outcome());
    assertEquals("fake/GoodDerivatives.java:20: illegal start of expression", uncompilable.detail());
    assertEquals(Outcome.ERROR, Corpus.diagnose(c, Compilation.of(List.of(library), null, false, empty)).outcome());
    assertEquals(Outcome.CRASH, Corpus.diagnose(c, Compilation.of(List.of(), null, false, empty)).outcome());
    assertEquals(Outcome.NO_COMPANION, Corpus.diagnose(c, Compilation.of(List.of(), null, true, empty)).outcome());
  }

  @Test
  void aFilterSelectsMethods() throws IOException {
    List<MethodResult> some = Corpus.measure(new Corpus.Options(jar, sources, dir.resolve("work-filtered"),
        Pattern.compile("Good#(square|weighted)"), 2, 1, false, List.of()), r -> { });
    assertEquals("fake.Good#weighted(double, double[], int),fake.Good#square(double)", some.stream()
        .map(r -> r.candidate().id()).collect(Collectors.joining(",")));
  }
}
