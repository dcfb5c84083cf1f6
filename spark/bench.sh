#!/usr/bin/env bash
# Times one epoch (a distributed pass: value and gradient of the summed log-loss) of Adjoint's
# generated gradient against MLlib's hand-written aggregator, on the same cached synthetic rows,
# with Spark local[1] and local[2]: JMH benchmark dev.adjoint.spark.bench.EpochBenchmark.
#
#   bash spark/bench.sh                 # JMH, default settings below
#   bash spark/bench.sh -p rows=200000  # any further JMH options
#   bash spark/bench.sh --paired [rows] [features] [rounds]
#       # the same epochs alternated (adjoint, MLlib, MLlib, adjoint, ...) in one JVM per core
#       # count: medians of paired ratios and executor CPU time, robust on a busy shared machine
#
# Environment: JMH_FORKS=1 JMH_WARMUP=5 JMH_WARMUP_TIME=2s JMH_ITERATIONS=10 JMH_TIME=2s
#              MVN_FLAGS= (e.g. -o)
set -euo pipefail
cd "$(dirname "$0")/.."

# Compile the module and its benchmark; write its test classpath (Spark included) to a file.
# shellcheck disable=SC2086
mvn -B -ntp -q ${MVN_FLAGS:-} -pl spark -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=test

# Spark's own JVM options (the <spark.jvm.options> of spark/pom.xml) for the benchmark forks.
opts="$(sed -n '/<spark.jvm.options>/,/<\/spark.jvm.options>/p' spark/pom.xml \
  | sed 's/<[^>]*>//g' | tr -s ' \n' ' ')"

cp="spark/target/test-classes:spark/target/classes:$(cat spark/target/classpath.txt)"
if [[ "${1:-}" == "--paired" ]]; then
  shift
  # shellcheck disable=SC2086
  exec java $opts -Dlog4j2.configurationFile=spark/src/test/resources/log4j2-test.properties \
    -cp "$cp" dev.adjoint.spark.bench.PairedEpochs "$@"
fi
# shellcheck disable=SC2086
java -cp "$cp" org.openjdk.jmh.Main 'dev.adjoint.spark.bench.EpochBenchmark' \
  -f "${JMH_FORKS:-1}" -wi "${JMH_WARMUP:-5}" -w "${JMH_WARMUP_TIME:-2s}" \
  -i "${JMH_ITERATIONS:-10}" -r "${JMH_TIME:-2s}" \
  -jvmArgsAppend "$opts -Dlog4j2.configurationFile=spark/src/test/resources/log4j2-test.properties" \
  -rf json -rff spark/target/jmh-result.json "$@"
