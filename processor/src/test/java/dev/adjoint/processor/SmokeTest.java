package dev.adjoint.processor;

import static dev.adjoint.processor.testing.CompiledSources.resource;

import dev.adjoint.processor.testing.CompiledSources;
import org.junit.jupiter.api.Test;

class SmokeTest {
  @Test
  void dump() throws Exception {
    CompiledSources c = CompiledSources.compile(resource("num.Scalars", "Scalars.java.txt"), resource("num.Other", "Other.java.txt"));
    java.nio.file.Files.writeString(java.nio.file.Path.of("/tmp/gen.java"), c.generatedSource("num.ScalarsDerivatives"));
  }
}
