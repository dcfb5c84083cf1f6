package dev.adjoint.processor.parse;

import com.sun.source.tree.BlockTree;
import java.lang.reflect.Field;
import java.lang.reflect.Method;

/**
 * Drops the first statement of a javac block, for {@link Attributed}'s repair of record
 * constructors (JDK-8387215). The statements are a public field of a class of javac's internal
 * tree package, which the module system does not open to processors; {@code sun.misc.Unsafe}
 * (module jdk.unsupported) writes it, reading the list's own tail. Every step is checked, and any
 * failure answers false instead of writing a half-changed tree.
 */
final class RecordConstructors {
  private RecordConstructors() {}

  /** Replaces {@code block}'s statements by all but the first; false when this javac does not allow it. */
  static boolean dropFirstStatement(BlockTree block) {
    try {
      Class<?> unsafeClass = Class.forName("sun.misc.Unsafe");
      Field theUnsafe = unsafeClass.getDeclaredField("theUnsafe");
      theUnsafe.setAccessible(true);
      Object unsafe = theUnsafe.get(null);
      Method offsetOf = unsafeClass.getMethod("objectFieldOffset", Field.class);
      Method get = unsafeClass.getMethod("getObject", Object.class, long.class);
      Method put = unsafeClass.getMethod("putObject", Object.class, long.class, Object.class);
      Field stats = block.getClass().getField("stats");
      long statsAt = (Long) offsetOf.invoke(unsafe, stats);
      Object list = get.invoke(unsafe, block, statsAt);
      if (list != block.getStatements()) {
        return false;
      }
      Object rest = get.invoke(unsafe, list, (Long) offsetOf.invoke(unsafe, list.getClass().getField("tail")));
      if (!stats.getType().isInstance(rest) || ((java.util.List<?>) rest).size() != block.getStatements().size() - 1) {
        return false;
      }
      put.invoke(unsafe, block, statsAt, rest);
      return block.getStatements() == rest;
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      return false;
    }
  }
}
