#!/usr/bin/env bash
# Classes loaded and ms from exec to the first 200 on /health/ready, for a function built without and with
# quarkus-opentelemetry (off, then switched on as a tracing platform does). Class counts do not depend on the
# machine's load, where wall times on a shared machine do.
#
#   bench/coldstart/classes.sh WITHOUT_APP_DIR WITH_APP_DIR [RUNS]
#
# Each APP_DIR holds target/quarkus-app (e.g. main's functions/greeter and this branch's functions/greeter, built
# with `./mvnw -pl functions/greeter -am package -DskipTests`). It never fails on timing.
set -euo pipefail
WITHOUT=$1; WITH=$2; RUNS=${3:-2}
WORK=$(mktemp -d); trap 'rm -rf "$WORK"' EXIT
run() { local label=$1 app=$2; shift 2
  local port; port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
  env "$@" PORT=$port java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xlog:class+load=info:file="$WORK/$label.txt" \
    -jar "$app/target/quarkus-app/quarkus-run.jar" > "$WORK/$label.log" 2>&1 &
  local pid=$! t0; t0=$(date +%s%3N)
  until curl -sf -o /dev/null "http://127.0.0.1:$port/health/ready"; do sleep 0.01; done
  local t1; t1=$(date +%s%3N)
  echo "$label: $(wc -l < "$WORK/$label.txt") classes loaded by ready, $((t1 - t0)) ms (load $(cut -d' ' -f1 /proc/loadavg)), $(ls "$app/target/quarkus-app/lib/main" | wc -l) jars in lib/main"
  kill -TERM "$pid"; wait "$pid" 2>/dev/null || true
}
for _ in $(seq "$RUNS"); do
  run without "$WITHOUT"
  run with-off "$WITH"
  run with-on "$WITH" QUARKUS_OTEL_SDK_DISABLED=false QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT=http://127.0.0.1:9 \
    QUARKUS_OTEL_EXPORTER_OTLP_TRACES_PROTOCOL=http/protobuf
done
