#!/bin/bash
# sequential queue of droil bench runs; one process at a time
cd /tmp/robres
run() { # name, args...
  local name=$1; shift
  if [ -f /tmp/rr/$name/results.json ]; then echo "skip $name"; return; fi
  echo "START $name $(date -u +%H:%M:%S) load: $(cut -d' ' -f1-3 /proc/loadavg)" >> /tmp/rr/queue.log
  node bin/droil.mjs bench "$@" --out /tmp/rr/$name > /tmp/rr/$name.log 2>&1
  echo "END   $name $(date -u +%H:%M:%S) rc=$? load: $(cut -d' ' -f1-3 /proc/loadavg)" >> /tmp/rr/queue.log
}
PB="--env Pendulum-v1 --algos bc,dro-bc,be-droil --rho 0.2 --episodes 20 --perturb default --worst-box 0.15 --backend wasm"
CB="--env CartPole-v1 --algos bc,dro-bc,be-droil --rho 0.2 --episodes 20 --perturb default --worst-box 0.4055 --backend wasm"
run pendulum-10-box015-seeds1-4 $PB --demos 10 --seeds 4 --first-seed 1
run pendulum-10-box015-seeds5-9 $PB --demos 10 --seeds 5 --first-seed 5
run pendulum-1-box015 $PB --demos 1 --seeds 5 --first-seed 0
run pendulum-1-box015-seeds5-9 $PB --demos 1 --seeds 5 --first-seed 5
run cartpole-3 $CB --demos 3 --seeds 5 --first-seed 0
run cartpole-10 $CB --demos 10 --seeds 5 --first-seed 0
echo "QUEUE DONE $(date -u +%H:%M:%S)" >> /tmp/rr/queue.log
