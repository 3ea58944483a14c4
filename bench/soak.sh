#!/usr/bin/env bash
# The soak (issue 14; bench/README.md, "Soak"): starts RoomWire, measures its heap after a full GC, runs
# bench/soak/Soak.java (simulated users joining, chatting, dropping and resuming at random), checks
# delivery, then waits until the server has forgotten the rooms and resume tokens and checks that the
# heap after a full GC is back near where it started. Not part of ./mvnw verify.
#
#   bench/soak.sh [--no-build] [Soak.java flags]     e.g. bench/soak.sh --users 2000 --rooms 50 --minutes 10
#
# Environment: JAVA (a JDK >= 21; default $JAVA_HOME, then /usr/lib/jvm), PORT (18090), BUILD_DIR (<repo>/target),
# HEAP_SLACK_MB (heap after the run may exceed the baseline by this much; 32), OUT (bench/results/<time>-soak).
set -euo pipefail

BENCH_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd -- "$BENCH_DIR/.." && pwd)
PORT=${PORT:-18090}
BUILD_DIR=${BUILD_DIR:-$ROOT/target}
HEAP_SLACK_MB=${HEAP_SLACK_MB:-32}
OUT=${OUT:-$BENCH_DIR/results/$(date +%Y%m%d-%H%M%S)-soak}
# Forgetting is what brings the heap back: empty rooms after room-idle-ttl, resume tokens after resume-window.
ROOM_TTL_S=10
RESUME_S=20

source "$(dirname -- "${BASH_SOURCE[0]}")/find-java.sh"
JAVA=$(find_java)
JDK_BIN=$(dirname -- "$JAVA")

if [[ "${1:-}" == "--no-build" ]]; then
  shift
else
  echo "== building RoomWire into $BUILD_DIR"
  (cd "$ROOT" && ./mvnw -B -q -DskipTests package -Droomwire.build.dir="$BUILD_DIR")
fi
APP_JAR=$(ls "$BUILD_DIR"/roomwire-*.jar | grep -v original | head -1)
mkdir -p "$OUT"

heap_kb() { # full GC, then the heap in use (KB)
  "$JDK_BIN/jcmd" "$1" GC.run >/dev/null
  "$JDK_BIN/jcmd" "$1" GC.heap_info | sed -n 's/.*used \([0-9]*\)K.*/\1/p' | head -1
}

echo "== starting $APP_JAR on port $PORT (log: $OUT/server.log)"
"$JAVA" -Xms512m -Xmx1g -XX:+UseG1GC -XX:+ExitOnOutOfMemoryError -jar "$APP_JAR" \
  --server.port="$PORT" --server.address=127.0.0.1 --roomwire.admin.password=soak \
  --roomwire.websocket.max-connections-per-address=0 --roomwire.websocket.handshakes-per-second=0 \
  --roomwire.websocket.max-handshakes-in-flight=0 \
  --roomwire.chat.room-idle-ttl=${ROOM_TTL_S}s --roomwire.chat.resume-window=${RESUME_S}s \
  >"$OUT/server.log" 2>&1 &
SERVER_PID=$!
trap 'kill "$SERVER_PID" 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  curl -s -o /dev/null "http://127.0.0.1:$PORT/actuator/health" && break
  kill -0 "$SERVER_PID" 2>/dev/null || { echo "soak.sh: the server died, see $OUT/server.log" >&2; exit 1; }
  sleep 0.5
done

# A first round of the same traffic for a minute warms the JIT and fills Tomcat's pools, so the baseline
# is a warm server's.
echo "== warming up"
"$JAVA" "$BENCH_DIR/soak/Soak.java" --url "ws://127.0.0.1:$PORT/ws" --users 100 --rooms 10 --minutes 0.5 \
  >"$OUT/warmup.out" 2>&1 || { echo "soak.sh: the warm-up failed, see $OUT/warmup.out" >&2; exit 1; }
sleep $((ROOM_TTL_S + RESUME_S + 5))
BASELINE=$(heap_kb "$SERVER_PID")
echo "   heap after GC, before the soak: $((BASELINE / 1024)) MB"

echo "== soak"
set +e
"$JAVA" -Xmx1g "$BENCH_DIR/soak/Soak.java" --url "ws://127.0.0.1:$PORT/ws" "$@" | tee "$OUT/soak.out"
SOAK=${PIPESTATUS[0]}
set -e
DURING=$(heap_kb "$SERVER_PID")
echo "   heap after GC, right after the soak: $((DURING / 1024)) MB"
echo "== waiting $((ROOM_TTL_S + RESUME_S + 5)) s for the server to forget the rooms and resume tokens"
sleep $((ROOM_TTL_S + RESUME_S + 5))
AFTER=$(heap_kb "$SERVER_PID")
echo "   heap after GC, after the soak: $((AFTER / 1024)) MB (baseline $((BASELINE / 1024)) MB, slack $HEAP_SLACK_MB MB)"
echo "HEAP {\"baseline_kb\":$BASELINE,\"right_after_kb\":$DURING,\"after_kb\":$AFTER}" | tee -a "$OUT/soak.out"
if (( AFTER > BASELINE + HEAP_SLACK_MB * 1024 )); then
  echo "SOAK FAILED: the heap did not return to its baseline"
  exit 1
fi
exit "$SOAK"
