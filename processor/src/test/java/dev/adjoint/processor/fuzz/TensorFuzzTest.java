package dev.adjoint.processor.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.Tensor;
import dev.adjoint.processor.testing.CompiledSources;
import dev.adjoint.processor.testing.GradientCheck;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Differential fuzzing of tensor code ({@link TensorProgramGenerator}): every generated method must
 * compile cleanly, and its companion must agree with itself (reverse vs forward), with central
 * differences, and with the dynamic tape ({@code Autograd.grad} of the original method).
 * {@code -Dadjoint.fuzz.tensorPrograms=N -Dadjoint.fuzz.seed=S} for a longer run.
 */
class TensorFuzzTest {
  private static final int PROGRAMS = Integer.getInteger("adjoint.fuzz.tensorPrograms", 40);
  private static final long SEED = Long.getLong("adjoint.fuzz.seed", 20261129L);
  private static final int METHODS = 3;

  @Test
  void generatedTensorProgramsAgreeWithFiniteDifferencesAndTheTape() {
    List<String> failures = new ArrayList<>();
    List<JavaFileObject> files = new ArrayList<>();
    List<String> codes = new ArrayList<>();
    for (int p = 0; p < PROGRAMS; p++) {
      String code = new TensorProgramGenerator(SEED * 1_000_003L + p).program("T" + p, METHODS);
      codes.add(code);
      files.add(CompiledSources.source("fz.T" + p, code));
    }
    CompiledSources compiled = CompiledSources.compile(files.toArray(JavaFileObject[]::new));
    for (Diagnostic<? extends JavaFileObject> d : compiled.compilation().diagnostics()) {
      if (d.getKind() != Diagnostic.Kind.NOTE && d.getKind() != Diagnostic.Kind.OTHER) {
        failures.add(d.toString());
      }
    }
    Random points = new Random(SEED);
    int taped = 0;
    for (int p = 0; p < PROGRAMS; p++) {
      Class<?> program = compiled.load("fz.T" + p);
      for (int m = 0; m < METHODS; m++) {
        Object[] args = {Tensor.rand(points, 2, 3).mul(2).sub(1), Tensor.rand(points, 2, 3).mul(2).sub(1),
            Tensor.rand(points, 3, 3).sub(0.5), points.nextDouble() * 2 - 1, points.nextInt(3)};
        try {
          GradientCheck.of(program, "m" + m).finiteDifferenceTolerance(1e-5).at(args);
          String text = methodText(codes.get(p), m);
          if (m > 0 && text.contains("m0(")) {
            text += methodText(codes.get(p), 0); // what the tape runs includes the callee
          }
          if (!text.contains("item()") && !text.contains("getDouble")) {
            // On the tape item() and getDouble end the graph (as in PyTorch); generated code
            // differentiates the double they return, so only programs without them can agree.
            agreesWithTape(program, "m" + m, args);
            taped++;
          }
        } catch (AssertionError | RuntimeException e) {
          failures.add("T" + p + ".m" + m + ": " + e + (e.getCause() == null ? "" : " / " + e.getCause()) + "\n" + codes.get(p));
        }
      }
    }
    System.out.printf("[tensor fuzz] seed %d: %d programs, %d methods (%d also against the tape), %d failures%n",
        SEED, PROGRAMS, PROGRAMS * METHODS, taped, failures.size());
    assertTrue(failures.isEmpty(), failures.size() + " failures:\n" + String.join("\n\n", failures));
  }

  private static String methodText(String code, int m) {
    int from = code.indexOf("static Tensor m" + m + "(");
    int to = code.indexOf("static Tensor m" + (m + 1) + "(");
    return code.substring(from, to < 0 ? code.length() : to);
  }

  /** Reverse mode with seed 1 equals the tape's gradient for a, b and w. */
  private static void agreesWithTape(Class<?> program, String name, Object[] args) throws AssertionError {
    try {
      Method primal = null;
      for (Method m : program.getDeclaredMethods()) {
        if (m.getName().equals(name)) {
          primal = m;
        }
      }
      Object[] taped = args.clone();
      Tensor[] inputs = new Tensor[3];
      for (int i = 0; i < 3; i++) {
        Tensor t = (Tensor) args[i];
        inputs[i] = Tensor.of(t.toArray(), t.shape()).requiresGrad(true);
        taped[i] = inputs[i];
      }
      primal.setAccessible(true);
      Tensor out = (Tensor) primal.invoke(null, taped);
      Class<?> companion = Class.forName("fz." + program.getSimpleName() + "Derivatives", true, program.getClassLoader());
      Method gradient = null;
      for (Method m : companion.getDeclaredMethods()) {
        if (m.getName().equals(name + "Gradient")) {
          gradient = m;
        }
      }
      Object record = gradient.invoke(null, args);
      RecordComponent[] rc = record.getClass().getRecordComponents();
      if (out.requiresGrad()) {
        out.backward(); // inputs the graph does not reach keep a null grad: zero
      }
      for (int i = 0; i < 3; i++) {
        rc[i + 1].getAccessor().setAccessible(true);
        double[] generated = ((Tensor) rc[i + 1].getAccessor().invoke(record)).toArray();
        double[] expected = inputs[i].grad() == null ? new double[generated.length] : inputs[i].grad().toArray();
        for (int j = 0; j < expected.length; j++) {
          if (Math.abs(expected[j] - generated[j]) > 1e-10 * (1 + Math.abs(expected[j]))) {
            throw new AssertionError("tape vs generated gradient of " + rc[i + 1].getName() + "[" + j + "]: "
                + expected[j] + " vs " + generated[j]);
          }
        }
      }
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }
}
