#!/usr/bin/env bash
# One-command, idempotent setup of a Debian/Ubuntu host for swarmbench, as root:
# Docker Engine (installed from the OS packages when none answers, started without systemd),
# the system libraries and tools the harness and its tests use, npm packages, the compiled CLI,
# and the image catalog. Quick when everything is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '%s setup: %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { printf 'setup: %s\n  fix: %s\n' "$1" "$2" >&2; exit 3; }

# Packages the host needs: engine, image building (debootstrap), InfluxDB for tests and
# --with-influx, canvas's native build (charts), Chromium for the report test, fonts for charts.
PACKAGES=(docker.io debootstrap influxdb iproute2 build-essential pkg-config python3 openssh-client
  libcairo2-dev libpango1.0-dev libjpeg-dev libgif-dev librsvg2-dev libpixman-1-dev
  fonts-dejavu-core chromium)

if [ "$(id -u)" -ne 0 ]; then
  die "setup installs system packages and starts the Docker Engine, which needs root" \
      "run it as root (sudo npm run setup), or install by hand: ${PACKAGES[*]}; start dockerd; npm ci; npm run build"
fi
command -v apt-get >/dev/null 2>&1 || die "this host has no apt-get (setup supports Debian and Ubuntu)" \
  "install by hand the equivalents of: ${PACKAGES[*]}; then npm ci && npm run build && node bin/swarmbench.js images build"

# 1. System packages: one apt transaction, only for what is missing.
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  say "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/tmp/swarmbench-apt.log 2>&1 || die "apt-get update failed (see /tmp/swarmbench-apt.log)" \
    "check that the package mirror in /etc/apt answers, then re-run setup"
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >>/tmp/swarmbench-apt.log 2>&1 || die \
    "apt-get install ${missing[*]} failed (see /tmp/swarmbench-apt.log)" "check disk space (df -h /) and the mirror, then re-run setup"
fi

# 2. Docker Engine: start it in the background when it does not answer (no systemd here).
if ! docker info >/dev/null 2>&1; then
  if ! pgrep -x dockerd >/dev/null; then
    # A dockerd killed with the previous session leaves its pid files behind; they block a start.
    rm -f /var/run/docker.pid /var/run/docker/containerd/containerd.pid
    say "starting dockerd (log: /var/log/dockerd.log)"
    setsid dockerd >/var/log/dockerd.log 2>&1 < /dev/null &
  fi
  for _ in $(seq 1 60); do docker info >/dev/null 2>&1 && break; sleep 0.5; done
  docker info >/dev/null 2>&1 || die "dockerd did not answer within 30 s (see /var/log/dockerd.log)" \
    "read the end of /var/log/dockerd.log; a stale /var/run/docker.pid or a full disk are the usual causes"
fi

# 3. npm packages, only when package-lock.json changed since the last install.
lock_hash=$(sha256sum package-lock.json | cut -c1-64)
if [ ! -f node_modules/.swarmbench-lock ] || [ "$(cat node_modules/.swarmbench-lock)" != "$lock_hash" ]; then
  say "npm ci"
  npm ci --no-audit --no-fund >/tmp/swarmbench-npm.log 2>&1 || die "npm ci failed (see /tmp/swarmbench-npm.log)" \
    "check that the npm registry answers and that the canvas build libraries are installed"
  echo "$lock_hash" > node_modules/.swarmbench-lock
fi

# 4. The CLI, compiled.
say "compiling"
npx tsc -p tsconfig.json

# 5. Images: built once, reused after (seconds when up to date).
node bin/swarmbench.js images build --progress plain
say "ready"
