#!/usr/bin/env bash
# Stops the standalone hub: removes the hub and registry containers and every MCP server container the hub manages
# (label mcp-hub.managed=true). Volumes and networks are kept, so `make run` picks up where it left off.
#
# Environment: HUB_NAME [mcp-hub], REGISTRY_NAME [mcp-hub-registry], STOP_MANAGED [1] (0 keeps managed servers).
set -euo pipefail

HUB_NAME="${HUB_NAME:-mcp-hub}"
REGISTRY_NAME="${REGISTRY_NAME:-mcp-hub-registry}"
STOP_MANAGED="${STOP_MANAGED:-1}"

log() { printf '[hub-down] %s\n' "$*"; }

docker info >/dev/null 2>&1 || { printf '[hub-down] error: docker engine not reachable\n' >&2; exit 1; }

for name in "$HUB_NAME" "$REGISTRY_NAME"; do
  if docker container inspect "$name" >/dev/null 2>&1; then
    # -v removes only anonymous volumes: the named data and registry volumes stay.
    docker rm -f -v "$name" >/dev/null
    log "removed $name"
  fi
done

if [ "$STOP_MANAGED" = 1 ]; then
  ids="$(docker ps -aq --filter label=mcp-hub.managed=true)"
  if [ -n "$ids" ]; then
    # shellcheck disable=SC2086 # one id per word
    docker rm -f -v $ids >/dev/null
    log "removed $(wc -w <<<"$ids" | tr -d ' ') managed server container(s)"
  fi
fi
log "stopped (volumes kept)"
