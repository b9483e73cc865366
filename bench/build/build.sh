#!/usr/bin/env bash
# Times `quiver build` of functions/hello from source to an image pushed to a local registry: a cold build (fresh
# target/ and jib cache) and a build after a one-line code change, and lists which layers the second push changed.
# Run after `./mvnw -B install -DskipTests` (it runs cli/target/quarkus-app/quarkus-run.jar). Never fails on timing.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
WORK="$(mktemp -d /tmp/quiver-bench-build-XXXX)"
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
REG="127.0.0.1:$PORT"
# No public registry here: an empty base (scratch) leaves out only the base image's pull, which jib caches anyway.
BASE="${BASE_IMAGE:-scratch}"

cat > "$WORK/registry.yml" <<YAML
version: 0.1
log: {level: error}
storage: {filesystem: {rootdirectory: $WORK/storage}}
http: {addr: $REG}
YAML
docker-registry serve "$WORK/registry.yml" > "$WORK/registry.log" 2>&1 &
REGISTRY_PID=$!
trap 'kill $REGISTRY_PID 2>/dev/null || true' EXIT
sleep 1

mkdir -p "$WORK/functions"
cp "$ROOT/functions/pom.xml" "$WORK/functions/"
cp -r "$ROOT/functions/hello" "$WORK/functions/"
rm -rf "$WORK/functions/hello/target"
HELLO="$WORK/functions/hello"

run() {
  local start end
  start=$(date +%s%N)
  java -jar "$ROOT/cli/target/quarkus-app/quarkus-run.jar" build "$HELLO" --registry "$REG" --insecure-registry \
    --base-image "$BASE" --no-write-back \
    --cache-dir "$WORK/cache" > "$WORK/$1.out" 2> "$WORK/$1.log"
  end=$(date +%s%N)
  echo $(( (end - start) / 1000000 )) > "$WORK/$1.ms"
}
layers() {
  curl -s -H 'Accept: application/vnd.oci.image.manifest.v1+json' "http://$REG/v2/hello/manifests/${1#*@}" \
    | python3 -c 'import json,sys; print("\n".join(l["digest"] for l in json.load(sys.stdin)["layers"]))'
}

run cold
IMAGE1=$(layers "$(cat "$WORK/cold.out")")
echo "// a one-line change" >> "$HELLO/src/main/java/dev/quiver/functions/hello/Hello.java"
run incremental
IMAGE2=$(layers "$(cat "$WORK/incremental.out")")
CHANGED=$(diff <(echo "$IMAGE1") <(echo "$IMAGE2") | grep -c '^>' || true)

printf '\n| build of functions/hello (Maven + jib + push) | ms |\n|---|---|\n'
printf '| cold (fresh target/, empty jib cache) | %s |\n' "$(cat "$WORK/cold.ms")"
printf '| after a one-line change | %s |\n' "$(cat "$WORK/incremental.ms")"
printf '\nlayers changed by the one-line change: %s of %s\n' "$CHANGED" "$(echo "$IMAGE2" | wc -l)"
