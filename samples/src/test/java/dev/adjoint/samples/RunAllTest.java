package dev.adjoint.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RunAllTest {
  @Test
  void printsOneHeaderPerSampleInOrder() {
    String printed = Printed.by(RunAll::run);
    long headers = Arrays.stream(printed.split("\n")).filter(l -> l.startsWith("=== ")).count();
    assertEquals(RunAll.SAMPLES.size(), headers);
    int previous = -1;
    for (RunAll.Sample sample : RunAll.SAMPLES) {
      int at = printed.indexOf("=== " + sample.name() + " ===");
      assertTrue(at > previous, sample.name());
      previous = at;
    }
  }
}
