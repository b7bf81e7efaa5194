#!/usr/bin/env bash
# The baseline swarmbench's boot is measured against: the plain parallel shell loop of the
# swarm-in-swarm notes, doing the same work (a labelled data volume and `docker run` of the same
# node image on an attachable overlay for every node, all at once; then `docker swarm init` on
# the first and `docker swarm join` of all the others at once), until the manager lists every
# node Ready. Objects carry swarmbench labels only so that `swarmbench down` can clean up.
# Usage: shell-loop.sh NAME NODES SUBNET MODE(capabilities|privileged)
# Prints one JSON line: {"ready": R, "seconds": S}
set -euo pipefail
name=$1 n=$2 subnet=$3 mode=${4:-capabilities}
image=${SWARMBENCH_NODE_IMAGE:-swarmbench/node:latest}
if [ "$mode" = privileged ]; then
  flags=(--privileged --tmpfs /run)
else
  flags=(--cap-add ALL --cap-drop SYS_RESOURCE --security-opt seccomp=unconfined --security-opt apparmor=unconfined
         --security-opt systempaths=unconfined --device-cgroup-rule 'a *:* rwm' --tmpfs /run)
fi
label=(--label "swarmbench.cluster=$name")

t0=$(date +%s.%N)
docker network create -d overlay --attachable --subnet "$subnet" "${label[@]}" --label swarmbench.role=network "$name-net" >/dev/null
for i in $(seq 0 $((n - 1))); do
  (
    role=worker; [ "$i" = 0 ] && role=manager
    docker volume create "${label[@]}" --label swarmbench.role=volume "$name-node-$i-data" >/dev/null
    docker run -d --name "$name-node-$i" --hostname "$name-node-$i" "${label[@]}" --label "swarmbench.role=$role" \
      "${flags[@]}" -v "$name-node-$i-data:/var/lib/docker" --network "$name-net" "$image" >/dev/null
  ) &
done
wait

mgr="$name-node-0"
until docker exec "$mgr" docker info >/dev/null 2>&1; do sleep 0.2; done
ip=$(docker inspect -f "{{(index .NetworkSettings.Networks \"$name-net\").IPAddress}}" "$mgr")
docker exec "$mgr" docker swarm init --advertise-addr "$ip" >/dev/null
token=$(docker exec "$mgr" docker swarm join-token -q worker)
for i in $(seq 1 $((n - 1))); do
  (
    c="$name-node-$i"
    until docker exec "$c" docker info >/dev/null 2>&1; do sleep 0.2; done
    docker exec "$c" docker swarm join --token "$token" "$ip:2377" >/dev/null 2>&1 || true
  ) &
done
wait

deadline=$(( $(date +%s) + 600 ))
ready=0
while [ "$(date +%s)" -lt "$deadline" ]; do
  ready=$(docker exec "$mgr" docker node ls --format '{{.Status}}' 2>/dev/null | grep -c '^Ready$' || true)
  [ "$ready" -ge "$n" ] && break
  sleep 1
done
t1=$(date +%s.%N)
printf '{"ready": %d, "seconds": %.1f}\n' "$ready" "$(echo "$t1 - $t0" | bc)"
