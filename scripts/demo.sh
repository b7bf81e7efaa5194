#!/usr/bin/env bash
# The main job end to end on this machine: setup, a 10-node cluster, the alpine `top` scale-up
# scenario, a report under reports/<run-id>/, and the cluster torn down again.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
node bin/swarmbench.js run alpine-top-scale --nodes 10 --set replicas=200 "$@"
