package dev.adjoint.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.adjoint.processor.testing.CompiledSources.source;

import com.google.testing.compile.Compilation;
import dev.adjoint.processor.testing.CompiledSources;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** Calls between classes: the caller's derivative calls the callee's companion by name. */
class CrossClassTest {
  private static final JavaFileObject LIBRARY = source("lib.Lib", """
      package lib;

      import dev.adjoint.Differentiable;

      public final class Lib {
        @Differentiable(wrt = {"x", "y"})
        public static double blend(double x, double y, double w) {
          return w * Math.sin(x) + (1 - w) * y * y;
        }
      }
      """);

  private static final JavaFileObject APP = source("app.App", """
      package app;

      import dev.adjoint.Differentiable;
      import lib.Lib;

      final class App {
        @Differentiable
        static double model(double a, double b) {
          double t = Lib.blend(a * b, b, 0.25);
          return t * lib.Lib.blend(t, a, 0.5);
        }
      }
      """);

  @Test
  void calleeInTheSameCompilation() {
    CompiledSources compiled = CompiledSources.compile(LIBRARY, APP);
    compiled.check("app.App", "model").at(0.4, 1.3).at(-1.2, 0.6);
  }

  @Test
  void calleeCompiledEarlierIsReadFromItsClassFile() {
    CompiledSources library = CompiledSources.compile(LIBRARY);
    CompiledSources app = CompiledSources.compileAgainst(library, APP);
    app.check("app.App", "model").at(0.4, 1.3).at(-1.2, 0.6);
  }

  @Test
  void defaultPackageInterfaceAndGenericClass() {
    CompiledSources compiled = CompiledSources.compile(source("Shapes", """
        import dev.adjoint.Differentiable;

        interface Shapes {
          @Differentiable
          static double area(double r) {
            return Math.PI * r * r;
          }
        }
        """), source("Box", """
        import dev.adjoint.Differentiable;

        final class Box<T> {
          static final class Lid {
            @Differentiable
            static double volume(double r, double h) {
              return Shapes.area(r) * h;
            }
          }
        }
        """));
    compiled.check("Shapes", "area").at(1.5);
    compiled.check("Box$Lid", "volume").at(1.5, 0.5);
  }

  /** The callee appears only in round 2 (written by another processor): the caller waits for it. */
  @Test
  void calleeGeneratedInALaterRound() {
    Compilation compilation = CompiledSources.compiler()
        .withProcessors(new AdjointProcessor(), new LibraryWriter())
        .compile(source("app.Late", """
            package app;

            import dev.adjoint.Differentiable;

            final class Late {
              @Differentiable
              static double f(double x) {
                return gen.Gen.cube(x) + 1;
              }
            }
            """));
    assertThat(compilation).succeeded();
    assertThat(compilation).generatedSourceFile("app.LateDerivatives").contentsAsUtf8String()
        .contains("GenDerivatives.cubeVjp(x, seed)");
  }

  /** The class waits for round 2, and its samples are checked then, once. */
  @Test
  void invalidSampleOfAClassThatWaitsIsReportedOnce() {
    Compilation compilation = CompiledSources.compiler()
        .withProcessors(new AdjointProcessor(), new LibraryWriter())
        .compile(source("app.Late", """
            package app;

            import dev.adjoint.Differentiable;
            import dev.adjoint.GradCheck;

            final class Late {
              @Differentiable
              @GradCheck("y=1")
              static double f(double x) {
                return gen.Gen.cube(x) + 1;
              }
            }
            """));
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining("@GradCheck sample 1: unknown parameter 'y' (parameters: x) at column 1")
        .inFile(compilation.sourceFiles().get(0)).onLineContaining("@GradCheck(\"y=1\")");
  }

  /** Writes {@code gen.Gen}, a class with a {@code @Differentiable} method, in the first round. */
  private static final class LibraryWriter extends AbstractProcessor {
    private boolean written;

    @Override
    public Set<String> getSupportedAnnotationTypes() { return Set.of("*"); }

    @Override
    public SourceVersion getSupportedSourceVersion() { return SourceVersion.latestSupported(); }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
      if (!written) {
        written = true;
        try (Writer w = processingEnv.getFiler().createSourceFile("gen.Gen").openWriter()) {
          w.write("package gen;\n"
              + "public final class Gen {\n"
              + "  @dev.adjoint.Differentiable public static double cube(double x) { return x * x * x; }\n"
              + "}\n");
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      return false;
    }
  }
}
