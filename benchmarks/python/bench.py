"""The tensor workloads of the JMH suite, timed in Python for the side-by-side in docs/BENCHMARKS.md.

    python3 bench.py torch OUT.json [REGEX]   # PyTorch eager, float64, one thread
    python3 bench.py numpy OUT.json [REGEX]   # numpy's matmul (the BLAS numpy links, one thread)

Writes results in the shape of JMH's JSON (benchmark name, primaryMetric with score, error,
unit and the median), named like the Java benchmarks they stand beside
(dev.adjoint.benchmarks.tensor.TinyMlpBenchmark.pytorch, ...), so the report merges them into
the same tables. Each method runs for a warm-up second, then ITERATIONS rounds of about a second;
the median is that of the rounds' per-call averages, the error a 99.9% confidence half-width like
JMH's. The models are the Java ones op for op, on inputs of the same shapes and scales drawn from
a seeded generator (the times do not depend on the values).
"""
import json
import math
import os
import re
import sys
import time

for variable in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
    os.environ[variable] = "1"

ITERATIONS = int(os.environ.get("PY_ITERATIONS", "5"))
ROUND_SECONDS = float(os.environ.get("PY_TIME", "1"))
PACKAGE = "dev.adjoint.benchmarks.tensor."
# two-sided 99.9% Student t quantiles by degrees of freedom (JMH reports this interval)
T999 = {1: 636.6, 2: 31.60, 3: 12.92, 4: 8.610, 5: 6.869, 6: 5.959, 7: 5.408, 8: 5.041, 9: 4.781, 10: 4.587}


def measure(fn):
    """Per-call times (seconds) of ITERATIONS rounds, after a warm-up round."""
    calls = 1
    while True:  # find a batch of calls that takes about a tenth of a round
        start = time.perf_counter()
        for _ in range(calls):
            fn()
        if time.perf_counter() - start > ROUND_SECONDS / 10:
            break
        calls *= 2
    rounds = []
    for r in range(ITERATIONS + 1):
        n = 0
        start = time.perf_counter()
        while time.perf_counter() - start < ROUND_SECONDS:
            for _ in range(calls):
                fn()
            n += calls
        if r > 0:
            rounds.append((time.perf_counter() - start) / n)
    return rounds


def result(name, rounds, extra=None):
    us = [r * 1e6 for r in rounds]
    unit = "us/op"
    if min(us) > 10000:
        us = [u / 1000 for u in us]
        unit = "ms/op"
    mean = sum(us) / len(us)
    sd = math.sqrt(sum((u - mean) ** 2 for u in us) / (len(us) - 1)) if len(us) > 1 else float("nan")
    error = T999.get(len(us) - 1, 3.3) * sd / math.sqrt(len(us)) if len(us) > 1 else float("nan")
    ordered = sorted(us)
    mid = len(ordered) // 2
    median = ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2
    entry = {"benchmark": name, "mode": "avgt", "primaryMetric": {
        "score": mean, "scoreError": "NaN" if math.isnan(error) else error, "scoreUnit": unit,
        "scorePercentiles": {"0.0": ordered[0], "50.0": median, "100.0": ordered[-1]},
        "rawData": [us]}}
    if extra:
        entry["python"] = extra
    return entry


def loaded_blas(torch):
    """The BLAS library this process runs torch's products on (Debian's torch links libblas.so.3,
    whichever implementation the alternatives system points it to)."""
    torch.randn(64, 64, dtype=torch.float64) @ torch.randn(64, 64, dtype=torch.float64)
    try:
        with open("/proc/self/maps") as maps:
            paths = {line.split()[-1] for line in maps
                     if "/" in line and "blas" in os.path.basename(line.split()[-1]).lower()}
    except OSError:
        return "BLAS unknown"
    names = sorted({os.path.realpath(path) for path in paths})
    if not names:
        return "BLAS built in"
    described = ", ".join(names)
    if any("openblas" in n.lower() or "mkl" in n.lower() or "blis" in n.lower() for n in names):
        return "BLAS " + described
    return ("reference BLAS " + described + " (several times slower than OpenBLAS; Debian: "
            "apt-get install libopenblas0-pthread)")


def torch_suite(selected):
    import torch
    torch.set_num_threads(1)
    torch.set_default_dtype(torch.float64)
    torch.manual_seed(1)
    version = {"runtime": "PyTorch " + torch.__version__ + " eager, float64, 1 thread, " + loaded_blas(torch)}
    F = torch.nn.functional
    out = []

    def leaf(*shape, scale=1.0):
        return (torch.randn(*shape) * scale).requires_grad_(True)

    def step(loss_fn, params):
        def run():
            for p in params:
                p.grad = None  # what optimizer.zero_grad() does
            loss = loss_fn()
            loss.backward()
            return loss
        return run

    def primal(loss_fn):
        def run():
            with torch.no_grad():
                return loss_fn()
        return run

    def add(workload, method, fn):
        name = PACKAGE + workload + "Benchmark." + method
        if selected(name):
            out.append(result(name, measure(fn), version))

    # workload 9: 2-4-1, one sample
    x = torch.randn(1, 2)
    w1, b1, w2, b2 = leaf(2, 4), leaf(4, scale=0.1), leaf(4, 1, scale=0.5), leaf(1)
    y = torch.tensor([[0.8]])
    tiny = lambda: F.mse_loss(torch.sigmoid(torch.tanh(x @ w1 + b1) @ w2 + b2), y)
    add("TinyMlp", "pytorch", step(tiny, [w1, b1, w2, b2]))
    add("TinyMlp", "pytorchPrimal", primal(tiny))

    # workload 4: 64 x 256 -> 256 tanh -> 1
    x = torch.randn(64, 256)
    w1, b1 = leaf(256, 256, scale=1 / 16), leaf(256, scale=0.1)
    w2, b2 = leaf(256, 1, scale=1 / 16), leaf(1)
    y = torch.randn(64, 1)
    mlp = lambda: F.mse_loss(torch.tanh(x @ w1 + b1) @ w2 + b2, y)
    add("TensorMlp", "pytorch", step(mlp, [w1, b1, w2, b2]))
    add("TensorMlp", "pytorchPrimal", primal(mlp))

    # workload 10: LSTM, 32 steps, batch 16, 32 inputs, 64 hidden, separate gate matrices
    steps, batch, inputs, hidden = 32, 16, 32, 64
    xs = torch.randn(steps, batch, inputs)
    p = []
    for q in range(4):
        p += [leaf(inputs, hidden, scale=inputs ** -0.5), leaf(hidden, hidden, scale=hidden ** -0.5),
              (torch.ones(hidden) if q == 1 else torch.zeros(hidden)).requires_grad_(True)]
    p += [leaf(hidden, 1, scale=hidden ** -0.5), torch.zeros(1).requires_grad_(True)]
    target = torch.randn(batch, 1)

    def lstm():
        h = torch.zeros(batch, hidden)
        c = torch.zeros(batch, hidden)
        for t in range(steps):
            x = xs[t]
            i = torch.sigmoid(x @ p[0] + h @ p[1] + p[2])
            f = torch.sigmoid(x @ p[3] + h @ p[4] + p[5])
            g = torch.tanh(x @ p[6] + h @ p[7] + p[8])
            o = torch.sigmoid(x @ p[9] + h @ p[10] + p[11])
            c = f * c + i * g
            h = o * torch.tanh(c)
        return F.mse_loss(h @ p[12] + p[13], target)
    add("Lstm", "pytorch", step(lstm, p))
    add("Lstm", "pytorchPrimal", primal(lstm))
    # the same network through PyTorch's fused nn.LSTM (gates in one matrix), for reference
    cell = torch.nn.LSTM(inputs, hidden)
    head = torch.nn.Linear(hidden, 1)
    fused_params = list(cell.parameters()) + list(head.parameters())
    fused = lambda: F.mse_loss(head(cell(xs)[0][-1]), target)
    add("Lstm", "pytorchNnLstm", step(fused, fused_params))

    # workload 5: the 512 x 512 product
    a = torch.randn(512, 512)
    b = torch.randn(512, 512)
    add("Matmul", "pytorch", lambda: a @ b)
    return out


def numpy_suite(selected):
    import numpy as np
    blas = "unknown BLAS"
    try:
        config = np.show_config(mode="dicts")["Build Dependencies"]["blas"]
        blas = config.get("name", blas) + " " + str(config.get("version", ""))
    except Exception:  # numpy < 1.25 prints instead
        pass
    method = "openblas" if "openblas" in blas.lower() else "numpy"
    rng = np.random.default_rng(1)
    a = rng.standard_normal((512, 512))
    b = rng.standard_normal((512, 512))
    name = PACKAGE + "MatmulBenchmark." + method
    if not selected(name):
        return []
    return [result(name, measure(lambda: a @ b), {"runtime": "numpy " + np.__version__ + ", " + blas.strip()
                                                            + ", 1 thread"})]


def main():
    suite, path = sys.argv[1], sys.argv[2]
    pattern = re.compile(sys.argv[3]) if len(sys.argv) > 3 and sys.argv[3] else None
    selected = lambda name: pattern is None or pattern.search(name) is not None
    results = torch_suite(selected) if suite == "torch" else numpy_suite(selected)
    with open(path, "w") as f:
        json.dump(results, f, indent=1)
    for r in results:
        m = r["primaryMetric"]
        print("%-70s %10.2f %s" % (r["benchmark"], m["scorePercentiles"]["50.0"], m["scoreUnit"]))


if __name__ == "__main__":
    main()
