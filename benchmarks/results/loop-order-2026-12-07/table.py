"""The README's current table, one markdown row per step, from a folder written by
benchmarks/results/gates-2026-12-06/current.sh (each group's results.md, and pytorch.txt): the median
and 99.9 % interval per backend in ms, PyTorch's best thread setting and its default (2 + 2), the
ratios to the best, and each backend's fraction of its group's same-run sgemm peak.
Usage: python3 table.py FOLDER (the peak lines go to stderr)."""
import re, sys, os
d = sys.argv[1]
rows = [("elman-32", "elman", "Elman, T = 50, I = 1, H = 32, B = 1", "elman 50 1 1 32", 2),
        ("small-100", "elman", "Elman, T = 50, I = 1, H = 100, B = 32", "elman 50 32 1 100", 2),
        ("small-100", "lstm", "LSTM, T = 50, I = 1, H = 100, B = 32", "lstm 50 32 1 100", 2),
        ("small-100", "gru", "GRU, T = 50, I = 1, H = 100, B = 32", "gru 50 32 1 100", 2),
        ("elman-512", "elman", "Elman, T = 50, I = 1, H = 512, B = 128", "elman 50 128 1 512", 1),
        ("gated-512", "lstm", "LSTM, T = 25, I = H = 512, B = 64", "lstm 25 64 512 512", 1),
        ("gated-512", "gru", "GRU, T = 25, I = H = 512, B = 64", "gru 25 64 512 512", 1)]
py = open(os.path.join(d, "pytorch.txt")).read().splitlines()
def decimals(ms):
    return 3 if ms < 1 else 2 if ms < 10 else 1 if ms < 100 else 0
def fmt(ms, like=None):
    return "%.*f" % (decimals(like if like is not None else ms), ms)
for folder, cell, name, key, dec in rows:
    if not os.path.exists(os.path.join(d, folder, "results.md")):
        continue                                            # a folder with some groups only (copies-2026-12-07/forks.sh)
    md = open(os.path.join(d, folder, "results.md")).read()
    peak = re.search(r"sgemm peak.*", md).group(0)
    res = {}
    for line in md.splitlines():
        c = [x.strip() for x in line.split("|")]
        if len(c) > 10 and c[1] == "TrainStepBenchmark.step" and c[4] == cell:
            res[c[2]] = (float(c[11]) / 1000, float(c[12]) / 1000, c[15])
    if not res:
        continue                                            # a group run without this cell (split-2026-12-07/current-forks)
    t, b, i, h = key.split()[1:5] if False else (None, None, None, None)
    c_, T, B, I, H = key.split()
    pat = "pytorch %s T=%s B=%s I=%s H=%s " % (c_, T, B, I, H)
    best = None
    default = None
    for l in py:
        if pat in l:
            m = re.match(r"threads (\d) \+ openblas (\d): .* median ([0-9.]+) ms", l)
            v = float(m.group(3))
            if best is None or v < best[0]:
                best = (v, m.group(1) + " + " + m.group(2))
            if m.group(1) == "2" and m.group(2) == "2":
                default = v
    def cell_(be):
        if be not in res:
            return ""
        s, e, _ = res[be]
        return "%s ± %s" % (fmt(s), fmt(e, s))
    nd = res.get("nd4j"); sd = res.get("simd")
    if best is None:  # a folder without PyTorch figures for this row (current-forks/small-100)
        print("| %s | %s | %s | %s | | | | | %s, %s |" % (name, cell_("nd4j"), cell_("simd"), cell_("ejml"), nd[2], sd[2]))
    else:
        print("| %s | %s | %s | %s | %s (%s) | %s | %.2f | %.2f | %s, %s |" % (name, cell_("nd4j"), cell_("simd"), cell_("ejml"),
              fmt(best[0]), best[1], fmt(default), nd[0] / best[0], sd[0] / best[0], nd[2], sd[2]))
    print("   ", folder, peak[:110], file=sys.stderr)
