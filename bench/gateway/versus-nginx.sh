#!/usr/bin/env bash
# The gateway against nginx and against calling the function directly, in one run. Starts `quiver dev` over a copy of
# the hello sample pinned to one replica, nginx (Debian's package, one worker, keep-alive upstream), a bare Vert.x
# proxy (VertxProxyFloor.java, the floor of the gateway's HTTP libraries) and a bare Netty proxy (NettyProxyFloor.java,
# Netty's HTTP codecs without Vert.x) in front of that same replica, then drives the five paths with wrk at saturation
# (req/s, p50, p99, the proxy's CPU per request) and direct, nginx and the gateway with an open-loop client at a fixed
# rate, and prints the tables and the ratios. Never fails on timing.
#
#   bench/gateway/versus-nginx.sh [seconds=12] [rounds=2] [connections=16] [rate=1000]
#
# Needs: the built runtime and CLI (./mvnw -B install, or ./quiver once), wrk and nginx (apt-get install wrk
# nginx-light). Run it on a quiet machine: wrk, the replica and the proxies share the cores.
# Environment: JAVA_HOME (the runtime's JDK), DEV_OPTS (more `quiver dev` options, e.g.
# --runtime-jvm-option=-XX:+UseG1GC), WARMUP (seconds of load on each path before the rounds; default 30),
# FLOOR_NATIVE=true (the Vert.x floor on Netty's native transport), GATEWAY_PORT, ADMIN_PORT, NGINX_PORT, FLOOR_PORT,
# NETTY_FLOOR_PORT.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
SECONDS_PER_RUN="${1:-12}"
ROUNDS="${2:-2}"
CONNECTIONS="${3:-16}"
RATE="${4:-1000}"
WORK="$(mktemp -d /tmp/quiver-vs-nginx.XXXXXX)"
GATEWAY_PORT="${GATEWAY_PORT:-18080}"
NGINX_PORT="${NGINX_PORT:-18090}"
FLOOR_PORT="${FLOOR_PORT:-18070}"
NETTY_FLOOR_PORT="${NETTY_FLOOR_PORT:-18060}"
BODY='{"name":"quiver"}'

for tool in wrk nginx java; do
  command -v "$tool" >/dev/null 2>&1 || [[ -x "/usr/sbin/$tool" ]] || { echo "needs $tool (apt-get install -y wrk nginx-light)" >&2; exit 1; }
done
NGINX="$(command -v nginx || echo /usr/sbin/nginx)"

cleanup() {
  [[ -n "${NGINX_PID:-}" ]] && kill "$NGINX_PID" 2>/dev/null || true
  [[ -n "${FLOOR_PID:-}" ]] && kill "$FLOOR_PID" 2>/dev/null || true
  [[ -n "${NETTY_FLOOR_PID:-}" ]] && kill "$NETTY_FLOOR_PID" 2>/dev/null || true
  [[ -n "${DEV_PID:-}" ]] && kill "$DEV_PID" 2>/dev/null && wait "$DEV_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

# the hello sample, one replica that never scales (every path then reaches the same process)
mkdir -p "$WORK/functions"
cp -r "$ROOT/functions/hello" "$WORK/functions/hello"
rm -rf "$WORK/functions/hello/target"
sed -i 's/scale: {min: 0, max: 3, target: 50, scaleToZeroGracePeriod: 30s}/scale: {min: 1, max: 1}/' \
  "$WORK/functions/hello/function.yaml"
grep -q 'scale: {min: 1, max: 1}' "$WORK/functions/hello/function.yaml" || { echo "could not pin hello's scale" >&2; exit 1; }
cp "$ROOT/functions/pom.xml" "$WORK/functions/pom.xml" 2>/dev/null || true

echo "starting quiver dev on :$GATEWAY_PORT (log: $WORK/dev.log)…" >&2
(cd "$WORK" && exec "$ROOT/quiver" dev "$WORK/functions" --port "$GATEWAY_PORT" --admin-port "${ADMIN_PORT:-18081}" --dashboard-port -1 ${DEV_OPTS:-} \
  > "$WORK/dev.log" 2>&1) &
DEV_PID=$!
for _ in $(seq 1 600); do
  curl -fsS -o /dev/null -X POST -H 'Content-Type: application/json' -d "$BODY" \
    "http://127.0.0.1:$GATEWAY_PORT/fn/hello" 2>/dev/null && break
  kill -0 "$DEV_PID" 2>/dev/null || { tail -30 "$WORK/dev.log" >&2; exit 1; }
  sleep 1
done

# the replica's port, from its environment (QUARKUS_HTTP_PORT, as the local platform sets it)
REPLICA_PORT=""
for pid in $(pgrep -f 'quarkus-run.jar'); do
  env_port="$(tr '\0' '\n' < "/proc/$pid/environ" 2>/dev/null | sed -n 's/^QUARKUS_HTTP_PORT=//p')"
  function="$(tr '\0' '\n' < "/proc/$pid/environ" 2>/dev/null | sed -n 's/^QUIVER_FUNCTION=//p')"
  if [[ "$function" == hello && -n "$env_port" ]]; then REPLICA_PORT="$env_port"; fi
done
[[ -n "$REPLICA_PORT" ]] || { echo "found no hello replica" >&2; exit 1; }
RUNTIME_PID="$(pgrep -f 'runtime/target/quarkus-app/quarkus-run.jar' | head -1)"

cat > "$WORK/nginx.conf" <<CONF
worker_processes 1;
daemon off;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $WORK/nginx-body;
  proxy_temp_path $WORK/nginx-proxy;
  upstream hello { server 127.0.0.1:$REPLICA_PORT; keepalive 64; }
  server {
    listen 127.0.0.1:$NGINX_PORT;
    location / {
      proxy_pass http://hello;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_buffering on;
    }
  }
}
CONF
"$NGINX" -c "$WORK/nginx.conf" -p "$WORK" &
NGINX_PID=$!
# the floor: a bare proxy on the gateway's own HTTP libraries (Vert.x server and client), one loop per core
CP="$ROOT/runtime/target/quarkus-app/lib/main/*"
java -cp "$CP" "$ROOT/bench/gateway/VertxProxyFloor.java" "$FLOOR_PORT" "$REPLICA_PORT" "$(nproc)" "${FLOOR_NATIVE:-false}" \
  > "$WORK/floor.log" 2>&1 &
FLOOR_PID=$!
# and the same on Netty's HTTP codecs alone (NettyProxyFloor.java): what the HTTP layer costs without Vert.x
java -cp "$CP" "$ROOT/bench/gateway/NettyProxyFloor.java" "$NETTY_FLOOR_PORT" "$REPLICA_PORT" "$(nproc)" \
  > "$WORK/netty-floor.log" 2>&1 &
NETTY_FLOOR_PID=$!
sleep 3

cat > "$WORK/post.lua" <<LUA
wrk.method = "POST"
wrk.body = '$BODY'
wrk.headers["Content-Type"] = "application/json"
LUA

declare -A PROXY_PID=([direct]="" [nginx]="$(pgrep -P "$NGINX_PID" -f 'nginx: worker' | head -1)"
  [vertx-floor]="$FLOOR_PID" [netty-floor]="$NETTY_FLOOR_PID" [gateway]="$RUNTIME_PID")
declare -A URL=(
  [direct]="http://127.0.0.1:$REPLICA_PORT/"
  [nginx]="http://127.0.0.1:$NGINX_PORT/"
  [vertx-floor]="http://127.0.0.1:$FLOOR_PORT/"
  [netty-floor]="http://127.0.0.1:$NETTY_FLOOR_PORT/"
  [gateway]="http://127.0.0.1:$GATEWAY_PORT/fn/hello"
)
PATHS=(direct nginx vertx-floor netty-floor gateway)

# CPU time (user + system, in clock ticks) a process and its threads have used so far
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
TICKS_PER_SECOND="$(getconf CLK_TCK)"

# one wrk run: prints "req/s p50_ms p99_ms errors proxy_cpu_us_per_request" (the proxy: nginx or the runtime)
run_wrk() {
  local out proxy="${3:-}" before=0 after=0
  [[ -n "$proxy" ]] && before="$(cpu_ticks "$proxy")"
  out="$(wrk -t2 -c"$CONNECTIONS" -d"$1"s --latency -s "$WORK/post.lua" "$2")"
  [[ -n "$proxy" ]] && after="$(cpu_ticks "$proxy")"
  echo "$out" >> "$WORK/wrk.log"
  awk -v ticks="$((after - before))" -v hz="$TICKS_PER_SECOND" '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    /Requests\/sec/ { rps = $2 }
    /^ +50%/ { p50 = ms($2) }
    /^ +99%/ { p99 = ms($2) }
    /Non-2xx|Socket errors/ { err = err $0 }
    / requests in / { total = $1 }
    END { printf "%.0f %.3f %.3f %s %s\n", rps, p50, p99, (err == "" ? "0" : "yes"),
      (ticks > 0 ? sprintf("%.1f", ticks / hz * 1e6 / total) : "-") }' <<< "$out"
}

# the JVMs' JIT needs a while (C2 shares the two cores with the load): WARMUP seconds of each before anything counts
WARMUP="${WARMUP:-30}"
echo "warming up ($WARMUP s each)…" >&2
for path in "${PATHS[@]}"; do run_wrk "$WARMUP" "${URL[$path]}" > /dev/null; done

declare -A RPS P50
echo
echo "| round | path | req/s | p50 ms | p99 ms | errors | proxy CPU µs/request |"
echo "|---|---|---|---|---|---|---|"
for round in $(seq 1 "$ROUNDS"); do
  for path in "${PATHS[@]}"; do
    read -r rps p50 p99 err cpu < <(run_wrk "$SECONDS_PER_RUN" "${URL[$path]}" "${PROXY_PID[$path]}")
    echo "| $round | $path | $rps | $p50 | $p99 | $err | $cpu |"
    RPS[$round.$path]=$rps; P50[$round.$path]=$p50
  done
done
echo
for round in $(seq 1 "$ROUNDS"); do
  awk -v r="$round" -v d="${RPS[$round.direct]}" -v n="${RPS[$round.nginx]}" -v g="${RPS[$round.gateway]}" \
      -v f="${RPS[$round.vertx-floor]}" -v nf="${RPS[$round.netty-floor]}" -v pn="${P50[$round.nginx]}" -v pg="${P50[$round.gateway]}" 'BEGIN {
    printf "round %s: to direct: nginx %.2f, vertx-floor %.2f, netty-floor %.2f, gateway %.2f; gateway/nginx %.2f; p50 gateway - nginx %+.3f ms\n",
      r, n / d, f / d, nf / d, g / d, g / n, pg - pn }'
done

# the fixed rate: an open-loop client (latency from each request'"'"'s scheduled time), direct then gateway
if [[ "$RATE" -gt 0 ]]; then
echo
echo "fixed rate, $RATE req/s, ${SECONDS_PER_RUN} s each (open loop):"
java -cp "$CP" "$ROOT/bench/gateway/FixedRate.java" "$RATE" "$SECONDS_PER_RUN" \
  "direct=${URL[direct]}" "nginx=${URL[nginx]}" "gateway=${URL[gateway]}" 2> >(grep -vi 'slf4j' >&2)
fi
echo
echo "cores: $(nproc); load average: $(cut -d' ' -f1-3 /proc/loadavg); runtime: $(tr '\0' ' ' < "/proc/$RUNTIME_PID/cmdline" | cut -d' ' -f1) ($("$(tr '\0' '\n' < "/proc/$RUNTIME_PID/cmdline" | head -1)" -version 2>&1 | head -1)); nginx: $("$NGINX" -v 2>&1)"
