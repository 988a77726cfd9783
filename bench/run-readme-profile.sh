#!/usr/bin/env bash
# Where a run's stage time goes: `winnow run` (by default the README's, conf/local.properties, in
# local[2]) once, with Spark's event log and a JFR recording, then bench/readme_profile.py's
# tables: per stage the Spark jobs, the seconds inside them and the schema-inference jobs; the
# processes the JVM started; the CPU samples by thread, and by method in each stage's window.
# Needs the JDK's jfr tool. About a minute for the README's run.
# Usage: bench/run-readme-profile.sh [JAR] [-- winnow run options]   (env: PROFILE_OUT)
#   e.g. bench/run-readme-profile.sh -- --config conf/dsir.properties --set input.pool=...
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
out=${PROFILE_OUT:-out/readme-profile}
if [ $# -gt 0 ] && [ "$1" != "--" ]; then export WINNOW_JAR="$1"; shift; fi
[ $# -gt 0 ] && [ "$1" = "--" ] && shift
[ $# -gt 0 ] || set -- --config conf/local.properties
rm -rf "$out" && mkdir -p "$out/events"
export WINNOW_MASTER='local[2]'
WINNOW_JAVA_OPTS="-Dspark.eventLog.enabled=true -Dspark.eventLog.dir=file:$root/$out/events \
-Dspark.eventLog.compress=false -XX:StartFlightRecording=filename=$out/run.jfr,settings=profile" \
  deploy/local/winnow run "$@" --set "work.dir=$out/work" > "$out/run.log" 2>&1
(cd bench && python3 readme_profile.py "../$out/events" "../$out/work" "../$out/run.jfr")
