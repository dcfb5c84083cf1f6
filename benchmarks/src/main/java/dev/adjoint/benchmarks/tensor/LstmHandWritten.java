package dev.adjoint.benchmarks.tensor;

import dev.adjoint.Tensor;

/**
 * Backpropagation through time for {@link Lstm#loss}, written by hand with Tensor operations: the
 * forward pass keeps each step's gates and cell state; the backward pass runs the steps in
 * reverse with the usual closed forms (sigmoid' = s (1 - s), tanh' = 1 - t²), accumulating the
 * weight gradients as it goes.
 */
public final class LstmHandWritten {
  private LstmHandWritten() {}

  /** Gradients in the order of {@link Lstm#loss}'s differentiated parameters. */
  public record Gradient(Tensor value, Tensor[] parameters) {}

  /** The weights in {@link Lstm#loss}'s order: wi ui bi, wf uf bf, wg ug bg, wo uo bo, wy by. */
  public static Gradient gradient(Tensor xs, Tensor[] p, Tensor target) {
    int steps = xs.shape()[0];
    int batch = xs.shape()[1];
    int hidden = p[1].shape()[0];
    Tensor[] x = new Tensor[steps];
    Tensor[][] gates = new Tensor[steps][];
    Tensor[] cells = new Tensor[steps + 1];
    Tensor[] hs = new Tensor[steps + 1];
    Tensor[] cellTanh = new Tensor[steps];
    hs[0] = Tensor.zeros(batch, hidden);
    cells[0] = Tensor.zeros(batch, hidden);
    for (int t = 0; t < steps; t++) {
      x[t] = xs.get(t);
      Tensor h = hs[t];
      Tensor i = x[t].matmul(p[0]).add(h.matmul(p[1])).add(p[2]).sigmoid();
      Tensor f = x[t].matmul(p[3]).add(h.matmul(p[4])).add(p[5]).sigmoid();
      Tensor g = x[t].matmul(p[6]).add(h.matmul(p[7])).add(p[8]).tanh();
      Tensor o = x[t].matmul(p[9]).add(h.matmul(p[10])).add(p[11]).sigmoid();
      gates[t] = new Tensor[] {i, f, g, o};
      cells[t + 1] = f.mul(cells[t]).add(i.mul(g));
      cellTanh[t] = cells[t + 1].tanh();
      hs[t + 1] = o.mul(cellTanh[t]);
    }
    Tensor diff = hs[steps].matmul(p[12]).add(p[13]).sub(target);
    Tensor value = diff.mul(diff).mean();
    Tensor dOut = diff.mul(2.0 / diff.numel());
    Tensor[] grads = new Tensor[p.length];
    grads[12] = hs[steps].t().matmul(dOut);
    grads[13] = dOut.sum(0);
    Tensor dh = dOut.matmul(p[12].t());
    Tensor dc = Tensor.zeros(batch, hidden);
    for (int t = steps - 1; t >= 0; t--) {
      Tensor i = gates[t][0];
      Tensor f = gates[t][1];
      Tensor g = gates[t][2];
      Tensor o = gates[t][3];
      Tensor tc = cellTanh[t];
      Tensor dO = dh.mul(tc);
      dc = dc.add(dh.mul(o).mul(tc.mul(tc).neg().add(1.0)));
      Tensor[] dPre = {
          dc.mul(g).mul(i.mul(i.neg().add(1.0))),        // input gate
          dc.mul(cells[t]).mul(f.mul(f.neg().add(1.0))), // forget gate
          dc.mul(i).mul(g.mul(g).neg().add(1.0)),        // cell candidate
          dO.mul(o.mul(o.neg().add(1.0)))};              // output gate
      dc = dc.mul(f);
      Tensor xt = x[t].t();
      Tensor ht = hs[t].t();
      dh = null;
      for (int q = 0; q < 4; q++) {
        grads[3 * q] = plus(grads[3 * q], xt.matmul(dPre[q]));
        grads[3 * q + 1] = plus(grads[3 * q + 1], ht.matmul(dPre[q]));
        grads[3 * q + 2] = plus(grads[3 * q + 2], dPre[q].sum(0));
        Tensor back = dPre[q].matmul(p[3 * q + 1].t());
        dh = dh == null ? back : dh.add(back);
      }
    }
    return new Gradient(value, grads);
  }

  private static Tensor plus(Tensor sum, Tensor term) {
    return sum == null ? term : sum.add(term);
  }
}
