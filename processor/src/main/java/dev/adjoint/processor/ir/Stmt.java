package dev.adjoint.processor.ir;

import com.sun.source.tree.Tree;
import java.util.List;

/** Statements. Compound assignments and {@code ++}/{@code --} arrive as plain {@link Assign}s. */
public sealed interface Stmt {
  /** The source statement this came from: its line is quoted in the generated comment. */
  Tree tree();

  /** {@code T v = init;} ({@code init} null for a declaration without initializer). */
  record Declare(Var var, Expr init, Tree tree) implements Stmt {}

  record Assign(Var var, Expr value, Tree tree) implements Stmt {}

  /** {@code a[i] = value} or {@code m[i][j] = value}. */
  record Store(Expr.ArrayRead target, Expr value, Tree tree) implements Stmt {
    /** The array variable written. */
    public Var array() {
      Expr e = target;
      while (e instanceof Expr.ArrayRead r) {
        e = r.array();
      }
      return ((Expr.Read) e).var();
    }
  }

  /** {@code orElse} is empty when the source has no else. */
  record If(Expr condition, Block then, Block orElse, Tree tree) implements Stmt {}

  record Return(Expr value, Tree tree) implements Stmt {}

  record Block(List<Stmt> statements, Tree tree) implements Stmt {
    public Block {
      statements = List.copyOf(statements);
    }
  }

  /**
   * Every loop: {@code for} (init, condition, update), {@code while} (no init or update),
   * {@code do/while} ({@code testFirst} false). A null condition means {@code true}.
   *
   * @param id identifies the loop for the {@link Break}s and {@link Continue}s that target it
   * @param label the source label, or null
   */
  record Loop(int id, String label, List<Stmt> init, Expr condition, List<Stmt> update, Block body,
      boolean testFirst, Tree tree) implements Stmt {
    public Loop {
      init = List.copyOf(init);
      update = List.copyOf(update);
    }
  }

  record Break(int loopId, Tree tree) implements Stmt {}

  record Continue(int loopId, Tree tree) implements Stmt {}

  /**
   * A call (or other expression) evaluated for its effect only, carrying no derivative: a
   * {@link Expr.PlainCall} or an {@link Expr.Opaque}.
   */
  record Call(Expr call, Tree tree) implements Stmt {}

  /** {@code throw e;}: the generated code throws what the source throws, at the same point. */
  record Throw(Expr exception, Tree tree) implements Stmt {}

  /**
   * {@code try (resources) {…} catch (…) {…} finally {…}}: only the dynamic tape runs it (the
   * static transforms reject it). {@code resources} are declarations; a catch's parameter is a
   * variable whose {@code catchTypes} list its alternatives ({@code A | B}).
   */
  record Try(List<Declare> resources, Block body, List<Catch> catches, Block finallyBlock, Tree tree) implements Stmt {
    public Try {
      resources = List.copyOf(resources);
      catches = List.copyOf(catches);
    }
  }

  record Catch(Var parameter, List<com.palantir.javapoet.TypeName> catchTypes, Block body) {
    public Catch {
      catchTypes = List.copyOf(catchTypes);
    }
  }

  /** {@code synchronized (lock) {…}}: only the dynamic tape runs it. */
  record Synchronized(Expr lock, Block body, Tree tree) implements Stmt {}
}
