package dev.adjoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Independent graphs built at the same time on different threads give correct gradients. */
@SuppressWarnings("try") // NoGrad scopes whose variable the body never reads are what these tests exercise
class ThreadSafetyTest {
  @Test
  void eightThreadsTrainIndependentModels() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<double[][]>> results = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int seed = t;
        Callable<double[][]> job = () -> {
          double[][] out = new double[2][];
          for (int rep = 0; rep < 200; rep++) {
            out = gradients(seed, rep % 3 == 0);
          }
          return out;
        };
        results.add(pool.submit(job));
      }
      for (int t = 0; t < 8; t++) {
        double[][] expected = gradients(t, false);
        double[][] got = results.get(t).get();
        assertArrayEquals(expected[0], got[0], 1e-12);
        assertArrayEquals(expected[1], got[1], 1e-12);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** Gradients of sum((x W)^2) by the tape, and by hand: W-gradient is 2 xᵀ (x W). */
  private static double[][] gradients(int seed, boolean toggleNoGrad) {
    Random random = new Random(seed);
    Tensor x = Tensor.randn(random, 4, 3);
    Tensor w = Tensor.randn(random, 3, 2).requiresGrad(true);
    if (toggleNoGrad) {
      try (Autograd.NoGrad off = Autograd.noGrad()) {
        assertEquals(false, x.matmul(w).requiresGrad());
      }
    }
    Tensor y = x.matmul(w);
    y.mul(y).sum().backward();
    double[] tape = w.grad().toArray();
    double[] byHand = new double[6];
    for (int i = 0; i < 4; i++) {
      for (int j = 0; j < 2; j++) {
        double yij = 0;
        for (int k = 0; k < 3; k++) {
          yij += x.getDouble(i, k) * w.getDouble(k, j);
        }
        for (int k = 0; k < 3; k++) {
          byHand[k * 2 + j] += 2 * x.getDouble(i, k) * yij;
        }
      }
    }
    assertArrayEquals(byHand, tape, 1e-12);
    return new double[][] {tape, byHand};
  }

  /**
   * Grad mode is per thread, also while the shared count of threads with it off is not zero: one
   * thread inside {@code noGrad()} (nested, and with {@code setGradEnabled} inside) records nothing
   * while another records as usual, and once it leaves every thread records again. A thread that
   * turns grad mode off and ends without turning it on leaves the others recording.
   */
  @Test
  void gradModeOffOnOneThreadLeavesTheOthersOn() throws Exception {
    Tensor x = Tensor.of(0.5, -1.5).requiresGrad(true);
    java.util.concurrent.CountDownLatch inside = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch checked = new java.util.concurrent.CountDownLatch(1);
    boolean[] recordedInside = new boolean[4];
    Thread off = new Thread(() -> {
      try (Autograd.NoGrad outer = Autograd.noGrad()) {
        recordedInside[0] = x.mul(x).requiresGrad();
        try (Autograd.NoGrad nested = Autograd.noGrad()) {
          boolean previous = Autograd.setGradEnabled(true);
          recordedInside[1] = x.mul(x).requiresGrad();
          Autograd.setGradEnabled(previous);
          recordedInside[2] = x.mul(x).requiresGrad();
        }
        inside.countDown();
        checked.await();
        recordedInside[3] = Autograd.isGradEnabled();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    off.start();
    inside.await();
    assertTrue(Autograd.isGradEnabled());
    Tensor y = x.mul(x).sum();
    assertTrue(y.requiresGrad());
    y.backward();
    assertArrayEquals(new double[] {1.0, -3.0}, x.grad().toArray(), 0.0);
    checked.countDown();
    off.join();
    assertArrayEquals(new boolean[] {false, true, false, false}, recordedInside);
    assertTrue(x.mul(x).requiresGrad());

    Thread leaks = new Thread(() -> Autograd.setGradEnabled(false)); // never turned back on
    leaks.start();
    leaks.join();
    assertTrue(Autograd.isGradEnabled());
    assertTrue(x.mul(x).requiresGrad());
    try (Autograd.NoGrad here = Autograd.noGrad()) {
      assertFalse(x.mul(x).requiresGrad());
    }
    assertTrue(x.mul(x).requiresGrad());
  }
}
