#!/bin/bash
# Herald and the Socket.IO peer, side by side: the same client (side-by-side.mjs), the same Redis, the
# same burst, fresh and warm, then one table. Usage, from the repository root, after
#   ./mvnw -B -q -pl distribution -am package -DskipTests
# is:  loadtest/bench/peer/side-by-side.sh OUT_DIR [--embedded] [--no-mongo-redis]
#   --embedded        also a pass with Herald in its default embedded mode (no Redis, no external store)
#   --no-mongo-redis  skip the Mongo + Redis pass (with --embedded: the embedded pass only)
# Environment: SUBSCRIBERS (200), EVENTS (100), CONCURRENCY (16), WARMUP (100).
# Ports (loopback only): 20379 Redis, 20017 MongoDB wire, 20380/20443 Herald, 20300 the peer.
# Every process it starts is stopped at the end, whatever happens (trap).
set -u
[ $# -ge 1 ] || { echo "usage: $0 OUT_DIR [--embedded] [--no-mongo-redis]" >&2; exit 2; }
out=$(realpath -m "$1"); shift
passes=(mongo-redis)
for flag in "$@"; do
  case $flag in
    --embedded) passes+=(embedded) ;;
    --no-mongo-redis) passes=("${passes[@]/mongo-redis}") ;;
    *) echo "unknown option $flag" >&2; exit 2 ;;
  esac
done
root=$(pwd)
peer_dir=$root/loadtest/bench/peer
zip=$root/distribution/target/herald-server.zip
work=$out/work
mkdir -p "$out" "$work"
rm -f "$out"/*.json
redis_url=redis://127.0.0.1:20379
herald=http://127.0.0.1:20380
peer=http://127.0.0.1:20300
load=(--subscribers "${SUBSCRIBERS:-200}" --events "${EVENTS:-100}" --concurrency "${CONCURRENCY:-16}")
warmup=${WARMUP:-100}
pids=()

cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null; done
  pids=()
}
trap cleanup EXIT
trap 'exit 130' INT TERM

[ -f "$zip" ] || { echo "no $zip: build it first (see the header)" >&2; exit 1; }
command -v redis-server >/dev/null || apt-get install -y redis-server >/dev/null || exit 1
[ -d "$peer_dir/node_modules" ] || (cd "$peer_dir" && npm ci --no-audit --no-fund >/dev/null) || exit 1

wait_for() { # wait_for WHAT CHECK...: up to 120 s
  local what=$1; shift
  for _ in $(seq 1 240); do "$@" && return 0; sleep 0.5; done
  echo "$what did not start" >&2; exit 1
}

redis_up() { redis-cli -p 20379 ping >/dev/null 2>&1; }
start_redis() {
  redis-server --port 20379 --bind 127.0.0.1 --save '' --appendonly no > "$work/redis.log" 2>&1 &
  redis_pid=$!; pids+=("$redis_pid")
  wait_for redis redis_up
}
start_mongo() {
  rm -rf "$work/mongo"
  loadtest/bench/external-mongo.sh 20017 "$work/mongo" > "$work/mongo.log" 2>&1 &
  mongo_pid=$!; pids+=("$mongo_pid")   # the script execs java: this is the server's own PID
  wait_for "MongoDB-wire server" grep -q '^ready ' "$work/mongo.log"
}

gw_pid=
start_herald() { # start_herald NAME ENV...: a fresh server directory, started, waited for
  local name=$1; shift
  rm -rf "$work/$name"; mkdir -p "$work/$name"; (cd "$work/$name" && unzip -q "$zip")
  # `server run` execs java, so $! is the gateway JVM whose CPU the client reads
  (cd "$work/$name" && exec env HTTP_PORT=20380 HTTPS_PORT=20443 SOCKET_MAX_CONNECTIONS=2000 "$@" \
      wlp/bin/server run herald > console.log 2>&1) &
  gw_pid=$!; pids+=("$gw_pid")
  wait_for "Herald ($name)" curl -sf -o /dev/null $herald/health/ready
}
start_peer() {
  node "$peer_dir/peer-gateway.js" --port 20300 --redis $redis_url > "$work/peer-$1.log" 2>&1 &
  gw_pid=$!; pids+=("$gw_pid")
  wait_for "the peer" curl -sf -o /dev/null $peer/health
}
stop_gateway() {
  kill "$gw_pid" 2>/dev/null; wait "$gw_pid" 2>/dev/null
  local kept=() p
  for p in "${pids[@]}"; do [ "$p" = "$gw_pid" ] || kept+=("$p"); done
  pids=("${kept[@]}")
}

measure() { # measure FILE ROW PHASE ARGS...
  local file=$1 row=$2 phase=$3; shift 3
  local w=0; [ "$phase" = warm ] && w=$warmup
  node "$peer_dir/side-by-side.mjs" "$@" "${load[@]}" --warmup "$w" --phase "$phase" --row "$row" \
      --gateway-pid "$gw_pid" "${aux[@]}" --json "$out/$file.json" | tee "$out/$file.txt"
}

# Both sides on a fresh gateway for each "fresh"; the warm burst follows on the same gateway after
# WARMUP untimed events. Order: the peer, Herald single, Herald batch, the peer's MULTI stand-in, so
# that neither side always runs first on a machine that warms up (or is loaded by others) over time.
for pass in "${passes[@]}"; do
  [ -n "$pass" ] || continue
  start_redis
  aux=(--aux-pid redis=$redis_pid)
  herald_env=()
  label=embedded
  if [ "$pass" = mongo-redis ]; then
    start_mongo
    herald_env=(REDIS_URL=$redis_url MONGODB_URI=mongodb://127.0.0.1:20017/herald)
    label=mongo+redis
  fi
  sio=(--peer $peer --redis $redis_url)

  # the peer does not depend on Herald's mode: measured in the first pass only
  peer_now=; [ -z "${peer_done:-}" ] && peer_now=1
  if [ -n "$peer_now" ]; then
    start_peer "$pass-single"
    measure "peer-single-fresh" "Socket.IO single" fresh "${sio[@]}"
    measure "peer-single-warm" "Socket.IO single" warm "${sio[@]}"
    stop_gateway
  fi

  [ "$pass" = mongo-redis ] && aux+=(--aux-pid mongo=$mongo_pid)
  for mode in single batch; do
    batch=(); [ $mode = batch ] && batch=(--batch)
    start_herald "$pass-herald-$mode" "${herald_env[@]}"
    measure "$pass-herald-$mode-fresh" "Herald $mode ($label)" fresh --herald $herald "${batch[@]}"
    measure "$pass-herald-$mode-warm" "Herald $mode ($label)" warm --herald $herald "${batch[@]}"
    stop_gateway
  done
  aux=(--aux-pid redis=$redis_pid)

  if [ -n "$peer_now" ]; then
    start_peer "$pass-batch"
    measure "peer-batch-fresh" "Socket.IO MULTI" fresh "${sio[@]}" --batch
    measure "peer-batch-warm" "Socket.IO MULTI" warm "${sio[@]}" --batch
    stop_gateway
    peer_done=1
  fi
  cleanup
done
cleanup

echo
echo "== side by side (${SUBSCRIBERS:-200} subscribers, ${EVENTS:-100} events, ${CONCURRENCY:-16} in flight, warm-up ${warmup}) =="
node "$peer_dir/side-by-side.mjs" --table "$out" | tee "$out/table.txt"
