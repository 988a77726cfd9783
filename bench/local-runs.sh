# Shared by the scripts that time deploy/local/winnow with the jars they are given
# (run-readme-bench.sh, run-stage-bench.sh): from the repository root, in local[2]; the current
# jar built when it is stale, for the Spark classpath file that comes with it (the jars given
# run as they are, whatever their age); the machine printed.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
export WINNOW_MASTER='local[2]'
deploy/local/winnow --version > /dev/null
export WINNOW_SPARK_CLASSPATH="${WINNOW_SPARK_CLASSPATH:-$(cat jobs/target/spark-classpath.txt)}"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(java -version 2>&1 | head -1)"
