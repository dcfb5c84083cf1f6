package dev.adjoint.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The tape benchmarks time copies of the scalar models compiled with
 * {@code -Aadjoint.fallback=always} (src/taped/java): they must stay the same source, package aside.
 */
class TapedCopiesTest {
  @Test
  void tapedModelsAreCopiesOfTheModels() throws IOException {
    for (String model : new String[] {"LogisticModel", "RosenbrockModel", "MlpModel", "Rk4Model", "CrrModel"}) {
      String original = Files.readString(Path.of("src/main/java/dev/adjoint/benchmarks/scalar/" + model + ".java"));
      String copy = Files.readString(Path.of("src/taped/java/dev/adjoint/benchmarks/scalar/taped/" + model + ".java"));
      assertEquals(original, copy.replace("package dev.adjoint.benchmarks.scalar.taped;", "package dev.adjoint.benchmarks.scalar;"),
          model + ": src/taped/java must hold the same source as src/main/java");
    }
  }
}
