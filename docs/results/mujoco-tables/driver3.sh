#!/bin/bash
cd /tmp/mjres
while pgrep -f "hopper-1-s3000-s0-4" > /dev/null; do sleep 5; done
echo "$(date -u +%T) end /tmp/mjout/hopper-1-s3000-s0-4 (driver2 stopped after it) load $(cut -d' ' -f1-3 /proc/loadavg)" >> /tmp/mjout/driver.log
RUN="--perturb torso_mass=0.8,0.9,1.11,1.25;friction=0.67,0.8,1.25 --worst-box 0.223"
COMMON="--algos bc,dro-bc,be-droil --rho 0.2 --steps 3000 --episodes 3 --box-random 0 --box-rounds 0 --backend wasm"
out=/tmp/mjout/runner-1-s3000-s0-4
echo "$(date -u +%T) start $out load $(cut -d' ' -f1-3 /proc/loadavg)" >> /tmp/mjout/driver.log
nice -n 5 node bin/droil.mjs bench --env PlanarRunner-v0 --demos 1 --seeds 5 --first-seed 0 $COMMON $RUN --out $out > $out.log 2>&1
echo "$(date -u +%T) end $out rc=$? load $(cut -d' ' -f1-3 /proc/loadavg)" >> /tmp/mjout/driver.log
