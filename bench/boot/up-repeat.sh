#!/usr/bin/env bash
# `swarmbench up --nodes N` with default flags, RUNS times, each torn down before the next and
# followed by 20 s of calm: does `up` reach N Ready every time, how long it takes, how many
# boots it repeats and what pace it takes. The host is calibrated first; every run's `up --json`
# (with its pace record) and the calibration go to bench/boot/results/up-N-xRUNS-DATE.json.
# Usage: bench/boot/up-repeat.sh [N] [RUNS]      (from the repository root, after `npm run build`)
set -euo pipefail
cd "$(dirname "$0")/../.."
n=${1:-100}
runs=${2:-3}
sb() { node bin/swarmbench.js "$@"; }
cleanup() { sb down --cluster bench-up --keep-outer-swarm --progress none >/dev/null 2>&1 || true; }
trap cleanup EXIT
tmp=$(mktemp -d)
sb calibrate --out "$tmp/calibration.json" --progress none >&2
for k in $(seq 1 "$runs"); do
  cleanup
  sleep 20
  echo "run $k: up --nodes $n (load $(cut -d' ' -f1 /proc/loadavg))" >&2
  rc=0
  sb up --cluster bench-up --nodes "$n" --json --progress plain >"$tmp/up-$k.json" 2>"$tmp/up-$k.log" || rc=$?
  echo "run $k: exit $rc; $(grep -v '^ *fix:' "$tmp/up-$k.log" | tail -1)" >&2
done
out="bench/boot/results/up-$n-x$runs-$(date -u +%F).json"
node -e '
  const fs = require("fs");
  const [dir, out, n, runs] = process.argv.slice(1);
  const c = JSON.parse(fs.readFileSync(`${dir}/calibration.json`, "utf8"));
  const rows = [];
  for (let k = 1; k <= Number(runs); k++) {
    const u = JSON.parse(fs.readFileSync(`${dir}/up-${k}.json`, "utf8"));
    rows.push({ run: k, ready: u.verdict.ready, ok: u.verdict.ok, seconds: Math.round(u.elapsedMs / 100) / 10, failed: u.failed.length, restarted: u.restarted, line: u.verdict.line, pace: u.pace });
  }
  const h = c.hosts.local;
  const r = { bench: "up-repeat", measuredAt: new Date().toISOString(), command: `bash bench/boot/up-repeat.sh ${n} ${runs}`, nodes: Number(n),
    host: { cores: h.ncpu, calibration: { containersPerSecond: Number(h.containersPerSecond.toFixed(2)), concurrency: c.concurrency, count: c.count } }, runs: rows };
  fs.writeFileSync(out, JSON.stringify(r, null, 2) + "\n");
  for (const x of rows) console.log(`run ${x.run}: ${x.line} in ${x.seconds} s, ${x.restarted} boots repeated`);
' "$tmp" "$out" "$n" "$runs"
rm -rf "$tmp"
echo "written to $out" >&2
