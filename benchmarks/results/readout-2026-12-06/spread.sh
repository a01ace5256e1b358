#!/usr/bin/env bash
# Forks of the large simd LSTM step with the JVM's GC log (forks 5-8) or compilation log (forks 1-4),
# to see whether a fork's change of speed coincides with a GC or a compilation; spread.log is what
# they printed, extracted by hand (iteration times, the GC lines, the tier-4 compile of SimdBackend::gemm).
set -u
run() {
  java --add-modules jdk.incubator.vector -cp /tmp/bench-row.jar org.openjdk.jmh.Main TrainStep -f 1 -wi 4 -w 1 -i 14 -r 1 -jvmArgsAppend "$1" \
    -p backendName=simd -p cell=lstm -p hidden=512 -p input=512 -p batch=64 -p seqLen=25 -p dtype=FLOAT32 -p layers=1 -p bidirectional=false
}
for f in 1 2 3 4; do run "-XX:+UnlockDiagnosticVMOptions -XX:+PrintCompilation -XX:-DisplayVMOutput -XX:+LogVMOutput -XX:LogFile=/tmp/pc-$f.vm" > /tmp/pc-$f.out; done
for f in 5 6 7 8; do run "-Xlog:gc:stdout" > /tmp/pc-$f.out; done
