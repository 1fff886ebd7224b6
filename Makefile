# MCP Hub. `make run` needs only Docker, make and a shell; the TypeScript is built inside the Dockerfile.
# `make help` lists the targets.

SHELL := /bin/bash
.DEFAULT_GOAL := help

HUB_PORT ?= 3010
# The A2A gateway (ADR 0041).
HUB_A2A_PORT ?= 3011
REGISTRY_PORT ?= 5000
# Local base images (scripts/base-images.sh: no registry pull) when this host can build them or already has them;
# otherwise the official images from Docker Hub (e.g. macOS without npm/apt-get).
LOCAL_BASES := $(shell { command -v npm && command -v apt-get && command -v dpkg; } >/dev/null 2>&1 \
	|| docker image inspect mcp-hub/node-base:24 mcp-hub/registry-base:2 >/dev/null 2>&1 && echo yes)
# PYTHON_BASE is not in the hub's images: migrated python servers are built FROM it (`make run` passes it on).
ifeq ($(LOCAL_BASES),yes)
NODE_BASE ?= mcp-hub/node-base:24
REGISTRY_BASE ?= mcp-hub/registry-base:2
PYTHON_BASE ?= mcp-hub/python-base:3.11
else
NODE_BASE ?= node:24-slim
REGISTRY_BASE ?= registry:2
PYTHON_BASE ?= python:3.13-slim
endif
HUB_IMAGE ?= mcp-hub:dev
REGISTRY_IMAGE ?= mcp-hub-registry:dev
# The stdio bridge; client configs name it (clients module DEFAULT_HUB_ENTRY.bridgeImage), hence :latest.
BRIDGE_IMAGE ?= mcp-hub-bridge:latest
# Extra CA certificates for the image builds (npm behind a TLS-inspecting proxy); empty means none.
EXTRA_CA_CERTS ?= $(wildcard /etc/ssl/certs/ca-certificates.crt)
# The classic builder works on every engine; BuildKit needs the buildx plugin, which Docker 20.10 engines lack.
DOCKER_BUILDKIT ?= 0
export DOCKER_BUILDKIT

VERSION := $(shell sed -n 's/^  "version": "\(.*\)",$$/\1/p' package.json | head -n1)
REVISION := $(shell git rev-parse --short HEAD 2>/dev/null || echo unknown)
DOCKER_BUILD := docker build --build-arg NODE_BASE=$(NODE_BASE) --build-arg REGISTRY_BASE=$(REGISTRY_BASE)
# Read by scripts/hub-up.sh and scripts/hub-down.sh; hub-up.sh hands the bases and the CA file to the hub for its
# migration builds (when the engine has those images and the file exists).
export HUB_PORT HUB_A2A_PORT REGISTRY_PORT HUB_IMAGE REGISTRY_IMAGE NODE_BASE PYTHON_BASE EXTRA_CA_CERTS

.PHONY: help
help: ## List the targets
	@awk 'BEGIN { FS = ":.*## " } /^[a-zA-Z0-9_-]+:.*## / { printf "  \033[1m%-12s\033[0m %s\n", $$1, $$2 }' $(MAKEFILE_LIST)
	@echo
	@echo "Variables: HUB_PORT=$(HUB_PORT) REGISTRY_PORT=$(REGISTRY_PORT) NODE_BASE=$(NODE_BASE)"
	@echo "           REGISTRY_BASE=$(REGISTRY_BASE) PYTHON_BASE=$(PYTHON_BASE) HUB_IMAGE=$(HUB_IMAGE)"
	@echo "           EXTRA_CA_CERTS=$(EXTRA_CA_CERTS)"

.PHONY: base-images
base-images: ## Build the local base images (Node 24, registry, Python) from npm and Debian packages; FORCE=1 rebuilds
	scripts/base-images.sh node registry python

.PHONY: debian-base
debian-base: ## Build mcp-hub/debian-base:bookworm with debootstrap (slow; not part of make test)
	scripts/base-images.sh debian

# Rewritten only when the content changes, so Docker's layer cache survives repeated builds.
.PHONY: .build/extra-ca.pem
.build/extra-ca.pem:
	@mkdir -p .build
	@if [ -n "$(EXTRA_CA_CERTS)" ]; then \
	  [ -r "$(EXTRA_CA_CERTS)" ] || { echo "EXTRA_CA_CERTS=$(EXTRA_CA_CERTS) is not readable" >&2; exit 1; }; \
	  cmp -s "$(EXTRA_CA_CERTS)" $@ || cp "$(EXTRA_CA_CERTS)" $@; \
	else \
	  [ -f $@ ] && [ ! -s $@ ] || : > $@; \
	fi

.PHONY: images
images: $(if $(filter mcp-hub/%,$(NODE_BASE) $(REGISTRY_BASE)),base-images) .build/extra-ca.pem ## Build the hub image (HUB_IMAGE, default mcp-hub:dev), the stdio bridge (BRIDGE_IMAGE) and the registry image
	$(DOCKER_BUILD) --build-arg VERSION=$(VERSION) --build-arg REVISION=$(REVISION) --target hub -t $(HUB_IMAGE) .
	$(DOCKER_BUILD) --build-arg VERSION=$(VERSION) --build-arg REVISION=$(REVISION) --target bridge -t $(BRIDGE_IMAGE) .
	$(DOCKER_BUILD) --target registry -t $(REGISTRY_IMAGE) .

.PHONY: run
run: images ## Start the hub and the local registry on 127.0.0.1, wait until ready, print URL, token and client setup
	scripts/hub-up.sh

# Docker Desktop extension. The tag must be semver (the Marketplace checks it); `docker extension` needs Docker Desktop.
EXTENSION_IMAGE ?= mcp-hub-extension
EXTENSION_TAG ?= $(VERSION)

.PHONY: extension
extension: $(if $(filter mcp-hub/%,$(NODE_BASE)),base-images) .build/extra-ca.pem ## Build the Docker Desktop extension image (EXTENSION_IMAGE:EXTENSION_TAG)
	$(DOCKER_BUILD) --build-arg VERSION=$(VERSION) --build-arg REVISION=$(REVISION) --target extension \
	  --build-arg EXTENSION_IMAGE=$(EXTENSION_IMAGE):$(EXTENSION_TAG) -t $(EXTENSION_IMAGE):$(EXTENSION_TAG) .

.PHONY: install-extension
install-extension: extension ## Install the extension into Docker Desktop (allow non-Marketplace extensions in its settings)
	docker extension install -f $(EXTENSION_IMAGE):$(EXTENSION_TAG)

.PHONY: update-extension
update-extension: extension ## Rebuild and update the installed extension (volume mcp-hub-data is kept)
	docker extension update $(EXTENSION_IMAGE):$(EXTENSION_TAG)

.PHONY: validate
validate: extension ## Check metadata.json, compose/extension.yaml and the extension image's labels and files
	node scripts/validate-extension.mjs --image $(EXTENSION_IMAGE):$(EXTENSION_TAG)
	@# Docker Desktop's own validator ships only with Desktop; our checks above run everywhere.
	@if docker extension version >/dev/null 2>&1; then \
	  docker extension validate --errors-only --sdk-compatibility $(EXTENSION_IMAGE):$(EXTENSION_TAG); \
	else echo "docker extension CLI plugin not found: skipped 'docker extension validate' (Docker Desktop only)"; fi

.PHONY: dev-ui
dev-ui: node_modules/.package-lock.json ## UI dev server on http://localhost:3000, /api proxied to the hub of `make run`
	@echo "Inside Docker Desktop: docker extension dev ui-source $(EXTENSION_IMAGE):$(EXTENSION_TAG) http://localhost:3000"
	npm run dev -w ui

.PHONY: stop
stop: ## Remove the hub, the registry and every container labelled mcp-hub.managed=true (volumes are kept)
	scripts/hub-down.sh

.PHONY: typecheck
# The workspace's dependencies, installed on first use so `make test` works on a fresh clone.
node_modules/.package-lock.json: package-lock.json package.json contracts/package.json backend/package.json ui/package.json
	npm ci --no-audit --no-fund

typecheck: node_modules/.package-lock.json ## TypeScript type check of all workspaces
	npm run typecheck

.PHONY: lint
lint: node_modules/.package-lock.json ## ESLint and Prettier
	npm run lint

.PHONY: unit
unit: node_modules/.package-lock.json ## Unit tests (vitest): contracts, backend and UI
	npm test -w contracts
	npm test -w backend
	npm test -w ui

.PHONY: chromium
chromium: ## Debian's Chromium for the dashboard's browser test (apt-get when root; otherwise says how)
	scripts/chromium.sh

.PHONY: test-int
test-int: node_modules/.package-lock.json chromium ## Integration tests against the real Docker engine
	npm run test:int -w backend

.PHONY: test
test: typecheck lint unit images test-int ## Everything CI runs: typecheck, lint, unit, images, integration

# The peer (mcp-proxy) installs into bench/peers/ on first use; without npm it is skipped, not fatal.
.PHONY: bench
bench: node_modules/.package-lock.json images ## Benchmark: tools/call and tools/list direct vs via the hub, memory; writes bench/results.json
	@[ -d bench/peers/node_modules/mcp-proxy ] || npm install --prefix bench/peers --no-audit --no-fund --loglevel=error \
	  || echo "bench: could not install bench/peers; mcp-proxy is skipped"
	node --disable-warning=MaxListenersExceededWarning --import tsx bench/run.ts

# e.g. make bench-compare BENCH_COMPARE="mcp-hub:before mcp-hub:dev" (bench/README.md, "Comparing hub builds")
.PHONY: bench-compare
bench-compare: node_modules/.package-lock.json images ## Hub builds side by side in alternating rounds: calls/s and hub CPU per call
	node --disable-warning=MaxListenersExceededWarning --import tsx bench/compare.ts

# The demo stack: nginx + postgres (named volume) + redis with health checks, deployed by the docker tools'
# deploy_stack from the hub image over stdio. Without a registry it first builds its images from the Debian base.
.PHONY: demo-stack
demo-stack: node_modules/.package-lock.json images ## Deploy the demo stack (nginx + postgres + redis) with the docker tools and print the time to healthy
	HUB_IMAGE=$(HUB_IMAGE) node --import tsx bench/demoStack.ts

.PHONY: demo-stack-down
demo-stack-down: node_modules/.package-lock.json ## Remove the demo stack with its volume
	HUB_IMAGE=$(HUB_IMAGE) node --import tsx bench/demoStack.ts --down

.PHONY: build
build: node_modules/.package-lock.json ## Bundle the backend into backend/dist (needs Node)
	npm run build -w backend

.PHONY: clean
clean: ## Remove build outputs and the dev images (base images and volumes are kept)
	rm -rf backend/dist ui/dist ui/build .build coverage backend/coverage test-artifacts
	-docker image rm $(HUB_IMAGE) $(BRIDGE_IMAGE) $(REGISTRY_IMAGE) 2>/dev/null

.PHONY: clean-base
clean-base: ## Remove the local base images (rebuilt by make base-images)
	-docker image rm $(NODE_BASE) $(REGISTRY_BASE) $(PYTHON_BASE) 2>/dev/null
