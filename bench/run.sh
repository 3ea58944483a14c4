#!/usr/bin/env bash
# RoomWire benchmark runner: build, start RoomWire (or a comparison peer) with benchmark limits, wait until
# it answers, run a loadgen scenario, read the server's CPU seconds, RSS and heap after a full GC, stop it.
#
#   bench/run.sh [--no-build] PRESET [-- extra loadgen flags]
#   bench/run.sh [--no-build] custom -- <loadgen flags>
#   bench/run.sh [--no-build] compare PRESET... [-- extra loadgen flags]   (RoomWire, then each of PEERS; = SERVER=all)
#   bench/run.sh [--no-build] cluster PRESET [-- extra loadgen flags]   (one node, then two nodes sharing a Redis)
#   bench/run.sh measure PID [PORT]   (one SERVER_SAMPLE line for a running server; used by idle holds)
#
# Presets (see bench/README.md): smoke, s1-rooms, s1-bigroom, s2, s3-rate, s3-storm, s4, s5, s6-moderate.
# Environment:
#   SERVER             roomwire (default) | peer (bench/peer, Spring WebSocket on Tomcat) | webflux (bench/peer-webflux,
#                      Spring WebFlux on Reactor Netty) | node (bench/peer-node, Node.js + ws) | both, all (= compare)
#   PEERS              compare: the peers run after RoomWire, in order (default "peer webflux node")
#   JAVA               JDK >= 21 java for the server and loadgen (default: $JAVA_HOME, then /usr/lib/jvm)
#   NODE               node binary for SERVER=node (default: node on PATH); NPM likewise (npm)
#   PORT               server port (18080)
#   BUILD_DIR          where the app is built and its jar taken from (/work/main/target, i.e. <repo>/target)
#   SERVER_JAVA_OPTS   server JVM flags, the same for RoomWire and both JVM peers (default below)
#   NODE_SERVER_OPTS   node flags for SERVER=node (default --max-old-space-size=2048; --expose-gc is always added)
#   LOADGEN_JAVA_OPTS  loadgen JVM flags (default below)
#   SERVER_EXTRA       extra flags for the server started (any one; the node peer takes --name=value too)
#   PEER_EXTRA         extra --name=value flags for the Spring WebSocket peer only (e.g. --peer.broadcast-under-lock=false)
#   WEBFLUX_EXTRA      extra --name=value flags for the WebFlux peer only (e.g. --peer.queue-frames=8192)
#   NODE_EXTRA         extra --name=value flags for the node peer only (e.g. --budget=2097152)
#   PEER_STORM         1: run s3-storm on the peers anyway (no resume/since: their reconnects are fresh sessions)
#   SERVER_CPUS        pin the server with taskset -c (e.g. 0); LOADGEN_CPUS likewise (e.g. 1)
#   SERVER_WARMUP      1 (default): a short unmeasured load first, so the JIT is warm; 0 skips it
#   S1_CAPACITY        msgs/s that S1 (200 rooms x 10) sustained; s4 runs at 25/50/75 % of it
#   COOLDOWN           compare: seconds of rest between two runs (5)
#   CLUSTER_BASELINE   cluster: 1 (default) runs the preset on one node first, for the figures beside; 0 skips it
#   REDIS_AOF          cluster: 1 starts Redis with appendonly yes + appendfsync everysec (default: no persistence)
#   DEFLATE            1: permessage-deflate on: RoomWire with --roomwire.websocket.deflate.mode=shared, the loadgen
#                      with --deflate (the peer gets --deflate too, no flag: Tomcat may agree on its own)
#   DEFLATE_MIN_SIZE   DEFLATE=1: RoomWire's --roomwire.websocket.deflate.min-size (default 128B, except s5: the
#                      server's default of 256B; the presets' chat messages are ~245 bytes); "default" passes none
#   TOPOLOGY           set by `cluster` for its runs: single | cluster (not needed by hand)
#   OUT                results folder (bench/results/<time>-<preset>; compare: <time>-compare-<presets>;
#                      cluster: <time>-cluster-<preset>)
set -euo pipefail

BENCH_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd -- "$BENCH_DIR/.." && pwd)
PORT=${PORT:-18080}
SERVER=${SERVER:-roomwire}
BUILD_DIR=${BUILD_DIR:-$ROOT/target}
URL="ws://127.0.0.1:$PORT/ws"
TOPOLOGY=${TOPOLOGY:-}
# cluster: node A on PORT+1 (the publishers' node), node B on PORT+2
PORT_A=$((PORT + 1))
PORT_B=$((PORT + 2))

source "$(dirname -- "${BASH_SOURCE[0]}")/find-java.sh"
JAVA=$(find_java)
JDK_BIN=$(dirname -- "$JAVA")
SERVER_PIN=()
LOADGEN_PIN=()
[[ -n "${SERVER_CPUS:-}" ]] && SERVER_PIN=(taskset -c "$SERVER_CPUS")
[[ -n "${LOADGEN_CPUS:-}" ]] && LOADGEN_PIN=(taskset -c "$LOADGEN_CPUS")

# Server JVM: fixed-size young-gen-friendly G1 heap, no pre-touch (so RSS shows what is really used),
# GC log for pause analysis, and die on OOM rather than limp along.
SERVER_JAVA_OPTS_SET=${SERVER_JAVA_OPTS:+1}
SERVER_JAVA_OPTS=${SERVER_JAVA_OPTS:--Xms1g -Xmx2g -XX:+UseG1GC -XX:MaxGCPauseMillis=50 -XX:+ExitOnOutOfMemoryError}
# s2 (idle memory) only, unless SERVER_JAVA_OPTS is given: the same G1, but a heap that starts small and
# gives memory back after the full GC before each sample (free ratio 10-20 %). With -Xms1g, G1 never
# returns pages once touched, so RSS would show how much of the 1 GB young generation the handshakes'
# garbage had reached by then, not what the held connections occupy.
S2_JAVA_OPTS=${S2_JAVA_OPTS:--Xms64m -Xmx2g -XX:+UseG1GC -XX:MaxGCPauseMillis=50 -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=20 -XX:+ExitOnOutOfMemoryError}
# The node peer: a heap limit of the same size as the JVMs' -Xmx (V8's default is smaller).
NODE_SERVER_OPTS=${NODE_SERVER_OPTS:---max-old-space-size=2048}
NODE=${NODE:-node}
NPM=${NPM:-npm}
PEERS=${PEERS:-peer webflux node}
# Loadgen JVM: a heap that never resizes during a step.
LOADGEN_JAVA_OPTS=${LOADGEN_JAVA_OPTS:--Xms512m -Xmx1g -XX:+UseG1GC}

# The limits RoomWire must be started with for benchmarks (defaults would refuse the load):
#   flood budgets per connection (default 10 msgs/s, burst 20) -> effectively off
#   members per room (default 10,000) and rooms per node (10,000) -> 20,000
#   presence-event-limit=0: count events only, no per-member join/leave storms while connecting
#   Tomcat: max-connections (default 8,192) and the accept backlog (default 100) for storms
#   per-address handshake limits (256 connections, 20 handshakes/s per address) and handshakes in
#   flight (128) -> off: every simulated client dials from 127.0.0.1
# (--server.port is added when a server is started: the cluster's two nodes differ only there and in node-id.)
ROOMWIRE_FLAGS=(
  --server.address=127.0.0.1
  --roomwire.admin.password=bench
  --roomwire.chat.flood.chat-per-second=100000
  --roomwire.chat.flood.chat-burst=100000
  --roomwire.chat.max-members-per-room=20000
  --roomwire.chat.max-rooms=20000
  --roomwire.chat.presence-event-limit=0
  --roomwire.websocket.max-connections-per-address=0
  --roomwire.websocket.handshakes-per-second=0
  --roomwire.websocket.max-handshakes-in-flight=0
  --server.tomcat.max-connections=20000
  --server.tomcat.accept-count=4096
)
# The peer has no flood limits, room caps, presence limit or admin API: only the Tomcat settings apply.
PEER_FLAGS=(
  --server.address=127.0.0.1
  --server.tomcat.max-connections=20000
  --server.tomcat.accept-count=4096
)
# shellcheck disable=SC2206
PEER_FLAGS+=(${PEER_EXTRA:-})
# The WebFlux peer (Reactor Netty: no connection cap or backlog setting to raise) and the node peer.
WEBFLUX_FLAGS=(--server.address=127.0.0.1)
# shellcheck disable=SC2206
WEBFLUX_FLAGS+=(${WEBFLUX_EXTRA:-})
NODE_FLAGS=(--host=127.0.0.1)
# shellcheck disable=SC2206
NODE_FLAGS+=(${NODE_EXTRA:-})

server_cpu_s() { # utime+stime of a pid, in seconds
  awk -v tck="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); printf "%.2f", ($12 + $13) / tck }' "/proc/$1/stat"
}
server_rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }
server_hwm_kb() { awk '/^VmHWM:/ { print $2 }' "/proc/$1/status"; }
heap_used_kb() { # pid [port]: full GC, then the heap in use (KB): a JVM's from its own JDK's jcmd; the node peer's
  # from its GET /bench/heap (global.gc(), then process.memoryUsage().heapUsed)
  if [[ $(cat "/proc/$1/comm" 2>/dev/null) == node ]]; then
    curl -sf "http://127.0.0.1:${2:-$PORT}/bench/heap" | python3 -c 'import json, sys; print(json.load(sys.stdin)["heapUsed"] // 1024)'
    return
  fi
  "$JDK_BIN/jcmd" "$1" GC.run >/dev/null
  "$JDK_BIN/jcmd" "$1" GC.heap_info | sed -n 's/.*used \([0-9]*\)K.*/\1/p' | head -1
}

measure() { # pid [port]: one line for a live server: connections held (from loadgen's hold), RSS, heap after GC, CPU
  local pid=$1 heap rss
  heap=$(heap_used_kb "$pid" "${2:-}")
  rss=$(server_rss_kb "$pid")
  echo "SERVER_SAMPLE {\"connections\":${LOADGEN_CONNECTIONS:-0},\"rss_kb\":$rss,\"heap_after_gc_kb\":$heap,\"cpu_s\":$(server_cpu_s "$pid")}"
}

if [[ "${1:-}" == "measure" ]]; then
  measure "$2" "${3:-}"
  exit 0
fi

PRESETS_KNOWN=" smoke s1-rooms s1-bigroom s2 s3-rate s3-storm s4 s5 s6-moderate custom "
# The publishing presets: s2 and s3 measure one server's memory and handshakes, and `measure` reads one pid.
CLUSTER_PRESETS="smoke s1-rooms s1-bigroom s4 s5 s6-moderate custom"
USAGE="usage: run.sh [--no-build] PRESET|custom [-- loadgen flags]
       run.sh [--no-build] compare PRESET... [-- loadgen flags]   (or SERVER=all run.sh PRESET)
       run.sh [--no-build] cluster PRESET [-- loadgen flags]      (presets: $CLUSTER_PRESETS)"
BUILD=1
MODE=single
while [[ $# -gt 0 ]]; do
  case "$1" in
    --no-build) BUILD=0; shift ;;
    compare) MODE=compare; shift ;;
    cluster) MODE=cluster; shift ;;
    *) break ;;
  esac
done
case "$SERVER" in
  roomwire | peer | webflux | node) ;;
  both | all) MODE=compare ;;
  *) echo "run.sh: SERVER must be roomwire, peer, webflux, node, both or all (not $SERVER)" >&2; exit 2 ;;
esac
for p in $PEERS; do
  [[ " peer webflux node " == *" $p "* ]] || { echo "run.sh: PEERS may name peer, webflux and node (not $p)" >&2; exit 2; }
done
PRESETS=()
while [[ $# -gt 0 && "$1" != "--" ]]; do
  [[ "$PRESETS_KNOWN" == *" $1 "* ]] || { echo "run.sh: unknown preset $1" >&2; echo "$USAGE" >&2; exit 2; }
  PRESETS+=("$1")
  shift
done
if [[ " ${PRESETS[*]} " == *" s4 "* && -z "${S1_CAPACITY:-}" ]]; then
  echo "run.sh: s4 needs S1_CAPACITY=<msgs/s that s1-rooms sustained>" >&2
  exit 2
fi
[[ "${1:-}" == "--" ]] && shift
EXTRA=("$@")
if [[ ${#PRESETS[@]} -eq 0 || ($MODE != compare && ${#PRESETS[@]} -gt 1) ]]; then
  echo "$USAGE" >&2
  exit 2
fi
if [[ ($MODE == cluster || $TOPOLOGY == cluster) && ( $SERVER != roomwire || " $CLUSTER_PRESETS " != *" ${PRESETS[0]} "* ) ]]; then
  echo "run.sh: cluster runs RoomWire (SERVER=roomwire) with one of: $CLUSTER_PRESETS" >&2
  exit 2
fi
PRESET=${PRESETS[0]}

# DEFLATE=1: the loadgen offers permessage-deflate on every connection and RoomWire runs in shared mode (each
# broadcast compressed once). RoomWire sends messages under min-size (256B by default) plain, and the presets'
# chat messages are ~245 bytes on the wire (--message-bytes 100 of text plus ~145 of JSON), so they would all go
# out uncompressed: every preset but s5 (2,000-byte texts) lowers min-size to 128B. Acks (~45 bytes) stay plain.
LOADGEN_DEFLATE=()
DEFLATE_FLAGS=()
if [[ ${DEFLATE:-0} == 1 ]]; then
  LOADGEN_DEFLATE=(--deflate)
  DEFLATE_FLAGS=(--roomwire.websocket.deflate.mode=shared)
  DEFLATE_MIN_SIZE=${DEFLATE_MIN_SIZE:-$([[ $PRESET == s5 ]] && echo default || echo 128B)}
  [[ $DEFLATE_MIN_SIZE == default ]] || DEFLATE_FLAGS+=(--roomwire.websocket.deflate.min-size="$DEFLATE_MIN_SIZE")
elif [[ -n ${DEFLATE:-} && $DEFLATE != 0 ]]; then
  echo "run.sh: DEFLATE must be 0 or 1 (not $DEFLATE)" >&2
  exit 2
fi
LOADGEN_JAR=$BENCH_DIR/loadgen/target/loadgen.jar
PEER_DIR=$BENCH_DIR/peer
WEBFLUX_DIR=$BENCH_DIR/peer-webflux
NODE_DIR=$BENCH_DIR/peer-node

node_install() { # the node peer's dependencies (node_modules/ is not committed), from package-lock.json
  echo "== npm ci in $NODE_DIR"
  (cd "$NODE_DIR" && "$NPM" ci --no-audit --no-fund --loglevel=error)
}

build() { # servers to build (roomwire, peer, webflux, node); the loadgen is always built
  local s
  for s in "$@"; do
    case "$s" in
      roomwire)
        echo "== building RoomWire into $BUILD_DIR"
        (cd "$ROOT" && ./mvnw -B -q -DskipTests package -Droomwire.build.dir="$BUILD_DIR") ;;
      peer)
        echo "== building the peer into $PEER_DIR/target"
        (cd "$PEER_DIR" && ../../mvnw -B -q -DskipTests package) ;;
      webflux)
        echo "== building the WebFlux peer into $WEBFLUX_DIR/target"
        (cd "$WEBFLUX_DIR" && ../../mvnw -B -q -DskipTests package) ;;
      node)
        node_install ;;
    esac
  done
  echo "== building the loadgen"
  (cd "$BENCH_DIR/loadgen" && ../../mvnw -B -q package)
}

# ---------------------------------------------------------------- compare: each preset on RoomWire, then on each peer
if [[ $MODE == compare ]]; then
  OUT=${OUT:-$BENCH_DIR/results/$(date +%Y%m%d-%H%M%S)-compare-$(IFS=+; echo "${PRESETS[*]}")}
  mkdir -p "$OUT"
  # shellcheck disable=SC2086
  read -r -a SIDES <<<"roomwire $PEERS"
  # shellcheck disable=SC2086
  [[ $BUILD == 1 ]] && build "${SIDES[@]}"
  {
    echo "date=$(date -Is)"
    echo "host=$(uname -n), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at the start"
    echo "server_java_opts=$SERVER_JAVA_OPTS"
    echo "loadgen_java_opts=$LOADGEN_JAVA_OPTS"
    echo "pinning=server ${SERVER_CPUS:-not pinned}, loadgen ${LOADGEN_CPUS:-not pinned}"
    echo "extra_loadgen_flags=${EXTRA[*]}"
    echo "server_extra=${SERVER_EXTRA:-}"
    echo "deflate=${DEFLATE:-0}${DEFLATE_MIN_SIZE:+, min-size ${DEFLATE_MIN_SIZE} (first preset)}"
    echo "peer_extra=${PEER_EXTRA:-}"
    echo "servers=${SIDES[*]}"
    if [[ " $PEERS " == *" webflux "* ]]; then echo "webflux_extra=${WEBFLUX_EXTRA:-}"; fi
    if [[ " $PEERS " == *" node "* ]]; then
      echo "node=$("$NODE" --version), ws $(sed -n 's/.*"version": "\(.*\)".*/\1/p' \
        "$NODE_DIR/node_modules/ws/package.json" 2>/dev/null | head -1), node_server_opts=$NODE_SERVER_OPTS --expose-gc"
      echo "node_extra=${NODE_EXTRA:-}"
    fi
  } >"$OUT/settings.txt"
  first=1
  for p in "${PRESETS[@]}"; do
    for side in "${SIDES[@]}"; do
      if [[ $first == 0 ]]; then
        echo "== cooling down ${COOLDOWN:-5} s"
        sleep "${COOLDOWN:-5}"
      fi
      first=0
      echo "==== compare: $p on $side"
      mkdir -p "$OUT/$side/$p"
      rc=0
      SERVER=$side OUT="$OUT/$side/$p" "$BENCH_DIR/run.sh" --no-build "$p" -- "${EXTRA[@]}" || rc=$?
      echo "$rc" >"$OUT/$side/$p/exit-code"
    done
  done
  echo "==== comparison (also in $OUT/compare.md)"
  python3 "$BENCH_DIR/compare.py" "$OUT" "${PRESETS[@]}"
  exit 0
fi

# ---------------------------------------------------------------- cluster: the preset on one node, then on two nodes + Redis
# "Publishers on node A, members on both": the loadgen gets --urls A,B (connection i on node i % 2) and
# --publisher-url A. Both runs get the same load (see loadgen() for the publisher count), so the one-node figures
# can stand beside the two-node ones.
if [[ $MODE == cluster ]]; then
  OUT=${OUT:-$BENCH_DIR/results/$(date +%Y%m%d-%H%M%S)-cluster-$PRESET}
  mkdir -p "$OUT"
  [[ $BUILD == 1 ]] && build roomwire
  {
    echo "date=$(date -Is)"
    echo "host=$(uname -n), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at the start"
    echo "server_java_opts=$SERVER_JAVA_OPTS"
    echo "loadgen_java_opts=$LOADGEN_JAVA_OPTS"
    echo "pinning=server ${SERVER_CPUS:-not pinned}, loadgen ${LOADGEN_CPUS:-not pinned}"
    echo "extra_loadgen_flags=${EXTRA[*]}"
    echo "server_extra=${SERVER_EXTRA:-}"
    echo "deflate=${DEFLATE:-0}${DEFLATE_MIN_SIZE:+, min-size ${DEFLATE_MIN_SIZE} (first preset)}"
    echo "redis=$(redis-server --version | cut -d' ' -f3), aof=${REDIS_AOF:-0}"
  } >"$OUT/settings.txt"
  sides=(cluster)
  [[ ${CLUSTER_BASELINE:-1} == 1 ]] && sides=(single cluster)
  for side in "${sides[@]}"; do
    if [[ $side == cluster && ${#sides[@]} -gt 1 ]]; then
      echo "== cooling down ${COOLDOWN:-5} s"
      sleep "${COOLDOWN:-5}"
    fi
    echo "==== cluster: $PRESET on $([[ $side == single ]] && echo "one node" || echo "two nodes + Redis")"
    mkdir -p "$OUT/$side"
    rc=0
    TOPOLOGY=$side OUT="$OUT/$side" "$BENCH_DIR/run.sh" --no-build "$PRESET" -- "${EXTRA[@]}" || rc=$?
    echo "$rc" >"$OUT/$side/exit-code"
  done
  echo "==== one node vs two nodes (also in $OUT/cluster.md)"
  python3 "$BENCH_DIR/cluster.py" "$OUT"
  exit 0
fi

# ---------------------------------------------------------------- one preset: on one server, or on two nodes + Redis (TOPOLOGY=cluster)
OUT=${OUT:-$BENCH_DIR/results/$(date +%Y%m%d-%H%M%S)-$PRESET}
if [[ $PRESET == s2 && -z $SERVER_JAVA_OPTS_SET ]]; then
  SERVER_JAVA_OPTS=$S2_JAVA_OPTS
fi
mkdir -p "$OUT"

# What the peers do not implement. The loadgen's storm reconnects with ?session= and re-joins with since; the
# peers ignore both, so their "reconnects" would be fresh sessions with no recovery, i.e. not the same work.
unsupported() {
  if [[ $SERVER != roomwire && $PRESET == s3-storm && ${PEER_STORM:-0} != 1 ]]; then
    echo "session resume (?session=) and join with since: the $SERVER peer ignores both, so its reconnects would be" \
      "fresh sessions without recovery (PEER_STORM=1 runs it anyway)"
  fi
}
why=$(unsupported)
if [[ -n "$why" ]]; then
  echo "$SERVER: not supported: $PRESET: $why" >&2
  echo "UNSUPPORTED {\"server\":\"$SERVER\",\"preset\":\"$PRESET\",\"reason\":\"$why\"}" >>"$OUT/loadgen.out"
  exit 3
fi
if [[ $SERVER != roomwire && ( $PRESET == s3-storm || ( $PRESET == custom && "${EXTRA[*]}" == *storm* ) ) ]]; then
  echo "NOTE {\"server\":\"$SERVER\",\"note\":\"storm reconnects are fresh sessions on the $SERVER peer (no resume, since ignored)\"}" \
    | tee -a "$OUT/loadgen.out"
fi

if [[ $BUILD == 1 ]]; then build "$SERVER"; fi
case "$SERVER" in
  peer)
    APP_JAR=$(ls "$PEER_DIR"/target/peer-*.jar 2>/dev/null | head -1 || true)
    SERVER_FLAGS=("${PEER_FLAGS[@]}") ;;
  webflux)
    APP_JAR=$(ls "$WEBFLUX_DIR"/target/peer-webflux-*.jar 2>/dev/null | grep -v '\.original' | head -1 || true)
    SERVER_FLAGS=("${WEBFLUX_FLAGS[@]}") ;;
  node)
    APP_JAR=$NODE_DIR/server.js # not a jar: the script node runs
    [[ -d "$NODE_DIR/node_modules/ws" ]] || node_install
    SERVER_FLAGS=("${NODE_FLAGS[@]}") ;;
  *)
    APP_JAR=$(ls "$BUILD_DIR"/roomwire-*.jar 2>/dev/null | grep -v -- '-plain\|\.original' | head -1 || true)
    SERVER_FLAGS=("${ROOMWIRE_FLAGS[@]}" "${DEFLATE_FLAGS[@]}") ;;
esac
# shellcheck disable=SC2206
SERVER_FLAGS+=(${SERVER_EXTRA:-})
[[ -f "$APP_JAR" ]] || { echo "run.sh: no $SERVER jar (run without --no-build)" >&2; exit 1; }
[[ -f "$LOADGEN_JAR" ]] || { echo "run.sh: no $LOADGEN_JAR (run without --no-build)" >&2; exit 1; }

# Both processes hold one descriptor per connection.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
if [[ $(ulimit -n) != unlimited && $(ulimit -n) -lt 40000 ]]; then
  echo "run.sh: note: open-files limit is $(ulimit -n); 18k-connection runs need more than 18,100 per process" >&2
fi

# The processes measured, by name: "server" (one node), or "node-a", "node-b" and "redis" (TOPOLOGY=cluster).
# Each has PIDS[name], a CPU sampler writing $OUT/<name>-cpu.txt, and CPU0[name] at start_run.
declare -A PIDS=() CPU0=() SAMPLERS=()
PROCS=()
REDIS_DIR=
stop_pid() { # pid: TERM, up to 20 s, then KILL
  kill -0 "$1" 2>/dev/null || return 0
  kill "$1"
  for _ in $(seq 1 40); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.5; done
  kill -9 "$1" 2>/dev/null || true
}
stop_server() { # every server this run started (nodes before Redis), and Redis's temp dir
  local n
  stop_sampler
  for n in server node-a node-b redis; do
    [[ -n "${PIDS[$n]:-}" ]] || continue
    stop_pid "${PIDS[$n]}"
    unset 'PIDS[$n]'
  done
  if [[ -n "$REDIS_DIR" ]]; then rm -rf "$REDIS_DIR"; REDIS_DIR=; fi
}
trap stop_server EXIT
trap 'exit 130' INT TERM

server_ready() { # port: the health endpoint (RoomWire, webflux, node); the Spring WebSocket peer has no actuator,
  # but GET /ws (no upgrade) answers 400
  if [[ $SERVER == peer ]]; then
    [[ $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$1/ws") == 400 ]]
  else
    curl -sf "http://127.0.0.1:$1/actuator/health" >/dev/null
  fi
}

start_java() { # name port log-prefix flags...: start one server and wait (60 s at most) until it answers
  local name=$1 port=$2 log=$3
  shift 3
  if curl -s -o /dev/null "http://127.0.0.1:$port/"; then
    echo "run.sh: port $port is already in use" >&2
    exit 1
  fi
  echo "== starting $SERVER${TOPOLOGY:+ ($name)}: $APP_JAR on port $port"
  if [[ $SERVER == node ]]; then
    # shellcheck disable=SC2086
    "${SERVER_PIN[@]}" "$NODE" $NODE_SERVER_OPTS --expose-gc "$APP_JAR" \
        --port="$port" "${SERVER_FLAGS[@]}" "$@" >"$OUT/$log.log" 2>&1 &
  else
    # shellcheck disable=SC2086
    "${SERVER_PIN[@]}" "$JAVA" $SERVER_JAVA_OPTS -Xlog:gc*:file="$OUT/$log-gc.log" -jar "$APP_JAR" \
        --server.port="$port" "${SERVER_FLAGS[@]}" "$@" >"$OUT/$log.log" 2>&1 &
  fi
  PIDS[$name]=$!
  PROCS+=("$name")
  for _ in $(seq 1 120); do
    if server_ready "$port"; then
      echo "   $name pid ${PIDS[$name]} is UP"
      return
    fi
    kill -0 "${PIDS[$name]}" 2>/dev/null || { echo "run.sh: $name died, see $OUT/$log.log" >&2; exit 1; }
    sleep 0.5
  done
  echo "run.sh: $name not ready after 60 s" >&2
  exit 1
}

free_port() { # a loopback port nobody listens on now (the kernel picks it)
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

start_redis() { # a throw-away redis-server on loopback: temp dir, no persistence (REDIS_AOF=1: AOF, fsync everysec)
  REDIS_PORT=$(free_port)
  REDIS_DIR=$(mktemp -d /tmp/roomwire-bench-redis.XXXXXX)
  local persist=(--save '' --appendonly no)
  [[ ${REDIS_AOF:-0} == 1 ]] && persist=(--save '' --appendonly yes --appendfsync everysec)
  echo "== starting redis-server on 127.0.0.1:$REDIS_PORT ($([[ ${REDIS_AOF:-0} == 1 ]] && echo "AOF, appendfsync everysec" \
    || echo "no persistence"))"
  "${SERVER_PIN[@]}" redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --dir "$REDIS_DIR" "${persist[@]}" \
      --daemonize no --logfile "$OUT/redis.log" >/dev/null 2>&1 &
  PIDS[redis]=$!
  PROCS+=(redis)
  for _ in $(seq 1 40); do
    if [[ $(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null) == PONG ]]; then
      echo "   redis pid ${PIDS[redis]} is UP"
      return
    fi
    kill -0 "${PIDS[redis]}" 2>/dev/null || { echo "run.sh: redis-server died, see $OUT/redis.log" >&2; exit 1; }
    sleep 0.25
  done
  echo "run.sh: redis-server not ready after 10 s" >&2
  exit 1
}

start_server() {
  if [[ $TOPOLOGY != cluster ]]; then
    start_java server "$PORT" server
    return
  fi
  start_redis
  local n
  for n in a b; do
    start_java "node-$n" "$([[ $n == a ]] && echo "$PORT_A" || echo "$PORT_B")" "node-$n" \
        --roomwire.cluster.mode=redis --roomwire.cluster.node-id="$n" \
        --spring.data.redis.host=127.0.0.1 --spring.data.redis.port="$REDIS_PORT"
  done
}

# Per-step server CPU: the loadgen has no per-step hooks, so a sampler notes each process's CPU ticks every 0.2 s
# (<name>-cpu.txt) and the loadgen's "step N: R msgs/s ..., warmup W s, measure D s" line is time-stamped on arrival
# (step-times.txt). report_server interpolates the CPU over each step's measured window.
cpu_sampler() { # pid file: "<epoch s> <utime+stime ticks>" lines while the pid lives
  local s f
  while read -r s 2>/dev/null <"/proc/$1/stat"; do
    # shellcheck disable=SC2206
    f=(${s##*) })
    echo "$EPOCHREALTIME $((f[11] + f[12]))"
    sleep 0.2
  done >"$2"
}
stop_sampler() {
  local n
  for n in "${!SAMPLERS[@]}"; do
    kill "${SAMPLERS[$n]}" 2>/dev/null || true
    wait "${SAMPLERS[$n]}" 2>/dev/null || true
  done
  SAMPLERS=()
}
stamp_steps() { # pass the loadgen's output through; time-stamp its step-start lines into step-times.txt
  local l
  while IFS= read -r l || [[ -n "$l" ]]; do
    printf '%s\n' "$l"
    if [[ "$l" == *"] step "*" msgs/s from "* ]]; then printf '%s %s\n' "$EPOCHREALTIME" "$l" >>"$OUT/step-times.txt"; fi
  done
}
step_cpu() { # label name tag fields: one "<tag> {<fields>,label,step,...}" line per time-stamped step
  [[ -s "$OUT/step-times.txt" && -s "$OUT/$2-cpu.txt" ]] || return 0
  awk -v tck="$(getconf CLK_TCK)" -v label="$1" -v tag="$3" -v fields="$4" '
    FNR == NR { t[++n] = $1; c[n] = $2; next }
    function ticks(x,  i) {
      if (x <= t[1]) return c[1]
      for (i = 2; i <= n; i++) if (t[i] >= x) return c[i-1] + (c[i] - c[i-1]) * (x - t[i-1]) / (t[i] - t[i-1])
      return c[n]
    }
    {
      s = $0; sub(/.*\] step /, "", s); step = s + 0
      s = $0; sub(/.*\] step [0-9]+: /, "", s); rate = s + 0
      s = $0; sub(/.*warmup /, "", s); w = s + 0
      s = $0; sub(/.*measure /, "", s); d = s + 0
      a = $1 + 0.1 + w; b = a + d
      printf "%s {%s\"label\":\"%s\",\"step\":%d,\"rate\":%s,\"window_s\":%.2f,\"cpu_s\":%.2f,\"sampled\":%s}\n",
        tag, fields, label, step, rate, d, (ticks(b) - ticks(a)) / tck, (b <= t[n] ? "true" : "false")
    }' "$OUT/$2-cpu.txt" "$OUT/step-times.txt"
}

target_flags() { # loadgen flags...: the endpoint flags for this topology, printed one per line
  if [[ -z $TOPOLOGY ]]; then
    printf '%s\n' --url "$URL"
    return
  fi
  [[ $TOPOLOGY == cluster ]] && printf '%s\n' --urls "ws://127.0.0.1:$PORT_A/ws,ws://127.0.0.1:$PORT_B/ws" \
    --publisher-url "ws://127.0.0.1:$PORT_A/ws"
  [[ $TOPOLOGY == single ]] && printf '%s\n' --url "$URL"
  # Presets where every member publishes would put every connection on node A: one publisher per room instead
  # (ids 0..rooms-1, so one in each room), in the one-node run too, so both carry the same load.
  local a prev= rooms= scenario=fanout
  for a in "$@"; do
    [[ $prev == --publishers || $a == --publishers=* ]] && return 0
    [[ $prev == --rooms ]] && rooms=$a
    [[ $a == --rooms=* ]] && rooms=${a#*=}
    [[ $prev == --scenario ]] && scenario=$a
    [[ $a == --scenario=* ]] && scenario=${a#*=}
    prev=$a
  done
  if [[ ($scenario == fanout || $scenario == latency) && ${rooms:-0} -gt 0 ]]; then
    printf '%s\n' --publishers "$rooms"
  fi
}

loadgen() { # loadgen flags...; output to the terminal and $OUT/loadgen.out
  local target
  mapfile -t target < <(target_flags "$@" "${EXTRA[@]}")
  # shellcheck disable=SC2086
  "${LOADGEN_PIN[@]}" "$JAVA" $LOADGEN_JAVA_OPTS -jar "$LOADGEN_JAR" "${target[@]}" "${LOADGEN_DEFLATE[@]}" "$@" \
      "${EXTRA[@]}" 2>&1 \
    | stamp_steps | tee -a "$OUT/loadgen.out"
}

report_server() { # label: per process, CPU per measured step and since start_run, RSS now and peak, heap after GC
  local n cpu1 fields heap mem line
  declare -A cpu1s=()
  for n in "${PROCS[@]}"; do cpu1s[$n]=$(server_cpu_s "${PIDS[$n]}"); done
  stop_sampler
  for n in "${PROCS[@]}"; do
    fields="\"server\":\"$SERVER\","
    [[ $n == node-* ]] && fields+="\"node\":\"${n#node-}\","
    if [[ $n == redis ]]; then
      step_cpu "$1" redis REDIS_STEP ""
    else
      step_cpu "$1" "$n" SERVER_STEP "$fields"
    fi
  done | tee -a "$OUT/loadgen.out"
  for n in "${PROCS[@]}"; do
    cpu1=${cpu1s[$n]}
    cpu1=$(awk -v a="${CPU0[$n]}" -v b="$cpu1" 'BEGIN{printf "%.2f", b-a}')
    if [[ $n == redis ]]; then
      mem=$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" info memory 2>/dev/null | sed -n 's/^used_memory:\([0-9]*\).*/\1/p')
      line="REDIS {\"label\":\"$1\",\"cpu_s\":$cpu1,\"rss_kb\":$(server_rss_kb "${PIDS[$n]}"),\"rss_peak_kb\":$(server_hwm_kb "${PIDS[$n]}"),\"used_memory_kb\":$(( ${mem:-0} / 1024 )),\"aof\":${REDIS_AOF:-0}}"
    else
      heap=$(heap_used_kb "${PIDS[$n]}" "$PORT")
      fields="\"server\":\"$SERVER\","
      [[ $n == node-* ]] && fields+="\"node\":\"${n#node-}\","
      line="SERVER {$fields\"label\":\"$1\",\"cpu_s\":$cpu1,\"rss_kb\":$(server_rss_kb "${PIDS[$n]}"),\"rss_peak_kb\":$(server_hwm_kb "${PIDS[$n]}"),\"heap_after_gc_kb\":$heap}"
    fi
    echo "$line" | tee -a "$OUT/loadgen.out"
  done
}

start_run() {
  local n
  stop_sampler
  : >"$OUT/step-times.txt"
  for n in "${PROCS[@]}"; do
    CPU0[$n]=$(server_cpu_s "${PIDS[$n]}")
    cpu_sampler "${PIDS[$n]}" "$OUT/$n-cpu.txt" &
    SAMPLERS[$n]=$!
  done
}

warm_server() { # JIT-warm the server(s) (handshakes, joins, fan-out) before anything is measured
  [[ "${SERVER_WARMUP:-1}" == 1 ]] || return 0
  echo "== warming the server up (SERVER_WARMUP=0 skips)"
  local flags=(--quiet --scenario fanout --connections 500 --rooms 50 --rate 2000 --duration 8 --warmup 2
    --room-prefix warmup-r "${LOADGEN_DEFLATE[@]}") target
  mapfile -t target < <(target_flags "${flags[@]}")
  # shellcheck disable=SC2086
  "${LOADGEN_PIN[@]}" "$JAVA" $LOADGEN_JAVA_OPTS -jar "$LOADGEN_JAR" "${target[@]}" "${flags[@]}" >"$OUT/warmup.out" 2>&1 \
    || echo "run.sh: warning: warm-up run failed, see $OUT/warmup.out" >&2
  grep '^RESULT' "$OUT/warmup.out" | cut -c1-160 || true
}

summary() { # one compact line per RESULT
  local j
  grep '^RESULT ' "$OUT/loadgen.out" | sed -E 's/^RESULT //' | while read -r j; do
    field() { echo "$j" | grep -o "\"$1\":[^,}]*" | head -1 | cut -d: -f2; }
    local line="  $(field scenario) connected=$(field connected) handshakes/s=$(field handshake_per_s)"
    if [[ -n "$(field rate)" ]]; then
      line+=" rate=$(field rate) deliveries/s=$(field deliveries_per_s) missing=$(field missing)"
      line+=" p50=$(echo "$j" | sed -nE 's/.*"latency_ms":\{"p50":([^,]*).*/\1/p')"
      line+=" p99=$(echo "$j" | sed -nE 's/.*"latency_ms":\{[^}]*"p99":([^,]*).*/\1/p')"
    fi
    if [[ "$j" == *'"deflate":'* ]]; then
      line+=" deflate_agreed=$(field agreed)/$(( $(field agreed) + $(field declined) )) compressed=$(field compressed_messages)"
      line+=" plain=$(field plain_messages)"
    fi
    if [[ "$j" == *'"reconnect":'* ]]; then
      line+=" reconnect/s=$(field per_s) reconnected=$(echo "$j" | grep -o '"reconnect":{"connected":[0-9]*' | cut -d: -f3)"
    fi
    echo "$line"
  done
}

start_server
[[ "$PRESET" == smoke || "$PRESET" == s2 ]] || warm_server
echo "== preset $PRESET${DEFLATE_FLAGS[*]:+ with ${DEFLATE_FLAGS[*]} and loadgen ${LOADGEN_DEFLATE[*]}}, results in $OUT"

case "$PRESET" in
  smoke)
    start_run
    loadgen --scenario fanout --connections 100 --rooms 10 --rate 200 --duration 5 --warmup 2
    report_server smoke
    ;;
  s1-rooms) # S1a: 200 rooms x 10 members, every member publishes, rising total rates
    start_run
    loadgen --scenario fanout --connections 2000 --rooms 200 --rate "${RATES:-2000,5000,10000,20000,40000}" \
        --duration 10 --warmup 3
    report_server s1-rooms
    ;;
  s1-bigroom) # S1b: 1 room x 1000 members, 10 publishers, rising rates (deliveries = rate x 1000), open loop
    start_run
    loadgen --scenario fanout --connections 1000 --rooms 1 --publishers 10 --rate "${RATES:-10,25,50,100,200,400}" \
        --duration 10 --warmup 3
    report_server s1-bigroom
    ;;
  s2) # idle connections; memory per connection is the slope of heap-after-GC (and RSS) over count
    start_run
    measure "${PIDS[server]}" "$PORT" | tee -a "$OUT/samples.txt"
    for n in ${COUNTS:-2000 5000 10000 18000}; do
      loadgen --scenario idle --connections "$n" --rooms "${S2_ROOMS:-100}" --duration 5 \
          --hold-command "'$BENCH_DIR/run.sh' measure ${PIDS[server]} $PORT | tee -a '$OUT/samples.txt'"
      sleep 2
    done
    report_server s2
    awk -F'[:,}]' '/^SERVER_SAMPLE/ && $2 > 0 { n++; x[n]=$2; h[n]=$6; r[n]=$4 }
      END { if (n < 2) exit; for (i=1;i<=n;i++) { sx+=x[i]; sh+=h[i]; sr+=r[i] } mx=sx/n; mh=sh/n; mr=sr/n;
            for (i=1;i<=n;i++) { vx+=(x[i]-mx)^2; ch+=(x[i]-mx)*(h[i]-mh); cr+=(x[i]-mx)*(r[i]-mr) }
            printf "S2 slope: heap after GC %.2f KB/connection, RSS %.2f KB/connection (%d loaded samples)\n", ch/vx, cr/vx, n }' \
        "$OUT/samples.txt" | tee -a "$OUT/loadgen.out"
    ;;
  s3-rate) # handshake rate at 64, 128, 256 dialers (connect phase only)
    for c in ${DIALERS:-64 128 256}; do
      start_run
      loadgen --scenario storm --storm-reconnect false --connections "${CONNECTIONS:-10000}" --rooms 0 \
          --concurrency "$c" --source-addresses 8
      report_server "s3-rate-$c"
      sleep 3
    done
    ;;
  s3-storm) # reconnect storm: 10,000 joined clients drop at once and reconnect with resume + since
    start_run
    loadgen --scenario storm --connections "${CONNECTIONS:-10000}" --rooms 1000 --concurrency 256 \
        --source-addresses 8 --storm-pause 5
    report_server s3-storm
    ;;
  s4) # latency at 25/50/75 % of the S1 capacity (S1_CAPACITY msgs/s, from s1-rooms)
    cap=${S1_CAPACITY:?set S1_CAPACITY to the msgs/s S1 sustained}
    rates=$(awk -v c="$cap" 'BEGIN { printf "%d,%d,%d", c*0.25, c*0.5, c*0.75 }')
    start_run
    loadgen --scenario latency --connections 2000 --rooms 200 --rate "$rates" --duration 10 --warmup 3
    report_server s4
    ;;
  s5) # 50 slow clients (stop reading) in a room of 1000: the others' latency and deliveries must hold.
      # Each slow socket absorbs ~4 MB of kernel send buffer (loopback tcp_wmem max) + 1 MB server queue
      # before 1013, so push > 5 MB at it: 100 msgs/s x 33 s x ~2.1 KB frames ~ 7 MB.
    start_run
    loadgen --scenario fanout --connections 1000 --rooms 1 --publishers 20 --slow-clients 50 \
        --rate "${RATES:-100}" --message-bytes 2000 --duration 30 --warmup 3 --drain 10
    report_server s5
    ;;
  s6-moderate) # S6: a moderate big room: 1 room x 2000 members, 10 publishers x 2 msgs/s = 20 msgs/s = 40,000
      # deliveries/s, measured for 30 s (latency p50/p99/p99.9 at a load every server should carry)
    start_run
    loadgen --scenario fanout --connections 2000 --rooms 1 --publishers 10 --rate "${RATES:-20}" \
        --duration 30 --warmup 5
    report_server s6-moderate
    ;;
  custom)
    start_run
    loadgen
    report_server custom
    ;;
  *)
    echo "run.sh: unknown preset $PRESET" >&2
    exit 2
    ;;
esac

echo "== summary"
summary
stop_server
echo "== done; logs in $OUT"
