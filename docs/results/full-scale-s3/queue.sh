#!/bin/bash
# The full-scale runs of docs/results/robustness.md, one droil bench process at a time, each into $OUT/NAME,
# with start/end time, exit code and load average appended to $OUT/queue.log; a run whose results.csv exists
# is skipped, so an interrupted queue resumes. Run from the repository root:
#   OUT=./out bash docs/results/full-scale-s3/queue.sh [NAME ...]     (default: every run below, in order)
# OUT=docs/results regenerates the committed directories in place (results.json included; see
# docs/results/README.md). As run (queue-log.txt), the list was split over six scripts that waited for each
# other's process and stopped starting runs near a 09:00 UTC deadline (the first run was started by hand);
# the runs and their flags, in the order given, are these (their table.md commands, --out aside).
set -u
OUT=${OUT:-./out}
DROIL=${DROIL:-npx droil}
mkdir -p "$OUT"
PB="--env Pendulum-v1 --algos bc,dro-bc,be-droil --rho 0.2 --episodes 20 --perturb default --worst-box 0.15 --backend wasm"
PR="--env Pendulum-v1 --rho 0.2 --episodes 20 --perturb default --worst-box 0.15 --backend wasm"   # the later runs gave --algos after it
CB="--env CartPole-v1 --algos bc,dro-bc,be-droil --rho 0.2 --episodes 20 --perturb default --worst-box 0.4055 --backend wasm"
CB1="--env CartPole-v1 --algos bc,dro-bc,be-droil --rho 0.2 --episodes 20 --worst-box 1.0 --backend wasm"
RUNS=(
  "pendulum-10-box015|--env Pendulum-v1 --demos 10 --algos bc,dro-bc,be-droil --rho 0.2 --seeds 1 --first-seed 0 --episodes 20 --perturb default --worst-box 0.15 --backend wasm"
  "pendulum-10-box015-seeds1-4|$PB --demos 10 --seeds 4 --first-seed 1"
  "pendulum-1-box015|$PB --demos 1 --seeds 5 --first-seed 0"
  "cartpole-3|$CB --demos 3 --seeds 5 --first-seed 0"
  "cartpole-10|$CB --demos 10 --seeds 5 --first-seed 0"
  "pendulum-10-box015-rho-dose|--env Pendulum-v1 --algos dro-bc --rho 0.02,0.05 --episodes 20 --perturb default --worst-box 0.15 --backend wasm --demos 10 --seeds 5 --first-seed 0"
  "pendulum-3-box015|$PR --algos bc,dro-bc,be-droil --demos 3 --seeds 5 --first-seed 0"
  "pendulum-10-box015-seeds5-7|$PR --algos bc,dro-bc,be-droil --demos 10 --seeds 3 --first-seed 5"
  "pendulum-10-box015-seeds8-9|$PR --algos bc,dro-bc,be-droil --demos 10 --seeds 2 --first-seed 8"
  "cartpole-3-box1|$CB1 --demos 3 --seeds 2 --first-seed 0"
  "cartpole-3-box1-seeds2-4|$CB1 --demos 3 --seeds 3 --first-seed 2"
  "cartpole-10-box1|$CB1 --demos 10 --seeds 5 --first-seed 0"
)
load() { cut -d' ' -f1-3 /proc/loadavg; }
for entry in "${RUNS[@]}"; do
  name=${entry%%|*} args=${entry#*|}
  if [ $# -gt 0 ] && [[ " $* " != *" $name "* ]]; then continue; fi
  if [ -f "$OUT/$name/results.csv" ] || [ -f "$OUT/$name/results.csv.gz" ]; then echo "skip $name (has results)"; continue; fi
  echo "START $name $(date -u +%H:%M:%S) load: $(load)" >> "$OUT/queue.log"
  # shellcheck disable=SC2086 # $args is a list of flags
  nice -n 5 $DROIL bench $args --out "$OUT/$name" > "$OUT/$name.log" 2>&1
  echo "END   $name $(date -u +%H:%M:%S) rc=$? load: $(load)" >> "$OUT/queue.log"
done
