package dev.adjoint.internal.gradcheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.GradChecks;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link GradChecks#verifyAll()}: the models listed in {@code META-INF/adjoint/models} on the class
 * path (this module's test resources list {@link Logistic}).
 */
class VerifyAllTest {
  @TempDir Path dir;

  @Test
  void verifiesEveryRegisteredModel() {
    GradChecks.Report report = GradChecks.verifyAll();
    assertTrue(report.passed(), report::toString);
    assertEquals(2, report.methods(), report::toString); // Logistic's two methods
    GradChecks.assertAll(); // no classes: the registered ones
  }

  @Test
  void aWrongRegisteredModelFails() throws Exception {
    GradChecks.Report report = withModels("dev.adjoint.internal.gradcheck.Models$Broken\n", GradChecks::verifyAll);
    assertFalse(report.passed());
    assertTrue(report.toString().contains("Models.Broken.square"), report::toString);
    GradChecks.ReportError error = assertThrows(GradChecks.ReportError.class,
        () -> withModels("dev.adjoint.internal.gradcheck.Models$Broken\n", () -> {
          GradChecks.assertAll();
          return null;
        }));
    assertTrue(error.getMessage().contains("Models.Broken.square"), error::getMessage);
  }

  @Test
  void aListedClassThatIsMissingIsAClearError() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> withModels("p.NoSuchModel\n", GradChecks::verifyAll));
    assertTrue(e.getMessage().contains("p.NoSuchModel") && e.getMessage().contains("not on the class path"),
        e::getMessage);
  }

  @Test
  void noRegisteredModelIsAClearError() {
    ClassLoader empty = new URLClassLoader(new URL[0], null);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> withLoader(empty, GradChecks::verifyAll));
    assertTrue(e.getMessage().contains("annotation processor path"), e::getMessage);
  }

  /** Runs {@code body} with a context class loader that also sees a models file listing {@code models}. */
  private <T> T withModels(String models, Callable<T> body) throws Exception {
    Path file = dir.resolve("META-INF/adjoint/models");
    Files.createDirectories(file.getParent());
    Files.writeString(file, models);
    // parent-last for the resource: a loader whose only models file is ours, classes from the test loader
    ClassLoader testLoader = getClass().getClassLoader();
    ClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, null) {
      @Override
      protected Class<?> findClass(String name) throws ClassNotFoundException {
        return testLoader.loadClass(name);
      }
    };
    return withLoader(loader, body);
  }

  private static <T> T withLoader(ClassLoader loader, Callable<T> body) throws Exception {
    Thread thread = Thread.currentThread();
    ClassLoader saved = thread.getContextClassLoader();
    thread.setContextClassLoader(loader);
    try {
      return body.call();
    } finally {
      thread.setContextClassLoader(saved);
    }
  }
}
