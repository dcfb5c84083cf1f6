package dev.adjoint.processor;

import static dev.adjoint.processor.testing.CompiledSources.source;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.processor.testing.CompiledSources;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The generated source, text for text, for representative methods: golden/X.java.txt gives
 * golden/XDerivatives.java.txt (not .java: javac would find them on the classpath). Run with {@code -Dadjoint.golden.update=true} to rewrite the
 * expected files after an intended change, then review the diff.
 */
class GoldenSourceTest {
  @ParameterizedTest
  @ValueSource(strings = {"Basics", "LoopsAndArrays", "Mlp", "Taped", "RecordModel"})
  void generatedSourceMatchesGolden(String name) throws IOException {
    CompiledSources compiled = CompiledSources.compile(source("golden." + name, read(name + ".java.txt")));
    String generated = compiled.generatedSource("golden." + name + "Derivatives");
    String expectedFile = name + "Derivatives.java.txt";
    if (Boolean.getBoolean("adjoint.golden.update")) {
      Files.writeString(Path.of("src/test/resources/golden", expectedFile), generated);
    }
    assertEquals(read(expectedFile), generated);
  }

  /** The golden code is also right: checked numerically like every other generated method. */
  @Test
  void goldenMethodsAreCorrect() throws IOException {
    CompiledSources basics = CompiledSources.compile(source("golden.Basics", read("Basics.java.txt")));
    basics.check("golden.Basics", "branch").at(1.5, 2.0).at(0.3, 0.2);
    basics.check("golden.Basics", "clampedLog").at(-1.0).at(2.0).at(9.0);
    basics.check("golden.Basics", "weighted").at(0.7, 1.3, 3).at(0.7, 1.3, 1);
    CompiledSources loops = CompiledSources.compile(source("golden.LoopsAndArrays", read("LoopsAndArrays.java.txt")));
    loops.check("golden.LoopsAndArrays", "untilLarge").at(new double[] {0.5, 1.5, 2.5, 0.1}, 2.0);
    loops.check("golden.LoopsAndArrays", "smooth").at(new double[] {0.5, 1.5, -2.5, 0.1}, 0.3);
    CompiledSources mlp = CompiledSources.compile(source("golden.Mlp", read("Mlp.java.txt")));
    java.util.Random r = new java.util.Random(1);
    mlp.check("golden.Mlp", "loss").at(dev.adjoint.Tensor.randn(r, 4, 3), dev.adjoint.Tensor.randn(r, 3, 2),
        dev.adjoint.Tensor.randn(r, 2), dev.adjoint.Tensor.randn(r, 2, 1), dev.adjoint.Tensor.randn(r, 1),
        dev.adjoint.Tensor.randn(r, 4, 1));
    CompiledSources taped = CompiledSources.compile(source("golden.Taped", read("Taped.java.txt")));
    taped.check("golden.Taped", "clippedNorm").at(new double[] {0.5, -1.5, 2.0}, 1.5);
    taped.check("golden.Taped", "powers").at(dev.adjoint.Tensor.randn(r, 2, 3));
    CompiledSources records = CompiledSources.compile(source("golden.RecordModel", read("RecordModel.java.txt")));
    dev.adjoint.GradChecks.Report recordReport = dev.adjoint.GradChecks.verify(records.load("golden.RecordModel"));
    org.junit.jupiter.api.Assertions.assertTrue(recordReport.passed() && recordReport.methods() == 2, recordReport.toString());
    dev.adjoint.GradChecks.Report tapedReport = dev.adjoint.GradChecks.verify(taped.load("golden.Taped"));
    org.junit.jupiter.api.Assertions.assertTrue(tapedReport.passed(), tapedReport.toString());
    // and GradChecks.verify runs the @GradCheck sample of a Tensor method
    dev.adjoint.GradChecks.Report report = dev.adjoint.GradChecks.verify(mlp.load("golden.Mlp"));
    org.junit.jupiter.api.Assertions.assertTrue(report.passed(), report.toString());
  }

  private static String read(String file) throws IOException {
    try (InputStream in = GoldenSourceTest.class.getResourceAsStream("/golden/" + file)) {
      if (in == null) {
        throw new AssertionError("no golden file " + file + "; run with -Dadjoint.golden.update=true");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
