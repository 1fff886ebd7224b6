#!/usr/bin/env bash
# Debian's Chromium, which the dashboard's browser test (backend/test/e2e) drives through playwright-core: installed
# with apt-get when this runs as root on a machine that has apt-get (CI, the dev containers), otherwise it says how
# and fails. `make test-int` runs it first, so the browser test never goes missing unnoticed.
#   CHROMIUM_PATH  the browser the test launches (default /usr/bin/chromium, where Debian's package puts it)
set -euo pipefail

chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
[ -x "$chromium" ] && exit 0

if [ "$chromium" = /usr/bin/chromium ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "chromium: not found; installing Debian's package for the dashboard's browser test" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium >/dev/null
  [ -x "$chromium" ] && exit 0
fi

cat >&2 <<MSG
chromium: no browser at $chromium for the dashboard's browser test (backend/test/e2e).
  Debian/Ubuntu: sudo apt-get install chromium     (then run make test again)
  elsewhere:     CHROMIUM_PATH=/path/to/chromium make test
MSG
exit 1
