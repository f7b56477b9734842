#!/bin/bash
# The MuJoCo runs of docs/results/mujoco.md, one process at a time at nice 5, written where they are
# committed below $OUT (mujoco-<task>-<demos>[-s3000]/seeds<first>-<last>, mujoco-experts/expert-<task>/seed<s>.json),
# with start/end time, exit code and load average appended to $OUT/driver.log. Run from the repository root:
#   OUT=./out bash docs/results/mujoco-tables/driver.sh [grid] [experts] [s3000]   (default: all three, in order)
# grid: the 1000-step grid (10 chunks); experts: the demonstrators under the same conditions and starts;
# s3000: the 1-demo cells at the trainer's 3000 steps. OUT=docs/results regenerates the committed files in place.
# As run (driver-log.txt) the phases were four scripts chained by waiting for each other, writing outside the repository and
# copied here; the hopper's 3000-step seeds 5-9 were not run (the session's deadline).
set -u
OUT=${OUT:-./out}
DROIL=${DROIL:-npx droil}
mkdir -p "$OUT"
HOP="--perturb torso_mass=0.8,1.25,1.5;friction=0.9,0.95,1.05,1.11 --worst-box 0.105"
RUN="--perturb torso_mass=0.8,0.9,1.11,1.25;friction=0.67,0.8,1.25 --worst-box 0.223"
log() { echo "$(date -u +%T) $* load $(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/driver.log"; }
bench() { # env tag demos first count steps flags
  local env=$1 tag=$2 demos=$3 first=$4 n=$5 steps=$6 flags=$7 suffix=''
  [ "$steps" = 3000 ] && suffix=-s3000
  local out=$OUT/mujoco-$tag-$demos$suffix/seeds$first-$((first + n - 1))
  mkdir -p "$out"
  log "start $out"
  # shellcheck disable=SC2086 # $flags is a list of flags
  nice -n 5 $DROIL bench --env "$env" --demos "$demos" --seeds "$n" --first-seed "$first" --algos bc,dro-bc,be-droil --rho 0.2 \
    --steps "$steps" --episodes 3 --box-random 0 --box-rounds 0 --backend wasm $flags --out "$out" > "$out/bench-log.txt" 2>&1
  log "end $out rc=$?"
}
phases=${*:-grid experts s3000}
for phase in $phases; do
  case $phase in
    grid)
      bench Hopper-v5 hopper 1 0 5 1000 "$HOP"; bench PlanarRunner-v0 runner 1 0 5 1000 "$RUN"
      bench Hopper-v5 hopper 5 0 5 1000 "$HOP"; bench PlanarRunner-v0 runner 5 0 5 1000 "$RUN"
      bench Hopper-v5 hopper 1 5 5 1000 "$HOP"; bench PlanarRunner-v0 runner 1 5 5 1000 "$RUN"
      bench Hopper-v5 hopper 5 5 3 1000 "$HOP"; bench PlanarRunner-v0 runner 5 5 3 1000 "$RUN"
      bench Hopper-v5 hopper 5 8 2 1000 "$HOP"; bench PlanarRunner-v0 runner 5 8 2 1000 "$RUN" ;;
    experts)
      mkdir -p "$OUT/mujoco-experts/expert-hopper" "$OUT/mujoco-experts/expert-runner"
      log "start experts"
      for s in 0 1 2 3 4 5 6 7 8 9; do
        # shellcheck disable=SC2086
        nice -n 5 $DROIL eval --env Hopper-v5 --policy expert --episodes 3 --seed $((12345 + s)) $HOP --box-random 0 --box-rounds 0 --json > "$OUT/mujoco-experts/expert-hopper/seed$s.json"
        # shellcheck disable=SC2086
        nice -n 5 $DROIL eval --env PlanarRunner-v0 --policy expert --episodes 3 --seed $((12345 + s)) $RUN --box-random 0 --box-rounds 0 --json > "$OUT/mujoco-experts/expert-runner/seed$s.json"
      done
      log "end experts" ;;
    s3000)
      bench Hopper-v5 hopper 1 0 5 3000 "$HOP"
      bench PlanarRunner-v0 runner 1 0 5 3000 "$RUN"; bench PlanarRunner-v0 runner 1 5 5 3000 "$RUN" ;;
    *) echo "unknown phase '$phase' (grid, experts, s3000)" >&2; exit 2 ;;
  esac
done
