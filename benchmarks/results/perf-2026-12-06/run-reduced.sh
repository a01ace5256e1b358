#!/usr/bin/env bash
# What was run after run-all.sh's large LSTM step (load average near 30 on 2 cores made a fork of the
# large steps take 1.5 min for three measured steps; run-all.sh was stopped there, before its GRU part).
set -euo pipefail
R=benchmarks/results/perf-2026-12-06
B=/tmp/perf-before.jar
A=/tmp/perf-after.jar
py=/usr/bin/python3
$py $R/alternate.py --rounds 3 --cell lstm --seq 50 --batch 32 --input 1 --hidden 100 \
  --side before:$B:simd --side after:$A:simd --side nd4j:$A:nd4j --out /tmp/perf-alt > $R/small-lstm.log 2>&1
$py benchmarks/pytorch/side_by_side.py --jar $A --backend simd --cell elman --seq 50 --batch 128 --input 1 --hidden 512 \
  --rounds 1 --target 0.5 --jmh-warmups 2 --jmh-iterations 3 --out /tmp/perf-sbs > $R/side-by-side-elman-simd.log 2>&1
$py benchmarks/pytorch/side_by_side.py --jar $A --backend nd4j --cell lstm --seq 25 --batch 64 --input 512 --hidden 512 \
  --rounds 1 --target 0.6 --jmh-warmups 2 --jmh-iterations 3 --out /tmp/perf-sbs > $R/side-by-side-lstm-nd4j.log 2>&1
