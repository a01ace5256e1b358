#!/usr/bin/env python3
"""Alternating JMH forks of TrainStepBenchmark (sample mode) for several (label, jar, backend) sides:
round after round, every side one fork in turn, so that a neighbour's load falls on all sides alike.
Prints each fork's median step and, per side and shape, the median over the forks with its range,
and each side's ratio to the first side by medians of the same round.

    /usr/bin/python3 alternate.py --rounds 3 --cell lstm --seq 25 --batch 64 --input 512 --hidden 512 \\
        --side before:/tmp/before.jar:simd --side after:benchmarks/target/benchmarks.jar:simd \\
        --side nd4j:benchmarks/target/benchmarks.jar:nd4j --out /tmp/alt
"""
import argparse
import datetime
import json
import os
import statistics
import subprocess
import sys


def fork(jar, backend, a, path):
    cmd = ["java", "--add-modules", "jdk.incubator.vector", "-jar", jar, "TrainStep", "-f", "1",
           "-wi", str(a.warmups), "-w", "2", "-i", str(a.iterations), "-r", "2", "-bm", "sample", "-tu", "ms",
           "-p", "backendName=" + backend, "-p", "cell=" + a.cell, "-p", "seqLen=%d" % a.seq, "-p", "batch=%d" % a.batch,
           "-p", "input=%d" % a.input, "-p", "hidden=%d" % a.hidden, "-p", "dtype=FLOAT32", "-p", "layers=1",
           "-p", "bidirectional=false", "-rf", "json", "-rff", path]
    run = subprocess.run(cmd, capture_output=True, text=True)
    if run.returncode != 0:
        sys.exit("JMH failed:\n" + run.stdout[-2000:] + run.stderr[-2000:])
    with open(path) as f:
        p = json.load(f)[0]["primaryMetric"]
    steps = sum(count for it in p["rawDataHistogram"][0] for _, count in it)
    return p["scorePercentiles"]["50.0"], p["scorePercentiles"]["0.0"], steps


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--side", action="append", required=True, help="label:jar:backend")
    for k, d in (("rounds", 3), ("seq", 25), ("batch", 64), ("input", 512), ("hidden", 512), ("warmups", 3), ("iterations", 3)):
        ap.add_argument("--" + k, type=int, default=d)
    ap.add_argument("--cell", default="lstm")
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    sides = [s.split(":") for s in a.side]
    print("%s %s T=%d B=%d I=%d H=%d FLOAT32, %d rounds; sides %s; OPENBLAS_CORETYPE=%s; load %s" % (
        datetime.datetime.utcnow().strftime("%H:%M:%S"), a.cell, a.seq, a.batch, a.input, a.hidden, a.rounds,
        ", ".join(s[0] for s in sides), os.environ.get("OPENBLAS_CORETYPE", "(unset)"), open("/proc/loadavg").read().split()[:3]),
        flush=True)
    med = {s[0]: [] for s in sides}
    for r in range(1, a.rounds + 1):
        for label, jar, backend in sides:
            m, fast, n = fork(jar, backend, a, os.path.join(a.out, "%s-%s-%d.json" % (a.cell, label, r)))
            med[label].append(m)
            print("%s round %d %-8s median %.4g ms, fastest %.4g ms, %d steps" % (
                datetime.datetime.utcnow().strftime("%H:%M:%S"), r, label, m, fast, n), flush=True)
    first = sides[0][0]
    for label, _, _ in sides:
        v = med[label]
        ratios = [x / y for x, y in zip(v, med[first])]
        print("%-8s median over forks %.4g ms (range %.4g-%.4g); ratio to %s by round: %s, median %.3f" % (
            label, statistics.median(v), min(v), max(v), first, " ".join("%.3f" % x for x in ratios), statistics.median(ratios)))


if __name__ == "__main__":
    main()
