package dev.adjoint.samples.greeks;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class GreeksSampleTest {
  @Test
  void printsEveryGreekAndTheMonteCarloTable() {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    GreeksSample.run(new PrintStream(printed, true, StandardCharsets.UTF_8));
    String text = printed.toString(StandardCharsets.UTF_8);
    for (String row : new String[] {"price", "delta", "vega", "rho", "theta", "priceJvp", "100000 paths"}) {
      assertTrue(text.contains(row), () -> "missing \"" + row + "\" in:\n" + text);
    }
  }
}
