#!/usr/bin/env bash
# The measurements of benchmarks/results/perf-2026-12-06, as run (from the repository root).
# before.jar: benchmarks.jar built (-Pbench) at main fde0b4f; after.jar: built at this branch's f5f407d.
set -euo pipefail
R=benchmarks/results/perf-2026-12-06
B=/tmp/perf-before.jar
A=/tmp/perf-after.jar
py=/usr/bin/python3
for cell in lstm gru; do
  $py $R/alternate.py --rounds 3 --cell $cell --seq 25 --batch 64 --input 512 --hidden 512 \
    --side before:$B:simd --side after:$A:simd --side nd4j:$A:nd4j --out /tmp/perf-alt > $R/large-$cell.log 2>&1
done
for cell in lstm gru; do
  $py $R/alternate.py --rounds 3 --cell $cell --seq 50 --batch 32 --input 1 --hidden 100 \
    --side before:$B:simd --side after:$A:simd --side nd4j:$A:nd4j --out /tmp/perf-alt > $R/small-$cell.log 2>&1
done
$py benchmarks/pytorch/side_by_side.py --jar $A --backend simd --cell elman --seq 50 --batch 128 --input 1 --hidden 512 \
  --rounds 3 --target 0.5 --jmh-warmups 3 --jmh-iterations 3 --out /tmp/perf-sbs > $R/side-by-side-elman-simd.log 2>&1
for be in nd4j simd; do
  $py benchmarks/pytorch/side_by_side.py --jar $A --backend $be --cell lstm --seq 25 --batch 64 --input 512 --hidden 512 \
    --rounds 3 --target 0.6 --jmh-warmups 3 --jmh-iterations 3 --no-peak --out /tmp/perf-sbs > $R/side-by-side-lstm-$be.log 2>&1
done
