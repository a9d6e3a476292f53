#!/usr/bin/env bash
# A one-node Slurm cluster on 127.0.0.1 for repro's Slurm launcher test (and for trying `--launcher slurm` by hand).
#   tools/slurm/cluster.sh start    install Debian's packages when missing, start munged, slurmctld and slurmd
#   tools/slurm/cluster.sh stop     stop them by their PID files
#   tools/slurm/cluster.sh status   exit 0 when the node answers idle or allocated
#   tools/slurm/cluster.sh env      the line to eval so that sbatch, squeue and scontrol use this cluster
# Idempotent: start on a running cluster does nothing, stop on a stopped one neither. Everything lives under
# $REPRO_SLURM_DIR (default /tmp/repro-slurm): configuration, munge key and socket, state, logs and PID files.
# No systemd and no cgroups (proctrack/linuxproc, task/none), no accounting, its own ports (REPRO_SLURM_PORT and the
# next one, default 16817), and the node's address given as 127.0.0.1 so that no name has to resolve.
set -euo pipefail

DIR=${REPRO_SLURM_DIR:-/tmp/repro-slurm}
PORT=${REPRO_SLURM_PORT:-16817}
NODE=$(hostname -s)
CONF=$DIR/slurm.conf

say() { echo "slurm-cluster: $*" >&2; }

install_packages() {
  local missing=()
  for tool in munged slurmctld slurmd sbatch; do command -v "$tool" >/dev/null || missing+=("$tool"); done
  [ ${#missing[@]} -eq 0 ] && return
  [ "$(id -u)" -eq 0 ] || { say "missing ${missing[*]}, and installing them needs root"; exit 1; }
  say "installing Debian's munge slurmctld slurmd slurm-client (missing: ${missing[*]})"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq munge slurmctld slurmd slurm-client >/dev/null \
    || { apt-get update -qq && apt-get install -y -qq munge slurmctld slurmd slurm-client >/dev/null; }
}

alive() { [ -s "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

export SLURM_CONF=$CONF

node_up() { sinfo -h -n "$NODE" -o %t 2>/dev/null | grep -Eqx '(idle|alloc|alloc\+|mix)'; }

write_config() {
  mkdir -p "$DIR/state" "$DIR/spool" "$DIR/munge" "$DIR/log"
  # munged refuses a socket folder that others may write, and clients one they cannot enter.
  chmod 711 "$DIR/munge"
  if [ ! -s "$DIR/munge/munge.key" ]; then
    dd if=/dev/urandom of="$DIR/munge/munge.key" bs=1024 count=1 status=none
  fi
  chmod 400 "$DIR/munge/munge.key"
  # The node as slurmd sees it (CPUs, sockets, cores, threads, memory): another shape drains the node.
  local hardware
  hardware=$(slurmd -C | head -n 1 | sed -E 's/^NodeName=[^ ]+ //')
  cat >"$CONF.tmp" <<CONFIG
ClusterName=repro
SlurmctldHost=$NODE(127.0.0.1)
SlurmctldPort=$PORT
SlurmdPort=$((PORT + 1))
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$DIR/munge/munge.socket.2
SlurmUser=root
SlurmdUser=root
StateSaveLocation=$DIR/state
SlurmdSpoolDir=$DIR/spool
SlurmctldPidFile=$DIR/slurmctld.pid
SlurmdPidFile=$DIR/slurmd.pid
SlurmctldLogFile=$DIR/log/slurmctld.log
SlurmdLogFile=$DIR/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
MpiDefault=none
ReturnToService=2
# Finished jobs stay visible to scontrol for 10 minutes: a waiting launcher reads their exit codes there.
MinJobAge=600
NodeName=$NODE NodeAddr=127.0.0.1 $hardware State=UNKNOWN
PartitionName=debug Nodes=$NODE Default=YES MaxTime=INFINITE State=UP
CONFIG
  mv "$CONF.tmp" "$CONF"
}

start() {
  install_packages
  if alive "$DIR/munged.pid" && alive "$DIR/slurmctld.pid" && alive "$DIR/slurmd.pid" && node_up; then
    say "already running ($CONF)"; return
  fi
  stop quiet
  write_config
  munged --key-file="$DIR/munge/munge.key" --socket="$DIR/munge/munge.socket.2" --pid-file="$DIR/munged.pid" \
    --log-file="$DIR/log/munged.log" --seed-file="$DIR/munge/munge.seed" --force
  # Both daemons fork into the background themselves; -i: start with an empty queue, not the last run's jobs.
  slurmctld -i -f "$CONF"
  slurmd -f "$CONF" -N "$NODE"
  for _ in $(seq 1 150); do
    if node_up; then say "up: node $NODE on 127.0.0.1:$PORT ($CONF)"; return; fi
    sleep 0.2
  done
  say "the node did not come up within 30 s; the daemons' logs are in $DIR/log"
  sinfo -N -l >&2 || true
  tail -n 20 "$DIR"/log/*.log >&2 || true
  exit 1
}

stop() {
  local pid
  for daemon in slurmd slurmctld munged; do
    if alive "$DIR/$daemon.pid"; then
      pid=$(cat "$DIR/$daemon.pid")
      kill "$pid"
      for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
      [ "${1:-}" = quiet ] || say "stopped $daemon ($pid)"
    fi
    rm -f "$DIR/$daemon.pid"
  done
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) node_up ;;
  env) echo "export SLURM_CONF=$CONF" ;;
  *) echo "usage: $0 start|stop|status|env" >&2; exit 2 ;;
esac
