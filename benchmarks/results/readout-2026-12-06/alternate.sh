#!/usr/bin/env bash
# Alternating JMH forks of the large gated training steps (FLOAT32, T=25, I=H=512, B=64), with JMH's
# gc profiler for the bytes allocated per step, overall and per measured iteration. Each side is
# jar:backend; a jar is benchmarks.jar (-Pbench) copied to /tmp/bench-<jar>.jar. The jars: base
# (main 5df7ddb), fix1 (the read-out's dot products four rows per call, its row sums a plain loop)
# row (one row per call) and final (committed: one row a call below 256 rows of B, four from 256, lanes added
# in order). alternate-fix1.log ran the default sides; alternate-final.log SIDES="final:simd final:nd4j" ./alternate.sh 2;
# alternate-row.log ran SIDES="base:simd row:simd row:nd4j" ./alternate.sh 3.
set -u
rounds=${1:-3}
for round in $(seq 1 "$rounds"); do
  for cell in lstm gru; do
    for side in ${SIDES:-base:simd fix1:simd fix1:nd4j}; do
      jar=${side%%:*}; be=${side##*:}
      out=$(java --add-modules jdk.incubator.vector -cp /tmp/bench-$jar.jar org.openjdk.jmh.Main TrainStep -f 1 -wi 4 -w 1 -i 8 -r 1 -prof gc \
        -p backendName=$be -p cell=$cell -p hidden=512 -p input=512 -p batch=64 -p seqLen=25 -p dtype=FLOAT32 -p layers=1 -p bidirectional=false 2>/dev/null)
      t=$(echo "$out" | grep "^TrainStepBenchmark.step " | awk '{printf "%.1f ± %.1f", $(NF-3)/1000, $(NF-1)/1000}')
      a=$(echo "$out" | grep "^TrainStepBenchmark.step:gc.alloc.rate.norm" | awk '{printf "%.0f ± %.0f", $(NF-3), $(NF-1)}')
      its=$(echo "$out" | grep "^Iteration" | awk '{printf "%.1f ", $3/1000}')
      kb=$(echo "$out" | grep "gc.alloc.rate.norm: " | awk '{printf "%.0f ", $2/1000}')
      echo "round $round | $cell | $jar $be | ms/op $t | B/op $a | iterations (ms) $its| per iteration (KB/op) $kb"
    done
  done
done
