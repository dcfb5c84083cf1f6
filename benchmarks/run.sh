#!/usr/bin/env bash
# Runs the JMH benchmarks and writes the report.
#
#   bash benchmarks/run.sh              # every benchmark → docs/BENCHMARKS.md
#   bash benchmarks/run.sh 'Logistic'   # only benchmarks matching the regex → benchmarks/target/BENCHMARKS.md
#
# Environment (defaults finish the whole suite in about 5 minutes on 2 cores):
#   JMH_FORKS=1 JMH_WARMUP=3 JMH_WARMUP_TIME=1s JMH_ITERATIONS=5 JMH_TIME=1s
#   JMH_PROF=gc        profiler(s) for -prof (gc: allocated bytes per call); empty for none
#   JMH_JVM_ARGS="-Xms1g -Xmx1g -XX:+UseSerialGC"   JVM options of the benchmark forks: one GC
#                      thread and a fixed heap, so a busy (shared, 2-core) machine cannot stall
#                      concurrent GC threads in the middle of an allocating benchmark
#   JMH_ARGS=          further JMH options, e.g. "-prof stack"
#   MVN_FLAGS=         extra Maven flags, e.g. "-o" to build offline
#   BENCH_OUT=         the markdown to write (default above)
#   PYTHON_SIDE=1      also time the tensor workloads in PyTorch eager (float64, 1 thread) and the
#                      512² product in numpy, with benchmarks/python/bench.py, when a Python with
#                      torch (Debian: python3-torch, for the system python3; with libopenblas0-pthread,
#                      or torch runs its products on the reference BLAS) or numpy is found;
#                      0 to skip. PY_ITERATIONS (5) × PY_TIME (1) s per method.
set -euo pipefail
cd "$(dirname "$0")/.."

filter="${1:-}"
out="${BENCH_OUT:-}"
if [[ -z "$out" ]]; then
  if [[ -z "$filter" ]]; then out=docs/BENCHMARKS.md; else out=benchmarks/target/BENCHMARKS.md; fi
fi
json=benchmarks/target/jmh-result.json

# Build the runnable jar (profile jmh: target/benchmarks.jar), without running the tests.
# shellcheck disable=SC2086
mvn -B -ntp -q ${MVN_FLAGS:-} -Pjmh -pl benchmarks -am package -DskipTests

prof=()
if [[ -n "${JMH_PROF-gc}" ]]; then
  for p in ${JMH_PROF-gc}; do prof+=(-prof "$p"); done
fi

# shellcheck disable=SC2086
java -jar benchmarks/target/benchmarks.jar ${filter:+"$filter"} \
  -f "${JMH_FORKS:-1}" -wi "${JMH_WARMUP:-3}" -w "${JMH_WARMUP_TIME:-1s}" \
  -i "${JMH_ITERATIONS:-5}" -r "${JMH_TIME:-1s}" "${prof[@]}" \
  -jvmArgsAppend "${JMH_JVM_ARGS:--Xms1g -Xmx1g -XX:+UseSerialGC}" ${JMH_ARGS:-} \
  -rf json -rff "$json"

# The side-by-side: the first interpreter that has torch (resp. numpy) times the same models.
extra=()
if [[ "${PYTHON_SIDE:-1}" != 0 ]]; then
  for suite in torch numpy; do
    found=
    for py in ${PYTHON:-} python3 /usr/bin/python3; do
      if command -v "$py" >/dev/null 2>&1 && "$py" -c "import $suite" >/dev/null 2>&1; then
        found=$py
        break
      fi
    done
    if [[ -n "$found" ]]; then
      "$found" benchmarks/python/bench.py "$suite" "benchmarks/target/$suite-result.json" "$filter"
      extra+=("benchmarks/target/$suite-result.json")
    else
      echo "no Python with $suite found: the report has no $suite column (Debian: apt-get install python3-torch libopenblas0-pthread)"
    fi
  done
fi

ADJOINT_COMMIT="$(git rev-parse --short HEAD 2>/dev/null || true)" \
  java -cp benchmarks/target/benchmarks.jar dev.adjoint.benchmarks.Report "$json" "$out" ${extra[@]+"${extra[@]}"}
