#!/usr/bin/env bash
# Runs a sample of the spark module on a local Spark (local[2] unless -Dspark.master=... is given
# in JAVA_OPTS), with Spark from Maven Central on the classpath, as the tests do.
#
#   bash spark/run.sh LogisticOnSpark [rows] [features]   # breast cancer, then synthetic rows, vs MLlib
#   bash spark/run.sh GreeksOnSpark                        # Monte-Carlo Greeks over path blocks
#
# Environment: JAVA_OPTS (e.g. "-Dspark.master=local[1]"), MVN_FLAGS (e.g. "-o").
set -euo pipefail
cd "$(dirname "$0")/.."
main="${1:?usage: bash spark/run.sh LogisticOnSpark|GreeksOnSpark [args...]}"
shift

# shellcheck disable=SC2086
mvn -B -ntp -q ${MVN_FLAGS:-} -pl spark -am compile dependency:build-classpath \
  -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=test

# Spark's own JVM options, the <spark.jvm.options> of spark/pom.xml.
opts="$(sed -n '/<spark.jvm.options>/,/<\/spark.jvm.options>/p' spark/pom.xml \
  | sed 's/<[^>]*>//g' | tr -s ' \n' ' ')"

# shellcheck disable=SC2086
exec java $opts ${JAVA_OPTS:-} -Dlog4j2.configurationFile=spark/src/test/resources/log4j2-test.properties \
  -cp "spark/target/classes:$(cat spark/target/classpath.txt)" "dev.adjoint.spark.samples.$main" "$@"
