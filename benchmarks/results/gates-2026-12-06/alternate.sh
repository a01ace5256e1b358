#!/usr/bin/env bash
# Alternating JMH forks of TrainStepBenchmark (FLOAT32): simd before the gate operations (the jar
# built at 92d8137), simd after them (c9664d4), and nd4j after, round after round, so that a change
# in the machine's load falls on every side alike. Usage: alternate.sh ROUNDS (jars in /tmp).
set -u
rounds=${1:-2}
configs=("lstm 100 1 32 50" "gru 100 1 32 50" "lstm 512 512 64 25" "gru 512 512 64 25")
for round in $(seq 1 "$rounds"); do
  for cfg in "${configs[@]}"; do
    set -- $cfg
    for side in before:simd after3:simd after3:nd4j; do
      jar=${side%%:*}; be=${side##*:}
      r=$(java --add-modules jdk.incubator.vector -cp /tmp/benchmarks-$jar.jar org.openjdk.jmh.Main TrainStep -f 1 -wi 4 -w 1 -i 8 -r 1 \
        -p backendName=$be -p cell=$1 -p hidden=$2 -p input=$3 -p batch=$4 -p seqLen=$5 -p dtype=FLOAT32 -p layers=1 -p bidirectional=false 2>/dev/null \
        | grep "^TrainStepBenchmark.step" | awk '{print $(NF-3), $(NF-1)}')
      echo "round $round | $1 I=$3 H=$2 B=$4 T=$5 | ${jar/after3/after} $be | $r"
    done
  done
done
