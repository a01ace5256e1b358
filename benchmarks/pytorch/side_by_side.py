#!/usr/bin/env python3
"""rnn4j's training step against PyTorch's, side by side: alternating rounds, each rnn4j's
TrainStepBenchmark in JMH sample mode (every step timed) and then train_step.py with the same
shapes, and per round the ratio of the two medians and of the two fastest steps.

On a machine shared with other work a single round says little: a neighbour's load slows one side
and not the other, and moves the ratio by a tenth either way. The summary therefore gives the
median over the rounds of each ratio, and how many rounds were at or below --target.

Needs the benchmark jar (./mvnw -B -Pbench -DskipTests package -pl benchmarks -am) and Debian's
python3 with PyTorch and OpenBLAS (apt-get install python3-torch libopenblas0-pthread; see
train_step.py). Run from the repository root, e.g.:
    /usr/bin/python3 benchmarks/pytorch/side_by_side.py --backend nd4j --cell elman --seq 50 \\
        --batch 128 --input 1 --hidden 512 --rounds 10 --target 0.75 --out /tmp/rounds
"""
import argparse
import datetime
import json
import os
import re
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def now():
    return datetime.datetime.now(datetime.timezone.utc).strftime("%H:%M:%S")


def rnn4j_round(a, path):
    """Runs one JMH fork of TrainStep; returns (median, fastest) in ms from its JSON."""
    cmd = ["java", "--add-modules", "jdk.incubator.vector", "-jar", a.jar, "TrainStep",
           "-f", "1", "-wi", str(a.jmh_warmups), "-w", "2", "-i", str(a.jmh_iterations), "-r", "2",
           "-bm", "sample", "-tu", "ms",
           "-p", "backendName=" + a.backend, "-p", "cell=" + a.cell, "-p", "seqLen=" + str(a.seq),
           "-p", "batch=" + str(a.batch), "-p", "input=" + str(a.input), "-p", "hidden=" + str(a.hidden),
           "-p", "dtype=" + a.dtype.upper(), "-p", "layers=1", "-p", "bidirectional=false",
           "-rf", "json", "-rff", path]
    run = subprocess.run(cmd, capture_output=True, text=True)
    if run.returncode != 0 or not os.path.exists(path):
        sys.exit("JMH failed (exit %d):\n%s" % (run.returncode, run.stdout[-2000:] + run.stderr[-2000:]))
    with open(path) as f:
        results = json.load(f)
    if len(results) != 1:
        sys.exit("expected one JMH result in %s, found %d" % (path, len(results)))
    p = results[0]["primaryMetric"]["scorePercentiles"]
    return p["50.0"], p["0.0"]


def cpu():
    """The first processor's model, FMA/AVX2/AVX-512F and clock from /proc/cpuinfo (as Machine.java)."""
    model, clock, flags = "unknown", "unknown", set()
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                key, _, value = line.partition(":")
                key, value = key.strip(), value.strip()
                if key == "model name" and model == "unknown":
                    model = value
                elif key == "cpu MHz" and clock == "unknown":
                    clock = "%.0f MHz" % float(value)
                elif key == "flags" and not flags:
                    flags = set(value.split())
    except OSError:
        pass
    have = [n for f, n in (("fma", "FMA"), ("avx2", "AVX2"), ("avx512f", "AVX-512F")) if f in flags]
    return "CPU: %s; %s; clock %s" % (model, " ".join(have) or "no FMA, AVX2 or AVX-512F", clock)


def train_flops(a):
    """A training step's count as Flops.java makes it: 3 x 2·g·H·(I+H)·B·T, plus 3 x 2·H·B for the read-out."""
    g = {"elman": 1, "gru": 3, "lstm": 4}[a.cell]
    return 3 * 2 * g * a.hidden * (a.input + a.hidden) * a.batch * a.seq + 3 * 2 * a.hidden * a.batch


def sgemm_peak(a):
    """GFLOP/s of a 1024-square FLOAT32 NN gemm on nd4j and simd (GemmBenchmark), measured now."""
    path = os.path.join(a.out, "peak.json")
    cmd = ["java", "--add-modules", "jdk.incubator.vector", "-jar", a.jar, "GemmBenchmark",
           "-f", "1", "-wi", "3", "-w", "1", "-i", "5", "-r", "1", "-p", "n=1024", "-p", "transpose=NN",
           "-p", "dtype=FLOAT32", "-p", "backendName=nd4j,simd", "-rf", "json", "-rff", path]
    run = subprocess.run(cmd, capture_output=True, text=True)
    if run.returncode != 0 or not os.path.exists(path):
        sys.exit("JMH (peak) failed (exit %d):\n%s" % (run.returncode, run.stdout[-2000:] + run.stderr[-2000:]))
    with open(path) as f:
        results = json.load(f)
    scale = {"s/op": 1, "ms/op": 1e-3, "us/op": 1e-6, "ns/op": 1e-9}
    return {r["params"]["backendName"]: 2 * 1024 ** 3 / (r["primaryMetric"]["score"] * scale[r["primaryMetric"]["scoreUnit"]]) / 1e9
            for r in results}


def pytorch_round(a):
    """Runs train_step.py once; returns (median, fastest) in ms from the line it prints."""
    env = dict(os.environ, OPENBLAS_NUM_THREADS=str(a.openblas_threads))
    cmd = [a.python, os.path.join(HERE, "train_step.py"), "--threads", str(a.threads), "--cell", a.cell,
           "--seq", str(a.seq), "--batch", str(a.batch), "--input", str(a.input), "--hidden", str(a.hidden),
           "--dtype", a.dtype]
    run = subprocess.run(cmd, capture_output=True, text=True, env=env)
    line = run.stdout.strip().splitlines()[-1] if run.stdout.strip() else ""
    m = re.search(r"median ([0-9.]+) ms .*min ([0-9.]+)\)", line)
    if run.returncode != 0 or not m:
        sys.exit("train_step.py failed (exit %d): %s" % (run.returncode, (run.stdout + run.stderr)[-2000:]))
    return float(m.group(1)), float(m.group(2))


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--jar", default="benchmarks/target/benchmarks.jar")
    p.add_argument("--backend", default="nd4j")
    p.add_argument("--cell", choices=["elman", "lstm", "gru"], default="elman")
    p.add_argument("--seq", type=int, default=50)
    p.add_argument("--batch", type=int, default=128)
    p.add_argument("--input", type=int, default=1)
    p.add_argument("--hidden", type=int, default=512)
    p.add_argument("--dtype", choices=["float32", "float64"], default="float32")
    p.add_argument("--rounds", type=int, default=10)
    p.add_argument("--target", type=float, default=None, help="a ratio to count the rounds at or below")
    p.add_argument("--threads", type=int, default=1, help="PyTorch's intra-op threads (1 was its best here)")
    p.add_argument("--openblas-threads", type=int, default=2, help="OPENBLAS_NUM_THREADS for PyTorch")
    p.add_argument("--python", default="/usr/bin/python3", help="the interpreter that has PyTorch")
    p.add_argument("--jmh-warmups", type=int, default=4)
    p.add_argument("--jmh-iterations", type=int, default=5)
    p.add_argument("--out", required=True, help="a folder for JMH's JSON files")
    p.add_argument("--no-peak", action="store_true", help="skip the same-run sgemm peak")
    a = p.parse_args()
    if a.rounds < 1:
        sys.exit("--rounds must be at least 1, got %d" % a.rounds)
    if not os.path.isfile(a.jar):
        sys.exit("no benchmark jar at %s: build it with ./mvnw -B -Pbench -DskipTests package -pl benchmarks -am" % a.jar)
    os.makedirs(a.out, exist_ok=True)

    print("%s %s %s T=%d B=%d I=%d H=%d %s, %d rounds; OPENBLAS_CORETYPE=%s"
          % (now(), a.backend, a.cell, a.seq, a.batch, a.input, a.hidden, a.dtype, a.rounds,
             os.environ.get("OPENBLAS_CORETYPE", "(unset)")), flush=True)
    print(cpu(), flush=True)
    flops = train_flops(a)
    best = None
    if not a.no_peak:
        peak = sgemm_peak(a)
        best = max(peak.values())
        print("%s sgemm peak, this run (n = 1024, NN, FLOAT32): %s; a step's %.4g GFLOP is set against the higher"
              % (now(), "; ".join("%s %.1f GFLOP/s" % kv for kv in sorted(peak.items())), flops / 1e9), flush=True)
    by_median, by_fastest = [], []
    for i in range(1, a.rounds + 1):
        path = os.path.join(a.out, "%d-%s-%s.json" % (i, a.backend, a.cell))
        med, fast = rnn4j_round(a, path)
        tmed, tfast = pytorch_round(a)
        by_median.append(med / tmed)
        by_fastest.append(fast / tfast)
        print("%s round %d: rnn4j median %.4g, fastest %.4g ms; PyTorch median %.4g, fastest %.4g ms; "
              "ratio %.3f by medians, %.3f by fastest%s" % (now(), i, med, fast, tmed, tfast, by_median[-1], by_fastest[-1],
                                                          "" if best is None else
                                                          "; medians at %.1f and %.1f GFLOP/s, %.1f%% and %.1f%% of peak" % (
                                                              flops / med / 1e6, flops / tmed / 1e6,
                                                              100 * flops / med / 1e6 / best, 100 * flops / tmed / 1e6 / best)),
              flush=True)
    summary = "median over %d rounds: %.3f by medians (%.3f-%.3f), %.3f by fastest (%.3f-%.3f)" % (
        a.rounds, statistics.median(by_median), min(by_median), max(by_median),
        statistics.median(by_fastest), min(by_fastest), max(by_fastest))
    if a.target is not None:
        summary += "; at or below %.2f: %d of %d rounds by medians, %d by fastest" % (
            a.target, sum(r <= a.target for r in by_median), a.rounds, sum(r <= a.target for r in by_fastest))
    print(summary)


if __name__ == "__main__":
    main()
