package dev.adjoint.processor;

import static dev.adjoint.processor.testing.CompiledSources.resource;

import dev.adjoint.processor.testing.CompiledSources;
import org.junit.jupiter.api.Test;

class DumpTest {
  @Test
  void dump() throws Exception {
    CompiledSources c = CompiledSources.compile(resource("num.Loops", "Loops.java.txt"), resource("num.Scalars", "Scalars.java.txt"), resource("num.Other", "Other.java.txt"));
    java.nio.file.Files.writeString(java.nio.file.Path.of("/tmp/dump/Loops.java"), c.generatedSource("num.LoopsDerivatives"));
  }
}
