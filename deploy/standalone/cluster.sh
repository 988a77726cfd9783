#!/usr/bin/env bash
# A Spark standalone cluster on this machine's loopback, from the project's own Maven
# dependencies (no Spark distribution needed): one Master and N Workers, each its own JVM.
#
#   deploy/standalone/cluster.sh start [--dir D] [--workers N] [--cores C] [--memory M] [--port P]
#   deploy/standalone/cluster.sh stop  [--dir D]
#
# start prints the master URL (spark://127.0.0.1:P) on its last line once every Worker has
# registered; submit to it with deploy/spark-submit.sh --master <that URL>. Defaults: --dir
# out/standalone, 2 workers of 1 core and 1g each, port 7077. Logs and pid files go to D.
#
# A Worker launches executors with the classpath of $SPARK_HOME/jars, so D/spark-home/jars is
# a folder of links to the jars of Spark's Maven classpath (deploy/lib.sh), and the Workers run
# with SPARK_SCALA_VERSION=2.13 since that folder is not a built distribution. Everything binds
# to 127.0.0.1 (SPARK_LOCAL_IP); see docs/GUIDE.md (Security) before binding to a network.
set -euo pipefail

cmd="${1:-}"
[ $# -gt 0 ] && shift
dir=out/standalone workers=2 cores=1 memory=1g port=7077
while [ $# -gt 0 ]; do
  case "$1" in
    --dir) dir="$2"; shift 2 ;;
    --workers) workers="$2"; shift 2 ;;
    --cores) cores="$2"; shift 2 ;;
    --memory) memory="$2"; shift 2 ;;
    --port) port="$2"; shift 2 ;;
    *) echo "cluster.sh: unknown option $1" >&2; exit 2 ;;
  esac
done

stop_all() {
  for pidfile in "$dir"/*.pid; do
    [ -f "$pidfile" ] || continue
    pid=$(cat "$pidfile")
    # a Worker's executors are its children: TERM reaches the Worker, which stops them
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
    rm -f "$pidfile"
  done
}

case "$cmd" in
  stop) stop_all; exit 0 ;;
  start) ;;
  *) echo "usage: deploy/standalone/cluster.sh start|stop [--dir D] [--workers N] [--cores C] [--memory M] [--port P]" >&2
     exit 2 ;;
esac

source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
if ls "$dir"/*.pid >/dev/null 2>&1; then
  echo "cluster.sh: $dir already has a running cluster (stop it first)" >&2
  exit 1
fi

home="$dir/spark-home"
rm -rf "$home"
mkdir -p "$home/jars"
IFS=: read -r -a entries <<< "$spark_cp"
for e in "${entries[@]}"; do
  case "$e" in *.jar) ln -sf "$e" "$home/jars/$(basename "$e")" ;; esac
done

launch() {  # name, main class, arguments...
  local name="$1" main="$2"
  shift 2
  # Spark's default logging (INFO; whatever log4j2 file the classpath holds): the registration
  # lines below are read from these logs. The Master's REST submission server stays off.
  SPARK_HOME="$home" SPARK_SCALA_VERSION=2.13 nohup java -Xmx512m "${module_opts[@]}" \
    -Dlog4j2.configurationFile=org/apache/spark/log4j2-defaults.properties -Dspark.master.rest.enabled=false -cp "$spark_cp" "$main" "$@" > "$dir/$name.log" 2>&1 &
  echo $! > "$dir/$name.pid"
}

url="spark://127.0.0.1:$port"
launch master org.apache.spark.deploy.master.Master --host 127.0.0.1 --port "$port" --webui-port 0
for i in $(seq 1 "$workers"); do
  mkdir -p "$dir/worker-$i"
  launch "worker-$i" org.apache.spark.deploy.worker.Worker --host 127.0.0.1 --cores "$cores" \
    --memory "$memory" --work-dir "$dir/worker-$i" --webui-port 0 "$url"
done

# ready when the Master has logged every Worker's registration (60 s at most)
for _ in $(seq 1 600); do
  n=$(grep -c "Registering worker" "$dir/master.log" 2>/dev/null || true)
  [ "${n:-0}" -ge "$workers" ] && { echo "$url"; exit 0; }
  if ! kill -0 "$(cat "$dir/master.pid")" 2>/dev/null; then break; fi
  sleep 0.1
done
echo "cluster.sh: the cluster did not come up; see $dir/*.log" >&2
stop_all
exit 1
