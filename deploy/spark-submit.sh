#!/usr/bin/env bash
# Submits Winnow with spark-submit: Spark options first, then the winnow command and its options.
#
#   deploy/spark-submit.sh --master yarn --deploy-mode cluster run --config cluster.properties
#   deploy/spark-submit.sh --master 'local[*]' featurize --config conf/local.properties
#   deploy/spark-submit.sh --master spark://host:7077 --conf spark.executor.memory=8g select --config c.properties
#
# Defaults (each overridable by giving the same option or --conf key, which comes later and wins):
# the main class, an application name per command, Kryo with Winnow's classes registered,
# adaptive query execution. With SPARK_HOME set, its bin/spark-submit runs; without it (a
# machine with no Spark distribution, as here), Spark's own SparkSubmit class runs from the
# Maven-resolved Spark classpath (deploy/lib.sh), which supports local and standalone masters;
# there the driver's memory is WINNOW_DRIVER_MEMORY (default 4g), not --driver-memory.
set -euo pipefail

spark_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    run|featurize|importance|cluster|dedup|select|kl-reduction|report|config) break ;;
    *) spark_args+=("$1"); shift ;;
  esac
done
if [ $# -eq 0 ]; then
  echo "usage: deploy/spark-submit.sh [spark-submit options] <run|featurize|importance|cluster|dedup|select|kl-reduction|report|config> [winnow options]" >&2
  exit 2
fi

defaults=(
  --class dev.winnow.jobs.cli.WinnowCli
  --name "winnow $1"
  --conf spark.serializer=org.apache.spark.serializer.KryoSerializer
  --conf spark.kryo.registrator=dev.winnow.jobs.KryoRegistration
  --conf spark.sql.adaptive.enabled=true
)

if [ -n "${SPARK_HOME:-}" ]; then
  root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
  jar="${WINNOW_JAR:-$root/jobs/target/winnow-jobs-0.1.0-SNAPSHOT-shaded.jar}"
  exec "$SPARK_HOME/bin/spark-submit" "${defaults[@]}" "${spark_args[@]}" "$jar" "$@"
fi

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
exec java -Xmx"${WINNOW_DRIVER_MEMORY:-4g}" "${module_opts[@]}" \
  -Dlog4j2.configurationFile="$root/conf/log4j2.properties" \
  -cp "$spark_cp" org.apache.spark.deploy.SparkSubmit "${defaults[@]}" "${spark_args[@]}" "$jar" "$@"
