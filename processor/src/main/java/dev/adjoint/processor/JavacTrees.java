package dev.adjoint.processor;

import com.sun.source.util.Trees;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import javax.annotation.processing.ProcessingEnvironment;

/**
 * Gets javac's {@link Trees} even where the build tool wraps the processing environment
 * (IntelliJ's JPS, Gradle's incremental processing): IntelliJ's own {@code APIWrappers.unwrap},
 * else the environment a wrapper — or a {@link Proxy}'s invocation handler — keeps in a field.
 */
final class JavacTrees {
  private JavacTrees() {}

  /**
   * @throws IllegalArgumentException if no javac environment can be found
   * @throws LinkageError if javac's com.sun.source API is not there at all (ECJ)
   */
  static Trees of(ProcessingEnvironment env) {
    ProcessingEnvironment current = env;
    for (int depth = 0; depth < MAX_WRAPPERS; depth++) {
      try {
        return Trees.instance(current);
      } catch (IllegalArgumentException notJavac) {
        ProcessingEnvironment unwrapped = unwrap(current);
        if (unwrapped == current) {
          break;
        }
        current = unwrapped;
      }
    }
    throw new IllegalArgumentException("the processing environment " + current.getClass().getName()
        + " is not javac's");
  }

  /** Wrappers of wrappers are unwrapped this deep; a cycle ends there too. */
  private static final int MAX_WRAPPERS = 8;

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
    // A java.lang.reflect.Proxy keeps what it forwards to in its InvocationHandler.
    Object holder = Proxy.isProxyClass(env.getClass()) ? Proxy.getInvocationHandler(env) : env;
    ProcessingEnvironment inner = field(holder, env, "delegate");
    return inner != null ? inner : env;
  }

  /**
   * The environment {@code holder} forwards to: its field {@code preferred} (Gradle's wrappers),
   * else its only other field that holds a processing environment; null if there is none.
   */
  private static ProcessingEnvironment field(Object holder, ProcessingEnvironment env, String preferred) {
    ProcessingEnvironment found = null;
    for (Class<?> c = holder.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
      for (Field f : c.getDeclaredFields()) {
        if (Modifier.isStatic(f.getModifiers()) || f.getType().isPrimitive()) {
          continue;
        }
        try {
          f.setAccessible(true);
          if (f.get(holder) instanceof ProcessingEnvironment p && p != env) {
            if (f.getName().equals(preferred)) {
              return p;
            }
            found = found == null ? p : found;
          }
        } catch (ReflectiveOperationException | RuntimeException inaccessible) {
          // A field of a class we may not open: not the delegate we can use.
        }
      }
    }
    return found;
  }
}
