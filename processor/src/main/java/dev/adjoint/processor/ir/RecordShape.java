package dev.adjoint.processor.ir;

import com.palantir.javapoet.TypeName;
import java.util.List;

/**
 * The components of a differentiable record, in declaration order (the order of its canonical
 * constructor). A component's type is a differentiable one ({@code double}, {@code double[]},
 * {@code double[][]}, {@code Tensor}, a differentiable record or an array of them) or a passive
 * one, carried along unchanged.
 *
 * @param type the record class, as generated code names it
 */
public record RecordShape(TypeName type, List<Component> components) {
  public RecordShape {
    components = List.copyOf(components);
  }

  /** One component: its name (also its accessor's) and type. */
  public record Component(String name, Type type) {}

  /** The simple name of the record class, for messages. */
  public String simpleName() {
    String s = type.toString();
    return s.substring(s.lastIndexOf('.') + 1);
  }

  public int indexOf(String component) {
    for (int i = 0; i < components.size(); i++) {
      if (components.get(i).name().equals(component)) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RecordShape r && r.type.equals(type);
  }

  @Override
  public int hashCode() { return type.hashCode(); }
}
