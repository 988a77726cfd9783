# Shared by the benchmark scripts: builds everything, then sets $cp (bench jar, Winnow and
# Spark), $module_opts (Spark's --add-opens list from the parent pom), $work (a temporary
# folder removed on exit) and the function run_spark_main CLASS ARGS... (local[2] by default,
# MASTER overrides; heap 6g, BENCH_HEAP overrides).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mvn -B -q -DskipTests install
mvn -B -q -pl bench dependency:build-classpath -Dmdep.outputFile="$work/cp.txt" >/dev/null
cp="$root/bench/target/winnow-bench-0.1.0-SNAPSHOT.jar:$(cat "$work/cp.txt")"
mvn -B -q -Dstyle.color=never -pl jobs help:evaluate -Dexpression=spark.module.options -DforceStdout \
  | sed 's/\x1b\[[0-9;]*m//g' > "$work/opts.txt"
read -r -a module_opts < "$work/opts.txt" || true
# what the kernels' JVMs need of those: the vector API's module (MinHash's minima, ShingleMinima;
# without it they run the plain Java loop)
kernel_opts=(--add-modules jdk.incubator.vector)
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(java -version 2>&1 | head -1)"

run_spark_main() {
  SPARK_LOCAL_IP=127.0.0.1 java -Xmx"${BENCH_HEAP:-6g}" "${module_opts[@]}" -Dspark.master="${MASTER:-local[2]}" \
    -Dspark.ui.enabled=false -Dspark.serializer=org.apache.spark.serializer.KryoSerializer \
    -Dspark.sql.warehouse.dir="$work/warehouse" -Dlog4j2.configurationFile="$root/conf/log4j2.properties" \
    -cp "$cp" "$@"
}
