#!/usr/bin/env bash
# Boot throughput: N nodes (default 50) booted by the plain parallel shell loop and by
# `swarmbench up`, side by side in one run on the same host, each torn down before the other
# starts. Prints both times, both Ready counts, and the ratio (shell time / swarmbench time:
# above 1 means swarmbench is faster). Heavy: about 3 GB of memory and both cores for minutes.
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

echo "shell loop: $n nodes..." >&2
shell=$(bash bench/boot/shell-loop.sh bench-shell "$n" "$subnet" "$mode")
sb down --cluster bench-shell --keep-outer-swarm --progress none >/dev/null

echo "swarmbench up: $n nodes..." >&2
t0=$(date +%s.%N)
sb up --cluster bench-sb --nodes "$n" --managers 1 --mode "$mode" --progress plain >&2
t1=$(date +%s.%N)
sb_ready=$(docker exec bench-sb-node-0 docker node ls --format '{{.Status}}' | grep -c '^Ready$' || true)
sb_seconds=$(echo "$t1 - $t0" | bc)

shell_ready=$(echo "$shell" | sed -E 's/.*"ready": ([0-9]+).*/\1/')
shell_seconds=$(echo "$shell" | sed -E 's/.*"seconds": ([0-9.]+).*/\1/')
ratio=$(echo "scale=2; $shell_seconds / $sb_seconds" | bc)
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
