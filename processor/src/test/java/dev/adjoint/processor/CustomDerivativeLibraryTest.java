package dev.adjoint.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.adjoint.processor.testing.CompiledSources.source;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.adjoint.GradChecks;
import dev.adjoint.processor.testing.CompiledSources;
import java.io.File;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * {@code @DerivativeOf} methods compiled into a library (another compilation, then on the class
 * path, as a directory or a jar): the library's index {@code dev/adjoint/derivatives/<target>/index}
 * leads the caller's compilation to them.
 */
class CustomDerivativeLibraryTest {
  private static final JavaFileObject SPECIAL = source("lib.Special", """
      package lib;

      public final class Special {
        private Special() {}

        /** log(1 + exp(beta a)) / beta. */
        public static double softplus(double a, double beta) {
          return Math.log1p(Math.exp(beta * a)) / beta;
        }
      }
      """);

  /** The library's partials; {@code partialA} is d/da (by hand: sigmoid(beta a)). */
  private static JavaFileObject libraryPartials(String partialA) {
    return source("lib.SpecialDerivatives", """
        package lib;

        import dev.adjoint.DerivativeOf;

        public final class SpecialDerivatives {
          private SpecialDerivatives() {}

          @DerivativeOf("lib.Special.softplus")
          public static double softplusA(double a, double beta) {
            return %s;
          }

          @DerivativeOf(value = "lib.Special.softplus", argument = 1)
          public static double softplusBeta(double a, double beta) {
            double s = 1 / (1 + Math.exp(-beta * a));
            return (a * s - Math.log1p(Math.exp(beta * a)) / beta) / beta;
          }

          @DerivativeOf(value = "lib.Vec.norm", mode = DerivativeOf.Mode.VJP)
          public static double[] norm(double[] x, double seed) {
            double n = lib.Vec.norm(x);
            double[] g = new double[x.length];
            for (int i = 0; i < x.length; i++) g[i] = seed * x[i] / n;
            return g;
          }
        }
        """.formatted(partialA));
  }

  private static final String RIGHT = "1 / (1 + Math.exp(-beta * a))";
  private static final String WRONG = "1 / (1 + Math.exp(beta * a))";

  private static final JavaFileObject MODEL = source("m.Model", """
      package m;

      import dev.adjoint.Differentiable;
      import dev.adjoint.GradCheck;
      import lib.Special;
      import lib.Vec;

      final class Model {
        @Differentiable
        @GradCheck({"x=0.3, b=2", "x=-1.5, b=0.5"})
        static double f(double x, double b) {
          return Special.softplus(x * x, b) + x;
        }

        @Differentiable
        @GradCheck("w=[1, -2, 0.5]")
        static double n(double[] w) {
          return Vec.norm(w) * w[1];
        }
      }
      """);

  private static CompiledSources library(String partialA) {
    return CompiledSources.compile(SPECIAL, CustomVjpTest.VEC, libraryPartials(partialA));
  }

  @Test
  void libraryListsItsDerivativesPerTargetClass() throws Exception {
    Path dir = library(RIGHT).writeClasses();
    assertEquals("lib.SpecialDerivatives\n", Files.readString(dir.resolve("dev/adjoint/derivatives/lib/Special/index")));
    assertEquals("lib.SpecialDerivatives\n", Files.readString(dir.resolve("dev/adjoint/derivatives/lib/Vec/index")));
  }

  @Test
  void partialsAndVjpsFromALibraryGiveTheGradient() throws Exception {
    CompiledSources app = CompiledSources.compileAgainst(library(RIGHT), MODEL);
    String generated = app.generatedSource("m.ModelDerivatives");
    assertTrue(generated.contains("SpecialDerivatives.softplusA(x * x, b)"), generated);
    assertTrue(generated.contains("SpecialDerivatives.norm(w, "), generated);
    app.check("m.Model", "f").at(0.3, 2.0).at(-1.5, 0.5);
    app.check("m.Model", "n").at(new double[] {1, -2, 0.5});

    Method gradient = app.load("m.ModelDerivatives").getDeclaredMethod("fGradient", double.class, double.class);
    gradient.setAccessible(true);
    Object g = gradient.invoke(null, 0.3, 2.0);
    double sigmoid = 1 / (1 + Math.exp(-0.18));
    assertEquals(2 * 0.3 * sigmoid + 1, (double) CustomVjpTest.component(g, "x"), 1e-12);
    assertTrue(GradChecks.verify(app.load("m.Model")).passed());
  }

  /** The same from a jar (javac reads resources in jars only under package-like directories). */
  @Test
  void derivativesFromAJar() throws Exception {
    Path dir = library(RIGHT).writeClasses();
    Path jar = Files.createTempFile(CompiledSources.scratch(), "library", ".jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
        Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        out.putNextEntry(new JarEntry(dir.relativize(file).toString().replace('\\', '/')));
        out.write(Files.readAllBytes(file));
        out.closeEntry();
      }
    }
    List<File> classpath = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      classpath.add(new File(entry));
    }
    classpath.add(jar.toFile());
    Compilation compilation = CompiledSources.compiler().withClasspath(classpath).compile(MODEL);
    assertThat(compilation).succeeded();
    String generated = compilation.generatedSourceFile("m.ModelDerivatives").orElseThrow().getCharContent(true)
        .toString();
    assertTrue(generated.contains("SpecialDerivatives.softplusA(x * x, b)"), generated);
    assertTrue(generated.contains("SpecialDerivatives.norm(w, "), generated);
  }

  /** An index naming a class that is not there: a warning, and the call has no derivative. */
  @Test
  void indexedClassMissingIsAWarning() throws Exception {
    Path dir = library(RIGHT).writeClasses();
    Files.delete(dir.resolve("lib/SpecialDerivatives.class"));
    List<File> classpath = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      classpath.add(new File(entry));
    }
    classpath.add(dir.toFile());
    JavaFileObject model = source("m.Model", """
        package m;

        import dev.adjoint.Differentiable;
        import lib.Special;

        final class Model {
          @Differentiable
          static double f(double x, double b) {
            return Special.softplus(x * x, b) + x;
          }
        }
        """);
    Compilation compilation = CompiledSources.compiler().withClasspath(classpath).compile(model);
    assertThat(compilation).hadWarningContaining("dev/adjoint/derivatives/lib/Special/index lists"
        + " lib.SpecialDerivatives, which is not on the class path: its @DerivativeOf methods are not used");
    assertThat(compilation).hadErrorContaining("Special.softplus has no known derivative").inFile(model)
        .onLineContaining("return Special.softplus(x * x, b) + x;");
  }

  /** A wrong library partial is caught by GradChecks in the caller's build. */
  @Test
  void wrongLibraryPartialIsCaught() {
    CompiledSources app = CompiledSources.compileAgainst(library(WRONG), MODEL);
    GradChecks.Report report = GradChecks.verify(app.load("m.Model"));
    assertFalse(report.passed());
    assertTrue(report.toString().contains("Model.f, sample 1 \"x=0.3, b=2\": reverse mode vs central finite"
        + " difference, x"), report::toString);
  }

  /** A local @DerivativeOf for a function replaces the library's (here: fixes a wrong one). */
  @Test
  void localDerivativesReplaceTheLibrarys() {
    JavaFileObject local = source("m.LocalPartials", """
        package m;

        import dev.adjoint.DerivativeOf;

        final class LocalPartials {
          @DerivativeOf("lib.Special.softplus")
          static double a(double a, double beta) {
            return 1 / (1 + Math.exp(-beta * a));
          }

          @DerivativeOf(value = "lib.Special.softplus", argument = 1)
          static double beta(double a, double beta) {
            double s = 1 / (1 + Math.exp(-beta * a));
            return (a * s - Math.log1p(Math.exp(beta * a)) / beta) / beta;
          }
        }
        """);
    CompiledSources app = CompiledSources.compileAgainst(library(WRONG), MODEL, local);
    String generated = app.generatedSource("m.ModelDerivatives");
    assertTrue(generated.contains("LocalPartials.a(x * x, b)"), generated);
    assertFalse(generated.contains("SpecialDerivatives.softplusA"), generated);
    assertTrue(generated.contains("SpecialDerivatives.norm(w, "), generated); // other functions: the library's
    assertTrue(GradChecks.verify(app.load("m.Model")).passed());
  }
}
