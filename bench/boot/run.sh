#!/usr/bin/env bash
# Boot throughput: N nodes (default 50) booted by the plain parallel shell loop and by
# `swarmbench up`, side by side in one run on the same host, each torn down before the other
# starts. Prints both times, both Ready counts, and the ratio (shell time / swarmbench time:
# above 1 means swarmbench is faster). Heavy: about 3 GB of memory and both cores for minutes.
# The host's container-start calibration is measured first; the figures, the calibration and
# the pace `up` took go to bench/boot/results/boot-NODES-DATE.json.
# Usage: bench/boot/run.sh [NODES] [--json]      (from the repository root, after `npm run build`)
set -euo pipefail
cd "$(dirname "$0")/../.."
n=${1:-50}
json=${2:-}
mode=${SWARMBENCH_NODE_MODE:-capabilities}
sb() { node bin/swarmbench.js "$@"; }
cleanup() {
  sb down --cluster bench-shell --keep-outer-swarm --progress none >/dev/null 2>&1 || true
  sb down --cluster bench-sb --keep-outer-swarm --progress none >/dev/null 2>&1 || true
}
trap cleanup EXIT
cleanup

# Use a /16 nobody else has: swarmbench picks one for itself; ask it which by looking at its own pick rule.
subnet=${BENCH_SHELL_SUBNET:-10.127.0.0/16}

echo "calibrating the host (50 containers, 8 at a time)..." >&2
calib=$(mktemp)
sb calibrate --out "$calib" --progress none >&2

echo "shell loop: $n nodes..." >&2
shell=$(bash bench/boot/shell-loop.sh bench-shell "$n" "$subnet" "$mode")
sb down --cluster bench-shell --keep-outer-swarm --progress none >/dev/null

echo "swarmbench up: $n nodes..." >&2
t0=$(date +%s.%N)
upjson=$(mktemp)
sb up --cluster bench-sb --nodes "$n" --managers 1 --mode "$mode" --progress plain --json >"$upjson"
t1=$(date +%s.%N)
sb_ready=$(docker exec bench-sb-node-0 docker node ls --format '{{.Status}}' | grep -c '^Ready$' || true)
sb_seconds=$(echo "$t1 - $t0" | bc)

shell_ready=$(echo "$shell" | sed -E 's/.*"ready": ([0-9]+).*/\1/')
shell_seconds=$(echo "$shell" | sed -E 's/.*"seconds": ([0-9.]+).*/\1/')
ratio=$(echo "scale=2; $shell_seconds / $sb_seconds" | bc)
out="bench/boot/results/boot-$n-$(date -u +%F).json"
node -e '
  const fs = require("fs");
  const [calib, up, out, n, shellReady, shellSec, sbReady, sbSec, ratio] = process.argv.slice(1);
  const c = JSON.parse(fs.readFileSync(calib, "utf8")).hosts.local;
  const u = JSON.parse(fs.readFileSync(up, "utf8"));
  const r = {
    bench: "boot", measuredAt: new Date().toISOString(), command: `bash bench/boot/run.sh ${n}`, nodes: Number(n),
    host: { cores: c.ncpu, calibration: { containersPerSecond: Number(c.containersPerSecond.toFixed(2)), concurrency: 8, count: 50 } },
    shell: { ready: Number(shellReady), seconds: Number(shellSec) },
    swarmbench: { ready: Number(sbReady), seconds: Number(Number(sbSec).toFixed(1)), restarted: u.restarted, pace: u.verdict.line.replace(/^.*?(pace:)/, "$1") },
    ratioShellOverSwarmbench: Number(ratio),
  };
  fs.mkdirSync(require("path").dirname(out), { recursive: true });
  fs.writeFileSync(out, JSON.stringify(r, null, 2) + "\n");
' "$calib" "$upjson" "$out" "$n" "$shell_ready" "$shell_seconds" "$sb_ready" "$sb_seconds" "$ratio"
rm -f "$calib" "$upjson"
echo "written to $out" >&2

if [ "$json" = --json ]; then
  printf '{"nodes": %d, "shell": {"ready": %d, "seconds": %s}, "swarmbench": {"ready": %d, "seconds": %.1f}, "ratio": %s}\n' \
    "$n" "$shell_ready" "$shell_seconds" "$sb_ready" "$sb_seconds" "$ratio"
else
  printf '%-12s %6s %9s %12s\n' "" nodes "Ready" "seconds"
  printf '%-12s %6d %9d %12s\n' "shell loop" "$n" "$shell_ready" "$shell_seconds"
  printf '%-12s %6d %9d %12.1f\n' "swarmbench" "$n" "$sb_ready" "$sb_seconds"
  echo "ratio (shell / swarmbench): $ratio  (above 1: swarmbench is faster)"
  [ "$sb_ready" -eq "$n" ] || echo "swarmbench Ready count is NOT exact: $sb_ready of $n" >&2
fi
