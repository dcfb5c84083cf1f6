package dev.adjoint.processor.ir;

import com.sun.source.tree.Tree;

/**
 * A parameter or local variable of a differentiated method. Compared by identity: two locals
 * called {@code t} in sibling blocks are different variables.
 */
public final class Var {
  /** SYNTHETIC: introduced by the parser (the index of a for-each loop). */
  public enum Kind { PARAMETER, LOCAL, SYNTHETIC }

  private final String sourceName;
  private final Type type;
  private final Kind kind;
  private final Tree declaration;

  public Var(String sourceName, Type type, Kind kind, Tree declaration) {
    this.sourceName = sourceName;
    this.type = type;
    this.kind = kind;
    this.declaration = declaration;
  }

  public String sourceName() { return sourceName; }

  public Type type() { return type; }

  public Kind kind() { return kind; }

  public Tree declaration() { return declaration; }

  /** A temporary the parser gave a nested tensor operation (it has no declaration of its own). */
  public boolean isTemporary() { return kind == Kind.SYNTHETIC && declaration == null; }

  @Override
  public String toString() { return sourceName + ":" + type; }
}
