package dev.adjoint.processor;

import static dev.adjoint.processor.testing.CompiledSources.source;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.processor.testing.CompiledSources;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The generated source, text for text, for representative methods: golden/X.java.txt gives
 * golden/XDerivatives.java.txt (not .java: javac would find them on the classpath). Run with {@code -Dadjoint.golden.update=true} to rewrite the
 * expected files after an intended change, then review the diff.
 */
class GoldenSourceTest {
  @ParameterizedTest
  @ValueSource(strings = {"Basics"})
  void generatedSourceMatchesGolden(String name) throws IOException {
    CompiledSources compiled = CompiledSources.compile(source("golden." + name, read(name + ".java.txt")));
    String generated = compiled.generatedSource("golden." + name + "Derivatives");
    String expectedFile = name + "Derivatives.java.txt";
    if (Boolean.getBoolean("adjoint.golden.update")) {
      Files.writeString(Path.of("src/test/resources/golden", expectedFile), generated);
    }
    assertEquals(read(expectedFile), generated);
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
