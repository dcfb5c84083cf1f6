package dev.adjoint.processor.parse;

/**
 * A name or type that does not resolve yet (it may be generated in a later round): the method
 * is retried next round and reported only when processing is over.
 */
public final class Deferred extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String name;

  public Deferred(String name) {
    super("unresolved " + name, null, false, false);
    this.name = name;
  }

  public String name() { return name; }
}
