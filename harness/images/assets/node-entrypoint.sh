#!/bin/sh
# swarmbench node entrypoint: make a Docker-in-Docker node work in "capabilities mode", where
# --privileged is refused by the host kernel, then hand over to dockerd.
set -eu
mkdir -p /run/swarmbench

# In capabilities mode /sys/fs/cgroup is mounted read-only; the nested engine must create
# cgroups, so replace it with writable v1 hierarchies (cgroup v2 hosts need nothing here).
# (Docker's tmpfs at /sys/fs/cgroup may be writable while each controller below it is not.)
if [ ! -f /sys/fs/cgroup/cgroup.controllers ] && grep -Eq '^cgroup /sys/fs/cgroup/[^ ]+ cgroup ro[ ,]' /proc/mounts; then
  for d in /sys/fs/cgroup/*; do umount "$d" 2>/dev/null || true; done
  umount /sys/fs/cgroup 2>/dev/null || true
  mount -t tmpfs -o mode=755 cgroup /sys/fs/cgroup
  for c in cpu cpuacct cpuset memory devices freezer blkio pids net_cls net_prio perf_event hugetlb; do
    mkdir -p "/sys/fs/cgroup/$c"
    mount -t cgroup -o "$c" cgroup "/sys/fs/cgroup/$c" 2>/dev/null || rmdir "/sys/fs/cgroup/$c"
  done
  mkdir -p /sys/fs/cgroup/systemd
  mount -t cgroup -o none,name=systemd cgroup /sys/fs/cgroup/systemd 2>/dev/null || rmdir /sys/fs/cgroup/systemd
fi

# Swarm3k: big swarms overflow the kernel's neighbour table; raise it where this kernel allows.
status=ok
for kv in gc_thresh1=8192 gc_thresh2=32768 gc_thresh3=65536; do
  k=${kv%%=*}; v=${kv#*=}
  if ! echo "$v" > "/proc/sys/net/ipv4/neigh/default/$k" 2>/dev/null; then status="refused"; fi
done
echo "neigh_gc_thresh=$status" > /run/swarmbench/sysctl.status

exec dockerd "$@"
