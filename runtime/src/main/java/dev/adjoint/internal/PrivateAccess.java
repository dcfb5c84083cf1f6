package dev.adjoint.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;

/**
 * How a generated companion reads the private members of the class it differentiates (a
 * {@code private static final double[] TABLE}, a private helper it calls without differentiating
 * it): through handles made once, in the companion's static initializer, from the companion's own
 * lookup. The companion is in the same package and module as the class, so Java grants it private
 * access ({@link MethodHandles#privateLookupIn}); a {@code static final} handle is a constant to the
 * JIT, so a read costs what the direct read costs.
 */
public final class PrivateAccess {
  private PrivateAccess() {}

  /** The handle of the static field {@code owner.name} of type {@code type}. */
  public static VarHandle staticField(MethodHandles.Lookup companion, Class<?> owner, String name, Class<?> type) {
    try {
      return MethodHandles.privateLookupIn(owner, companion).findStaticVarHandle(owner, name, type);
    } catch (ReflectiveOperationException e) {
      throw linkageError(owner, name, e);
    }
  }

  /** The handle of the instance field {@code owner.name} of type {@code type}. */
  public static VarHandle field(MethodHandles.Lookup companion, Class<?> owner, String name, Class<?> type) {
    try {
      return MethodHandles.privateLookupIn(owner, companion).findVarHandle(owner, name, type);
    } catch (ReflectiveOperationException e) {
      throw linkageError(owner, name, e);
    }
  }

  /** The handle of the static method {@code owner.name(params)} returning {@code returns}. */
  public static MethodHandle staticMethod(MethodHandles.Lookup companion, Class<?> owner, String name,
      Class<?> returns, Class<?>... params) {
    try {
      return MethodHandles.privateLookupIn(owner, companion).findStatic(owner, name,
          MethodType.methodType(returns, params));
    } catch (ReflectiveOperationException e) {
      throw linkageError(owner, name, e);
    }
  }

  /** The handle of the instance method {@code owner.name(params)}; the receiver is its first argument. */
  public static MethodHandle method(MethodHandles.Lookup companion, Class<?> owner, String name,
      Class<?> returns, Class<?>... params) {
    try {
      return MethodHandles.privateLookupIn(owner, companion).findVirtual(owner, name,
          MethodType.methodType(returns, params));
    } catch (ReflectiveOperationException e) {
      throw linkageError(owner, name, e);
    }
  }

  /** The handle of the constructor {@code owner(params)} ({@code ignored} is {@code void.class}, for symmetry). */
  public static MethodHandle constructor(MethodHandles.Lookup companion, Class<?> owner, Class<?> ignored,
      Class<?>... params) {
    try {
      return MethodHandles.privateLookupIn(owner, companion).findConstructor(owner,
          MethodType.methodType(void.class, params));
    } catch (ReflectiveOperationException e) {
      throw linkageError(owner, "<init>", e);
    }
  }

  /** The class {@code binaryName}, for a class the companion cannot name in source (a private nested class). */
  public static Class<?> classNamed(MethodHandles.Lookup companion, String binaryName) {
    try {
      return Class.forName(binaryName, false, companion.lookupClass().getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new LinkageError("generated code cannot find " + binaryName + ": recompile the class and its companion",
          e);
    }
  }

  /**
   * Rethrows what a handle invocation threw, checked exceptions included, so the companion throws
   * what the original method throws. Use as {@code throw PrivateAccess.rethrow(t);}.
   */
  public static RuntimeException rethrow(Throwable t) {
    throw PrivateAccess.<RuntimeException>sneaky(t);
  }

  @SuppressWarnings("unchecked")
  private static <T extends Throwable> T sneaky(Throwable t) throws T {
    throw (T) t;
  }

  private static LinkageError linkageError(Class<?> owner, String name, ReflectiveOperationException e) {
    return new LinkageError("generated code cannot reach " + owner.getName() + "." + name
        + " (was the class changed without recompiling its companion?): " + e.getMessage(), e);
  }
}
