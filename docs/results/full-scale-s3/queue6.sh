#!/bin/bash
cd /tmp/robres
while kill -0 14303 2>/dev/null; do sleep 5; done
echo "END   pendulum-3-box015 $(date -u +%H:%M:%S) (seen by queue6) load: $(cut -d' ' -f1-3 /proc/loadavg)" >> /tmp/rr/queue.log
run() { # name, args...
  local name=$1; shift
  if [ -f /tmp/rr/$name/results.json ]; then echo "skip $name"; return; fi
  echo "START $name $(date -u +%H:%M:%S) load: $(cut -d' ' -f1-3 /proc/loadavg)" >> /tmp/rr/queue.log
  node bin/droil.mjs bench "$@" --out /tmp/rr/$name > /tmp/rr/$name.log 2>&1
  echo "END   $name $(date -u +%H:%M:%S) rc=$? load: $(cut -d' ' -f1-3 /proc/loadavg)" >> /tmp/rr/queue.log
}
PB="--env Pendulum-v1 --rho 0.2 --episodes 20 --perturb default --worst-box 0.15 --backend wasm"
run pendulum-10-box015-seeds5-7 $PB --algos bc,dro-bc,be-droil --demos 10 --seeds 3 --first-seed 5
run pendulum-10-box015-seeds8-9 $PB --algos bc,dro-bc,be-droil --demos 10 --seeds 2 --first-seed 8
echo "QUEUE6 DONE $(date -u +%H:%M:%S)" >> /tmp/rr/queue.log
