package dev.adjoint.internal;

import java.util.Objects;

/** One declared parameter of a {@code @Differentiable} method: its name and kind. */
public record Param(String name, ParamKind kind) {
  public Param {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
  }

  public static Param of(String name, ParamKind kind) {
    return new Param(name, kind);
  }
}
