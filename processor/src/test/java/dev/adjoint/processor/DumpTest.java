package dev.adjoint.processor;

import static dev.adjoint.processor.testing.CompiledSources.resource;

import dev.adjoint.processor.testing.CompiledSources;
import org.junit.jupiter.api.Test;

class DumpTest {
  @Test
  void dump() throws Exception {
    CompiledSources c = CompiledSources.compile(resource("num.Arrays", "Arrays.java.txt"));
    java.nio.file.Files.writeString(java.nio.file.Path.of("/tmp/dump/Arrays.java"), c.generatedSource("num.ArraysDerivatives"));
  }
}
