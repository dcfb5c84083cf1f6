package dev.adjoint.processor.parse;

import com.sun.source.tree.BlockTree;
import com.sun.source.tree.VariableTree;
import java.lang.reflect.Field;
import java.lang.reflect.Method;

/**
 * Takes back what javac's attribution during annotation processing wrote into the trees of the
 * user's source that the next round's attribution would trip over ({@link Attributed}). The
 * fields are public fields of classes of javac's internal tree package, which the module system
 * does not open to processors; {@code sun.misc.Unsafe} (module jdk.unsupported) writes them.
 * Every step is checked, and any failure answers false instead of writing a half-changed tree.
 */
final class TreeRepairs {
  private TreeRepairs() {}

  /** Replaces {@code block}'s statements by all but the first (a {@code super()} javac inserted). */
  static boolean dropFirstStatement(BlockTree block) {
    try {
      Field stats = block.getClass().getField("stats");
      Object list = get(block, stats);
      if (list != block.getStatements()) {
        return false;
      }
      Object rest = get(list, list.getClass().getField("tail"));
      if (!stats.getType().isInstance(rest) || ((java.util.List<?>) rest).size() != block.getStatements().size() - 1) {
        return false;
      }
      put(block, stats, rest);
      return block.getStatements() == rest;
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      return false;
    }
  }

  /**
   * Makes {@code variable} implicitly typed again ({@code var x = …}, a lambda parameter without a
   * type): attribution wrote the type it inferred into the tree — an erroneous one when the
   * initializer names the companion, which does not exist yet — and the next round would take it
   * as written.
   */
  static boolean clearType(VariableTree variable) {
    try {
      put(variable, variable.getClass().getField("vartype"), null);
      return variable.getType() == null;
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      return false;
    }
  }

  private static Object unsafe() throws ReflectiveOperationException {
    Class<?> unsafeClass = Class.forName("sun.misc.Unsafe");
    Field theUnsafe = unsafeClass.getDeclaredField("theUnsafe");
    theUnsafe.setAccessible(true);
    return theUnsafe.get(null);
  }

  private static long offset(Object unsafe, Field field) throws ReflectiveOperationException {
    return (Long) unsafe.getClass().getMethod("objectFieldOffset", Field.class).invoke(unsafe, field);
  }

  private static Object get(Object target, Field field) throws ReflectiveOperationException {
    Object unsafe = unsafe();
    Method get = unsafe.getClass().getMethod("getObject", Object.class, long.class);
    return get.invoke(unsafe, target, offset(unsafe, field));
  }

  private static void put(Object target, Field field, Object value) throws ReflectiveOperationException {
    Object unsafe = unsafe();
    Method put = unsafe.getClass().getMethod("putObject", Object.class, long.class, Object.class);
    put.invoke(unsafe, target, offset(unsafe, field), value);
  }
}
