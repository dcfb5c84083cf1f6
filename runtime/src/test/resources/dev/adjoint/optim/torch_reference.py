#!/usr/bin/env python3
"""Reference trajectories of torch.optim.SGD and torch.optim.Adam in float64, written as the Java
class TorchReference that OptimizerTorchTest compares against bit for bit.

Rerun from the repository root after changing a case (needs PyTorch; the committed values come
from Debian's python3-torch 1.13.1, whose torch.__version__ reads 1.13.0a0):

    python3 runtime/src/test/resources/dev/adjoint/optim/torch_reference.py \
        > runtime/src/test/java/dev/adjoint/optim/TorchReference.java

Two properties of the machine matter, and the script checks both before writing anything:
- PyTorch's CPU kernels compute `p.add_(g, alpha=a)` and `v.addcmul_(g, g, value=c)` with a fused
  multiply-add when they are dispatched for AVX2/AVX-512 (or ARM), but round the product first with
  ATEN_CPU_CAPABILITY=default. Dev.adjoint.optim uses the fused form, so run this on such a CPU.
- Adam's bias corrections use C's pow(beta, t), which is not always correctly rounded; the Java
  side uses the correctly rounded value, so every (beta, t) used here must agree.

Each case lists its tensors (shape and row-major values), the gradient of every step (fixed, or
computed from the current params for the Rosenbrock cases), and the params after selected steps.
Tensors marked float32 hold float values: after every step they are rounded to float32, which is
what the Java optimizers do with float components (the state stays float64).
"""
import math
import random
import sys
from fractions import Fraction

import torch

torch.set_default_dtype(torch.float64)


def fused(a, b, c):
    """a * b + c rounded once."""
    return float(Fraction(a) * Fraction(b) + Fraction(c))


def check_machine(betas, steps):
    rng = random.Random(7)
    n = 64
    p = [rng.uniform(-1, 1) for _ in range(n)]
    g = [rng.uniform(-1, 1) for _ in range(n)]
    v = [rng.uniform(0, 1) for _ in range(n)]
    t = torch.tensor(p)
    t.add_(torch.tensor(g), alpha=-0.1)
    if t.tolist() != [fused(gi, -0.1, pi) for pi, gi in zip(p, g)]:
        sys.exit("torch's add_(alpha) is not a fused multiply-add on this machine; "
                 "run on a CPU with AVX2 or ARM, without ATEN_CPU_CAPABILITY=default")
    t = torch.tensor(v)
    t.addcmul_(torch.tensor(g), torch.tensor(g), value=1 - 0.999)
    if t.tolist() != [fused((1 - 0.999) * gi, gi, vi) for vi, gi in zip(v, g)]:
        sys.exit("torch's addcmul_ is not a fused multiply-add on this machine")
    for beta in betas:
        for step in range(1, steps + 1):
            exact = Fraction(beta) ** step
            if beta ** float(step) != exact.numerator / exact.denominator:
                sys.exit(f"C's pow({beta}, {step}) is not correctly rounded here; pick other betas")


def rosenbrock_gradient(x):
    """Gradient of sum_i 100 (x[i+1] - x[i]^2)^2 + (1 - x[i])^2; the Java test has the same code."""
    g = [0.0] * len(x)
    for i in range(len(x) - 1):
        d = x[i + 1] - x[i] * x[i]
        g[i] += -400.0 * x[i] * d - 2.0 * (1.0 - x[i])
        g[i + 1] += 200.0 * d
    return g


def f32(x):
    return torch.tensor(x, dtype=torch.float32).item()


def run(shapes, init, make_optimizer, gradients, steps, recorded, single=()):
    """The params (one flat list per tensor) after each recorded step."""
    params = [torch.tensor(v).reshape(s).requires_grad_() for v, s in zip(init, shapes)]
    optimizer = make_optimizer(params)
    out = []
    for step in range(1, steps + 1):
        current = [p.detach().flatten().tolist() for p in params]
        grads = gradients(step, current)
        for p, g, s in zip(params, grads, shapes):
            p.grad = torch.tensor(g).reshape(s)
        optimizer.step()
        with torch.no_grad():
            for i in single:
                params[i].copy_(params[i].to(torch.float32).to(torch.float64))
        if step in recorded:
            out.append([p.detach().flatten().tolist() for p in params])
    return out


def sgd(lr, momentum=0.0):
    return lambda params: torch.optim.SGD(params, lr=lr, momentum=momentum, foreach=False)


def adam(lr, betas=None, eps=None):
    if betas is None:
        return lambda params: torch.optim.Adam(params, lr=lr, foreach=False)
    return lambda params: torch.optim.Adam(params, lr=lr, betas=betas, eps=eps, foreach=False)


def numel(shape):
    return math.prod(shape)


rng = random.Random(2024)


def values(shape, single=False):
    xs = [round(rng.uniform(-2, 2), 6) for _ in range(numel(shape))]
    return [f32(x) for x in xs] if single else xs


def fixed_case(shapes, steps, single=()):
    init = [values(s, i in single) for i, s in enumerate(shapes)]
    grads = [[values(s, i in single) for i, s in enumerate(shapes)] for _ in range(steps)]
    return init, grads


# optimizers shared by the cases; the names are those of the Java test
OPTIMIZERS = {
    "SGD": (sgd(0.1), "new Sgd(0.1)"),
    "SGD_MOMENTUM": (sgd(0.05, 0.9), "new Sgd(0.05, 0.9)"),
    "ADAM": (adam(0.01), "new Adam(0.01)"),
    "ADAM_CUSTOM": (adam(0.02, (0.8, 0.95), 1e-6), "new Adam(0.02, 0.8, 0.95, 1e-6)"),
}

# (case name, tensor shapes, indices of float32 tensors, Java parameter kind)
FIXED = [
    ("VECTOR", [[7]], (), "double[7]"),
    ("MATRIX", [[2, 3]], (), "double[2][3]"),
    ("TENSOR", [[2, 1, 3]], (), "Tensor of shape [2, 1, 3]"),
    ("RECORD", [[3], []], (), "Params(double[] w, double b, String name, int id, Kind kind): w, b"),
    ("NESTED", [[2], [], [2, 2], [3]], (),
     "Outer(Inner(double[] v, double c) inner, double[][] m, Tensor t, String tag): v, c, m, t"),
    ("LAYERS", [[2, 3], [2], [1, 2], [1]], (),
     "Layer[2] of Layer(double[][] w, double[] b, String act): w0, b0, w1, b1"),
    ("FLOATS", [[3], [], [2, 2], []], (0, 1, 2),
     "Floats(float[] w, float s, float[][] m, double d): w, s, m, d"),
]
FIXED_STEPS = 3
ROSENBROCK_START = [-1.2, 1.0, -0.5, 0.8]
ROSENBROCK_STEPS = 200
ROSENBROCK_RECORDED = [1, 2, 10, 50, 200]


# (beta, t) for beta^t correctly rounded, by exact rational arithmetic (no torch): some where
# glibc's pow is off by one ulp (0.8^356, 0.99^503, 0.95^482, 0.98^688, 0.98^880), where
# Java's Math.pow is (0.99^2700) and where StrictMath.pow is (0.98^11, 0.8^8).
POW_CASES = [(0.9, 1), (0.9, 2), (0.999, 3), (0.0, 1), (0.0, 5), (0.8, 356), (0.99, 503),
             (0.95, 482), (0.98, 688), (0.98, 880), (0.99, 2700), (0.98, 11), (0.8, 8),
             (0.999, 100000), (0.9, 5000)]


def correctly_rounded_pow(beta, t):
    exact = Fraction(beta) ** t
    return exact.numerator / exact.denominator


def java_doubles(xs):
    for x in xs:
        assert math.isfinite(x), x
    return "{" + ", ".join(repr(float(x)) for x in xs) + "}"


def java_nested(x):
    if isinstance(x, list) and (not x or not isinstance(x[0], list)):
        return java_doubles(x)
    return "{" + ", ".join(java_nested(e) for e in x) + "}"


def java_ints(x):
    if isinstance(x, list) and (not x or not isinstance(x[0], list)):
        return "{" + ", ".join(str(int(e)) for e in x) + "}"
    return "{" + ", ".join(java_ints(e) for e in x) + "}"


def main():
    check_machine([0.9, 0.999, 0.8, 0.95], ROSENBROCK_STEPS)
    out = []
    emit = out.append
    emit("// Generated by runtime/src/test/resources/dev/adjoint/optim/torch_reference.py with PyTorch "
         + torch.__version__ + "; do not edit.")
    emit("package dev.adjoint.optim;")
    emit("")
    emit("/**")
    emit(" * torch.optim trajectories in float64. Per case: the tensor shapes, the initial values and the")
    emit(" * gradient of every step (one row-major array per tensor), and per optimizer the params after")
    emit(" * each step.")
    emit(" */")
    emit("final class TorchReference {")
    emit("  private TorchReference() {}")
    emit("")
    emit(f"  static final int FIXED_STEPS = {FIXED_STEPS};")
    for name, shapes, single, kind in FIXED:
        init, grads = fixed_case(shapes, FIXED_STEPS, single)
        emit("")
        emit(f"  // {name}: {kind}")
        emit(f"  static final int[][] {name}_SHAPES = {java_ints(shapes)};")
        emit(f"  static final double[][] {name}_INIT = {java_nested(init)};")
        emit(f"  static final double[][][] {name}_GRADS = {java_nested(grads)};")
        for opt, (factory, java) in OPTIMIZERS.items():
            traj = run(shapes, init, factory, lambda step, _: grads[step - 1], FIXED_STEPS,
                       range(1, FIXED_STEPS + 1), single)
            emit(f"  /** {java}, steps 1..{FIXED_STEPS}. */")
            emit(f"  static final double[][][] {name}_{opt} = {java_nested(traj)};")
    emit("")
    emit("  // ROSENBROCK: double[4], the gradient computed from the params at every step")
    emit(f"  static final double[] ROSENBROCK_START = {java_doubles(ROSENBROCK_START)};")
    emit(f"  static final int[] ROSENBROCK_RECORDED = {java_ints(ROSENBROCK_RECORDED)};")
    for opt, factory, java in [("SGD_MOMENTUM", sgd(1e-3, 0.9), "new Sgd(1e-3, 0.9)"),
                               ("ADAM", adam(0.01), "new Adam(0.01)"),
                               ("ADAM_CUSTOM", adam(0.02, (0.8, 0.95), 1e-6),
                                "new Adam(0.02, 0.8, 0.95, 1e-6)")]:
        traj = run([[4]], [ROSENBROCK_START], factory,
                   lambda step, current: [rosenbrock_gradient(current[0])],
                   ROSENBROCK_STEPS, ROSENBROCK_RECORDED)
        emit(f"  /** {java}, after the recorded steps. */")
        emit(f"  static final double[][] ROSENBROCK_{opt} = {java_nested([t[0] for t in traj])};")
    emit("")
    emit("  /** {beta, t, beta^t correctly rounded} (exact rational arithmetic, not torch). */")
    emit("  static final double[][] POW = " + java_nested(
        [[b, t, correctly_rounded_pow(b, t)] for b, t in POW_CASES]) + ";")
    emit("}")
    print("\n".join(out))


if __name__ == "__main__":
    main()
