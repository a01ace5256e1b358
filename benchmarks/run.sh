#!/usr/bin/env bash
# Builds benchmarks/target/benchmarks.jar and runs a chosen set of benchmarks, writing
# benchmarks/results/{results.json,results.md,train-step.png}. Arguments go to org.rnn4j.bench.Report:
#   benchmarks/run.sh                                     the whole grid (hours on 2 cores)
#   benchmarks/run.sh --include TrainStep --param hidden=100 --param batch=32 --gc
#   benchmarks/run.sh --quick --include Gemm --param n=256,512
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -pl benchmarks -am package -DskipTests
exec java -cp benchmarks/target/benchmarks.jar org.rnn4j.bench.Report "$@"
