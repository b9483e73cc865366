#!/usr/bin/env bash
# Start-up of a built Quiver function: exec of `java -jar quarkus-run.jar` -> first 200 on /health/ready.
#
#   bench/coldstart/startup.sh [APP_DIR] [RUNS]
#
# APP_DIR is a function folder built with `./mvnw -pl functions/hello -am package -DskipTests`
# (default functions/hello); RUNS per configuration (default 5). It measures
#   jdk17          JDK 17 defaults (the project's build JDK)
#   jdk17-c1       JDK 17, -XX:TieredStopAtLevel=1 -XX:+UseSerialGC
#   jdk25-aot      Temurin 25 with an AOT cache from a training run (-XX:AOTCacheOutput=app.aot, then
#                  -XX:AOTCache=app.aot) plus -XX:TieredStopAtLevel=1 -XX:+UseSerialGC
# and prints min / p50 / max in milliseconds. Readiness is polled with curl every few ms, so figures carry
# a few ms of polling error. It never fails on timing.
set -euo pipefail

APP_DIR=${1:-functions/hello}
RUNS=${2:-5}
JDK17=${JDK17:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}
JDK25=${JDK25:-/usr/lib/jvm/temurin-25-jdk-amd64}
JAR="$APP_DIR/target/quarkus-app/quarkus-run.jar"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

[ -f "$JAR" ] || { echo "missing $JAR: build it first (./mvnw -pl $APP_DIR -am package -DskipTests)" >&2; exit 2; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
now_ms() { date +%s%3N; }

# Starts the app with the given JVM and flags, waits for ready, prints the ms from exec to ready, stops it.
start_once() {
  local java=$1; shift
  local port; port=$(free_port)
  local t0; t0=$(now_ms)
  PORT=$port "$java" "$@" -jar "$JAR" >"$WORK/app.log" 2>&1 &
  local pid=$!
  until curl -sf -o /dev/null "http://127.0.0.1:$port/health/ready"; do
    if ! kill -0 "$pid" 2>/dev/null; then echo "app exited; log:" >&2; cat "$WORK/app.log" >&2; return 1; fi
    sleep 0.002
  done
  local t1; t1=$(now_ms)
  echo $((t1 - t0))
  # Exercise the function once, as a cold request would, then stop it (SIGTERM: the drain path).
  curl -sf -o /dev/null -H 'Content-Type: application/json' -d '{"name":"bench"}' "http://127.0.0.1:$port/" || true
  kill -TERM "$pid"; wait "$pid" 2>/dev/null || true
}

measure() {
  local label=$1 java=$2; shift 2
  local samples=()
  for _ in $(seq "$RUNS"); do samples+=("$(start_once "$java" "$@")"); done
  printf '%s\n' "${samples[@]}" | sort -n > "$WORK/s"
  local n; n=$(wc -l < "$WORK/s")
  printf '%-10s %5d %8d %8d %8d   %s\n' "$label" "$n" "$(head -1 "$WORK/s")" \
    "$(sed -n "$(( (n + 1) / 2 ))p" "$WORK/s")" "$(tail -1 "$WORK/s")" "$(tr '\n' ' ' < "$WORK/s")"
}

echo "app: $JAR   runs: $RUNS   host: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-10s %5s %8s %8s %8s   %s\n' config runs min_ms p50_ms max_ms samples
measure jdk17 "$JDK17/bin/java"
measure jdk17-c1 "$JDK17/bin/java" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC
if [ -x "$JDK25/bin/java" ]; then
  AOT="$WORK/app.aot"
  # Training run: the JVM records what it loads and links, and writes the cache when it exits.
  start_once "$JDK25/bin/java" -XX:AOTCacheOutput="$AOT" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC >/dev/null
  [ -f "$AOT" ] || { echo "no AOT cache was written" >&2; exit 1; }
  measure jdk25-aot "$JDK25/bin/java" -XX:AOTCache="$AOT" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC
else
  echo "jdk25-aot  skipped: no JDK at $JDK25"
fi
