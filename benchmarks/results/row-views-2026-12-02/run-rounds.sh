#!/bin/bash
# The large Elman step after row views: per round the step's gemms alone and the step (JMH sample mode, JSON kept), then PyTorch under its two best thread settings.
cd "$(dirname "$0")/../../.."
jar=benchmarks/target/benchmarks.jar; out=${1:?usage: run-rounds.sh OUTPUT_DIR}; mkdir -p "$out"
P="-p backendName=nd4j -p hidden=512 -p batch=128 -p dtype=FLOAT32"
PY="--cell elman --seq 50 --batch 128 --input 1 --hidden 512"
n=0
for i in 1 2 3; do
  for b in StepGemms TrainStep; do
    n=$((n+1)); f=$out/$n-nd4j-$b-elman-512-128.json
    r=$(java --add-modules jdk.incubator.vector -jar $jar "$b" -f 1 -wi 4 -w 2 -i 5 -r 2 -bm sample -tu ms $P -rf json -rff $f 2>&1)
    echo "$(date -u +%H:%M:%S) round $i nd4j $b: median $(echo "$r" | grep ':p0.50 ' | awk '{print $(NF-1)}') ms, fastest $(echo "$r" | grep ':p0.00 ' | awk '{print $(NF-1)}') ms ($(basename $f))"
  done
  for s in t1ob2 t2ob1; do case $s in t2ob1) env="OPENBLAS_NUM_THREADS=1"; th=2; d="2 intra-op threads, OPENBLAS_NUM_THREADS=1";; t1ob2) env="OPENBLAS_NUM_THREADS=2"; th=1; d="1 intra-op thread, OPENBLAS_NUM_THREADS=2";; esac
    echo "$(date -u +%H:%M:%S) round $i PyTorch ($d): $(env $env /usr/bin/python3 benchmarks/pytorch/train_step.py --threads $th $PY 2>&1 | tail -1)"
  done
done
n=$((n+1)); f=$out/$n-simd-TrainStep-elman-512-128.json
r=$(java --add-modules jdk.incubator.vector -jar $jar TrainStep -f 1 -wi 4 -w 2 -i 5 -r 2 -bm sample -tu ms -p backendName=simd -p hidden=512 -p batch=128 -p dtype=FLOAT32 -rf json -rff $f 2>&1)
echo "$(date -u +%H:%M:%S) simd TrainStep: median $(echo "$r" | grep ':p0.50 ' | awk '{print $(NF-1)}') ms, fastest $(echo "$r" | grep ':p0.00 ' | awk '{print $(NF-1)}') ms ($(basename $f))"
echo "$(date -u +%H:%M:%S) PyTorch default (2 intra-op threads, 2 OpenBLAS threads): $(/usr/bin/python3 benchmarks/pytorch/train_step.py --threads 2 $PY 2>&1 | tail -1)"
