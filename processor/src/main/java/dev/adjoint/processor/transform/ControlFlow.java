package dev.adjoint.processor.transform;

import dev.adjoint.processor.ir.Children;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Stmt;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The jumps of a method body. Every {@code return}, {@code break} and {@code continue} is an
 * <em>exit site</em>, numbered from 1 in source order; the reverse sweep tells how a method body
 * or a loop iteration ended by the site that ended it, and statement {@code i} of a block ran
 * iff that site comes after every site before statement {@code i} that leaves the same scope.
 */
public final class ControlFlow {
  /** The scope of the whole method body (a return leaves it). */
  static final int METHOD = -1;

  private final Map<Stmt, Integer> sites = new IdentityHashMap<>();
  /** For each site, the loops around it, innermost first. */
  private final Map<Stmt, List<Integer>> enclosing = new IdentityHashMap<>();
  private final Map<Integer, Stmt.Loop> loops = new HashMap<>();
  /** For each loop, the loops around it, innermost first. */
  private final Map<Integer, List<Integer>> outerLoops = new HashMap<>();
  private int returns;

  public ControlFlow(Stmt.Block body) {
    number(body, new ArrayList<>());
  }

  private void number(Stmt s, List<Integer> around) {
    if (s instanceof Stmt.Return || s instanceof Stmt.Break || s instanceof Stmt.Continue) {
      sites.put(s, sites.size() + 1);
      enclosing.put(s, List.copyOf(around));
      returns += s instanceof Stmt.Return ? 1 : 0;
      return;
    }
    List<Integer> inner = around;
    if (s instanceof Stmt.Loop l) {
      loops.put(l.id(), l);
      outerLoops.put(l.id(), List.copyOf(around));
      inner = new ArrayList<>();
      inner.add(l.id());
      inner.addAll(around);
    }
    for (Stmt c : Children.statements(s)) {
      number(c, inner);
    }
  }

  int site(Stmt jump) { return sites.get(jump); }

  int returnCount() { return returns; }

  Stmt.Loop loop(int id) { return loops.get(id); }

  /** Whether {@code site} ends the current iteration of loop {@code scope} (or the method, for {@link #METHOD}). */
  boolean leaves(Stmt site, int scope) {
    if (site instanceof Stmt.Return) {
      return true;
    }
    if (scope == METHOD || !enclosing.get(site).contains(scope)) {
      return false;
    }
    int target = site instanceof Stmt.Break b ? b.loopId() : ((Stmt.Continue) site).loopId();
    return target == scope || outerLoops.get(scope).contains(target);
  }

  /** The last site in {@code s} that leaves {@code scope}; 0 if none. */
  int lastSiteLeaving(Stmt s, int scope) {
    int last = 0;
    if (sites.containsKey(s)) {
      return leaves(s, scope) ? sites.get(s) : 0;
    }
    for (Stmt c : Children.statements(s)) {
      last = Math.max(last, lastSiteLeaving(c, scope));
    }
    return last;
  }

  /** The sites of the {@code continue}s that target {@code loop}: after them its update runs. */
  List<Integer> continueSites(Stmt.Loop loop) {
    List<Integer> result = new ArrayList<>();
    sites.forEach((s, id) -> {
      if (s instanceof Stmt.Continue c && c.loopId() == loop.id()) {
        result.add(id);
      }
    });
    result.sort(null);
    return result;
  }

  /** Whether some jump ends an iteration of {@code loop} other than by reaching the end of its body. */
  boolean hasEarlyExits(Stmt.Loop loop) {
    return lastSiteLeaving(loop.body(), loop.id()) > 0;
  }

  /** Java's "can complete normally" (JLS 14.22) for the statements the IR has. */
  public boolean completesNormally(Stmt s) {
    if (s instanceof Stmt.Throw || s instanceof Stmt.Return || s instanceof Stmt.Break || s instanceof Stmt.Continue) {
      return false;
    }
    if (s instanceof Stmt.Block b) {
      return b.statements().isEmpty() || completesNormally(b.statements().get(b.statements().size() - 1));
    }
    if (s instanceof Stmt.If i) {
      return completesNormally(i.then()) || completesNormally(i.orElse());
    }
    if (s instanceof Stmt.Synchronized y) {
      return completesNormally(y.body());
    }
    if (s instanceof Stmt.Try t) {
      boolean some = completesNormally(t.body()) || t.catches().stream().anyMatch(c -> completesNormally(c.body()));
      return some && completesNormally(t.finallyBlock());
    }
    if (s instanceof Stmt.Loop l) {
      boolean alwaysTrue = l.condition() == null
          || l.condition() instanceof Expr.Literal lit && lit.text().equals("true");
      boolean broken = sites.keySet().stream().anyMatch(j -> j instanceof Stmt.Break b && b.loopId() == l.id());
      if (l.testFirst()) {
        return !alwaysTrue || broken;
      }
      boolean continued = !continueSites(l).isEmpty();
      return (completesNormally(l.body()) || continued) && !alwaysTrue || broken;
    }
    return true;
  }

  /**
   * Whether reversing {@code s} may need anything recorded: it assigns a variable or an array
   * element, returns, or contains such statements.
   */
  static boolean hasWork(Stmt s) {
    if (s instanceof Stmt.Declare d) {
      return d.init() != null;
    }
    if (s instanceof Stmt.Assign || s instanceof Stmt.Store || s instanceof Stmt.Return) {
      return true;
    }
    return Children.statements(s).stream().anyMatch(ControlFlow::hasWork);
  }
}
