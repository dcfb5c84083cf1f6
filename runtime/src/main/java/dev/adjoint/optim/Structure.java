package dev.adjoint.optim;

import dev.adjoint.Tensor;
import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The structure of a parameter value (types, lengths, shapes, record types), which an optimizer
 * uses to read a value into one flat {@code double[]} and to build a new value of the same shape
 * from one. Structures are compared with {@code equals}; {@link #toString()} describes one for
 * error messages.
 */
final class Structure {
  /** Longest structure description put into a message; the first difference is named anyway. */
  private static final int MAX_DESCRIPTION = 400;

  private final Node root;
  /** Number of doubles in a value of this structure. */
  private final int size;

  private Structure(Node root) {
    this.root = root;
    this.size = root.size();
  }

  /**
   * The structure of {@code value}, named {@code name} in messages ("params", "gradient"); an
   * {@code IllegalArgumentException} from {@code op} when it is not a parameter value.
   */
  private static Structure of(String op, Object value, String name) {
    if (value == null) {
      throw new IllegalArgumentException(op + ": " + name + " is null");
    }
    Class<?> c = value.getClass();
    Node root;
    if (c == Double.class || c == Float.class) {
      root = new Real(c == Float.class);
    } else if (isRecordArray(c) || c.isRecord() || leafType(c)) {
      if (!differentiable(c, new HashSet<>())) {
        throw new IllegalArgumentException(op + ": " + name + " of type " + c.getSimpleName()
            + " has no differentiable component (double, float, their 1-D and 2-D arrays, Tensor,"
            + " a differentiable record or an array of them), so there is nothing to optimize");
      }
      root = node(op, c, value, name);
    } else {
      throw new IllegalArgumentException(op + ": " + name + " of type " + c.getTypeName()
          + " is not a parameter value; expected double[], double[][], float[], float[][], Tensor,"
          + " a differentiable record or an array of differentiable records");
    }
    return new Structure(root);
  }

  /**
   * The structure of one step's {@code params} after checking that {@code gradient} has the same
   * structure and, unless {@code expected} is null (a first step), that the params have the
   * structure the optimizer was first given.
   */
  static Structure forStep(String op, Object params, Object gradient, Structure expected) {
    Structure p = of(op, params, "params");
    if (expected != null && !expected.equals(p)) {
      throw new IllegalArgumentException(op + ": this optimizer keeps state for params of structure "
          + expected + " but was given params of structure " + p + " ("
          + expected.firstDifference(p, "the state", "the params")
          + "); use a new optimizer for another model");
    }
    if (gradient == null) {
      throw new IllegalArgumentException(op + ": gradient is null (params have structure " + p + ")");
    }
    Structure g = of(op, gradient, "gradient");
    if (!p.equals(g)) {
      throw new IllegalArgumentException(op + ": the gradient does not match the params: params "
          + p + ", gradient " + g + " (" + p.firstDifference(g, "params", "gradient") + ")");
    }
    return p;
  }

  /** The values of {@code value} (of this structure), in a fixed order; floats widened exactly. */
  double[] flatten(Object value) {
    double[] out = new double[size];
    int end = write(root, value, out, 0);
    assert end == size;
    return out;
  }

  /**
   * A new value of this structure holding {@code values}; passive record components, Tensor
   * requires-grad flags and array types are taken from {@code template}. Floats are rounded.
   */
  Object rebuild(String op, Object template, double[] values) {
    int[] pos = {0};
    Object out = read(op, root, template, values, pos);
    assert pos[0] == size;
    return out;
  }

  /**
   * Where {@code other} first differs from this structure, as {@code "first difference at <path>:
   * A in <thisName> vs B in <otherName>"}; null when equal.
   */
  String firstDifference(Structure other, String thisName, String otherName) {
    String[] d = difference(root, other.root, "");
    if (d == null) {
      return null;
    }
    String where = d[0].isEmpty() ? "the top level" : d[0].replaceFirst("^\\.", "");
    return "first difference at " + where + ": " + d[1] + " in " + thisName + " vs " + d[2] + " in "
        + otherName;
  }

  @Override
  public boolean equals(Object o) { return o instanceof Structure s && root.equals(s.root); }

  @Override
  public int hashCode() { return root.hashCode(); }

  @Override
  public String toString() { return shorten(root.describe()); }

  // ---- nodes ----------------------------------------------------------------------------------

  /** One part of a structure; records, so equal structures are equal trees. */
  private sealed interface Node permits Real, Vector, Matrix, TensorShape, Passive, Rec, RecArray {
    int size();

    String describe();
  }

  /** A {@code double} or {@code float}. */
  private record Real(boolean single) implements Node {
    public int size() { return 1; }

    public String describe() { return single ? "float" : "double"; }
  }

  /** A {@code double[]} or {@code float[]}. */
  private record Vector(boolean single, int length) implements Node {
    public int size() { return length; }

    public String describe() { return (single ? "float[" : "double[") + length + "]"; }
  }

  /** A {@code double[][]} or {@code float[][]}, possibly ragged. */
  private record Matrix(boolean single, List<Integer> rows) implements Node {
    public int size() { return rows.stream().mapToInt(Integer::intValue).sum(); }

    public String describe() {
      String t = single ? "float" : "double";
      boolean rectangular = rows.stream().distinct().count() <= 1;
      if (rows.isEmpty()) {
        return t + "[0][]";
      }
      return rectangular ? t + "[" + rows.size() + "][" + rows.get(0) + "]"
          : t + "[" + rows.size() + "][] with row lengths " + rows;
    }
  }

  private record TensorShape(List<Integer> shape) implements Node {
    public int size() { return shape.stream().mapToInt(Integer::intValue).reduce(1, (a, b) -> a * b); }

    public String describe() { return "Tensor of shape " + shape; }
  }

  /** A record component that is carried over unchanged. */
  private record Passive(Class<?> type) implements Node {
    public int size() { return 0; }

    public String describe() { return type.getSimpleName(); }
  }

  /** A differentiable record: one node per component, in declaration order. */
  private record Rec(Class<?> type, List<Node> components) implements Node {
    public int size() { return components.stream().mapToInt(Node::size).sum(); }

    public String describe() {
      RecordComponent[] rc = type.getRecordComponents();
      StringBuilder s = new StringBuilder(type.getSimpleName()).append('(');
      for (int i = 0; i < rc.length; i++) {
        s.append(i == 0 ? "" : ", ").append(rc[i].getName()).append(": ")
            .append(components.get(i).describe());
      }
      return s.append(')').toString();
    }
  }

  /** An array of differentiable records; each element has its own structure. */
  private record RecArray(Class<?> elementType, List<Node> elements) implements Node {
    public int size() { return elements.stream().mapToInt(Node::size).sum(); }

    public String describe() {
      String head = elementType.getSimpleName() + "[" + elements.size() + "]";
      if (elements.stream().distinct().count() == 1) {
        return head + " of " + elements.get(0).describe();
      }
      StringBuilder s = new StringBuilder(head).append(" {");
      for (int i = 0; i < elements.size(); i++) {
        s.append(i == 0 ? "" : ", ").append(elements.get(i).describe());
      }
      return s.append('}').toString();
    }
  }

  // ---- building -------------------------------------------------------------------------------

  private static boolean leafType(Class<?> c) {
    return c == double.class || c == float.class || c == double[].class || c == float[].class
        || c == double[][].class || c == float[][].class || c == Tensor.class;
  }

  private static boolean isRecordArray(Class<?> c) {
    return c.isArray() && c.getComponentType().isRecord();
  }

  /**
   * Whether a declared type is differentiable: a leaf type, a record with a differentiable
   * component, or an array of such records. {@code visiting} stops at record types that contain
   * themselves.
   */
  private static boolean differentiable(Class<?> c, Set<Class<?>> visiting) {
    if (leafType(c)) {
      return true;
    }
    if (isRecordArray(c)) {
      return differentiable(c.getComponentType(), visiting);
    }
    if (!c.isRecord() || !visiting.add(c)) {
      return false;
    }
    for (RecordComponent rc : c.getRecordComponents()) {
      if (differentiable(rc.getType(), visiting)) {
        return true;
      }
    }
    return false;
  }

  /** The node of {@code value}, whose declared type {@code type} is differentiable. */
  private static Node node(String op, Class<?> type, Object value, String path) {
    if (value == null) {
      throw new IllegalArgumentException(op + ": " + path + " is null");
    }
    if (type == double.class || type == float.class) {
      return new Real(type == float.class);
    }
    if (value instanceof double[] a) {
      return new Vector(false, a.length);
    }
    if (value instanceof float[] a) {
      return new Vector(true, a.length);
    }
    if (value instanceof double[][] || value instanceof float[][]) {
      Object[] m = (Object[]) value;
      List<Integer> rows = new ArrayList<>(m.length);
      for (int i = 0; i < m.length; i++) {
        if (m[i] == null) {
          throw new IllegalArgumentException(op + ": " + path + "[" + i + "] is null");
        }
        rows.add(Array.getLength(m[i]));
      }
      return new Matrix(value instanceof float[][], List.copyOf(rows));
    }
    if (value instanceof Tensor t) {
      return new TensorShape(Arrays.stream(t.shape()).boxed().toList());
    }
    Class<?> c = value.getClass();
    if (c.isRecord()) {
      RecordInfo info = RecordInfo.of(c);
      List<Node> components = new ArrayList<>(info.names.length);
      for (int i = 0; i < info.names.length; i++) {
        components.add(info.active[i]
            ? node(op, info.types[i], info.get(op, value, i), path + "." + info.names[i])
            : new Passive(info.types[i]));
      }
      return new Rec(c, List.copyOf(components));
    }
    // an array of records, as isRecordArray(type) held
    Object[] a = (Object[]) value;
    List<Node> elements = new ArrayList<>(a.length);
    for (int i = 0; i < a.length; i++) {
      elements.add(node(op, c.getComponentType(), a[i], path + "[" + i + "]"));
    }
    return new RecArray(c.getComponentType(), List.copyOf(elements));
  }

  // ---- reading and writing values -------------------------------------------------------------

  private static int write(Node n, Object v, double[] out, int at) {
    if (n instanceof Real) {
      out[at] = ((Number) v).doubleValue();
      return at + 1;
    }
    if (v instanceof double[] a) {
      System.arraycopy(a, 0, out, at, a.length);
      return at + a.length;
    }
    if (v instanceof float[] a) {
      for (float x : a) {
        out[at++] = x;
      }
      return at;
    }
    if (v instanceof Tensor t) {
      double[] a = t.toArray();
      System.arraycopy(a, 0, out, at, a.length);
      return at + a.length;
    }
    if (n instanceof Rec r) {
      RecordInfo info = RecordInfo.of(r.type);
      for (int i = 0; i < info.names.length; i++) {
        if (info.active[i]) {
          at = write(r.components.get(i), info.get("step", v, i), out, at);
        }
      }
      return at;
    }
    // double[][], float[][] or an array of records
    Object[] a = (Object[]) v;
    for (int i = 0; i < a.length; i++) {
      Node element = n instanceof RecArray ra ? ra.elements.get(i) : n;
      at = write(element, a[i], out, at);
    }
    return at;
  }

  private static Object read(String op, Node n, Object template, double[] in, int[] pos) {
    int at = pos[0];
    if (n instanceof Real r) {
      pos[0]++;
      return r.single ? (Object) (float) in[at] : (Object) in[at];
    }
    if (n instanceof Vector vec) {
      pos[0] += vec.length;
      if (!vec.single) {
        return Arrays.copyOfRange(in, at, at + vec.length);
      }
      float[] out = new float[vec.length];
      for (int i = 0; i < out.length; i++) {
        out[i] = (float) in[at + i];
      }
      return out;
    }
    if (n instanceof Matrix m) {
      Object[] out = m.single ? new float[m.rows.size()][] : new double[m.rows.size()][];
      for (int i = 0; i < out.length; i++) {
        out[i] = read(op, new Vector(m.single, m.rows.get(i)), null, in, pos);
      }
      return out;
    }
    if (n instanceof TensorShape ts) {
      int[] shape = ts.shape.stream().mapToInt(Integer::intValue).toArray();
      pos[0] += ts.size();
      // a fresh leaf, whether the template was a leaf or computed
      return Tensor.of(Arrays.copyOfRange(in, at, at + ts.size()), shape)
          .requiresGrad(((Tensor) template).requiresGrad());
    }
    if (n instanceof Rec r) {
      RecordInfo info = RecordInfo.of(r.type);
      Object[] args = new Object[info.names.length];
      for (int i = 0; i < args.length; i++) {
        Object old = info.get(op, template, i);
        args[i] = info.active[i] ? read(op, r.components.get(i), old, in, pos) : old;
      }
      return info.construct(op, args);
    }
    RecArray ra = (RecArray) n;
    Object[] old = (Object[]) template;
    Object[] out = (Object[]) Array.newInstance(template.getClass().getComponentType(), old.length);
    for (int i = 0; i < out.length; i++) {
      out[i] = read(op, ra.elements.get(i), old[i], in, pos);
    }
    return out;
  }

  // ---- differences ----------------------------------------------------------------------------

  /** {path, description in a, description in b} of the first difference, or null. */
  private static String[] difference(Node a, Node b, String path) {
    if (a.equals(b)) {
      return null;
    }
    if (a instanceof Rec ra && b instanceof Rec rb && ra.type == rb.type) {
      String[] names = RecordInfo.of(ra.type).names;
      for (int i = 0; i < names.length; i++) {
        String[] d = difference(ra.components.get(i), rb.components.get(i), path + "." + names[i]);
        if (d != null) {
          return d;
        }
      }
    }
    if (a instanceof RecArray ra && b instanceof RecArray rb && ra.elementType == rb.elementType
        && ra.elements.size() == rb.elements.size()) {
      for (int i = 0; i < ra.elements.size(); i++) {
        String[] d = difference(ra.elements.get(i), rb.elements.get(i), path + "[" + i + "]");
        if (d != null) {
          return d;
        }
      }
    }
    return new String[] {path, shorten(a.describe()), shorten(b.describe())};
  }

  private static String shorten(String s) {
    return s.length() <= MAX_DESCRIPTION ? s : s.substring(0, MAX_DESCRIPTION) + "...";
  }

  // ---- records --------------------------------------------------------------------------------

  /** Reflection over one record type, computed once per class. */
  private static final class RecordInfo {
    private static final ClassValue<RecordInfo> CACHE = new ClassValue<>() {
      @Override
      protected RecordInfo computeValue(Class<?> type) { return new RecordInfo(type); }
    };

    final Class<?> type;
    final String[] names;
    final Class<?>[] types;
    /** Which components are differentiable (the rest are passive). */
    final boolean[] active;
    private final Method[] accessors;
    private final Constructor<?> canonical;
    /** Why the record cannot be read or built, or null. */
    private final String inaccessible;

    private RecordInfo(Class<?> type) {
      this.type = type;
      RecordComponent[] rc = type.getRecordComponents();
      names = new String[rc.length];
      types = new Class<?>[rc.length];
      active = new boolean[rc.length];
      accessors = new Method[rc.length];
      String problem = null;
      for (int i = 0; i < rc.length; i++) {
        names[i] = rc[i].getName();
        types[i] = rc[i].getType();
        active[i] = differentiable(types[i], new HashSet<>());
        accessors[i] = rc[i].getAccessor();
        if (!accessors[i].trySetAccessible() && problem == null) {
          problem = "its accessor " + names[i] + "() is not accessible";
        }
      }
      Constructor<?> c = null;
      try {
        c = type.getDeclaredConstructor(types);
        if (!c.trySetAccessible() && problem == null) {
          problem = "its canonical constructor is not accessible";
        }
      } catch (NoSuchMethodException e) {
        problem = "it has no canonical constructor";
      }
      canonical = c;
      inaccessible = problem;
    }

    static RecordInfo of(Class<?> type) { return CACHE.get(type); }

    private void checkAccess(String op) {
      if (inaccessible != null) {
        throw new IllegalArgumentException(op + ": cannot read and rebuild record "
            + type.getName() + ": " + inaccessible + " (make the record public in an exported"
            + " package, or open its package to the Adjoint runtime)");
      }
    }

    Object get(String op, Object record, int i) {
      checkAccess(op);
      try {
        return accessors[i].invoke(record);
      } catch (IllegalAccessException e) {
        throw new IllegalArgumentException(op + ": cannot read " + type.getSimpleName() + "."
            + names[i] + "(): " + e.getMessage(), e);
      } catch (InvocationTargetException e) {
        throw new IllegalArgumentException(op + ": the accessor " + type.getSimpleName() + "."
            + names[i] + "() threw " + e.getCause(), e.getCause());
      }
    }

    Object construct(String op, Object[] args) {
      checkAccess(op);
      try {
        return canonical.newInstance(args);
      } catch (InvocationTargetException e) {
        throw new IllegalArgumentException(op + ": the canonical constructor of "
            + type.getSimpleName() + " rejected the updated values: " + e.getCause(), e.getCause());
      } catch (ReflectiveOperationException e) {
        throw new IllegalArgumentException(op + ": cannot build " + type.getSimpleName() + ": "
            + e.getMessage(), e);
      }
    }
  }
}
