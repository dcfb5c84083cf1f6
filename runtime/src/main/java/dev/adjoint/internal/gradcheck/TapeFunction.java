package dev.adjoint.internal.gradcheck;

import dev.adjoint.Autograd;
import dev.adjoint.Tensor;
import dev.adjoint.internal.CheckedMethod;
import dev.adjoint.internal.Param;
import dev.adjoint.internal.ParamKind;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A function of tensors differentiated by the dynamic tape, as a {@link CheckedMethod} with
 * parameters {@code inputs[0]}, {@code inputs[1]}, ... and no forward mode: what {@code
 * GradChecks.check} compares with finite differences.
 */
public final class TapeFunction {
  private TapeFunction() {}

  /** Differentiates with respect to the inputs whose {@code wrt} flag is set. */
  public static CheckedMethod of(Function<Tensor[], Tensor> f, boolean[] wrt) {
    List<Param> params = new ArrayList<>();
    List<String> wrtNames = new ArrayList<>();
    for (int i = 0; i < wrt.length; i++) {
      params.add(Param.of("inputs[" + i + "]", ParamKind.TENSOR));
      if (wrt[i]) {
        wrtNames.add("inputs[" + i + "]");
      }
    }
    return new CheckedMethod("check", params, ParamKind.TENSOR, wrtNames, List.of(),
        args -> {
          boolean previous = Autograd.setGradEnabled(false);
          try {
            return apply(f, tensors(args, new boolean[wrt.length]));
          } finally {
            Autograd.setGradEnabled(previous);
          }
        },
        (args, seed) -> {
          Tensor[] inputs = tensors(args, wrt);
          Tensor output = apply(f, inputs);
          if (output.requiresGrad()) {
            output.backward((Tensor) seed);
          }
          List<Object> results = new ArrayList<>(List.of(output.detach()));
          for (int i = 0; i < wrt.length; i++) {
            if (wrt[i]) {
              // no gradient reached an input the output does not depend on: its gradient is zero
              results.add(inputs[i].grad() == null ? Tensor.zerosLike(inputs[i]) : inputs[i].grad());
            }
          }
          return results.toArray();
        },
        null);
  }

  /** Fresh leaves (the checker's copies stay untouched), requiring grad where {@code wrt} says. */
  private static Tensor[] tensors(Object[] args, boolean[] wrt) {
    Tensor[] tensors = new Tensor[args.length];
    for (int i = 0; i < args.length; i++) {
      tensors[i] = ((Tensor) args[i]).detach().requiresGrad(wrt[i]);
    }
    return tensors;
  }

  private static Tensor apply(Function<Tensor[], Tensor> f, Tensor[] inputs) {
    Tensor output = f.apply(inputs);
    if (output == null) {
      throw new IllegalArgumentException("GradChecks.check: the function returned null");
    }
    return output;
  }
}
