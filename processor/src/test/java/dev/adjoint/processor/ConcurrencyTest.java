package dev.adjoint.processor;

import static dev.adjoint.processor.testing.CompiledSources.resource;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.adjoint.Autograd;
import dev.adjoint.Tensor;
import dev.adjoint.processor.testing.CompiledSources;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * Eight threads computing gradients at once, through generated companions (whose adjoints use
 * stacks) and through the dynamic tape (whose grad mode is per thread), get bit-for-bit the
 * results of a single-threaded run.
 */
@SuppressWarnings("try") // NoGrad scopes whose variable the body never reads are what these tests exercise
class ConcurrencyTest {
  private static final int THREADS = 8;
  private static final int TASKS = 400;

  @Test
  void companionsGiveTheSingleThreadedResults() throws Exception {
    CompiledSources compiled = CompiledSources.compile(resource("num.Loops", "Loops.java.txt"),
        resource("num.Scalars", "Scalars.java.txt"), resource("num.Other", "Other.java.txt"),
        resource("num.Arrays", "Arrays.java.txt"));
    Method loss = companionMethod(compiled, "num.ArraysDerivatives", "logisticLossGradient");
    Method loop = companionMethod(compiled, "num.LoopsDerivatives", "dataDependentWhileGradient");
    sameInEveryThread(task -> {
      double[] w = {0.1 * (task % 7), -0.3, 0.2 + 0.01 * task};
      double[] x = {1.0, 0.5 * (task % 3), -0.25};
      Object gradient = invoke(loss, w, 0.1 * task, x, task % 2);
      Object loopGradient = invoke(loop, 0.2 + 0.003 * task);
      return flatten(gradient, loopGradient);
    });
  }

  @Test
  void tapeGivesTheSingleThreadedResults() throws Exception {
    sameInEveryThread(task -> {
      Tensor x = Tensor.of(0.1 * task, -0.5, 0.3 + 0.001 * task).requiresGrad(true);
      Tensor w = Tensor.of(new double[][] {{1, 2, 3}, {-1, 0.5, 0.25}}).requiresGrad(true);
      Tensor y = w.matmul(x).tanh().mul(x.sum().sin()).sum();
      try (Autograd.NoGrad off = Autograd.noGrad()) {
        y.add(w.sum()).item(); // flips this thread's grad mode while others record
      }
      y.backward();
      Tensor[] second = Autograd.grad(x.exp().mul(x).sum(), x);
      return concat(x.grad().toArray(), w.grad().toArray(), second[0].toArray(), new double[] {y.item()});
    });
  }

  /** Runs every task once on one thread, then all of them again on {@link #THREADS} threads. */
  private static void sameInEveryThread(IntFunction<double[]> task) throws Exception {
    List<double[]> expected = new ArrayList<>();
    for (int t = 0; t < TASKS; t++) {
      expected.add(task.apply(t));
    }
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      List<Future<double[]>> results = new ArrayList<>();
      for (int t = 0; t < TASKS; t++) {
        int id = t;
        results.add(pool.submit((Callable<double[]>) () -> task.apply(id)));
      }
      for (int t = 0; t < TASKS; t++) {
        assertArrayEquals(expected.get(t), results.get(t).get(), "task " + t);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static Method companionMethod(CompiledSources compiled, String companion, String name) {
    for (Method m : compiled.load(companion).getDeclaredMethods()) {
      if (m.getName().equals(name)) {
        m.setAccessible(true);
        return m;
      }
    }
    throw new AssertionError("no " + name + " in " + companion);
  }

  private static Object invoke(Method m, Object... args) {
    try {
      return m.invoke(null, args);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  /** Every double of the records' components, in order. */
  private static double[] flatten(Object... records) {
    List<double[]> parts = new ArrayList<>();
    for (Object record : records) {
      for (RecordComponent c : record.getClass().getRecordComponents()) {
        Method accessor = c.getAccessor();
        accessor.setAccessible(true);
        Object value;
        try {
          value = accessor.invoke(record);
        } catch (ReflectiveOperationException e) {
          throw new AssertionError(e);
        }
        parts.add(value instanceof double[] a ? a : new double[] {(Double) value});
      }
    }
    return concat(parts.toArray(double[][]::new));
  }

  private static double[] concat(double[]... parts) {
    int n = 0;
    for (double[] p : parts) {
      n += p.length;
    }
    double[] all = new double[n];
    int at = 0;
    for (double[] p : parts) {
      System.arraycopy(p, 0, all, at, p.length);
      at += p.length;
    }
    return all;
  }
}
