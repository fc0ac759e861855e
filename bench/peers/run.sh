#!/usr/bin/env bash
# Installs (first time) and starts one peer server for side-by-side benchmarks, in the foreground,
# listening on 127.0.0.1:PORT. `switchboard bench --target PEER` runs this itself.
#   run.sh node-ws PORT     Node `ws` (npm ci in node-ws/)
#   run.sh socketio PORT    Socket.IO 4 (npm ci in socketio/)
#   run.sh fastapi PORT     FastAPI on uvicorn (Debian: python3-fastapi python3-uvicorn python3-websockets)
#   run.sh bare PORT        bare Vert.x relay (needs cli/target/switchboard.jar)
#   run.sh switchboard PORT Switchboard with the bench's raised limits (needs cli/target/switchboard.jar)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
peer="${1:?usage: run.sh node-ws|socketio|fastapi|bare|switchboard PORT}"
port="${2:?usage: run.sh PEER PORT}"
jar="$root/cli/target/switchboard.jar"
jvm_opts="${BENCH_JVM_OPTS:--Xms256m -Xmx2g -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:+AlwaysPreTouch}"

npm_install() {
  if [ ! -d "$1/node_modules" ]; then
    (cd "$1" && npm ci --no-audit --no-fund --loglevel=error) >&2
  fi
}

case "$peer" in
  node-ws|socketio)
    npm_install "$here/$peer"
    cd "$here/$peer"
    exec node --expose-gc server.js "$port"
    ;;
  fastapi)
    # Debian's packages install for the system interpreter, not for a pyenv or venv python.
    if ! /usr/bin/python3 -c 'import fastapi, uvicorn, websockets' 2>/dev/null; then
      echo "installing python3-fastapi python3-uvicorn python3-websockets" >&2
      (apt-get install -y -q python3-fastapi python3-uvicorn python3-websockets \
        || { apt-get update -q && apt-get install -y -q python3-fastapi python3-uvicorn python3-websockets; }) >&2
    fi
    exec /usr/bin/python3 "$here/fastapi/server.py" "$port"
    ;;
  bare)
    # shellcheck disable=SC2086
    exec java $jvm_opts -cp "$jar" io.switchboard.bench.TargetMain bare "$port"
    ;;
  switchboard)
    data="${BENCH_DATA_DIR:-$root/data}"
    # shellcheck disable=SC2086
    exec java $jvm_opts -cp "$jar" io.switchboard.bench.TargetMain switchboard \
      data.dir="$data" http.host=127.0.0.1 http.port=0 pairing.port="$port" \
      limits.messages-per-second=1000000 limits.messages-burst=1000000 limits.connections-per-ip=1000000
    ;;
  *)
    echo "unknown peer: $peer (node-ws, socketio, fastapi, bare, switchboard)" >&2
    exit 2
    ;;
esac
