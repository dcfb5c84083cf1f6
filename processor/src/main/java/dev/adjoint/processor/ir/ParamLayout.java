package dev.adjoint.processor.ir;

import java.util.List;

/**
 * How one parameter of a method's signature is lowered to variables of its IR: a plain parameter
 * is one variable; a differentiable record is one variable per component (nested records in turn);
 * an array of differentiable records is one array per component ({@code Layer[] layers} →
 * {@code double[][] layers_w}, {@code double[] layers_b}). The transforms differentiate those
 * variables; the companion unpacks the arguments into them and assembles gradients and tangents
 * of the record types from theirs.
 */
public sealed interface ParamLayout {
  /** The parameter's (or component's) name. */
  String name();

  /** Its type as the signature (or the record) declares it. */
  Type type();

  /** The variables of the IR it stands for, in order. */
  List<Var> vars();

  /** The source path of every variable of {@code layouts} ({@code x}, {@code p.w}, {@code layers.b}, {@code self.k}). */
  static java.util.Map<Var, String> paths(List<ParamLayout> layouts) {
    java.util.Map<Var, String> out = new java.util.IdentityHashMap<>();
    layouts.forEach(l -> paths(l, l.name(), out));
    return out;
  }

  private static void paths(ParamLayout l, String path, java.util.Map<Var, String> out) {
    if (l instanceof Plain p) {
      out.put(p.var(), path);
    } else if (l instanceof Record r) {
      r.components().forEach(c -> paths(c, path + "." + c.name(), out));
    } else {
      RecordArray a = (RecordArray) l;
      for (int k = 0; k < a.columns().size(); k++) {
        out.put(a.columns().get(k), path + "." + a.type().shape().components().get(k).name());
      }
    }
  }

  record Plain(String name, Var var) implements ParamLayout {
    @Override
    public Type type() { return var.type(); }

    @Override
    public List<Var> vars() { return List.of(var); }
  }

  /** A differentiable record: one layout per component, in the order of its canonical constructor. */
  record Record(String name, Type type, List<ParamLayout> components) implements ParamLayout {
    public Record {
      components = List.copyOf(components);
    }

    @Override
    public List<Var> vars() { return components.stream().flatMap(c -> c.vars().stream()).toList(); }
  }

  /** An array of differentiable records: one array variable per component (a column). */
  record RecordArray(String name, Type type, List<Var> columns) implements ParamLayout {
    public RecordArray {
      columns = List.copyOf(columns);
    }

    @Override
    public List<Var> vars() { return columns; }
  }
}
