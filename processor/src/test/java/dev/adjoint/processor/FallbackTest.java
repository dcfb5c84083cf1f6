package dev.adjoint.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.adjoint.processor.testing.CompiledSources.resource;

import dev.adjoint.processor.testing.CompiledSources;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The dynamic-tape fallback: a NOTE at the construct, and derivatives checked numerically. */
class FallbackTest {
  private static CompiledSources compiled;

  @BeforeAll
  static void compile() {
    compiled = CompiledSources.compile(resource("fb.Fallbacks", "Fallbacks.java.txt"));
  }

  @Test
  void smoke() {
    System.out.println(compiled.generatedSource("fb.FallbacksDerivatives"));
    System.out.println(compiled.compilation().diagnostics());
    compiled.check("fb.Fallbacks", "tryCatch").at(0.7, 1.3).at(-0.4, 2.0);
  }
}
