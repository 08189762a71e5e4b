#!/bin/bash
# A single-node Slurm on this machine, for trying the sweep scripts and for the integration test
# (tests/SparsePlugins.Tests/Host/SlurmTests.cs). Needs root and the Debian packages slurm-wlm and munge
# (apt-get install -y slurm-wlm munge). Not for a real cluster, which has its own configuration.
#   local-cluster.sh start   # writes /etc/slurm/slurm.conf and a MUNGE key if missing, starts munged, slurmctld, slurmd
#   local-cluster.sh stop    # stops the three daemons by their pid files
set -euo pipefail
case "${1:-}" in
start)
    command -v slurmctld >/dev/null || { echo "slurm-wlm is not installed: apt-get install -y slurm-wlm munge" >&2; exit 3; }
    [ "$(id -u)" -eq 0 ] || { echo "starting Slurm needs root" >&2; exit 3; }
    host=$(hostname -s); cpus=$(nproc); mem=$(( $(free -m | awk '/^Mem:/ {print $2}') * 9 / 10 ))
    mkdir -p /etc/slurm /var/spool/slurmctld /var/spool/slurmd /var/log/slurm /run/munge /etc/munge
    if [ ! -s /etc/munge/munge.key ]; then
        head -c 1024 /dev/urandom > /etc/munge/munge.key
    fi
    chown -R munge:munge /etc/munge /run/munge /var/log/munge /var/lib/munge 2>/dev/null || true
    chmod 400 /etc/munge/munge.key
    cat > /etc/slurm/slurm.conf <<CONF
ClusterName=local
SlurmctldHost=$host
AuthType=auth/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
ReturnToService=2
SlurmctldPidFile=/run/slurmctld.pid
SlurmdPidFile=/run/slurmd.pid
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
JobAcctGatherType=jobacct_gather/none
NodeName=$host CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=main Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
    pgrep -x munged >/dev/null || su -s /bin/sh munge -c /usr/sbin/munged
    [ -s /run/slurmctld.pid ] && kill -0 "$(cat /run/slurmctld.pid)" 2>/dev/null || /usr/sbin/slurmctld
    [ -s /run/slurmd.pid ] && kill -0 "$(cat /run/slurmd.pid)" 2>/dev/null || /usr/sbin/slurmd
    for _ in $(seq 1 60); do
        sinfo -h -o '%t' 2>/dev/null | grep -qE 'idle|mix|alloc' && { sinfo; exit 0; }
        sleep 0.5
    done
    echo "Slurm did not come up; see /var/log/slurm/" >&2
    exit 1
    ;;
stop)
    for f in /run/slurmd.pid /run/slurmctld.pid; do
        [ -s "$f" ] && kill "$(cat "$f")" 2>/dev/null || true
    done
    [ -s /run/munge/munged.pid ] && kill "$(cat /run/munge/munged.pid)" 2>/dev/null || true
    ;;
*)
    echo "usage: $0 start|stop" >&2
    exit 2
    ;;
esac
