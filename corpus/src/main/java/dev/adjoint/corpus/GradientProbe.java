package dev.adjoint.corpus;

import java.lang.reflect.Array;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Checks a companion's {@code nameGradient} numerically at random points of the original
 * method: the value against the original's, reverse mode against forward mode ({@code nameJvp},
 * the dot-product test ⟨g, u⟩ = J·u), and every gradient coordinate against central differences
 * wherever those are smooth. Points where the original throws or returns a non-finite value are
 * skipped; so are coordinates whose differences with two step sizes disagree (a kink or a jump
 * nearby, or rounding noise), and {@code float} coordinates (differences in float are too coarse).
 */
public final class GradientProbe {
  /** Relative tolerance of a gradient coordinate against central differences. */
  static final double FD_TOLERANCE = 1e-5;
  /** Two step sizes' differences agree this well where the method is smooth. */
  static final double SMOOTH_TOLERANCE = 1e-6;
  /** Relative tolerance of the dot-product test (both sides are exact derivatives). */
  static final double DOT_TOLERANCE = 1e-9;
  static final int POINTS = 3;
  static final int ATTEMPTS = 60;
  /** Domains tried in turn for double arguments: (0.2, 2) first, then others for restricted functions. */
  private static final double[][] RANGES = {{0.2, 2.0}, {0.05, 0.95}, {-2.0, 2.0}, {1.0, 10.0}, {-0.95, -0.05}};

  /** The verdict: wrong (with what), or how much was checked. */
  public record Result(boolean wrong, String detail, int points, int comparisons) {}

  private final Method primal;
  private final Method gradient;
  private final Method jvp;
  private final int[] wrt;
  private final Random random;

  private GradientProbe(Method primal, Method gradient, Method jvp, int[] wrt, long seed) {
    this.primal = primal;
    this.gradient = gradient;
    this.jvp = jvp;
    this.wrt = wrt;
    this.random = new Random(seed);
  }

  /**
   * The probe of {@code primal} through {@code companion}; throws {@link IllegalStateException}
   * naming what is missing if the companion has no {@code nameGradient} for it.
   */
  public static GradientProbe of(Method primal, Class<?> companion, long seed) {
    String name = primal.getName();
    Method gradient;
    try {
      gradient = companion.getMethod(name + "Gradient", primal.getParameterTypes());
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException("no method " + name + "Gradient" + Arrays.toString(primal.getParameterTypes())
          + " in " + companion.getName());
    }
    RecordComponent[] components = gradient.getReturnType().getRecordComponents();
    if (components == null || components.length == 0 || !components[0].getName().equals("value")) {
      throw new IllegalStateException(name + "Gradient returns " + gradient.getReturnType().getName()
          + ", not a record (value, one component per differentiated parameter)");
    }
    List<String> names = new ArrayList<>();
    for (Parameter p : primal.getParameters()) {
      names.add(dev.adjoint.processor.ir.Signature.gradientComponent(p.getName())); // value → dvalue
    }
    int[] wrt = new int[components.length - 1];
    for (int k = 1; k < components.length; k++) {
      wrt[k - 1] = names.indexOf(components[k].getName());
      if (wrt[k - 1] < 0) {
        throw new IllegalStateException("component " + components[k].getName() + " of " + name
            + "Gradient names no parameter of " + names);
      }
    }
    Method jvp = null;
    Class<?>[] types = primal.getParameterTypes();
    for (Method m : companion.getMethods()) {
      if (m.getName().equals(name + "Jvp") && m.getParameterCount() == types.length + wrt.length
          && Arrays.equals(Arrays.copyOf(m.getParameterTypes(), types.length), types)) {
        jvp = m;
      }
    }
    primal.setAccessible(true);
    return new GradientProbe(primal, gradient, jvp, wrt, seed);
  }

  /** Checks at up to {@link #POINTS} points, stopping at the first wrong one. */
  public Result run() {
    int points = 0;
    int comparisons = 0;
    for (int attempt = 0; attempt < ATTEMPTS && points < POINTS; attempt++) {
      Object[] args = arguments(attempt);
      Object value = callQuietly(primal, copy(args));
      if (!(value instanceof Double v) || !Double.isFinite(v)) {
        continue;
      }
      if (!value.equals(callQuietly(primal, copy(args)))) {
        // FastMath.random(): another value on every call, nothing to compare a gradient's value with
        return new Result(false, "not checked: the original returns another value on each call", 0, 0);
      }
      points++;
      Check check = new Check(args, v);
      String wrong = check.run();
      comparisons += check.comparisons;
      if (wrong != null) {
        return new Result(true, wrong + " at " + showArguments(args), points, comparisons);
      }
    }
    return new Result(false, points == 0 ? "no point where the original returns a finite value" : "", points,
        comparisons);
  }

  /** One point's checks; {@link #run()} returns what is wrong, or null. */
  private final class Check {
    final Object[] args;
    final double value;
    int comparisons;

    Check(Object[] args, double value) {
      this.args = args;
      this.value = value;
    }

    String run() {
      Object[] passed = copy(args);
      Object result;
      try {
        result = call(gradient, passed);
      } catch (InvocationTargetException e) {
        return gradient.getName() + " threw " + e.getCause() + " where the original returned " + value;
      }
      if (!Arrays.deepEquals(passed, args)) {
        return gradient.getName() + " changed its arguments";
      }
      Object[] components = components(result);
      double gradientValue = (Double) components[0];
      if (!(Math.abs(gradientValue - value) <= 1e-12 * Math.abs(value))) {
        return gradient.getName() + " value " + gradientValue + " differs from the original's " + value;
      }
      List<int[]> slots = slots();
      double[] g = new double[slots.size()];
      for (int s = 0; s < g.length; s++) {
        int k = slots.get(s)[0];
        Object component = components[k + 1];
        if (!sameShape(component, args[wrt[k]])) {
          return "gradient component " + k + " has the shape of " + show(component) + ", its parameter of "
              + show(args[wrt[k]]);
        }
        g[s] = get(component, slots.get(s));
      }
      String dot = dotProduct(slots, g);
      if (dot != null) {
        return dot;
      }
      for (int s = 0; s < g.length; s++) {
        int[] slot = slots.get(s);
        if (isFloat(args[wrt[slot[0]]])) {
          continue;
        }
        double x = get(args[wrt[slot[0]]], slot);
        double h = 1e-5 * Math.max(1, Math.abs(x));
        double wide = difference(slot, x, h);
        double narrow = difference(slot, x, h / 4);
        double floor = 1e-8 * Math.abs(value) / Math.max(1, Math.abs(x)) + Double.MIN_NORMAL;
        if (!Double.isFinite(wide) || !Double.isFinite(narrow)
            || Math.abs(wide - narrow) > SMOOTH_TOLERANCE * Math.max(Math.abs(wide), Math.abs(narrow)) + floor) {
          continue; // not smooth here, or differences drowned in rounding
        }
        double fd = (16 * narrow - wide) / 15; // Richardson: the h² error term cancels
        comparisons++;
        if (!(Math.abs(g[s] - fd) <= FD_TOLERANCE * Math.max(Math.abs(g[s]), Math.abs(fd)) + floor)) {
          return "d/d" + slotName(slot) + ": gradient " + g[s] + ", central differences " + fd;
        }
      }
      return null;
    }

    /** ⟨g, u⟩ against the JVP along u, for a random u. */
    private String dotProduct(List<int[]> slots, double[] g) {
      if (jvp == null || slots.isEmpty()) {
        return null;
      }
      Object[] jvpArgs = Arrays.copyOf(copy(args), args.length + wrt.length);
      double reverse = 0;
      double scale = 0;
      for (int k = 0; k < wrt.length; k++) {
        jvpArgs[args.length + k] = copyOf(args[wrt[k]]);
      }
      for (int s = 0; s < slots.size(); s++) {
        int[] slot = slots.get(s);
        double u = random.nextDouble() * 2 - 1;
        jvpArgs[args.length + slot[0]] = set(jvpArgs[args.length + slot[0]], slot, u);
        reverse += g[s] * u;
        scale += Math.abs(g[s] * u);
      }
      Object result;
      try {
        result = call(jvp, jvpArgs);
      } catch (InvocationTargetException e) {
        return jvp.getName() + " threw " + e.getCause() + " where the original returned " + value;
      }
      double forward = ((Number) components(result)[1]).doubleValue();
      if (!Double.isFinite(forward) && !Double.isFinite(reverse)) {
        return null;
      }
      scale = Math.max(scale, Math.abs(forward));
      if (!(Math.abs(forward - reverse) <= DOT_TOLERANCE * scale + Double.MIN_NORMAL)) {
        return "forward mode " + forward + " vs reverse mode " + reverse + " (dot-product test)";
      }
      return null;
    }

    /** Central difference of the original along one coordinate, or NaN where it throws. */
    private double difference(int[] slot, double x, double h) {
      Object[] plus = copy(args);
      Object[] minus = copy(args);
      int p = wrt[slot[0]];
      plus[p] = set(plus[p], slot, x + h);
      minus[p] = set(minus[p], slot, x - h);
      Object up = callQuietly(primal, plus);
      Object down = callQuietly(primal, minus);
      if (!(up instanceof Double u) || !(down instanceof Double d)) {
        return Double.NaN;
      }
      return (u - d) / (2 * h);
    }

    /** Every differentiated coordinate: {k, indices into parameter wrt[k]...}. */
    private List<int[]> slots() {
      List<int[]> slots = new ArrayList<>();
      for (int k = 0; k < wrt.length; k++) {
        addSlots(args[wrt[k]], new int[] {k}, slots);
      }
      return slots;
    }

    private String slotName(int[] slot) {
      StringBuilder name = new StringBuilder(primal.getParameters()[wrt[slot[0]]].getName());
      for (int i = 1; i < slot.length; i++) {
        name.append('[').append(slot[i]).append(']');
      }
      return name.toString();
    }
  }

  private static void addSlots(Object value, int[] prefix, List<int[]> slots) {
    if (value == null || !value.getClass().isArray()) {
      slots.add(prefix);
      return;
    }
    for (int i = 0; i < Array.getLength(value); i++) {
      int[] next = Arrays.copyOf(prefix, prefix.length + 1);
      next[prefix.length] = i;
      if (value.getClass().getComponentType().isArray()) {
        addSlots(Array.get(value, i), next, slots);
      } else {
        slots.add(next);
      }
    }
  }

  /** The coordinate {@code slot} (indices after the first) of a scalar or array value. */
  private static double get(Object value, int[] slot) {
    Object v = value;
    for (int i = 1; i < slot.length - 1; i++) {
      v = Array.get(v, slot[i]);
    }
    return slot.length == 1 ? ((Number) v).doubleValue() : Array.getDouble(v, slot[slot.length - 1]);
  }

  /** Sets the coordinate in place for arrays; for a scalar returns the new boxed value. */
  private static Object set(Object value, int[] slot, double x) {
    if (slot.length == 1) {
      return value instanceof Float ? (Object) (float) x : (Object) x;
    }
    Object v = value;
    for (int i = 1; i < slot.length - 1; i++) {
      v = Array.get(v, slot[i]);
    }
    if (v.getClass().getComponentType() == float.class) {
      Array.setFloat(v, slot[slot.length - 1], (float) x);
    } else {
      Array.setDouble(v, slot[slot.length - 1], x);
    }
    return value;
  }

  private static boolean isFloat(Object value) {
    Class<?> c = value.getClass();
    while (c.isArray()) {
      c = c.getComponentType();
    }
    return c == Float.class || c == float.class;
  }

  private static boolean sameShape(Object a, Object b) {
    if (a == null || b == null) {
      return a == b;
    }
    if (!a.getClass().isArray() || !b.getClass().isArray()) {
      return !a.getClass().isArray() && !b.getClass().isArray();
    }
    if (Array.getLength(a) != Array.getLength(b)) {
      return false;
    }
    if (a.getClass().getComponentType().isArray()) {
      for (int i = 0; i < Array.getLength(a); i++) {
        if (!sameShape(Array.get(a, i), Array.get(b, i))) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * Random arguments: all arrays one length L in 3..6 (square if two-dimensional); doubles in
   * the attempt's range; ints 1..min(L, 4) or 0..L-1 by turns (counts, lengths, indices); booleans
   * and int-array entries (indices) at random.
   */
  Object[] arguments(int attempt) {
    Class<?>[] types = primal.getParameterTypes();
    int length = 3 + random.nextInt(4);
    double[] range = RANGES[(attempt / 2) % RANGES.length];
    Object[] args = new Object[types.length];
    for (int i = 0; i < types.length; i++) {
      args[i] = randomValue(types[i], length, range, attempt);
    }
    return args;
  }

  private Object randomValue(Class<?> type, int length, double[] range, int attempt) {
    if (type.isArray()) {
      Object array = Array.newInstance(type.getComponentType(), length);
      for (int i = 0; i < length; i++) {
        Object element = randomValue(type.getComponentType(), length, range, attempt);
        if (type.getComponentType() == int.class) {
          element = random.nextInt(length); // int arrays are mostly indices
        }
        Array.set(array, i, element);
      }
      return array;
    }
    double x = range[0] + (range[1] - range[0]) * random.nextDouble();
    int n = attempt % 2 == 0 ? 1 + random.nextInt(Math.min(length, 4)) : random.nextInt(length);
    if (type == double.class) {
      return x;
    } else if (type == float.class) {
      return (float) x;
    } else if (type == int.class) {
      return n;
    } else if (type == long.class) {
      return (long) n;
    } else if (type == short.class) {
      return (short) n;
    } else if (type == byte.class) {
      return (byte) n;
    } else if (type == char.class) {
      return (char) ('a' + n);
    } else if (type == boolean.class) {
      return random.nextBoolean();
    }
    throw new IllegalArgumentException("no random value of type " + type);
  }

  private static Object[] components(Object record) {
    RecordComponent[] components = record.getClass().getRecordComponents();
    Object[] values = new Object[components.length];
    try {
      for (int i = 0; i < components.length; i++) {
        Method accessor = components[i].getAccessor();
        accessor.setAccessible(true);
        values[i] = accessor.invoke(record);
      }
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
    return values;
  }

  private static Object call(Method m, Object[] args) throws InvocationTargetException {
    try {
      return m.invoke(null, args);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The result, or null where the original throws. */
  private static Object callQuietly(Method m, Object[] args) {
    try {
      return call(m, args);
    } catch (InvocationTargetException e) {
      return null;
    }
  }

  private static Object[] copy(Object[] args) {
    Object[] copy = new Object[args.length];
    for (int i = 0; i < args.length; i++) {
      copy[i] = copyOf(args[i]);
    }
    return copy;
  }

  private static Object copyOf(Object value) {
    if (value == null || !value.getClass().isArray()) {
      return value;
    }
    int n = Array.getLength(value);
    Object copy = Array.newInstance(value.getClass().getComponentType(), n);
    for (int i = 0; i < n; i++) {
      Array.set(copy, i, copyOf(Array.get(value, i)));
    }
    return copy;
  }

  static String showArguments(Object[] args) {
    StringBuilder text = new StringBuilder("(");
    for (int i = 0; i < args.length; i++) {
      text.append(i == 0 ? "" : ", ").append(show(args[i]));
    }
    return text.append(')').toString();
  }

  static String show(Object value) {
    if (value == null || !value.getClass().isArray()) {
      return String.valueOf(value);
    }
    StringBuilder text = new StringBuilder("[");
    for (int i = 0; i < Array.getLength(value); i++) {
      text.append(i == 0 ? "" : ", ").append(show(Array.get(value, i)));
    }
    return text.append(']').toString();
  }
}
