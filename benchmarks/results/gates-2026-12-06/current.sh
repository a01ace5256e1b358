#!/usr/bin/env bash
# The README's current table: FLOAT32 training steps on every backend, each run with its own
# same-run sgemm peak (so each row has its fraction of peak), then PyTorch at each thread setting.
# Run from the repository root on a quiet machine: benchmarks/results/gates-2026-12-06/current.sh OUT
set -eu
out=${1:?an output folder}
mkdir -p "$out"
jar=${JAR:-benchmarks/target/benchmarks.jar}  # JAR=... runs another build's jar
report() { java -cp "$jar" org.rnn4j.bench.Report --include TrainStep --param dtype=FLOAT32 "$@"; }
report --param cell=elman --param input=1 --param hidden=32 --param batch=1 --param seqLen=50 --out "$out/elman-32"
report --param cell=elman,lstm,gru --param input=1 --param hidden=100 --param batch=32 --param seqLen=50 --out "$out/small-100"
report --param cell=elman --param input=1 --param hidden=512 --param batch=128 --param seqLen=50 --param backendName=simd,nd4j --out "$out/elman-512"
report --param cell=lstm,gru --param input=512 --param hidden=512 --param batch=64 --param seqLen=25 --param backendName=simd,nd4j --out "$out/gated-512"
# PyTorch: every intra-op thread count with every OpenBLAS thread count; the best is the lowest median.
for row in "elman 50 1 1 32" "elman 50 32 1 100" "lstm 50 32 1 100" "gru 50 32 1 100" "elman 50 128 1 512" "lstm 25 64 512 512" "gru 25 64 512 512"; do
  set -- $row
  for t in 1 2; do
    for ob in 1 2; do
      echo "threads $t + openblas $ob: $(OPENBLAS_NUM_THREADS=$ob /usr/bin/python3 benchmarks/pytorch/train_step.py --cell $1 --seq $2 --batch $3 --input $4 --hidden $5 --threads $t)"
    done
  done
done > "$out/pytorch.txt" 2>&1
