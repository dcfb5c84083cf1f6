package dev.adjoint.processor.transform;

import dev.adjoint.processor.ir.MethodIr;
import dev.adjoint.processor.ir.Var;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Names in one generated method. Source variables keep their names (a second {@code t} from a
 * sibling block becomes {@code t_2}, since generated code hoists locals); every name the
 * transform invents is derived from a source name and never collides with one.
 */
public final class Names {
  private final Set<String> taken = new HashSet<>();
  private final Map<Var, String> names = new IdentityHashMap<>();
  private final Map<Var, String> derivatives = new IdentityHashMap<>();

  /**
   * Java's reserved words: an invented name must not be one ({@code d} + {@code o} is {@code do},
   * {@code d} + {@code ouble} is {@code double}).
   */
  private static final Set<String> RESERVED = Set.of("abstract", "assert", "boolean", "break", "byte", "case",
      "catch", "char", "class", "const", "continue", "default", "do", "double", "else", "enum", "extends", "final",
      "finally", "float", "for", "goto", "if", "implements", "import", "instanceof", "int", "interface", "long",
      "native", "new", "package", "private", "protected", "public", "return", "short", "static", "strictfp",
      "super", "switch", "synchronized", "this", "throw", "throws", "transient", "try", "void", "volatile", "while",
      "true", "false", "null", "var", "yield", "record", "sealed", "permits", "_");

  private Names() {
    taken.addAll(RESERVED);
  }

  /** Names for generated code outside a method's IR (a taped entry method), none of {@code taken}. */
  public static Names reserving(java.util.Collection<String> taken) {
    Names names = new Names();
    names.taken.addAll(taken);
    return names;
  }

  public Names(MethodIr method) {
    taken.addAll(RESERVED);
    taken.addAll(method.declaredNames());
    for (Var v : method.params()) {
      names.put(v, v.sourceName()); // API-visible: parameters keep their names
      taken.add(v.sourceName());
    }
    // Reserve every source name before allocating, so sibling duplicates never take a user's name.
    List<Var> source = method.locals().stream().filter(v -> v.kind() != Var.Kind.SYNTHETIC).toList();
    source.forEach(v -> taken.add(v.sourceName()));
    Set<String> seen = new HashSet<>(method.params().stream().map(Var::sourceName).toList());
    seen.addAll(method.lambdaNames()); // a lambda's names may not shadow a local hoisted above it
    for (Var v : source) {
      names.put(v, seen.add(v.sourceName()) ? v.sourceName() : fresh(v.sourceName()));
    }
    method.locals().stream().filter(v -> v.kind() == Var.Kind.SYNTHETIC).forEach(v -> names.put(v, fresh(v.sourceName())));
    // The differentiated parameters' derivatives are API-visible (tangent parameters): allocate first.
    method.wrt().forEach(this::derivative);
  }

  /** The Java name of a source variable. */
  public String of(Var v) { return names.get(v); }

  /** The tangent (forward) or adjoint (reverse) of {@code v}: {@code x} → {@code dx}. */
  public String derivative(Var v) {
    return derivatives.computeIfAbsent(v, k -> fresh("d" + of(k)));
  }

  /** A new name starting with {@code base}: {@code base}, else {@code base_2}, {@code base_3}, … */
  public String fresh(String base) {
    String name = base;
    for (int i = 2; !usable(name) || !taken.add(name); i++) {
      name = base + "_" + i;
    }
    return name;
  }

  /**
   * Whether {@code name} can name a local: not a keyword ({@code do} for {@code o}), not a
   * contextual keyword that is restricted somewhere ({@code var}, {@code yield}, {@code record}), not {@code _}.
   */
  private static boolean usable(String name) {
    return javax.lang.model.SourceVersion.isIdentifier(name) && !javax.lang.model.SourceVersion.isKeyword(name)
        && !RESTRICTED.contains(name);
  }

  private static final Set<String> RESTRICTED = Set.of("_", "var", "yield", "record", "sealed", "permits",
      "non-sealed", "when", "module", "open", "exports", "requires", "to", "with", "uses", "provides", "opens",
      "transitive", "enum", "assert", "strictfp", "goto", "const", "true", "false", "null");

  /** An independent copy: a dry run allocates from it without disturbing this one. */
  Names copy() {
    Names copy = new Names();
    copy.taken.addAll(taken);
    copy.names.putAll(names);
    copy.derivatives.putAll(derivatives);
    return copy;
  }

  /** Names of {@code vars}, in order. */
  public List<String> of(List<Var> vars) {
    return vars.stream().map(this::of).toList();
  }
}
