#!/usr/bin/env bash
# Alternating JMH forks of training steps, FLOAT32 (by default the large gated steps: T=25, I=H=512, B=64).
# Each side is jar:backend; a jar is benchmarks.jar (-Pbench) copied to /tmp/bench-<jar>.jar:
# old = main 71e756e; new = ca263dc (two micro-kernels) with the 256-row limit on Cᵀ = B·Aᵀ;
# split = 5ad3cf2 (and products split along their larger dimension); axpy = 54a975b with one-row
# sums on vectors (axpyRow); tree = axpy with the lanes added in a halving tree in memory; shuf =
# 4d9cb0a (the tree by shuffles in dotRow); final = this folder's last commit.
# Environment: BENCH (TrainStep or StepGemms), CELLS, SIDES, H, I, B, T. Logs: step.log
# (old new nd4j), step-split.log, gemms-gru.log, gemms-split.log, elman32*.log, final.log.
set -u
rounds=${1:-3}
for round in $(seq 1 "$rounds"); do
  for cell in ${CELLS:-lstm gru}; do
    for side in ${SIDES:-old:simd new:simd new:nd4j}; do
      jar=${side%%:*}; be=${side##*:}
      out=$(java --add-modules jdk.incubator.vector -cp /tmp/bench-$jar.jar org.openjdk.jmh.Main ${BENCH:-TrainStep} -f 1 -wi 4 -w 1 -i 8 -r 1 \
        -p backendName=$be -p cell=$cell -p hidden=${H:-512} -p input=${I:-512} -p batch=${B:-64} -p seqLen=${T:-25} -p dtype=FLOAT32 -p layers=1 -p bidirectional=false 2>/dev/null)
      t=$(echo "$out" | grep -E "^(TrainStep|StepGemms)Benchmark\.[a-z]+ " | awk '{printf "%.3f ± %.3f", $(NF-3)/1000, $(NF-1)/1000}')
      its=$(echo "$out" | grep "^Iteration" | awk '{printf "%.3f ", $3/1000}')
      echo "round $round | $cell | $jar $be | ms/op $t | iterations (ms) $its"
    done
  done
done
