#!/bin/bash
# Gateway CPU per REST request: starts the server package (memory store) on loopback, warms each
# endpoint up, then sends a bounded number of requests with a fixed number in flight (RestLoad.java
# beside this script, one keep-alive connection per in-flight request) and divides the gateway JVM's CPU time (utime+stime from
# /proc/PID/stat) by the count. CPU time, unlike wall time, barely depends on what else the shared
# cores are doing. Usage (repository root, after ./mvnw -B -q -pl distribution -am package -DskipTests):
#   loadtest/bench/rest-cpu.sh [REQUESTS] [WARMUP] [IN_FLIGHT]      (defaults 4000 10000 16)
# Env: STORE (herald.event-store: memory, the default here, or file), PORT (default 23517; the HTTPS port is PORT+363), ZIP (another server package, e.g. a baseline build), KEEP_WORK=1 keeps the server dir,
# JFR=FILE records a JFR profile of the measured phases. Stops everything it starts.
set -u
requests=${1:-4000}
warmup=${2:-10000}
inflight=${3:-16}
port=${PORT:-23517}
root=$(pwd)
zip=$(realpath -m "${ZIP:-$root/distribution/target/herald-server.zip}")
work=$(mktemp -d /tmp/herald-rest-cpu.XXXXXX)
api=http://127.0.0.1:$port
gw=
[ -f "$zip" ] || { echo "no $zip: build the distribution first" >&2; exit 2; }

jvm=
# the server's JVM: the java process among the descendants of the server script started here
descendants() { local c; for c in $(pgrep -P "$1"); do echo "$c"; descendants "$c"; done; }
find_jvm() {
  local p
  for p in "$gw" $(descendants "$gw"); do
    if [ "$(cat "/proc/$p/comm" 2>/dev/null)" = java ]; then jvm=$p; return; fi
  done
}
cleanup() {
  # the server script's JVM is stopped by its own pid too: a TERM to the script alone may leave it
  if [ -z "$jvm" ] && [ -n "$gw" ]; then find_jvm; fi
  if [ -n "$jvm" ]; then kill "$jvm" 2>/dev/null; fi
  if [ -n "$gw" ]; then kill "$gw" 2>/dev/null; wait "$gw" 2>/dev/null; fi
  if [ -n "$jvm" ]; then while kill -0 "$jvm" 2>/dev/null; do sleep 0.5; done; fi
  if [ "${KEEP_WORK:-0}" != 1 ]; then rm -rf "$work"; fi
}
trap cleanup EXIT

# a server of someone else's on the port would answer the readiness check in place of ours
if curl -s -o /dev/null "$api/health/ready"; then echo "port $port is taken: set PORT" >&2; exit 2; fi
(cd "$work" && unzip -q "$zip")
(cd "$work" && exec env HTTP_PORT=$port HTTPS_PORT=$((port + 363)) HERALD_EVENT_STORE=${STORE:-memory} \
    wlp/bin/server run herald > console.log 2>&1) &
gw=$!
for _ in $(seq 1 240); do curl -sf -o /dev/null $api/health/ready && break; sleep 0.5; done
curl -sf -o /dev/null $api/health/ready || { echo "gateway did not start" >&2; tail -20 "$work/console.log" >&2; exit 1; }
find_jvm
[ -n "$jvm" ] || { echo "no gateway JVM found" >&2; exit 1; }
tck=$(getconf CLK_TCK)

javac -d "$work/driver" "$root/loadtest/bench/RestLoad.java" || exit 1
body='{"eventType":"progress","payload":{"percent":42,"note":"rest-cpu"}}'

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$jvm/stat"; }
# the JIT compiler threads' share: right after a start, compiling the request paths is most of the
# CPU per request, and it fades with warm-up (the compiler threads live as long as the JVM)
jit_ticks() {
  for t in /proc/$jvm/task/*; do
    case "$(cat "$t/comm" 2>/dev/null)" in C1\ Compiler*|C2\ Compiler*) awk '{ print $14 + $15 }' "$t/stat" 2>/dev/null;; esac
  done | awk '{ s += $1 } END { print s + 0 }'
}

# load COUNT METHOD PATH STATUS: COUNT requests, IN_FLIGHT at a time
load() {
  local payload=()
  [ "$2" = POST ] && payload=("$body")
  java -cp "$work/driver" RestLoad 127.0.0.1 "$port" "$2" "$3" "$4" "$1" "$inflight" "${payload[@]}" > "$work/load.out" 2>&1 \
      || { echo "load $2 $3 failed: $(tail -3 "$work/load.out")" >&2; exit 1; }
}

# measure LABEL METHOD PATH STATUS
measure() {
  load "$warmup" "$2" "$3" "$4"
  local before after jit_before jit_after
  before=$(cpu_ticks); jit_before=$(jit_ticks)
  load "$requests" "$2" "$3" "$4"
  after=$(cpu_ticks); jit_after=$(jit_ticks)
  awk -v l="$1" -v t=$((after - before)) -v j=$((jit_after - jit_before)) -v hz="$tck" -v n="$requests" \
      'BEGIN { printf "%-30s %6.3f ms CPU/request, of which JIT %5.3f  (%d requests, %.2f s CPU)\n", l, t * 1000 / hz / n, j * 1000 / hz / n, n, t / hz }'
}

[ -n "${JFR:-}" ] && jcmd "$jvm" JFR.start name=restcpu settings=profile filename="$(realpath -m "$JFR")" > /dev/null
echo "gateway pid $jvm; $warmup warm-up then $requests measured requests per endpoint, $inflight in flight"
measure "GET /health/live" GET /health/live 200
# Liberty closes a keep-alive connection after a 4xx answer ("Connection: Close"): each 404 here
# includes a new TCP connection, as it would for any client
measure "GET /api/jobs/x (404)" GET /api/jobs/rest-cpu-absent 404
measure "POST /api/jobs/{id}/events" POST /api/jobs/rest-cpu-job/events 201
[ -n "${JFR:-}" ] && jcmd "$jvm" JFR.stop name=restcpu > /dev/null
exit 0
