#!/usr/bin/env bash
# RoomWire benchmark runner: build, start RoomWire with benchmark limits, wait for health, run a
# loadgen scenario, read the server's CPU seconds, RSS and heap after a full GC, stop the server.
#
#   bench/run.sh [--no-build] PRESET [-- extra loadgen flags]
#   bench/run.sh [--no-build] custom -- <loadgen flags>
#   bench/run.sh measure PID          (one SERVER_SAMPLE line for a running server; used by idle holds)
#
# Presets (see bench/README.md): smoke, s1-rooms, s1-bigroom, s2, s3-rate, s3-storm, s4, s5.
# Environment:
#   JAVA               JDK >= 21 java for the server and loadgen (default: $JAVA_HOME, then /usr/lib/jvm)
#   PORT               server port (18080)
#   BUILD_DIR          where the app is built and its jar taken from (/work/main/target, i.e. <repo>/target)
#   SERVER_JAVA_OPTS   server JVM flags (default below)
#   LOADGEN_JAVA_OPTS  loadgen JVM flags (default below)
#   SERVER_EXTRA       extra --name=value server flags
#   SERVER_CPUS        pin the server with taskset -c (e.g. 0); LOADGEN_CPUS likewise (e.g. 1)
#   SERVER_WARMUP      1 (default): a short unmeasured load first, so the JIT is warm; 0 skips it
#   S1_CAPACITY        msgs/s that S1 (200 rooms x 10) sustained; s4 runs at 25/50/75 % of it
#   OUT                results folder (bench/results/<time>-<preset>)
set -euo pipefail

BENCH_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd -- "$BENCH_DIR/.." && pwd)
PORT=${PORT:-18080}
BUILD_DIR=${BUILD_DIR:-$ROOT/target}
URL="ws://127.0.0.1:$PORT/ws"

find_java() {
  if [[ -n "${JAVA:-}" ]]; then echo "$JAVA"; return; fi
  local c
  for c in "${JAVA_HOME:-}/bin/java" /usr/lib/jvm/*/bin/java; do
    [[ -x "$c" ]] || continue
    local v
    v=$("$c" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
    if [[ -n "$v" && "$v" -ge 21 ]]; then echo "$c"; return; fi
  done
  echo "run.sh: no JDK >= 21 found; set JAVA" >&2
  exit 1
}
JAVA=$(find_java)
JDK_BIN=$(dirname -- "$JAVA")
SERVER_PIN=()
LOADGEN_PIN=()
[[ -n "${SERVER_CPUS:-}" ]] && SERVER_PIN=(taskset -c "$SERVER_CPUS")
[[ -n "${LOADGEN_CPUS:-}" ]] && LOADGEN_PIN=(taskset -c "$LOADGEN_CPUS")

# Server JVM: fixed-size young-gen-friendly G1 heap, no pre-touch (so RSS shows what is really used),
# GC log for pause analysis, and die on OOM rather than limp along.
SERVER_JAVA_OPTS=${SERVER_JAVA_OPTS:--Xms1g -Xmx2g -XX:+UseG1GC -XX:MaxGCPauseMillis=50 -XX:+ExitOnOutOfMemoryError}
# Loadgen JVM: a heap that never resizes during a step.
LOADGEN_JAVA_OPTS=${LOADGEN_JAVA_OPTS:--Xms512m -Xmx1g -XX:+UseG1GC}

# The limits RoomWire must be started with for benchmarks (defaults would refuse the load):
#   flood budgets per connection (default 10 msgs/s, burst 20) -> effectively off
#   members per room (default 10,000) and rooms per node (10,000) -> 20,000
#   presence-event-limit=0: count events only, no per-member join/leave storms while connecting
#   Tomcat: max-connections (default 8,192) and the accept backlog (default 100) for storms
SERVER_FLAGS=(
  --server.port="$PORT"
  --server.address=127.0.0.1
  --roomwire.admin.password=bench
  --roomwire.chat.flood.chat-per-second=100000
  --roomwire.chat.flood.chat-burst=100000
  --roomwire.chat.max-members-per-room=20000
  --roomwire.chat.max-rooms=20000
  --roomwire.chat.presence-event-limit=0
  --server.tomcat.max-connections=20000
  --server.tomcat.accept-count=4096
)
if [[ -n "${SERVER_EXTRA:-}" ]]; then
  # shellcheck disable=SC2206
  SERVER_FLAGS+=($SERVER_EXTRA)
fi

server_cpu_s() { # utime+stime of a pid, in seconds
  awk -v tck="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); printf "%.2f", ($12 + $13) / tck }' "/proc/$1/stat"
}
server_rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }
server_hwm_kb() { awk '/^VmHWM:/ { print $2 }' "/proc/$1/status"; }
heap_used_kb() { # full GC, then the heap in use (KB), from the server's own JDK
  "$JDK_BIN/jcmd" "$1" GC.run >/dev/null
  "$JDK_BIN/jcmd" "$1" GC.heap_info | sed -n 's/.*used \([0-9]*\)K.*/\1/p' | head -1
}

measure() { # one line for a live server: connections held (from loadgen's hold), RSS, heap after GC, CPU
  local pid=$1 heap rss
  heap=$(heap_used_kb "$pid")
  rss=$(server_rss_kb "$pid")
  echo "SERVER_SAMPLE {\"connections\":${LOADGEN_CONNECTIONS:-0},\"rss_kb\":$rss,\"heap_after_gc_kb\":$heap,\"cpu_s\":$(server_cpu_s "$pid")}"
}

if [[ "${1:-}" == "measure" ]]; then
  measure "$2"
  exit 0
fi

BUILD=1
if [[ "${1:-}" == "--no-build" ]]; then BUILD=0; shift; fi
PRESET=${1:?usage: run.sh [--no-build] PRESET|custom [-- loadgen flags]}
shift
[[ "${1:-}" == "--" ]] && shift
EXTRA=("$@")

OUT=${OUT:-$BENCH_DIR/results/$(date +%Y%m%d-%H%M%S)-$PRESET}
mkdir -p "$OUT"
LOADGEN_JAR=$BENCH_DIR/loadgen/target/loadgen.jar

if [[ $BUILD == 1 ]]; then
  echo "== building RoomWire into $BUILD_DIR and the loadgen"
  (cd "$ROOT" && ./mvnw -B -q -DskipTests package -Droomwire.build.dir="$BUILD_DIR")
  (cd "$BENCH_DIR/loadgen" && ../../mvnw -B -q package)
fi
APP_JAR=$(ls "$BUILD_DIR"/roomwire-*.jar 2>/dev/null | grep -v -- '-plain\|\.original' | head -1 || true)
[[ -f "$APP_JAR" ]] || { echo "run.sh: no app jar in $BUILD_DIR (run without --no-build)" >&2; exit 1; }
[[ -f "$LOADGEN_JAR" ]] || { echo "run.sh: no $LOADGEN_JAR (run without --no-build)" >&2; exit 1; }

# Both processes hold one descriptor per connection.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
if [[ $(ulimit -n) != unlimited && $(ulimit -n) -lt 40000 ]]; then
  echo "run.sh: note: open-files limit is $(ulimit -n); 18k-connection runs need more than 18,100 per process" >&2
fi

SERVER_PID=
stop_server() {
  [[ -n "$SERVER_PID" ]] || return 0
  if kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID"
    for _ in $(seq 1 40); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$SERVER_PID" 2>/dev/null && kill -9 "$SERVER_PID"
  fi
  SERVER_PID=
}
trap stop_server EXIT

start_server() {
  if curl -s -o /dev/null "http://127.0.0.1:$PORT/"; then
    echo "run.sh: port $PORT is already in use" >&2
    exit 1
  fi
  echo "== starting $APP_JAR on port $PORT"
  # shellcheck disable=SC2086
  "${SERVER_PIN[@]}" "$JAVA" $SERVER_JAVA_OPTS -Xlog:gc*:file="$OUT/server-gc.log" -jar "$APP_JAR" "${SERVER_FLAGS[@]}" \
      >"$OUT/server.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 120); do
    if curl -sf "http://127.0.0.1:$PORT/actuator/health" >/dev/null; then
      echo "   server pid $SERVER_PID is UP"
      return
    fi
    kill -0 "$SERVER_PID" 2>/dev/null || { echo "run.sh: server died, see $OUT/server.log" >&2; exit 1; }
    sleep 0.5
  done
  echo "run.sh: server not healthy after 60 s" >&2
  exit 1
}

loadgen() { # loadgen flags...; output to the terminal and $OUT/loadgen.out
  # shellcheck disable=SC2086
  "${LOADGEN_PIN[@]}" "$JAVA" $LOADGEN_JAVA_OPTS -jar "$LOADGEN_JAR" --url "$URL" "$@" "${EXTRA[@]}" 2>&1 | tee -a "$OUT/loadgen.out"
}

report_server() { # label: CPU since start_run, RSS now and peak, heap after a full GC
  local cpu1 heap
  cpu1=$(server_cpu_s "$SERVER_PID")
  heap=$(heap_used_kb "$SERVER_PID")
  local line="SERVER {\"label\":\"$1\",\"cpu_s\":$(awk -v a="$CPU0" -v b="$cpu1" 'BEGIN{printf "%.2f", b-a}'),\"rss_kb\":$(server_rss_kb "$SERVER_PID"),\"rss_peak_kb\":$(server_hwm_kb "$SERVER_PID"),\"heap_after_gc_kb\":$heap}"
  echo "$line" | tee -a "$OUT/loadgen.out"
}

start_run() { CPU0=$(server_cpu_s "$SERVER_PID"); }

warm_server() { # JIT-warm the server (handshakes, joins, fan-out) before anything is measured
  [[ "${SERVER_WARMUP:-1}" == 1 ]] || return 0
  echo "== warming the server up (SERVER_WARMUP=0 skips)"
  # shellcheck disable=SC2086
  "${LOADGEN_PIN[@]}" "$JAVA" $LOADGEN_JAVA_OPTS -jar "$LOADGEN_JAR" --url "$URL" --quiet --scenario fanout --connections 500 \
      --rooms 50 --rate 2000 --duration 8 --warmup 2 --room-prefix warmup-r >"$OUT/warmup.out" 2>&1 \
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
    if [[ "$j" == *'"reconnect":'* ]]; then
      line+=" reconnect/s=$(field per_s) reconnected=$(echo "$j" | grep -o '"reconnect":{"connected":[0-9]*' | cut -d: -f3)"
    fi
    echo "$line"
  done
}

start_server
[[ "$PRESET" == smoke || "$PRESET" == s2 ]] || warm_server
echo "== preset $PRESET, results in $OUT"

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
  s1-bigroom) # S1b: 1 room x 1000 members, 50 publishers, rising rates (deliveries = rate x 1000)
    start_run
    loadgen --scenario fanout --connections 1000 --rooms 1 --publishers 50 --rate "${RATES:-10,25,50,100,200,400}" \
        --duration 10 --warmup 3
    report_server s1-bigroom
    ;;
  s2) # idle connections; memory per connection is the slope of heap-after-GC (and RSS) over count
    start_run
    measure "$SERVER_PID" | tee -a "$OUT/samples.txt"
    for n in ${COUNTS:-2000 5000 10000 18000}; do
      loadgen --scenario idle --connections "$n" --rooms $((n / 10)) --duration 5 \
          --hold-command "'$BENCH_DIR/run.sh' measure $SERVER_PID | tee -a '$OUT/samples.txt'"
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
