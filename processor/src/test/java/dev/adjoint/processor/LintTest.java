package dev.adjoint.processor;

import static dev.adjoint.processor.testing.CompiledSources.resource;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import dev.adjoint.processor.testing.CompiledSources;
import java.util.List;
import javax.tools.Diagnostic;
import org.junit.jupiter.api.Test;

/** Generated code compiles without lint warnings of its own, so users' -Werror builds keep working. */
class LintTest {
  @Test
  void generatedCodeIsLintClean() {
    Compilation compilation = CompiledSources.compiler().withOptions("-parameters", "-Xlint:all", "-Xlint:-processing")
        .compile(resource("num.Loops", "Loops.java.txt"), resource("num.Scalars", "Scalars.java.txt"),
            resource("num.Other", "Other.java.txt"), resource("num.Switches", "Switches.java.txt"),
            resource("num.Arrays", "Arrays.java.txt"), resource("tens.Tensors", "Tensors.java.txt"),
            resource("tens.TensorOps", "TensorOps.java.txt"), resource("tens.TensorFlow", "TensorFlow.java.txt"),
            resource("fb.Fallbacks", "Fallbacks.java.txt"), resource("tfb.TensorFallbacks", "TensorFallbacks.java.txt"),
            resource("models.Models", "Models.java.txt"), resource("real.RealJava", "RealJava.java.txt"),
            CompiledSources.source("gen.Generics", GenericsTest.CODE));
    List<String> inGenerated = compilation.warnings().stream()
        .filter(d -> d.getSource() != null && d.getSource().getName().contains("Derivatives"))
        .map(d -> d.getSource().getName() + ":" + d.getLineNumber() + ": " + d.getMessage(null))
        .toList();
    assertEquals(List.of(), inGenerated);
    assertEquals(Compilation.Status.SUCCESS, compilation.status(), () -> compilation.diagnostics().toString());
  }
}
