#!/usr/bin/env bash
# simd's large LSTM and GRU steps (jar "row", see alternate.sh) with and without
# -XX:+UseTransparentHugePages, alternating forks; ms per measured iteration -> thp.log.
set -u
for round in 1 2 3; do
  for cell in lstm gru; do
    for opts in "-Dnone=1" "-XX:+UseTransparentHugePages"; do
      r=$(java --add-modules jdk.incubator.vector -cp /tmp/bench-row.jar org.openjdk.jmh.Main TrainStep -f 1 -wi 4 -w 1 -i 8 -r 1 -jvmArgsAppend "$opts" \
        -p backendName=simd -p cell=$cell -p hidden=512 -p input=512 -p batch=64 -p seqLen=25 -p dtype=FLOAT32 -p layers=1 -p bidirectional=false 2>/dev/null | grep -E "^Iteration +[0-9]+:" | awk '{printf "%.0f ", $(NF-1)/1000}')
      echo "round $round | $cell | simd $opts | $r"
    done
  done
done
