#!/bin/bash
# Sequential bench chunks for docs/results/mujoco.md. One bench process at a time, nice 5.
cd /tmp/mjres
HOP="--perturb torso_mass=0.8,1.25,1.5;friction=0.9,0.95,1.05,1.11 --worst-box 0.105"
RUN="--perturb torso_mass=0.8,0.9,1.11,1.25;friction=0.67,0.8,1.25 --worst-box 0.223"
COMMON="--algos bc,dro-bc,be-droil --rho 0.2 --steps 1000 --episodes 3 --box-random 0 --box-rounds 0 --backend wasm"
run() { # env tag demos first count flags
  local env=$1 tag=$2 demos=$3 first=$4 n=$5 flags=$6
  local out=/tmp/mjout/$tag-$demos-s$first-$((first+n-1))
  echo "$(date -u +%T) start $out load $(cut -d' ' -f1-3 /proc/loadavg)" >> /tmp/mjout/driver.log
  nice -n 5 node bin/droil.mjs bench --env $env --demos $demos --seeds $n --first-seed $first $COMMON $flags --out $out > $out.log 2>&1
  echo "$(date -u +%T) end $out rc=$? load $(cut -d' ' -f1-3 /proc/loadavg)" >> /tmp/mjout/driver.log
}
run Hopper-v5 hopper 1 0 5 "$HOP"
run PlanarRunner-v0 runner 1 0 5 "$RUN"
run Hopper-v5 hopper 5 0 5 "$HOP"
run PlanarRunner-v0 runner 5 0 5 "$RUN"
run Hopper-v5 hopper 1 5 5 "$HOP"
run PlanarRunner-v0 runner 1 5 5 "$RUN"
run Hopper-v5 hopper 5 5 3 "$HOP"
run PlanarRunner-v0 runner 5 5 3 "$RUN"
run Hopper-v5 hopper 5 8 2 "$HOP"
run PlanarRunner-v0 runner 5 8 2 "$RUN"
echo "$(date -u +%T) all done" >> /tmp/mjout/driver.log
