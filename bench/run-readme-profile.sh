#!/usr/bin/env bash
# Where the README run's stage time goes: the README's run (conf/local.properties, local[2])
# once, with Spark's event log and a JFR recording, then bench/readme_profile.py's tables: per
# stage the Spark jobs, the seconds inside them and the schema-inference jobs; the processes the
# JVM started; the CPU samples by thread. Needs the JDK's jfr tool. About a minute.
# Usage: bench/run-readme-profile.sh [JAR]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
out=out/readme-profile
rm -rf "$out" && mkdir -p "$out/events"
export WINNOW_MASTER='local[2]'
[ $# -gt 0 ] && export WINNOW_JAR="$1"
WINNOW_JAVA_OPTS="-Dspark.eventLog.enabled=true -Dspark.eventLog.dir=file:$root/$out/events \
-Dspark.eventLog.compress=false -XX:StartFlightRecording=filename=$out/run.jfr,settings=profile" \
  deploy/local/winnow run --config conf/local.properties --set "work.dir=$out/work" > "$out/run.log" 2>&1
(cd bench && python3 readme_profile.py "../$out/events" "../$out/work" "../$out/run.jfr")
