package dev.adjoint.processor;

import static dev.adjoint.processor.testing.CompiledSources.resource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.adjoint.Tensor;
import dev.adjoint.processor.testing.CompiledSources;
import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Differentiable records and instance methods (API.md section 4), sources/Records.java: record
 * parameters, nested records, arrays of records, records as results and locals, accessors, canonical
 * constructors, helpers taking and returning records in a time loop, instance methods of records and
 * of ordinary classes. Every method is checked numerically: reverse vs forward (dot product) vs
 * central finite differences, and the gradient is an instance of the parameter's record type.
 */
class RecordsTest {
  private static CompiledSources compiled;

  @BeforeAll
  static void compile() {
    compiled = CompiledSources.compile(resource("rec.Records", "Records.java.txt"));
  }

  static Object make(String record, Object... components) {
    try {
      Constructor<?> c = compiled.load("rec.Records$" + record).getDeclaredConstructors()[0];
      c.setAccessible(true);
      return c.newInstance(components);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  static Object array(String record, Object... elements) {
    Object a = Array.newInstance(compiled.load("rec.Records$" + record), elements.length);
    for (int i = 0; i < elements.length; i++) {
      Array.set(a, i, elements[i]);
    }
    return a;
  }

  @Test
  void everyMethodIsStatic() {
    for (String companion : new String[] {"rec.RecordsDerivatives", "rec.Records_MlpDerivatives",
        "rec.Records_OscillatorDerivatives", "rec.Records_ScaledDerivatives"}) {
      String generated = compiled.generatedSource(companion);
      assertFalse(generated.contains("TapedDouble") || generated.contains("TapeCalls"), generated);
    }
  }

  @Test
  void recordParameter() {
    compiled.check("rec.Records", "loss")
        .at(make("Params", new double[] {0.3, -0.7}, 0.2, "first"), new double[] {1.5, 0.5}, 1.0)
        .at(make("Params", new double[] {-1.1, 0.4}, -0.5, "second"), new double[] {0.25, -2.0}, 0.0);
  }

  @Test
  void nestedRecords() {
    Object affine = make("Affine", new double[][] {{0.5, -0.3}, {0.2, 0.8}, {-0.4, 0.1}}, new double[] {0.1, -0.2, 0.3});
    compiled.check("rec.Records", "nested").at(make("Nested", affine, 1.7), new double[] {0.9, -1.2});
  }

  @Test
  void recordResultAndHelpersReturningRecords() {
    compiled.check("rec.Records", "advance").at(make("State", 0.7, -0.3), 2.0, 0.1)
        .at(make("State", -1.2, 0.5), 0.5, 0.3);
  }

  @Test
  void arrayOfRecordsAsTheResult() throws Exception {
    Object states = array("State", make("State", 0.7, -0.3), make("State", -1.2, 0.5), make("State", 0.4, 0.9));
    compiled.check("rec.Records", "stepAll").at(states, 2.0, 0.1).at(array("State", make("State", 0.3, 0.1)), 0.5, 0.3);
    // the seed and the tangent are arrays of the same record type
    Class<?> stateArray = compiled.load("rec.Records$State").arrayType();
    java.lang.reflect.Method vjp = compiled.load("rec.RecordsDerivatives").getMethod("stepAllVjp", stateArray,
        double.class, double.class, stateArray);
    assertEquals(stateArray, vjp.getReturnType().getMethod("value").getReturnType());
    assertEquals(stateArray, compiled.load("rec.RecordsDerivatives$StepAllTangent").getMethod("tangent").getReturnType());
    // GradChecks compares the result as the doubles of its elements, element after element
    dev.adjoint.GradChecks.Report report = dev.adjoint.GradChecks.verify(compiled.load("rec.Records"));
    org.junit.jupiter.api.Assertions.assertTrue(report.passed() && report.toString().contains("passed Records.stepAll: 1 sample point"),
        report.toString());
  }

  @Test
  void recordReassignedInATimeLoop() {
    compiled.check("rec.Records", "trajectory").at(make("State", 1.0, 0.0), 4.0, 0.05, 40)
        .at(make("State", -0.3, 0.8), 1.5, 0.1, 7);
  }

  @Test
  void arrayOfRecords() {
    Object layers = array("Layer", make("Layer", new double[] {0.2, -0.5}, 0.1), make("Layer", new double[] {0.7, 0.3}, -0.4),
        make("Layer", new double[] {-0.6, 0.9}, 0.25));
    compiled.check("rec.Records", "layers").at(layers, new double[] {0.8, -1.1});
  }

  @Test
  void instanceMethodOfARecordWithTensorComponents() {
    Tensor w1 = Tensor.of(new double[][] {{0.2, -0.4}, {0.5, 0.1}, {-0.3, 0.7}});
    Tensor b1 = Tensor.of(0.1, -0.2, 0.05);
    Tensor w2 = Tensor.of(new double[][] {{0.6, -0.1, 0.3}});
    Tensor b2 = Tensor.of(0.2);
    Object mlp = make("Mlp", make("Dense", w1, b1), make("Dense", w2, b2));
    compiled.check("rec.Records$Mlp", "loss")
        .at(mlp, Tensor.of(new double[][] {{1.0, -0.5}, {0.3, 0.8}}), Tensor.of(new double[][] {{0.5}, {-0.2}}));
  }

  @Test
  void instanceMethodOfARecordCallingItsOwnMethods() {
    compiled.check("rec.Records$Oscillator", "finalEnergy").at(make("Oscillator", 3.0, 0.2), make("State", 0.5, -0.1),
        0.05, 30);
  }

  @Test
  void instanceMethodOfAClassReadsFieldsAsPassive() throws Exception {
    Constructor<?> c = compiled.load("rec.Records$Scaled").getDeclaredConstructor(double.class);
    c.setAccessible(true);
    Object scaled = c.newInstance(2.5);
    compiled.check("rec.Records$Scaled", "apply").at(scaled, 0.4).at(scaled, -1.3);
    Object gradient = compiled.load("rec.Records_ScaledDerivatives").getMethod("applyGradient",
        compiled.load("rec.Records$Scaled"), double.class).invoke(null, scaled, 0.4);
    assertEquals(2.5 * Math.cos(0.4), (double) gradient.getClass().getMethod("x").invoke(gradient), 1e-15);
  }

  @Test
  void gradChecksSeeRecordComponentsAsParameters() {
    for (String model : new String[] {"rec.Records", "rec.Records$Mlp", "rec.Records$Oscillator"}) {
      dev.adjoint.GradChecks.Report report = dev.adjoint.GradChecks.verify(compiled.load(model));
      org.junit.jupiter.api.Assertions.assertTrue(report.passed(), report.toString());
      org.junit.jupiter.api.Assertions.assertTrue(report.comparisons() > 0, report.toString());
    }
  }

  @Test
  void aSampleNamesRecordComponentsByPath() {
    com.google.testing.compile.Compilation bad = CompiledSources.compiler().compile(CompiledSources.source("s.S", """
        package s;

        import dev.adjoint.Differentiable;
        import dev.adjoint.GradCheck;

        final class S {
          record P(double a, double[] w) {}

          @Differentiable
          @GradCheck("p.a=1, p.v=[1, 2]")
          static double f(P p) {
            return p.a() * p.w()[0];
          }
        }
        """));
    com.google.testing.compile.CompilationSubject.assertThat(bad).hadErrorContaining(
        "@GradCheck sample 1: unknown parameter 'p.v' (parameters: p.a, p.w)");
  }
}
