#!/bin/bash
cd /tmp/robres
run() { # name, args...
  local name=$1; shift
  now=$(date -u +%s); deadline=$(date -u -d "09:00" +%s); left=$((deadline-now))
  if [ $left -lt 120 ]; then echo "SKIP $name (only $left s before 09:00) $(date -u +%H:%M:%S)" >> /tmp/rr/queue.log; return; fi
  echo "START $name $(date -u +%H:%M:%S) load: $(cut -d' ' -f1-3 /proc/loadavg) (timeout ${left}s)" >> /tmp/rr/queue.log
  timeout $left node bin/droil.mjs bench "$@" --out /tmp/rr/$name > /tmp/rr/$name.log 2>&1
  echo "END   $name $(date -u +%H:%M:%S) rc=$? load: $(cut -d' ' -f1-3 /proc/loadavg)" >> /tmp/rr/queue.log
}
CB1="--env CartPole-v1 --algos bc,dro-bc,be-droil --rho 0.2 --episodes 20 --worst-box 1.0 --backend wasm"
run cartpole-3-box1-seeds2-4 $CB1 --demos 3 --seeds 3 --first-seed 2
run cartpole-10-box1 $CB1 --demos 10 --seeds 5 --first-seed 0
echo "QUEUE8 DONE $(date -u +%H:%M:%S)" >> /tmp/rr/queue.log
