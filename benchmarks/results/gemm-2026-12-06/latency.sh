#!/usr/bin/env bash
# The streaming step (StepLatency, LSTM, B = 1, FLOAT32) on simd, alternating forks of two jars (JARS, default
# "old final", /tmp/bench-<jar>.jar), JMH -f1 -wi 3 -i 5 (SampleTime): p50 and p90 of one Stepper.step in us
# (latency.log, three runs, each headed by what its jars were).
# The step's h·Wᵀ is a one-row product over 4H = 256 (H = 64) or 1024 (H = 256) rows of W: four rows a call.
set -u
for round in 1 2; do
  for h in 64 256; do
    for jar in ${JARS:-old final}; do
      out=$(java --add-modules jdk.incubator.vector -cp /tmp/bench-$jar.jar org.openjdk.jmh.Main StepLatency -f 1 -wi 3 -w 1 -i 5 -r 1 \
        -p backendName=simd -p cell=lstm -p hidden=$h -p dtype=FLOAT32 2>/dev/null)
      p50=$(echo "$out" | grep -E "step:p0.50 " | awk '{print $(NF-1)}')
      p90=$(echo "$out" | grep -E "step:p0.90 " | awk '{print $(NF-1)}')
      echo "round $round | H = $h | $jar | p50 $p50 us | p90 $p90 us"
    done
  done
done
