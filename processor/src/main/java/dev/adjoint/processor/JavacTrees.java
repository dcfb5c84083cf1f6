package dev.adjoint.processor;

import com.sun.source.util.Trees;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import javax.annotation.processing.ProcessingEnvironment;

/**
 * Gets javac's {@link Trees} even where the build tool wraps the processing environment
 * (IntelliJ's JPS, Gradle's incremental processing), by the usual unwrapping.
 */
final class JavacTrees {
  private JavacTrees() {}

  /**
   * @throws IllegalArgumentException if no javac environment can be found
   * @throws LinkageError if javac's com.sun.source API is not there at all (ECJ)
   */
  static Trees of(ProcessingEnvironment env) {
    try {
      return Trees.instance(env);
    } catch (IllegalArgumentException notJavac) {
      ProcessingEnvironment unwrapped = unwrap(env);
      if (unwrapped == env) {
        throw notJavac;
      }
      return of(unwrapped);
    }
  }

  private static ProcessingEnvironment unwrap(ProcessingEnvironment env) {
    try {
      Class<?> wrappers = Class.forName("org.jetbrains.jps.javac.APIWrappers", false, env.getClass().getClassLoader());
      Method unwrap = wrappers.getMethod("unwrap", Class.class, Object.class);
      Object inner = unwrap.invoke(null, ProcessingEnvironment.class, env);
      if (inner instanceof ProcessingEnvironment p && p != env) {
        return p;
      }
    } catch (ReflectiveOperationException | LinkageError | RuntimeException notIntelliJ) {
      // Fall through to the delegate field that Gradle's wrappers use.
    }
    for (Class<?> c = env.getClass(); c != null; c = c.getSuperclass()) {
      try {
        Field delegate = c.getDeclaredField("delegate");
        delegate.setAccessible(true);
        if (delegate.get(env) instanceof ProcessingEnvironment p && p != env) {
          return p;
        }
      } catch (ReflectiveOperationException | RuntimeException noDelegate) {
        // Try the superclass.
      }
    }
    return env;
  }
}
