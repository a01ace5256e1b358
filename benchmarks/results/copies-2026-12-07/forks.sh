#!/usr/bin/env bash
# The README table's large steps again, each benchmark in three JVMs (--forks 3), so that the interval
# spans the levels at which JVMs settle, then PyTorch on the same rows at every thread setting.
# Run from the repository root: JAR=... benchmarks/results/copies-2026-12-07/forks.sh OUT
# Rows: python3 benchmarks/results/loop-order-2026-12-07/table.py OUT
set -eu
out=${1:?an output folder}
mkdir -p "$out"
jar=${JAR:-benchmarks/target/benchmarks.jar}
report() { java -cp "$jar" org.rnn4j.bench.Report --include TrainStep --param dtype=FLOAT32 --forks 3 "$@"; }
report --param cell=elman --param input=1 --param hidden=512 --param batch=128 --param seqLen=50 --param backendName=simd,nd4j --out "$out/elman-512"
report --param cell=lstm,gru --param input=512 --param hidden=512 --param batch=64 --param seqLen=25 --param backendName=simd,nd4j --out "$out/gated-512"
for row in "elman 50 128 1 512" "lstm 25 64 512 512" "gru 25 64 512 512"; do
  set -- $row
  for t in 1 2; do
    for ob in 1 2; do
      echo "threads $t + openblas $ob: $(OPENBLAS_NUM_THREADS=$ob /usr/bin/python3 benchmarks/pytorch/train_step.py --cell $1 --seq $2 --batch $3 --input $4 --hidden $5 --threads $t)"
    done
  done
done > "$out/pytorch.txt" 2>&1
