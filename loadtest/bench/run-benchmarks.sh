#!/bin/bash
# Reproduces the table of docs/benchmarks.md on one machine: gateways from the server package, the
# harness beside them. Usage (from the repository root, after ./mvnw -B -q -pl distribution,loadtest -am package -DskipTests):
#   loadtest/bench/run-benchmarks.sh OUT_DIR [default|cluster|capacity|cluster-capacity]...
# Needs redis-server on the PATH for "cluster" and "cluster-capacity" (apt-get install redis-server). Every process it
# starts is stopped at the end. Ports: 19080 (gateway), 19379 (Redis), 19017 (MongoDB wire).
set -u
out=$(realpath -m "$1"); shift
modes=${*:-default cluster capacity cluster-capacity}
root=$(pwd)
jar=$root/loadtest/target/herald-loadtest.jar
zip=$root/distribution/target/herald-server.zip
work=$out/work
mkdir -p "$out" "$work"
api=http://127.0.0.1:19080
pids=()

cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; wait 2>/dev/null; }
trap cleanup EXIT

gateway() { # gateway NAME ENV...: a fresh server directory, started, waited for
  local name=$1; shift
  rm -rf "$work/$name"; mkdir -p "$work/$name"; (cd "$work/$name" && unzip -q "$zip")
  (cd "$work/$name" && exec env HTTP_PORT=19080 HTTPS_PORT=19443 SOCKET_MAX_CONNECTIONS=12000 "$@" \
      JVM_ARGS="${GATEWAY_JVM_ARGS:-}" wlp/bin/server run herald > console.log 2>&1) &
  gw=$!; pids+=("$gw")
  for _ in $(seq 1 240); do curl -sf -o /dev/null $api/health/ready && return 0; sleep 0.5; done
  echo "gateway $name did not start" >&2; exit 1
}
stop_gateway() { kill "$gw"; wait "$gw" 2>/dev/null; }
gateway_jvm() { pgrep -f "ws-javaagent.jar.*$work/$1" | head -1; } # the gateway's JVM (for jcmd and --gateway-pid)
harness() { # harness OUTFILE ARGS...
  local file=$1; shift
  java -jar "$jar" "$@" --api-url $api --json --quiet > "$out/$file.json"
  echo "$file: exit $? $(grep -m1 '"status"' "$out/$file.json")"
}

for mode in $modes; do
  env=()
  extra=()
  if [ "$mode" = cluster ] || [ "$mode" = cluster-capacity ]; then
    redis-server --port 19379 --save '' --appendonly no > "$work/redis.log" 2>&1 & pids+=($!)
    rm -rf "$work/mongo"; loadtest/bench/external-mongo.sh 19017 "$work/mongo" > "$work/mongo.log" 2>&1 & pids+=($!)
    sleep 8
    env=(REDIS_URL=redis://127.0.0.1:19379 MONGODB_URI=mongodb://127.0.0.1:19017/herald)
    extra=(--redis-url redis://127.0.0.1:19379)
  fi
  if [ "$mode" = capacity ] || [ "$mode" = cluster-capacity ]; then
    gateway "$mode" "${env[@]}"
    gwpid=$(gateway_jvm "$mode")
    harness "$mode" capacity --config loadtest/configs/benchmark.json --step-ms 5000 \
        --heap-sample-command "jcmd $gwpid GC.run"
    # warmed up: the same gateway again, its JIT done with the connect, publish and fan-out paths,
    # and 1 000 untimed events at the first step's rate (20 s) before the steps
    harness "$mode-warm" capacity --config loadtest/configs/benchmark.json --step-ms 5000 \
        --heap-sample-command "jcmd $gwpid GC.run" --warmup-events 1000
    # mixed: 200 of the 10 000 connections follow one hot job that gets every event, the other
    # 9 800 stay subscribed to the 20 quiet jobs; 1 000 untimed events at 800/s first: warm means at
    # most 1 000 warm-up events everywhere, what a gateway meets soon after a restart: docs/decisions/0005-jit-first-tier.md
    harness "$mode-mixed" capacity --config loadtest/configs/benchmark.json --step-ms 5000 \
        --heap-sample-command "jcmd $gwpid GC.run" --warmup-events 1000 --set hotConnectionCount=200 \
        --set startRate=800 --set rateFactor=1.25 --set maxRate=4000 --set publishConcurrency=24
    stop_gateway
    if [ "$mode" = cluster-capacity ]; then cleanup; pids=(); fi
    continue
  fi
  # fresh process: each figure on a gateway that has served nothing before
  gateway "$mode-catchup" "${env[@]}"
  harness "$mode-catchup-120-fresh" catch-up-burst --event-count 120 --subscriber-count 20
  harness "$mode-catchup-120-warm" catch-up-burst --event-count 120 --subscriber-count 200 --warmup-rounds 300
  harness "$mode-catchup-10000-warm" catch-up-burst --event-count 10000 --subscriber-count 20 --warmup-rounds 5 --set seedConcurrency=16
  stop_gateway
  gateway "$mode-broadcast" "${env[@]}"
  harness "$mode-broadcast-fresh" broadcast-burst --client-count 200 --event-count 100
  harness "$mode-broadcast-warm" broadcast-burst --client-count 200 --event-count 100 --warmup-events 100
  harness "$mode-paced-1000" broadcast-burst --client-count 200 --event-count 1000 --rate 1000 --publish-concurrency 64 --p99-threshold-ms 100 --warmup-events 200
  # the same pace with at most 16 publishes in flight (at 1000/s and a few ms each, 5 to 10 are in flight)
  harness "$mode-paced-1000-c16" broadcast-burst --client-count 200 --event-count 3000 --rate 1000 --publish-concurrency 16 --p99-threshold-ms 100 --warmup-events 200
  # warm: the same after 1 000 untimed events at the same pace (warm means at most 1 000 warm-up
  # events everywhere, what a gateway meets soon after a restart: docs/decisions/0005-jit-first-tier.md)
  harness "$mode-paced-1000-warm" broadcast-burst --client-count 200 --event-count 3000 --rate 1000 --publish-concurrency 16 --p99-threshold-ms 100 --warmup-events 1000
  if [ "$mode" = cluster ]; then
    harness cluster-broker-outage broker-outage "${extra[@]}" --client-count 200 --event-count 100
  fi
  stop_gateway
  # true bursts: all 100 events issued at once (16 requests in flight), each delivery measured from
  # the burst's start as its user sees it; single POSTs, then batches of 100 (one request); each on a
  # fresh gateway, then warm (the same gateway after 1 000 untimed events); gateway CPU per event
  for batch in 0 100; do
    name=$mode-burst$([ "$batch" = 0 ] || echo "-batch$batch")
    gateway "$name" "${env[@]}"
    gwpid=$(gateway_jvm "$name")
    harness "$name-fresh" broadcast-burst --burst --client-count 200 --event-count 100 --batch "$batch" --gateway-pid "$gwpid"
    harness "$name-warm" broadcast-burst --burst --client-count 200 --event-count 100 --batch "$batch" --gateway-pid "$gwpid" --warmup-events 1000
    stop_gateway
  done
  # publish throughput: one job, no subscribers, 64 publishes in flight, each on a fresh gateway:
  # acknowledged events/s and the gateway's CPU per event (latency from t0 means little here: no threshold)
  for run in "single 20000 0" "batch100 100000 100"; do
    read -r tag count batch <<< "$run"
    gateway "$mode-throughput-$tag" "${env[@]}"
    gwpid=$(gateway_jvm "$mode-throughput-$tag")
    harness "$mode-throughput-$tag" broadcast-burst --burst --client-count 0 --event-count "$count" --batch "$batch" \
        --publish-concurrency 64 --latency-threshold-ms 0 --settle-timeout-ms 60000 --gateway-pid "$gwpid"
    stop_gateway
  done
  # gateway CPU per event after 10 000 events (issue 21's CPU targets): the same runs, each on a
  # fresh gateway that first takes 10 000 untimed events; the measured part alone is counted
  for run in "single 20000 0" "batch100 100000 100"; do
    read -r tag count batch <<< "$run"
    gateway "$mode-cpu-after-10000-$tag" "${env[@]}"
    gwpid=$(gateway_jvm "$mode-cpu-after-10000-$tag")
    harness "$mode-cpu-after-10000-$tag" broadcast-burst --burst --client-count 0 --event-count "$count" --batch "$batch" \
        --publish-concurrency 64 --latency-threshold-ms 0 --settle-timeout-ms 60000 --gateway-pid "$gwpid" --warmup-events 10000
    stop_gateway
  done
  if [ "$mode" = cluster ]; then cleanup; pids=(); fi
done
