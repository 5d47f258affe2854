#!/usr/bin/env bash
# A one-node Slurm cluster for the cluster test (.ci/run): munged, slurmctld and slurmd with a minimal
# slurm.conf in a temporary folder, started here and stopped by their pids on exit. It submits the job
# scripts of examples/slurm/ as 4-task arrays — a sweep (examples/sweeps/hessian-width.json) and
# `reproduce --quick` of claims that run on their own — waits, merges the shards, and checks that the
# merged results equal an unsharded run's, record for record (scripts/same-results.mjs).
# Needs Debian's slurm-wlm and munge, root (the daemons run as root), and a built CLI (dist/).
set -euo pipefail
cd "$(dirname "$0")/.."
START=$(date +%s)
ROOT=$PWD
T=$(mktemp -d /tmp/overparam-slurm.XXXXXX)
PIDS=()
stop() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  if [ "${KEEP:-0}" = 0 ]; then rm -rf "$T"; else echo "slurm-test: logs kept in $T"; fi
}
trap stop EXIT

HOST=$(hostname -s)
mkdir -p "$T/munge" "$T/state" "$T/spool" "$T/log" "$T/out"
chmod 700 "$T/munge"
dd if=/dev/urandom of="$T/munge/munge.key" bs=1024 count=1 status=none
chmod 400 "$T/munge/munge.key"
SOCK="$T/munge/munge.socket"
munged --force --foreground --key-file="$T/munge/munge.key" --socket="$SOCK" \
  --pid-file="$T/munge/munged.pid" --log-file="$T/log/munged.log" --seed-file="$T/munge/seed" 2>"$T/log/munged.err" &
PIDS+=($!)

CPUS=$(nproc)
cat > "$T/slurm.conf" <<CONF
ClusterName=overparam-ci
SlurmctldHost=$HOST
SlurmUser=root
SlurmdUser=root
SlurmctldPort=26817
SlurmdPort=26818
AuthType=auth/munge
AuthInfo=socket=$SOCK
CredType=cred/munge
StateSaveLocation=$T/state
SlurmdSpoolDir=$T/spool
SlurmctldPidFile=$T/slurmctld.pid
SlurmdPidFile=$T/slurmd.pid
SlurmctldLogFile=$T/log/slurmctld.log
SlurmdLogFile=$T/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
MpiDefault=none
SwitchType=switch/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
NodeName=$HOST CPUs=$CPUS State=UNKNOWN
PartitionName=ci Nodes=$HOST Default=YES MaxTime=INFINITE State=UP OverSubscribe=NO
CONF
export SLURM_CONF="$T/slurm.conf"
for i in $(seq 50); do [ -S "$SOCK" ] && break; sleep 0.2; done
slurmctld -D -f "$SLURM_CONF" 2>"$T/log/slurmctld.err" &
PIDS+=($!)
slurmd -D -f "$SLURM_CONF" 2>"$T/log/slurmd.err" &
PIDS+=($!)
for i in $(seq 60); do
  if sinfo -h -o %t 2>/dev/null | grep -q '^idle'; then break; fi
  sleep 1
done
sinfo -h -o '%P %t %c' | grep -q idle || { echo "slurm-test: the node did not come up"; KEEP=1; tail -20 "$T"/log/*; exit 1; }
echo "slurm-test: cluster up on $HOST ($CPUS CPUs)"

export OVERPARAM="node $ROOT/dist/cli/main.js"
SPEC=examples/sweeps/hessian-width.json
# Whole claims and two planned ones (du2019's GD runs: 30 points a seed, shared by both), so the shards split
# planned claims' points and the merge judges them.
CLAIMS=allenzhu2019.forward-stability,allenzhu2019.wrong-scale-explodes,du2019.fc-lambda0-collapse,du2019.resnet-lambda0-flat,zou2018.narrow-width-fails,liu2020.kappa-identity,du2019.gram-stability,du2019.weight-movement
# One CPU a task, so the 4 tasks of an array share the node's CPUs as a cluster's nodes would.
sbatch --wait --array=0-3 --cpus-per-task=1 --chdir="$ROOT" --output="$T/log/sweep-%a.out" \
  examples/slurm/sweep.sbatch "$SPEC" "$T/out/sweep" >"$T/log/sbatch-sweep.out" &
S1=$!
sbatch --wait --array=0-3 --cpus-per-task=1 --chdir="$ROOT" --output="$T/log/reproduce-%a.out" \
  examples/slurm/reproduce.sbatch "$T/out/reproduce" --quick --seeds 0,1 --claim "$CLAIMS" >"$T/log/sbatch-reproduce.out" &
S2=$!
ok=0
wait $S1 || { echo "slurm-test: the sweep array failed"; cat "$T"/log/sweep-*.out; ok=1; }
wait $S2 || { echo "slurm-test: the reproduce array failed"; cat "$T"/log/reproduce-*.out; ok=1; }
[ $ok -eq 0 ] || { KEEP=1; exit 1; }
ls "$T/out/sweep" | grep -c 'shard-.-of-4.jsonl' | grep -qx 4 || { echo "slurm-test: expected 4 sweep shard files"; ls "$T/out/sweep"; exit 1; }
echo "slurm-test: both arrays finished (4 tasks each)"

$OVERPARAM merge "$T"/out/sweep/shard-*.jsonl -o "$T/out/sweep-merged.jsonl" --spec "$SPEC" 2>&1
$OVERPARAM sweep "$SPEC" -o "$T/out/sweep-whole.jsonl" -w 1 -q
node scripts/same-results.mjs "$T/out/sweep-merged.jsonl" "$T/out/sweep-whole.jsonl"

$OVERPARAM merge "$T"/out/reproduce/shard-*/results.jsonl -o "$T/out/reproduce-merged.jsonl"
$OVERPARAM report "$T/out/reproduce-merged.jsonl" -o "$T/out/report" | grep -v '^wrote ' >"$T/out/verdicts-merged.txt"
[ -s "$T/out/report/report/index.html" ] || [ -s "$T/out/report/index.html" ] || { echo "slurm-test: no report from the merged shards"; exit 1; }
$OVERPARAM reproduce --quick --seeds 0,1 --claim "$CLAIMS" -o "$T/out/reproduce-whole" -w 1 >"$T/log/reproduce-whole.out" 2>&1
node scripts/same-results.mjs "$T/out/reproduce-merged.jsonl" "$T/out/reproduce-whole/results.jsonl"
# The verdicts judged from the merged points are the unsharded run's, figure for figure.
$OVERPARAM report "$T/out/reproduce-whole/results.jsonl" -o "$T/out/report-whole" | grep -v '^wrote ' >"$T/out/verdicts-whole.txt"
grep -q 'du2019.gram-stability' "$T/out/verdicts-merged.txt" || { echo "slurm-test: the merged report lacks the planned claims"; cat "$T/out/verdicts-merged.txt"; exit 1; }
diff "$T/out/verdicts-merged.txt" "$T/out/verdicts-whole.txt" || { echo "slurm-test: the merged verdicts differ from the unsharded run's"; exit 1; }
echo "slurm-test: the verdicts of $(grep -c ' holds \| fails \| inconclusive ' "$T/out/verdicts-merged.txt") claims judged from the merged shards equal the unsharded run's"
echo "slurm-test: passed in $(( $(date +%s) - START )) s"
