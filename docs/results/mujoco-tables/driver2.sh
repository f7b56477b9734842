#!/bin/bash
# After driver.sh: the experts under the same conditions and starts, then the 1-demo cells at 3000 steps.
cd /tmp/mjres
until grep -q "all done" /tmp/mjout/driver.log; do sleep 10; done
HOP="--perturb torso_mass=0.8,1.25,1.5;friction=0.9,0.95,1.05,1.11 --worst-box 0.105"
RUN="--perturb torso_mass=0.8,0.9,1.11,1.25;friction=0.67,0.8,1.25 --worst-box 0.223"
mkdir -p /tmp/mjout/expert-hopper /tmp/mjout/expert-runner
echo "$(date -u +%T) start experts load $(cut -d' ' -f1-3 /proc/loadavg)" >> /tmp/mjout/driver.log
for s in 0 1 2 3 4 5 6 7 8 9; do
  nice -n 5 node bin/droil.mjs eval --env Hopper-v5 --policy expert --episodes 3 --seed $((12345+s)) $HOP --box-random 0 --box-rounds 0 --json > /tmp/mjout/expert-hopper/seed$s.json 2>/tmp/mjout/expert-hopper/seed$s.err
  nice -n 5 node bin/droil.mjs eval --env PlanarRunner-v0 --policy expert --episodes 3 --seed $((12345+s)) $RUN --box-random 0 --box-rounds 0 --json > /tmp/mjout/expert-runner/seed$s.json 2>/tmp/mjout/expert-runner/seed$s.err
done
echo "$(date -u +%T) end experts load $(cut -d' ' -f1-3 /proc/loadavg)" >> /tmp/mjout/driver.log
COMMON="--algos bc,dro-bc,be-droil --rho 0.2 --steps 3000 --episodes 3 --box-random 0 --box-rounds 0 --backend wasm"
run() { # env tag demos first count flags
  local env=$1 tag=$2 demos=$3 first=$4 n=$5 flags=$6
  local out=/tmp/mjout/$tag-$demos-s3000-s$first-$((first+n-1))
  echo "$(date -u +%T) start $out load $(cut -d' ' -f1-3 /proc/loadavg)" >> /tmp/mjout/driver.log
  nice -n 5 node bin/droil.mjs bench --env $env --demos $demos --seeds $n --first-seed $first $COMMON $flags --out $out > $out.log 2>&1
  echo "$(date -u +%T) end $out rc=$? load $(cut -d' ' -f1-3 /proc/loadavg)" >> /tmp/mjout/driver.log
}
run Hopper-v5 hopper 1 0 5 "$HOP"
run PlanarRunner-v0 runner 1 0 5 "$RUN"
run Hopper-v5 hopper 1 5 5 "$HOP"
run PlanarRunner-v0 runner 1 5 5 "$RUN"
echo "$(date -u +%T) all done 2" >> /tmp/mjout/driver.log
