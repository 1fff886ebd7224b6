# MCP Hub images. Classic-builder compatible on purpose (no RUN --mount, no COPY --chmod): Docker 20.10 engines
# without the buildx plugin cannot use BuildKit, and the local base images make every stage build offline.
#
#   docker build --target hub -t mcp-hub:dev .                 (make images passes the local bases below)
#   --build-arg NODE_BASE=mcp-hub/node-base:24 --build-arg REGISTRY_BASE=mcp-hub/registry-base:2
ARG NODE_BASE=node:24-slim
ARG REGISTRY_BASE=registry:2

# ---------------------------------------------------------------------------------------------------------------------
# deps: the workspace's node_modules, cached as long as the manifests and the lock file do not change.
FROM ${NODE_BASE} AS deps
WORKDIR /src
# Extra CA certificates (a corporate proxy's, say) for the build stages only; the Makefile writes this file, which may
# be empty. Node and npm replace their trust store when given a CA file, so the file they get is Node's bundled roots
# plus the extras: an empty extra file then changes nothing.
COPY .build/extra-ca.pem /etc/mcp-hub-build/extra-ca.pem
RUN node -e 'const fs = require("node:fs"); const tls = require("node:tls"); \
      const extra = fs.readFileSync("/etc/mcp-hub-build/extra-ca.pem", "utf8"); \
      fs.writeFileSync("/etc/mcp-hub-build/ca.pem", tls.rootCertificates.join("\n") + "\n" + extra);'
ENV NODE_EXTRA_CA_CERTS=/etc/mcp-hub-build/ca.pem \
    npm_config_cafile=/etc/mcp-hub-build/ca.pem \
    npm_config_update_notifier=false \
    npm_config_fund=false \
    npm_config_audit=false
COPY package.json package-lock.json ./
COPY contracts/package.json contracts/
COPY backend/package.json backend/
COPY ui/package.json ui/
# Install scripts only try to compile optional native addons (ssh2, cpu-features) that the bundle never loads.
RUN npm ci --ignore-scripts --no-audit --no-fund

# ---------------------------------------------------------------------------------------------------------------------
# build: self-contained ESM bundles (backend/dist/*.js) that need no node_modules at run time. The REST shapes come from
# the contracts workspace (@mcp-hub/contracts, TypeScript sources that the bundle takes in).
FROM deps AS build
COPY tsconfig.base.json ./
COPY contracts/ contracts/
COPY backend/ backend/
RUN node backend/scripts/bundle.mjs \
 && mkdir -p /out/bin /out/data \
 && printf '#!/bin/sh\nexec node /app/cli.js "$@"\n' > /out/bin/mcp-hub \
 && chmod 0755 /out/bin/mcp-hub

# ---------------------------------------------------------------------------------------------------------------------
# ui: the React UI (ui/build). The hub serves it at / (the standalone dashboard); Docker Desktop shows the same build in
# the extension's tab. Built on the build platform: the output is static files. The header shows the extension's icon.
FROM deps AS ui
COPY tsconfig.base.json docker.svg ./
COPY contracts/ contracts/
COPY ui/ ui/
RUN npm run build -w ui

# ---------------------------------------------------------------------------------------------------------------------
# registry: the local image registry the hub pushes migrated servers to (registry:2 or the local lookalike).
FROM ${REGISTRY_BASE} AS registry

# ---------------------------------------------------------------------------------------------------------------------
# bridge: what stdio-only MCP clients start (`docker run -i --rm --init --network mcp-hub -v mcp-hub-data:/data:ro
# mcp-hub-bridge --client NAME`): stdio in, the hub's /mcp out. One bundled file, no node_modules.
# Runs as root on purpose: the only secret it reads, /data/token on the read-only data volume, is 0600 root (the hub
# writes it). A non-root bridge would need that file opened up to a shared uid, i.e. to every container running as
# that uid; root inside this container reads it and holds nothing else (no socket, no ports, read-only volume).
FROM ${NODE_BASE} AS bridge
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /src/backend/dist/bridge.js /src/backend/dist/bridge.js.LEGAL.txt /app/
ENTRYPOINT ["node", "/app/bridge.js"]
ARG VERSION=dev
ARG REVISION=unknown
LABEL org.opencontainers.image.title="MCP Hub bridge" \
      org.opencontainers.image.description="stdio MCP bridge to MCP Hub: lets stdio-only clients (Claude Desktop, Cline) use the hub" \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}"

# ---------------------------------------------------------------------------------------------------------------------
# hub: the standalone hub. Runs as root because it talks to the Docker socket (the Docker Desktop extension convention);
# the MCP servers it starts run hardened and non-root in their own containers.
FROM ${NODE_BASE} AS hub
ENV NODE_ENV=production \
    HUB_IN_CONTAINER=1 \
    HUB_HOST=0.0.0.0 \
    HUB_PORT=3010 \
    HUB_A2A_PORT=3011 \
    HUB_DATA_DIR=/data \
    HUB_UI_DIR=/app/ui
WORKDIR /app
COPY --from=build /src/backend/dist/*.js /src/backend/dist/*.LEGAL.txt /app/
COPY --from=ui /src/ui/build /app/ui
COPY --from=build /out/bin/mcp-hub /usr/local/bin/mcp-hub
COPY --from=build /out/data /data
VOLUME ["/data"]
EXPOSE 3010 3011
# node:slim has neither wget nor curl, so the probe is Node itself — with http.get, which costs half the CPU of
# fetch (no undici to load): the probe runs all day in every Desktop.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "require('http').get(`http://127.0.0.1:${process.env.HUB_PORT || 3010}/health/live`, (r) => process.exit(r.statusCode === 200 ? 0 : 1)).on('error', () => process.exit(1))"]
# Memory (make bench measures idle RSS): a 16 MB young generation costs 10-15 % less CPU per call under load than
# 2 MB (fewer scavenges, far fewer promotions), and V8 keeps a grown heap for good; --expose-gc lets the hub's idle
# collector hand it back once the hub goes quiet (backend/src/memory/idleCollector.ts, docs/architecture.md).
# Parsing the 2.9 MB bundle leaves ~15 MB of freed but fragmented malloc memory that glibc never hands back, so the
# image ships Node's compile cache for the bundles (made here, with the CMD's flags, which the cache is keyed on; a
# stale or mismatched cache is ignored): start-up reads V8's code cache instead of parsing. Two arenas and a 64 KiB trim threshold return the rest of start-up's heap.
ENV MALLOC_ARENA_MAX=2 \
    MALLOC_TRIM_THRESHOLD_=65536 \
    NODE_COMPILE_CACHE=/app/.compile-cache
RUN HUB_COMPILE_ONLY=1 node --max-semi-space-size=16 --expose-gc /app/main.js \
 && node /app/cli.js --version >/dev/null
CMD ["node", "--max-semi-space-size=16", "--expose-gc", "/app/main.js"]
# Last, so a new commit only changes this metadata layer.
ARG VERSION=dev
ARG REVISION=unknown
LABEL org.opencontainers.image.title="MCP Hub" \
      org.opencontainers.image.description="One hardened, observable hub for your MCP servers" \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}"

# ---------------------------------------------------------------------------------------------------------------------
# extension: the Docker Desktop extension = the hub image plus what Desktop reads from the image root (metadata.json,
# the icon, the Compose file, the UI folder) and the Marketplace labels (docs: extensions/labels.md; required ones are
# checked by scripts/validate-extension.mjs and backend/test/extension). Last, so it is the default target.
#   make extension   (docker build --target extension -t mcp-hub-extension:<version> .)
FROM hub AS extension
COPY metadata.json docker.svg /
COPY compose/extension.yaml /compose/extension.yaml
COPY --from=ui /src/ui/build /ui
# Host helpers (metadata.json host.binaries): they run `mcp-hub client …` from this very image, so pin its tag.
ARG EXTENSION_IMAGE=mcp-hub-extension:dev
COPY host/linux/mcp-hub-host /linux/mcp-hub-host
COPY host/darwin/mcp-hub-host /darwin/mcp-hub-host
COPY host/windows/mcp-hub-host.cmd /windows/mcp-hub-host.cmd
RUN sed -i "s|mcp-hub:dev|${EXTENSION_IMAGE}|" /linux/mcp-hub-host /darwin/mcp-hub-host /windows/mcp-hub-host.cmd \
 && chmod 0755 /linux/mcp-hub-host /darwin/mcp-hub-host /windows/mcp-hub-host.cmd
# PROJECT_URL is where the Marketplace links to; set it when publishing (icon and screenshots are served from there:
# backend/test/extension/labelFiles.test.ts checks each named file exists; the dashboard e2e makes the screenshots).
ARG PROJECT_URL=https://github.com/mcp-hub/mcp-hub
LABEL org.opencontainers.image.vendor="MCP Hub contributors" \
      com.docker.desktop.extension.api.version=">= 0.3.4" \
      com.docker.desktop.extension.icon="${PROJECT_URL}/raw/main/docker.svg" \
      com.docker.extension.categories="utility-tools,security" \
      com.docker.extension.publisher-url="${PROJECT_URL}" \
      com.docker.extension.additional-urls="[{\"title\":\"Documentation\",\"url\":\"${PROJECT_URL}#readme\"},{\"title\":\"Issues\",\"url\":\"${PROJECT_URL}/issues\"}]" \
      com.docker.extension.screenshots="[{\"alt\":\"MCP Hub servers page: a server's state and tools, each with a try-it form\",\"url\":\"${PROJECT_URL}/raw/main/docs/screenshots/servers.png\"},{\"alt\":\"MCP Hub clients page: connect Claude Desktop, VS Code, Cursor and others in one click\",\"url\":\"${PROJECT_URL}/raw/main/docs/screenshots/clients.png\"},{\"alt\":\"MCP Hub activity page: every call with its outcome and latency, per server\",\"url\":\"${PROJECT_URL}/raw/main/docs/screenshots/activity.png\"}]" \
      com.docker.extension.detailed-description="<p>One hardened, observable hub for your MCP servers.</p><ul><li>Runs MCP servers from container images in hardened containers, or connects remote ones</li><li>One endpoint for every MCP client (Streamable HTTP, SSE, or stdio through a bridge container)</li><li>Try tools from the dashboard, watch every call in the audit log</li></ul>" \
      com.docker.extension.changelog="<p>First version: servers (add, enable, disable, restart, remove, logs, try tools), clients, activity, settings.</p>"
