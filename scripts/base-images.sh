#!/usr/bin/env bash
# Builds the local base images that the Dockerfile and the test bed use, without pulling from any image registry:
# everything comes from the npm registry and Debian packages, which are reachable where Docker Hub may not be.
#
#   scripts/base-images.sh [node] [registry] [python] [debian]     (default: node registry)
#
#   mcp-hub/node-base:24         Node 24 LTS (npm package node-linux-<arch>), its shared libraries, static busybox,
#                                npm 11, users root/node(1000)/nobody, CA bundle. Drop-in for node:24-slim in our builds.
#   mcp-hub/python-base:3.11     Debian's python3 (3.11: interpreter, standard library, venv with its pip wheel), its
#                                shared libraries, static busybox, the same users and CA bundle. Stands in for
#                                python:3.13-slim when the hub packages python servers (python3, python3 -m venv).
#   mcp-hub/registry-base:2      Debian's docker-registry binary laid out like the official registry:2 image.
#   mcp-hub/debian-base:bookworm debootstrap --variant=minbase of bookworm (slow; not needed by `make test`).
#
# Idempotent: an image that already exists is skipped unless FORCE=1.
# Environment: FORCE=1, NODE_MAJOR (24), NPM_MAJOR (11), PYTHON_VERSION (3.11: Debian's), BASE_CACHE (download cache dir),
#              CA_BUNDLE (default /etc/ssl/certs/ca-certificates.crt), DEBIAN_MIRROR, DEBIAN_SUITE (bookworm).
set -euo pipefail

NODE_MAJOR="${NODE_MAJOR:-24}"
NPM_MAJOR="${NPM_MAJOR:-11}"
FORCE="${FORCE:-0}"
CA_BUNDLE="${CA_BUNDLE:-/etc/ssl/certs/ca-certificates.crt}"
DEBIAN_SUITE="${DEBIAN_SUITE:-bookworm}"
BASE_CACHE="${BASE_CACHE:-${XDG_CACHE_HOME:-${HOME:-/root}/.cache}/mcp-hub/base-images}"

NODE_IMAGE="mcp-hub/node-base:${NODE_MAJOR}"
REGISTRY_IMAGE="mcp-hub/registry-base:2"
PYTHON_VERSION="${PYTHON_VERSION:-3.11}"
PYTHON_IMAGE="mcp-hub/python-base:${PYTHON_VERSION}"
DEBIAN_IMAGE="mcp-hub/debian-base:${DEBIAN_SUITE}"

log() { printf '[base-images %s] %s\n' "$(date +%H:%M:%S)" "$*"; }
die() { printf '[base-images] error: %s\n' "$*" >&2; exit 1; }

case "$(uname -m)" in
  x86_64 | amd64) NODE_ARCH=x64 DEB_ARCH=amd64 ;;
  aarch64 | arm64) NODE_ARCH=arm64 DEB_ARCH=arm64 ;;
  *) die "unsupported architecture $(uname -m)" ;;
esac

command -v docker >/dev/null || die "docker is required"
docker info >/dev/null 2>&1 || die "docker engine not reachable (docker info failed)"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/mcp-hub-base.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$BASE_CACHE"

image_exists() { docker image inspect "$1" >/dev/null 2>&1; }

should_build() {
  if image_exists "$1" && [ "$FORCE" != 1 ]; then
    log "skip $1 (exists; FORCE=1 rebuilds)"
    return 1
  fi
  return 0
}

# apt-get download needs package lists; on a fresh machine they may be missing, so update once on demand.
apt_updated=0
deb_fetch() { # deb_fetch PACKAGE -> prints the path of the cached .deb
  local pkg="$1" deb
  deb="$(find "$BASE_CACHE" -maxdepth 1 \( -name "${pkg}_*_${DEB_ARCH}.deb" -o -name "${pkg}_*_all.deb" \) | sort | tail -n1)"
  if [ -z "$deb" ]; then
    if ! (cd "$BASE_CACHE" && apt-get download -o APT::Sandbox::User=root "$pkg" >&2); then
      [ "$apt_updated" = 1 ] && die "apt-get download $pkg failed"
      log "apt-get update (package lists needed for $pkg)" >&2
      apt-get update -qq >&2 || die "apt-get update failed"
      apt_updated=1
      (cd "$BASE_CACHE" && apt-get download -o APT::Sandbox::User=root "$pkg" >&2) || die "apt-get download $pkg failed"
    fi
    deb="$(find "$BASE_CACHE" -maxdepth 1 \( -name "${pkg}_*_${DEB_ARCH}.deb" -o -name "${pkg}_*_all.deb" \) | sort | tail -n1)"
  fi
  [ -n "$deb" ] || die "no .deb for $pkg"
  printf '%s\n' "$deb"
}

npm_fetch() { # npm_fetch SPEC NAME-PREFIX -> prints the path of the cached tarball; re-resolves the version each run
  local spec="$1" file
  file="$(cd "$BASE_CACHE" && npm pack --silent "$spec" 2>/dev/null | tail -n1)" || die "npm pack $spec failed"
  [ -f "$BASE_CACHE/$file" ] || die "npm pack $spec produced no file"
  printf '%s\n' "$BASE_CACHE/$file"
}

# Copies a dynamically linked binary's libraries (and the loader) into ROOT at the same paths, resolving symlinks.
copy_libs() { # copy_libs ROOT BINARY
  local root="$1" bin="$2" lib
  if ! ldd "$bin" >/dev/null 2>&1; then
    return 0 # static binary
  fi
  for lib in $(ldd "$bin" | grep -oE '/[^ ]+' | sort -u); do
    mkdir -p "$root$(dirname "$lib")"
    cp -L "$lib" "$root$lib"
  done
}

install_busybox() { # install_busybox ROOT
  local root="$1" deb x applet
  deb="$(deb_fetch busybox-static)"
  x="$WORK/busybox-x"
  rm -rf "$x" && mkdir -p "$x"
  dpkg -x "$deb" "$x"
  mkdir -p "$root/bin" "$root/usr/bin"
  install -m 0755 "$x/bin/busybox" "$root/bin/busybox"
  for applet in $("$root/bin/busybox" --list); do
    [ "$applet" = busybox ] && continue
    [ -e "$root/bin/$applet" ] || ln -s busybox "$root/bin/$applet"
  done
  # Scripts in npm packages start with #!/usr/bin/env node.
  ln -sf ../../bin/busybox "$root/usr/bin/env"
}

base_etc() { # base_etc ROOT : users, groups, CA bundle, nsswitch, tmp
  local root="$1"
  mkdir -p "$root/etc/ssl/certs" "$root/tmp" "$root/root" "$root/home/node" "$root/var/tmp" "$root/proc" "$root/sys" \
    "$root/dev" "$root/run" "$root/usr/local/bin"
  cat >"$root/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/bin/sh
node:x:1000:1000::/home/node:/bin/sh
nobody:x:65534:65534:nobody:/nonexistent:/bin/false
EOF
  cat >"$root/etc/group" <<'EOF'
root:x:0:
node:x:1000:
nogroup:x:65534:
EOF
  printf 'passwd: files\ngroup: files\nhosts: files dns\n' >"$root/etc/nsswitch.conf"
  if [ -s "$CA_BUNDLE" ]; then
    cp -L "$CA_BUNDLE" "$root/etc/ssl/certs/ca-certificates.crt"
  else
    log "warning: no CA bundle at $CA_BUNDLE; image has none"
    : >"$root/etc/ssl/certs/ca-certificates.crt"
  fi
  chmod 1777 "$root/tmp" "$root/var/tmp"
  chmod 0700 "$root/root"
  chown 1000:1000 "$root/home/node"
}

import_rootfs() { # import_rootfs ROOT IMAGE CHANGE...
  local root="$1" image="$2"
  shift 2
  local args=() c
  for c in "$@"; do args+=(--change "$c"); done
  tar --numeric-owner -C "$root" -c . | docker import "${args[@]}" - "$image" >/dev/null
}

build_node() {
  should_build "$NODE_IMAGE" || return 0
  local t0=$SECONDS root="$WORK/node-root" tgz x node_version npm_version
  log "building $NODE_IMAGE"
  tgz="$(npm_fetch "node-linux-${NODE_ARCH}@${NODE_MAJOR}")"
  node_version="$(basename "$tgz" .tgz)"
  node_version="v${node_version#node-linux-"${NODE_ARCH}"-}"
  x="$WORK/node-x"
  mkdir -p "$x" "$root"
  tar -xzf "$tgz" -C "$x" package/bin/node
  base_etc "$root"
  install -m 0755 "$x/package/bin/node" "$root/usr/local/bin/node"
  copy_libs "$root" "$root/usr/local/bin/node"
  # Native addons in npm packages link librt (rolldown's binding, used by the UI build's vite 8); node itself does
  # not, so copy_libs misses it. In glibc >= 2.34 it is a 15 KB stub.
  local librt
  librt="$(ldconfig -p 2>/dev/null | awk '/librt\.so\.1 .*x86-64|librt\.so\.1 .*AArch64/ { print $NF; exit }')"
  if [ -n "$librt" ]; then mkdir -p "$root$(dirname "$librt")" && cp -L "$librt" "$root$librt"; fi
  install_busybox "$root"

  tgz="$(npm_fetch "npm@${NPM_MAJOR}")"
  mkdir -p "$root/usr/local/lib/node_modules/npm"
  tar -xzf "$tgz" -C "$root/usr/local/lib/node_modules/npm" --strip-components=1
  local tool
  for tool in npm npx; do
    printf '#!/bin/sh\nexec /usr/local/bin/node /usr/local/lib/node_modules/npm/bin/%s-cli.js "$@"\n' "$tool" \
      >"$root/usr/local/bin/$tool"
    chmod 0755 "$root/usr/local/bin/$tool"
  done
  npm_version="$(basename "$tgz" .tgz)"
  npm_version="${npm_version#npm-}"

  import_rootfs "$root" "$NODE_IMAGE" \
    'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    "ENV NODE_VERSION=${node_version}" \
    "ENV NPM_VERSION=${npm_version}" \
    'WORKDIR /' \
    'CMD ["node"]'
  docker run --rm "$NODE_IMAGE" node -e 'require("node:assert")(process.version)' >/dev/null ||
    die "$NODE_IMAGE: node does not run"
  docker run --rm "$NODE_IMAGE" npm --version >/dev/null || die "$NODE_IMAGE: npm does not run"
  log "built $NODE_IMAGE (node ${node_version}, npm ${npm_version}) in $((SECONDS - t0))s"
}

build_registry() {
  should_build "$REGISTRY_IMAGE" || return 0
  local t0=$SECONDS root="$WORK/registry-root" deb x version
  log "building $REGISTRY_IMAGE"
  deb="$(deb_fetch docker-registry)"
  x="$WORK/registry-x"
  mkdir -p "$x" "$root/etc/docker/registry" "$root/var/lib/registry"
  dpkg -x "$deb" "$x"
  base_etc "$root"
  install_busybox "$root"
  install -m 0755 "$x/usr/bin/docker-registry" "$root/bin/registry"
  copy_libs "$root" "$root/bin/registry"
  # Same content as the official image's config.yml.
  cat >"$root/etc/docker/registry/config.yml" <<'EOF'
version: 0.1
log:
  fields:
    service: registry
storage:
  cache:
    blobdescriptor: inmemory
  filesystem:
    rootdirectory: /var/lib/registry
http:
  addr: :5000
  headers:
    X-Content-Type-Options: [nosniff]
health:
  storagedriver:
    enabled: true
    interval: 10s
    threshold: 3
EOF
  # Same argument handling as the official image's entrypoint.sh.
  cat >"$root/entrypoint.sh" <<'EOF'
#!/bin/sh
set -e
case "$1" in
  *.yaml | *.yml) set -- registry serve "$@" ;;
  serve | garbage-collect | help | -*) set -- registry "$@" ;;
esac
exec "$@"
EOF
  chmod 0755 "$root/entrypoint.sh"
  version="$(basename "$deb" | cut -d_ -f2)"
  import_rootfs "$root" "$REGISTRY_IMAGE" \
    'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    "LABEL org.opencontainers.image.version=${version}" \
    'VOLUME ["/var/lib/registry"]' \
    'EXPOSE 5000' \
    'ENTRYPOINT ["/entrypoint.sh"]' \
    'CMD ["/etc/docker/registry/config.yml"]'
  docker run --rm --entrypoint registry "$REGISTRY_IMAGE" --version >/dev/null || die "$REGISTRY_IMAGE: registry does not run"
  log "built $REGISTRY_IMAGE (docker-registry ${version}) in $((SECONDS - t0))s"
}

build_python() {
  should_build "$PYTHON_IMAGE" || return 0
  local t0=$SECONDS root="$WORK/python-root" pkg deb so missing=() v="$PYTHON_VERSION"
  log "building $PYTHON_IMAGE"
  mkdir -p "$root"
  base_etc "$root"
  install_busybox "$root"
  # The interpreter, the whole standard library, ensurepip and the wheels it installs into a venv: `python3 -m venv`
  # then works as in the official image. No system pip: packages go into venvs only.
  for pkg in "python${v}-minimal" "libpython${v}-minimal" "libpython${v}-stdlib" python3-minimal "python${v}-venv" \
    python3-pip-whl python3-setuptools-whl; do
    deb="$(deb_fetch "$pkg")"
    dpkg -x "$deb" "$root"
  done
  rm -rf "$root/usr/share/doc" "$root/usr/share/man" "$root/usr/share/lintian" "$root/usr/share/binfmts" \
    "$root/usr/lib/binfmt.d" "$root/usr/lib/python${v}/test" "$root/usr/lib/python${v}/idlelib" \
    "$root/usr/lib/python${v}/lib-dynload/"_test*.so "$root/usr/lib/python${v}/lib-dynload/"xx*.so
  # The interpreter's libraries and the extension modules' (ssl, sqlite3, ctypes, decimal, …), from this host.
  copy_libs "$root" "$root/usr/bin/python${v}"
  for so in "$root/usr/lib/python${v}/lib-dynload/"*.so; do
    while read -r lib; do missing+=("$(basename "$so"): $lib"); done < <(ldd "$so" | awk '/not found/ { print $1 }')
    copy_libs "$root" "$so"
  done
  [ ${#missing[@]} -eq 0 ] || log "warning: libraries not on this host, modules that need them will not import: ${missing[*]}"
  # OpenSSL looks for its CA bundle under its own directory; Debian's openssl package links it to /etc/ssl.
  mkdir -p "$root/usr/lib/ssl"
  ln -sfn /etc/ssl/certs "$root/usr/lib/ssl/certs"
  ln -sf /etc/ssl/certs/ca-certificates.crt "$root/usr/lib/ssl/cert.pem"
  ln -sf "python${v}" "$root/usr/bin/python"
  import_rootfs "$root" "$PYTHON_IMAGE" \
    'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    'ENV LANG=C.UTF-8' \
    "ENV PYTHON_VERSION=$("$root/usr/bin/python${v}" -c 'import platform; print(platform.python_version())' 2>/dev/null || echo "$v")" \
    'WORKDIR /' \
    'CMD ["python3"]'
  docker run --rm --network none "$PYTHON_IMAGE" python3 -c 'import ssl, sqlite3, ctypes, decimal, json, asyncio, venv' ||
    die "$PYTHON_IMAGE: python3 does not run or lacks standard modules"
  docker run --rm --network none "$PYTHON_IMAGE" sh -c 'python3 -m venv /tmp/v && /tmp/v/bin/python -m pip --version' \
    >/dev/null || die "$PYTHON_IMAGE: python3 -m venv does not make a venv with pip"
  log "built $PYTHON_IMAGE in $((SECONDS - t0))s"
}

debian_mirror() {
  if [ -n "${DEBIAN_MIRROR:-}" ]; then
    printf '%s\n' "$DEBIAN_MIRROR"
    return
  fi
  local f m
  # deb822 sources: the URIs of a stanza whose Suites name the plain suite (not -security).
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    m="$(awk -v s="$DEBIAN_SUITE" '
      /^[[:space:]]*$/ { if (u != "" && ok) { print u; exit } u=""; ok=0; next }
      /^URIs:/ { u=$2 }
      /^Suites:/ { for (i = 2; i <= NF; i++) if ($i == s) ok=1 }
      END { if (u != "" && ok) print u }' "$f" | head -n1)"
    if [ -n "$m" ]; then printf '%s\n' "$m"; return; fi
  done
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] || continue
    m="$(awk -v s="$DEBIAN_SUITE" '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i ~ /^\[/) continue; else { if ($(i+1) == s) { print $i; exit } break } }' "$f")"
    if [ -n "$m" ]; then printf '%s\n' "$m"; return; fi
  done
  printf '%s\n' "http://deb.debian.org/debian"
}

build_debian() {
  should_build "$DEBIAN_IMAGE" || return 0
  local t0=$SECONDS root="$WORK/debian-root" mirror
  command -v debootstrap >/dev/null || {
    log "installing debootstrap"
    apt-get update -qq && apt-get install -y -qq debootstrap >/dev/null
  }
  mirror="$(debian_mirror)"
  log "building $DEBIAN_IMAGE: debootstrap --variant=minbase $DEBIAN_SUITE from $mirror"
  debootstrap --variant=minbase --arch="$DEB_ARCH" "$DEBIAN_SUITE" "$root" "$mirror" >"$WORK/debootstrap.log" 2>&1 || {
    tail -n 30 "$WORK/debootstrap.log" >&2
    die "debootstrap failed"
  }
  rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
  if [ -s "$CA_BUNDLE" ]; then
    # Extra trust for the build machine's proxy/CA, so apt/npm inside derived images work here.
    mkdir -p "$root/usr/local/share/ca-certificates"
    cp -L "$CA_BUNDLE" "$root/usr/local/share/ca-certificates/host-bundle.crt"
  fi
  import_rootfs "$root" "$DEBIAN_IMAGE" \
    'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    'CMD ["bash"]'
  docker run --rm "$DEBIAN_IMAGE" true || die "$DEBIAN_IMAGE does not run"
  log "built $DEBIAN_IMAGE in $((SECONDS - t0))s"
}

targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(node registry)
for t in "${targets[@]}"; do
  case "$t" in
    node) build_node ;;
    registry) build_registry ;;
    python) build_python ;;
    debian) build_debian ;;
    *) die "unknown target '$t' (node, registry, python, debian)" ;;
  esac
done
