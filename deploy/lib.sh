# Shared by deploy/local/winnow and deploy/spark-submit.sh: the shaded jobs jar, Spark's
# classpath (resolved with Maven: the jar leaves Spark out) and Spark's --add-opens list (read
# from the parent pom, the single place it is kept), built or resolved again when missing or
# older than the sources. Sets $root, $jar, $spark_cp and the array $module_opts.
# WINNOW_JAR and WINNOW_SPARK_CLASSPATH, when set, are used as they are (no Maven).
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
target="$root/jobs/target"
jar="${WINNOW_JAR:-$target/winnow-jobs-0.1.0-SNAPSHOT-shaded.jar}"
cp_file="$target/spark-classpath.txt"
opts_file="$target/spark-module-options.txt"

winnow_stale() {
  [ ! -f "$jar" ] || [ ! -f "$cp_file" ] || [ ! -f "$opts_file" ] && return 0
  [ -n "$(find "$root/pom.xml" "$root/common/pom.xml" "$root/jobs/pom.xml" "$root/common/src/main" \
      "$root/jobs/src/main" "$root/deploy/lib.sh" -newer "$jar" -type f -print -quit)" ]
}

if [ -z "${WINNOW_SPARK_CLASSPATH:-}" ] && winnow_stale; then
  echo "winnow: building the jobs jar (first run or changed sources)..." >&2
  (cd "$root" && mvn -B -q -DskipTests -pl jobs -am install \
    && mvn -B -q -pl jobs dependency:build-classpath -DincludeScope=provided -DexcludeGroupIds=dev.winnow \
         -Dmdep.outputFile="$cp_file" \
    && mvn -B -q -Dstyle.color=never -pl jobs help:evaluate -Dexpression=spark.module.options -DforceStdout \
         | sed 's/\x1b\[[0-9;]*m//g' > "$opts_file") >&2
  touch "$jar"
fi

spark_cp="${WINNOW_SPARK_CLASSPATH:-$(cat "$cp_file")}"
# Spark's classpath holds Spark and what it brings, never Winnow's own jars or the test
# dependencies: a class the shaded jar lacks must fail here as it would under spark-submit
if [ -z "${WINNOW_SPARK_CLASSPATH:-}" ] && grep -qE '/dev/winnow/|/junit' "$cp_file"; then
  echo "winnow: $cp_file lists Winnow's or the tests' jars; delete it to resolve it again" >&2
  exit 1
fi
if [ -n "${WINNOW_MODULE_OPTIONS:-}" ]; then
  read -r -a module_opts <<< "$WINNOW_MODULE_OPTIONS"
else
  read -r -a module_opts < "$opts_file" || true  # the file has no final newline
fi
export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
