package dev.adjoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The module descriptor marks the API: every package of the runtime is exported (the public API,
 * and the internal packages generated code calls) or deliberately hidden, each has a
 * {@code package-info.java}, and the module needs nothing beyond {@code java.base}.
 */
class ModuleTest {
  /** Packages no generated code and no user calls. */
  private static final Set<String> HIDDEN = Set.of("dev.adjoint.internal.gradcheck");

  private static Set<String> sourcePackages() throws IOException {
    Path root = Path.of("src/main/java");
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(f -> f.toString().endsWith(".java") && !f.endsWith("module-info.java"))
          .map(f -> root.relativize(f.getParent()).toString().replace(f.getFileSystem().getSeparator(), "."))
          .collect(Collectors.toCollection(TreeSet::new));
    }
  }

  private static ModuleDescriptor descriptor() {
    Module module = Tensor.class.getModule();
    assertTrue(module.isNamed(), "the runtime's tests run on the module path, so the module descriptor is in force");
    assertEquals("dev.adjoint", module.getName());
    return module.getDescriptor();
  }

  @Test
  void everyPackageIsExportedOrDeliberatelyHidden() throws IOException {
    Set<String> exported = descriptor().exports().stream().filter(e -> !e.isQualified())
        .map(ModuleDescriptor.Exports::source).collect(Collectors.toCollection(TreeSet::new));
    Set<String> expected = new TreeSet<>(sourcePackages());
    expected.removeAll(HIDDEN);
    assertEquals(expected, exported, "a new package must be exported in module-info.java or listed in HIDDEN");
  }

  @Test
  void everyPackageHasAPackageInfo() throws IOException {
    for (String p : sourcePackages()) {
      assertTrue(Files.exists(Path.of("src/main/java", p.replace('.', '/'), "package-info.java")), p);
    }
  }

  @Test
  void onlyJavaBaseIsRequired() {
    assertEquals(Set.of("java.base"),
        descriptor().requires().stream().map(ModuleDescriptor.Requires::name).collect(Collectors.toSet()));
  }
}
