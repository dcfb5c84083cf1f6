package dev.adjoint.processor.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import dev.adjoint.processor.testing.CompiledSources;
import java.util.List;
import javax.tools.Diagnostic;
import org.junit.jupiter.api.Test;

/** Failures the differential fuzzer found, each shrunk to a minimal method. */
class FuzzRegressionTest {
  /**
   * Seed 7, program P130 (DoubleStack.pop on an empty stack; shrunk, a wrong gradient): an if
   * inside a loop whose only statement stores into an array was taken for "no work", so its
   * decision went into one flag for all iterations instead of onto the stack.
   */
  @Test
  void ifThatOnlyStoresIntoAnArrayInsideALoop() {
    CompiledSources compiled = CompiledSources.compile(CompiledSources.source("fz.StoreInIf", """
        package fz;

        import dev.adjoint.Differentiable;

        final class StoreInIf {
          @Differentiable
          static double f(double x, double y) {
            double v = x;
            double[] t = new double[3];
            for (int i = 0; i < 5; i++) {
              if (v < y) {
                t[i % 3] += Math.atan(0.1 * i + x);
              }
              v = Math.tanh(x + 0.1 * i);
            }
            return t[2] + t[0];
          }
        }
        """));
    // v < y holds in some iterations and not in others at each point.
    compiled.check("fz.StoreInIf", "f").at(-0.9721056151139893, -0.7611131823372441).at(-0.5, -0.45).at(0.1, 0.15);
  }

  /**
   * Seed 12, programs P308 and P870 (shrunk: a wrongly refused method): one top-level statement
   * whose reverse companion is about 60 000 characters but only 22-30 KB of bytecode. With the
   * first size limits (48 000 characters) the method was split and that statement refused with
   * "too large to differentiate", though its plain companion compiles; the limits now follow
   * measured bytecode sizes.
   */
  @Test
  void largeStatementThatFitsIsNotRefused() {
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < 200; i++) {
      body.append("      s = 0.5 * s + Math.sin(t + ").append(i % 7).append(");\n");
      body.append("      t = t * 0.9 + 0.01 * s;\n");
    }
    CompiledSources compiled = CompiledSources.compile(CompiledSources.source("fz.BigIf", """
        package fz;

        import dev.adjoint.Differentiable;

        final class BigIf {
          @Differentiable
          static double f(double x, double y) {
            double s = x;
            double t = y;
            if (x > -10) {
        """ + body + """
            }
            return s + t;
          }
        }
        """));
    compiled.check("fz.BigIf", "f").at(0.3, 0.47).at(-0.5, 0.2);
  }

  /**
   * Seed 78, program P63 (generated code that did not compile): at order 2, one top-level loop of
   * {@code m2} made a part of 72 400 characters, dense enough (short names read as fields of the
   * split frame) to exceed 64 KB of bytecode, below the old limit of one statement (88 000
   * characters). javac then failed on the generated file with "code too large". The limit is now
   * on the statement's estimated bytecode ({@code MethodBody.bytes}, an upper bound): {@code m2}
   * is refused at its method with the processor's own message, while {@code m1}'s largest
   * statement (69 700 characters, 23.5 KB), which a limit in characters had to refuse too,
   * differentiates at order 2.
   */
  @Test
  void denseStatementIsRefusedNotMiscompiled() {
    String source = CompiledSources.text("DenseSecondOrder.java.txt");
    Compilation compilation = CompiledSources.compiler().compile(CompiledSources.source("fz.DenseSecondOrder", source));
    List<String> errors = compilation.diagnostics().stream()
        .filter(d -> d.getKind() == Diagnostic.Kind.ERROR).map(d -> d.getMessage(null)).toList();
    // the processor's one error and nothing else: no "code too large" from javac
    assertEquals(List.of("m2"), errors.stream()
        .map(e -> e.replaceFirst("^@Differentiable method (\\w+) is too large to differentiate.*", "$1")).toList(),
        errors.toString());

    // with m2 at order 1, m1 compiles at order 2 and its derivatives agree
    CompiledSources compiled = CompiledSources.compile(CompiledSources.source("fz.DenseSecondOrder",
        source.replace("@Differentiable(order = 2)\n  static double m2(", "@Differentiable\n  static double m2(")));
    Class<?> program = compiled.load("fz.DenseSecondOrder");
    for (Object[] args : List.of(new Object[] {0.3, -0.4, new double[] {0.2, 0.5, -0.1}, 2},
        new Object[] {-0.7, 0.6, new double[] {-0.3, 0.1, 0.8}, 3})) {
      DerivativeLeg.COMPANION.check(program, program, "m1", args);
      DerivativeLeg.HVP.check(program, program, "m1", args);
    }
  }
}
