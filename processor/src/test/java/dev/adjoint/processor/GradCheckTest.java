package dev.adjoint.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.adjoint.processor.testing.CompiledSources.source;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.adjoint.GradChecks;
import dev.adjoint.internal.CheckedMethod;
import dev.adjoint.processor.testing.CompiledSources;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code @GradCheck}: samples validated at compile time, and {@code checkedMethods()} for {@code GradChecks.verify}. */
class GradCheckTest {
  private static final String MODEL = """
      package m;

      import dev.adjoint.Differentiable;
      import dev.adjoint.GradCheck;

      final class Model {
        @Differentiable(wrt = {"w", "b"})
        @GradCheck({"w=[0.1, 0.2], b=0.5, x=[[1, 2], [3, -1]], n=2", "w=[-1, 3], b=0, x=[[0.5, -2]], n=1"})
        static double loss(double[] w, double b, double[][] x, int n) {
          double total = 0;
          for (int i = 0; i < n; i++) {
            double z = b;
            for (int j = 0; j < w.length; j++) {
              z += w[j] * x[i][j];
            }
            total += Math.log1p(Math.exp(-z));
          }
          return total / n;
        }

        @Differentiable
        static double scaledLogSum(double a, double[] v) {
          double sum = 0;
          for (int i = 0; i < v.length; i++) {
            sum += Math.log(v[i]);
          }
          return a * sum;
        }
      }
      """;

  @Test
  void companionListsTheMethodsWithTheirSamplesVerbatim() throws Exception {
    Class<?> companion = CompiledSources.compile(source("m.Model", MODEL)).load("m.ModelDerivatives");
    @SuppressWarnings("unchecked")
    List<CheckedMethod> methods = (List<CheckedMethod>) companion.getMethod("checkedMethods").invoke(null);
    assertEquals(List.of("loss", "scaledLogSum"), methods.stream().map(CheckedMethod::name).toList());
    assertEquals(List.of("w=[0.1, 0.2], b=0.5, x=[[1, 2], [3, -1]], n=2", "w=[-1, 3], b=0, x=[[0.5, -2]], n=1"),
        methods.get(0).samples());
    assertEquals(List.of("w", "b"), methods.get(0).wrt());
    assertEquals(List.of(), methods.get(1).samples());
  }

  /** {@code GradChecks.verifyAll()} finds models through the list the processor writes next to the classes. */
  @Test
  void processorListsTheModelsOfTheCompilation() throws Exception {
    Compilation compilation = CompiledSources.compile(source("m.Model", MODEL),
        source("m.Outer", """
            package m;

            final class Outer {
              static final class Inner {
                @dev.adjoint.Differentiable
                static double f(double x) { return x * x; }
              }
            }
            """)).compilation();
    JavaFileObject models = compilation.generatedFile(javax.tools.StandardLocation.CLASS_OUTPUT, "",
        AdjointProcessor.MODELS_RESOURCE).orElseThrow(() -> new AssertionError("no " + AdjointProcessor.MODELS_RESOURCE));
    assertEquals("m.Model\nm.Outer$Inner\n", models.getCharContent(true).toString());
    assertEquals(dev.adjoint.internal.gradcheck.Companions.MODELS_RESOURCE, AdjointProcessor.MODELS_RESOURCE);
  }

  /** Two given samples of loss, and GradChecks' three random samples of scaledLogSum. */
  @Test
  void correctDerivativesPassVerify() {
    Class<?> model = CompiledSources.compile(source("m.Model", MODEL)).load("m.Model");
    GradChecks.Report report = GradChecks.verify(model);
    assertTrue(report.passed(), report::toString);
    assertEquals(2, report.methods());
    assertEquals(2 + 3, report.points());
  }

  /** d sqrt(x)/dx is infinite at 0, and the finite differences there need sqrt of a negative number. */
  @Test
  void derivativeThatIsNotFiniteAtASampleFails() {
    Class<?> model = CompiledSources.compile(source("m.Root", """
        package m;

        import dev.adjoint.Differentiable;
        import dev.adjoint.GradCheck;

        final class Root {
          @Differentiable
          @GradCheck({"x=4", "x=0"})
          static double root(double x) {
            return Math.sqrt(x);
          }
        }
        """)).load("m.Root");
    GradChecks.Report report = GradChecks.verify(model);
    assertFalse(report.passed(), report::toString);
    assertEquals(2, report.points());
    assertTrue(report.failures().stream().allMatch(f -> f.toString().contains("sample 2 \"x=0\"")), report::toString);
  }

  static Stream<Arguments> invalidSamples() {
    return Stream.of(
        Arguments.of("\"w=[1, 2], b=0.5, x=[[1, 2]]\", \"w=[1, 2] b=0.5, x=[[1, 2]]\"",
            "@GradCheck sample 2: expected ',' or the end of the sample but found 'b' at column 10"),
        Arguments.of("\"w=[1, 2], b=0.5, x=[[1, 2]], y=3\"",
            "@GradCheck sample 1: unknown parameter 'y' (parameters: w, b, x) at column 30"),
        Arguments.of("\"w=[1, 2], x=[[1, 2]]\"", "@GradCheck sample 1: missing parameter 'b' at column 21"),
        Arguments.of("\"w=[1, 2], b=0.5, x=[1, 2]\"",
            "@GradCheck sample 1: parameter 'x' expects double[][] but got"),
        Arguments.of("\"w=[1, 2], b=[0.5], x=[[1, 2]]\"", "@GradCheck sample 1: parameter 'b' expects double but got"),
        Arguments.of("\"w=[1, 2], b=NaN, x=[[1, 2]]\"", "@GradCheck sample 1: NaN is not allowed"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("invalidSamples")
  void invalidSampleIsAnErrorOnItsLine(String samples, String message) {
    JavaFileObject file = source("d.Bad", "package d;\n\nimport dev.adjoint.Differentiable;\nimport dev.adjoint.GradCheck;\n\n"
        + "final class Bad {\n  @Differentiable\n  @GradCheck({\n      " + samples.replace("\", \"", "\",\n      \"")
        + "})\n  static double f(double[] w, double b, double[][] x) {\n    return b + w[0] * x[0][0];\n  }\n}\n");
    String lastSample = samples.substring(samples.lastIndexOf("\"", samples.length() - 2));
    Compilation compilation = CompiledSources.compiler().compile(file);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining(message).inFile(file).onLineContaining(lastSample);
  }

  @Test
  void gradCheckWithoutDifferentiableIsAnError() {
    JavaFileObject file = source("d.Bad", """
        package d;

        import dev.adjoint.GradCheck;

        final class Bad {
          @GradCheck("x=1")
          static double f(double x) {
            return x;
          }
        }
        """);
    Compilation compilation = CompiledSources.compiler().compile(file);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining("@GradCheck on f has no effect: only @Differentiable methods are checked")
        .inFile(file).onLineContaining("@GradCheck(\"x=1\")");
  }
}
