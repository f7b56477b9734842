#!/bin/bash
cd /tmp/robres
while kill -0 3559 2>/dev/null; do sleep 5; done
run() { # name, args...
  local name=$1; shift
  if [ -f /tmp/rr/$name/results.json ]; then echo "skip $name"; return; fi
  echo "START $name $(date -u +%H:%M:%S) load: $(cut -d' ' -f1-3 /proc/loadavg)" >> /tmp/rr/queue.log
  node bin/droil.mjs bench "$@" --out /tmp/rr/$name > /tmp/rr/$name.log 2>&1
  echo "END   $name $(date -u +%H:%M:%S) rc=$? load: $(cut -d' ' -f1-3 /proc/loadavg)" >> /tmp/rr/queue.log
}
run cartpole-3-box1 --env CartPole-v1 --algos bc,dro-bc,be-droil --rho 0.2 --episodes 20 --worst-box 1.0 --backend wasm --demos 3 --seeds 5 --first-seed 0
echo "QUEUE4 DONE $(date -u +%H:%M:%S)" >> /tmp/rr/queue.log
