#!/usr/bin/env bash
# Builds benchmarks/target/benchmarks.jar (Maven profile -Pbench) and runs a chosen set of
# benchmarks, writing results.json, results.md and train-step.png into benchmarks/target/results
# (untracked) or --out DIR.
# Arguments go to org.rnn4j.bench.Report; see usage() or run with --help.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: benchmarks/run.sh [--include NAMES | --regex REGEX] [--param NAME=V1,V2]... [--gc] [--quick]
                         [--forks N] [--jvm-arg ARG]... [--out DIR] [--peak-n N | --no-peak]
  Builds benchmarks/target/benchmarks.jar, runs the JMH benchmarks it selects and writes
  results.json (JMH's format), results.md and train-step.png into DIR (default
  benchmarks/target/results, untracked: the committed records in benchmarks/results stay as they are).
  results.md's header names the CPU (model, FMA/AVX2/AVX-512F, clock) and the sgemm peak measured
  first in the same run (FLOAT32 NN gemm on nd4j and simd, written to peak.json); each training
  step's row gives its GFLOP/s and its fraction of that peak.
  --include NAMES      benchmarks to run, whole names, comma-separated: Gemm (not StepGemms),
                       Forward, TrainStep, StepGemms, or Class.method (default: all of org.rnn4j.bench)
  --regex REGEX        benchmarks whose full name (org.rnn4j.bench.GemmBenchmark.gemm) contains a
                       match of REGEX, as JMH's own include
  --param NAME=V1,V2   override a @Param, e.g. hidden=100 batch=32 n=256,512 dtype=FLOAT32
  --gc                 add JMH's allocation profiler (bytes per operation)
  --quick              2 x 0.5 s warm-up, 3 x 0.5 s measured: a first look, wider error bars
  --forks N            run each benchmark in N JVMs (default 1), so that its interval spans the
                       levels at which different JVMs settle
  --jvm-arg ARG        one more option for the forked JVMs, e.g. -Drnn4j.simd.threads=1
  --out DIR            where to write the results
  --peak-n N           the side of the peak's square gemm (default 1024)
  --no-peak            skip the peak (no fractions of peak)
Examples:
  benchmarks/run.sh                                    the whole grid: hours on 2 cores
  benchmarks/run.sh --include TrainStep --param hidden=100 --param batch=32 --gc
  benchmarks/run.sh --quick --include Gemm --param n=256,512
Runs $JAVA_HOME/bin/java when JAVA_HOME is set, else java from PATH.
USAGE
}

for arg in "$@"; do
  case "$arg" in
    -h|--help) usage; exit 0 ;;
  esac
done

cd "$(dirname "$0")/.."
if [[ -n "${JAVA_HOME:-}" ]]; then
  java="$JAVA_HOME/bin/java"
else
  java=java
fi
./mvnw -B -q -pl benchmarks -am -Pbench package -DskipTests
exec "$java" -cp benchmarks/target/benchmarks.jar org.rnn4j.bench.Report "$@"
