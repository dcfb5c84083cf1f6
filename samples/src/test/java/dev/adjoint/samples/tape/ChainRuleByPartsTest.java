package dev.adjoint.samples.tape;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.Tensor;
import org.junit.jupiter.api.Test;

/** y1 = sin(2 w), y2 = y1³: dy2/dy1 = 3 y1², dy1/dw = 2 cos(2 w), dy2/dw = their product. */
class ChainRuleByPartsTest {
  @Test
  void partialsByHand() {
    double w = 0.7;
    double y1 = Math.sin(2 * w);
    Tensor[] partials = ChainRuleByParts.partials(w);
    assertEquals(3 * y1 * y1, partials[0].item(), 1e-12);
    assertEquals(2 * Math.cos(2 * w), partials[1].item(), 1e-12);
    assertEquals(3 * y1 * y1 * 2 * Math.cos(2 * w), partials[2].item(), 1e-12);
  }
}
