#!/bin/bash
# bench/coldstart/classes.sh: greeter without and with quarkus-opentelemetry (apps under /tmp/cs2/<name>/target/quarkus-app)
# classes loaded from exec to ready (deterministic where wall time is not on a loaded machine)
run() { label=$1; app=$2; shift 2
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
  env "$@" PORT=$port java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xlog:class+load=info:file=/tmp/cl-$label.txt -jar $app/target/quarkus-app/quarkus-run.jar > /tmp/cl-$label.log 2>&1 &
  pid=$!; t0=$(date +%s%3N)
  until curl -sf -o /dev/null http://127.0.0.1:$port/health/ready; do sleep 0.01; done; t1=$(date +%s%3N)
  n=$(wc -l < /tmp/cl-$label.txt); kill -TERM $pid; wait $pid 2>/dev/null
  echo "$label: $n classes loaded by ready, $((t1-t0)) ms (load $(cut -d' ' -f1 /proc/loadavg)), $(ls $app/target/quarkus-app/lib/main | wc -l) jars in lib/main"
}
for i in 1 2; do
run greeter /tmp/cs2/greeter
run greeter-otel-off /tmp/cs2/greeter-otel
run greeter-otel-on /tmp/cs2/greeter-otel QUARKUS_OTEL_SDK_DISABLED=false QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT=http://127.0.0.1:9 QUARKUS_OTEL_EXPORTER_OTLP_TRACES_PROTOCOL=http/protobuf
done
