#!/usr/bin/env bash
# Starts the standalone hub with plain `docker` commands: the same layout as compose/standalone.yaml, for engines
# without the compose plugin. The hub starts and keeps its local registry itself (HUB_REGISTRY_IMAGE), on
# REGISTRY_PORT or the next free port. Waits until the hub is ready, then prints the URL, the token, the registry's
# port and how to connect a client. Re-running replaces the hub container and keeps the volumes and the registry.
#
# Environment (defaults in brackets): HUB_PORT [3010], HUB_A2A_PORT [3011] (the A2A gateway), REGISTRY_PORT [5000], HUB_IMAGE [mcp-hub:dev],
# REGISTRY_IMAGE [mcp-hub-registry:dev], BRIDGE_IMAGE [mcp-hub-bridge], HUB_NAME [mcp-hub],
# REGISTRY_NAME [mcp-hub-registry] (also its volume's name), HUB_VOLUME [mcp-hub-data],
# READY_TIMEOUT seconds [60], DOCKER_SOCKET [/var/run/docker.sock], HUB_RUN_ARGS (extra `docker run` arguments,
# split on spaces; e.g. -e LOG_LEVEL=debug).
# Migration builds: NODE_BASE and PYTHON_BASE (images migrated servers are built FROM, passed on as HUB_NODE_BASE and
# HUB_PYTHON_BASE when the engine has them; else the hub uses node:24-slim and python:3.13-slim) and EXTRA_CA_CERTS
# (a PEM file the builds' npm trusts, mounted read-only as HUB_EXTRA_CA_CERTS).
set -euo pipefail

HUB_PORT="${HUB_PORT:-3010}"
HUB_A2A_PORT="${HUB_A2A_PORT:-3011}"
REGISTRY_PORT="${REGISTRY_PORT:-5000}"
HUB_IMAGE="${HUB_IMAGE:-mcp-hub:dev}"
REGISTRY_IMAGE="${REGISTRY_IMAGE:-mcp-hub-registry:dev}"
BRIDGE_IMAGE="${BRIDGE_IMAGE:-mcp-hub-bridge}"
HUB_NAME="${HUB_NAME:-mcp-hub}"
REGISTRY_NAME="${REGISTRY_NAME:-mcp-hub-registry}"
HUB_VOLUME="${HUB_VOLUME:-mcp-hub-data}"
READY_TIMEOUT="${READY_TIMEOUT:-60}"
DOCKER_SOCKET="${DOCKER_SOCKET:-/var/run/docker.sock}"
# shellcheck disable=SC2206 # word splitting is the point
hub_run_args=(${HUB_RUN_ARGS:-})
NETWORK=mcp-hub
case "$(uname -s)" in Darwin) HOST_OS=darwin ;; *) HOST_OS=linux ;; esac
INTERNAL_NETWORK=mcp-hub-internal

log() { printf '[hub-up] %s\n' "$*"; }
die() { printf '[hub-up] error: %s\n' "$*" >&2; exit 1; }

docker info >/dev/null 2>&1 || die "docker engine not reachable (docker info failed)"
for image in "$HUB_IMAGE" "$REGISTRY_IMAGE"; do
  docker image inspect "$image" >/dev/null 2>&1 || die "image $image not found; build it with: make images"
done

# Networks and volumes are shared and long-lived: create when missing, never remove here.
docker network inspect "$NETWORK" >/dev/null 2>&1 || docker network create "$NETWORK" >/dev/null
docker network inspect "$INTERNAL_NETWORK" >/dev/null 2>&1 ||
  docker network create --internal "$INTERNAL_NETWORK" >/dev/null
docker volume inspect "$HUB_VOLUME" >/dev/null 2>&1 || docker volume create "$HUB_VOLUME" >/dev/null
docker rm -f -v "$HUB_NAME" >/dev/null 2>&1 || true

# What the hub builds migrated servers FROM, and the CA their npm trusts: on a machine without an image registry the
# local bases (make base-images) let migration work at all.
migrate_args=()
for pair in "HUB_NODE_BASE=${NODE_BASE:-}" "HUB_PYTHON_BASE=${PYTHON_BASE:-}"; do
  image="${pair#*=}"
  if [ -n "$image" ] && docker image inspect "$image" >/dev/null 2>&1; then migrate_args+=(-e "$pair"); fi
done
if [ -n "${EXTRA_CA_CERTS:-}" ]; then
  [ -r "$EXTRA_CA_CERTS" ] || die "EXTRA_CA_CERTS=$EXTRA_CA_CERTS is not readable"
  migrate_args+=(-v "$EXTRA_CA_CERTS:/run/mcp-hub/extra-ca.pem:ro" -e HUB_EXTRA_CA_CERTS=/run/mcp-hub/extra-ca.pem)
fi

log "starting $HUB_NAME ($HUB_IMAGE) on 127.0.0.1:$HUB_PORT (A2A gateway on 127.0.0.1:$HUB_A2A_PORT)"
docker create --name "$HUB_NAME" --restart unless-stopped \
  --label mcp-hub.component=hub \
  --network "$NETWORK" -p "127.0.0.1:$HUB_PORT:3010" -p "127.0.0.1:$HUB_A2A_PORT:3011" \
  -v "$DOCKER_SOCKET:/var/run/docker.sock" \
  -v "$HUB_VOLUME:/data" \
  -e "HUB_PUBLIC_PORT=$HUB_PORT" -e "HUB_A2A_PUBLIC_PORT=$HUB_A2A_PORT" \
  -e "HUB_REGISTRY_IMAGE=$REGISTRY_IMAGE" -e "HUB_REGISTRY_PORT=$REGISTRY_PORT" -e "HUB_REGISTRY_NAME=$REGISTRY_NAME" \
  ${migrate_args[@]+"${migrate_args[@]}"} \
  ${hub_run_args[@]+"${hub_run_args[@]}"} \
  "$HUB_IMAGE" >/dev/null
docker network connect "$INTERNAL_NETWORK" "$HUB_NAME"
docker start "$HUB_NAME" >/dev/null

# Ready = the hub answers /health/ready through the published port (curl or wget), or from inside its container
# when the host has neither.
probe() {
  local url="http://127.0.0.1:$HUB_PORT/health/ready"
  if command -v curl >/dev/null; then
    curl -fsS -o /dev/null --max-time 2 "$url"
  elif command -v wget >/dev/null; then
    wget -q -O /dev/null -T 2 "$url"
  else
    docker exec "$HUB_NAME" node -e \
      'fetch("http://127.0.0.1:3010/health/ready").then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))'
  fi
}

deadline=$((SECONDS + READY_TIMEOUT))
until probe >/dev/null 2>&1; do
  # --restart unless-stopped turns a crash into a restart loop: a restart before ready counts as a failure.
  state="$(docker inspect -f '{{.State.Status}} {{.RestartCount}} {{.State.ExitCode}}' "$HUB_NAME" 2>/dev/null || echo 'missing 0 -')"
  read -r status restarts exit_code <<<"$state"
  if [ "$status" = missing ] || [ "$status" = exited ] || [ "$status" = dead ] || [ "$restarts" -gt 0 ]; then
    docker logs --tail 40 "$HUB_NAME" >&2 || true
    die "$HUB_NAME exited (code $exit_code, restarts $restarts) before it was ready; its last log lines are above"
  fi
  if [ "$SECONDS" -ge "$deadline" ]; then
    docker logs --tail 40 "$HUB_NAME" >&2 || true
    die "$HUB_NAME did not answer http://127.0.0.1:$HUB_PORT/health/ready within ${READY_TIMEOUT}s; its last log lines are above"
  fi
  sleep 1
done

token="$(docker exec "$HUB_NAME" mcp-hub token 2>/dev/null | tail -n1 || true)"
[ -n "$token" ] || token="<run: docker exec $HUB_NAME mcp-hub token>"

# The hub starts the registry after it is ready: wait (bounded) for it to run, and show the port really in use.
registry="starting (see: docker exec $HUB_NAME mcp-hub registry status)"
deadline=$((SECONDS + 30))
while [ "$SECONDS" -lt "$deadline" ]; do
  status="$(docker exec "$HUB_NAME" mcp-hub registry status --json 2>/dev/null || true)"
  state="$(sed -n 's/^ *"state": "\([a-z]*\)".*/\1/p' <<<"$status" | head -n1)"
  port="$(sed -n 's/^ *"port": \([0-9]*\).*/\1/p' <<<"$status" | head -n1)"
  if [ "$state" = running ]; then
    registry="127.0.0.1:$port"
    [ "$port" = "$REGISTRY_PORT" ] || registry="$registry (port $REGISTRY_PORT is taken)"
    break
  elif [ "$state" = failed ]; then
    registry="not running: $(sed -n 's/^ *"error": "\(.*\)".*/\1/p' <<<"$status" | head -n1)"
    break
  fi
  sleep 1
done

cat <<MSG

MCP Hub is ready.

  Dashboard                   http://127.0.0.1:$HUB_PORT/#token=$token
  MCP endpoint                http://127.0.0.1:$HUB_PORT/mcp
  A2A gateway                 http://127.0.0.1:$HUB_A2A_PORT/agents   (same token; add agents: mcp-hub agent add)
  Token                       $token
  Local registry              $registry

Connect a client (writes its config file, backup first; preview shows the diff, disconnect undoes it):
  host/$HOST_OS/mcp-hub-host connect claude-desktop      (or cline, cursor, windsurf, zed, claude-code, vscode)
  host/$HOST_OS/mcp-hub-host connect vscode --transport http
Stdio-only clients run the bridge, which reads the token from the hub's volume (no secret in their config):
  { "command": "docker", "args": ["run", "-i", "--rm", "--init", "--network", "$NETWORK",
                                  "-v", "$HUB_VOLUME:/data:ro", "$BRIDGE_IMAGE", "--client", "<client>"] }
HTTP clients: http://127.0.0.1:$HUB_PORT/mcp with the header "Authorization: Bearer <token>".

Stop with: make stop   (volumes $HUB_VOLUME and $REGISTRY_NAME are kept)
MSG
