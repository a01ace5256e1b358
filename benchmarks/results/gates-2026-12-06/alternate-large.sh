#!/usr/bin/env bash
# The large gated steps only, more rounds: simd before and after the gate operations, nd4j after.
set -u
rounds=${1:-4}
for round in $(seq 1 "$rounds"); do
  for cell in lstm gru; do
    for side in before:simd after2:simd after2:nd4j; do
      jar=${side%%:*}; be=${side##*:}
      r=$(java --add-modules jdk.incubator.vector -cp /tmp/benchmarks-$jar.jar org.openjdk.jmh.Main TrainStep -f 1 -wi 4 -w 1 -i 8 -r 1 \
        -p backendName=$be -p cell=$cell -p hidden=512 -p input=512 -p batch=64 -p seqLen=25 -p dtype=FLOAT32 -p layers=1 -p bidirectional=false 2>/dev/null \
        | grep "^TrainStepBenchmark.step" | awk '{print $(NF-3), $(NF-1)}')
      echo "round $round | $cell I=512 H=512 B=64 T=25 | ${jar/after2/after} $be | $r"
    done
  done
done
