#!/bin/bash
cd /tmp/robres
while kill -0 15657 2>/dev/null; do sleep 5; done
now=$(date -u +%s); deadline=$(date -u -d "09:00" +%s); left=$((deadline-now))
if [ $left -lt 300 ]; then echo "SKIP cartpole-3-box1 (only $left s before 09:00) $(date -u +%H:%M:%S)" >> /tmp/rr/queue.log; exit 0; fi
echo "START cartpole-3-box1 $(date -u +%H:%M:%S) load: $(cut -d' ' -f1-3 /proc/loadavg) (timeout ${left}s)" >> /tmp/rr/queue.log
timeout $left node bin/droil.mjs bench --env CartPole-v1 --algos bc,dro-bc,be-droil --rho 0.2 --episodes 20 --worst-box 1.0 --backend wasm --demos 3 --seeds 2 --first-seed 0 --out /tmp/rr/cartpole-3-box1 > /tmp/rr/cartpole-3-box1.log 2>&1
echo "END   cartpole-3-box1 $(date -u +%H:%M:%S) rc=$? load: $(cut -d' ' -f1-3 /proc/loadavg)" >> /tmp/rr/queue.log
