#!/bin/bash
# Alternating JMH sample-mode TrainStep runs of two jars, nd4j, Elman, T = 50, I = 1:
#   pairs.sh OUT_DIR DTYPE UNIT PAIRS "H B" ["H B" ...]
# OLD and NEW name the jars (defaults: a worktree of b799a44 at ../wt-old, and this checkout's).
#   small-elman-pairs.log: pairs.sh DIR FLOAT32 us 3 "32 1" "100 32"
#   f64-elman-pairs.log:   pairs.sh DIR FLOAT64 ms 2 "512 128"
OLD=${OLD:-/work/wt-old/benchmarks/target/benchmarks.jar}; NEW=${NEW:-/work/main/benchmarks/target/benchmarks.jar}
out_dir=$1; dtype=$2; unit=$3; pairs=$4; shift 4
for shape in "$@"; do set -- $shape; H=$1; B=$2
  for pair in $(seq 1 "$pairs"); do for which in old new; do jar=$OLD; [ $which = new ] && jar=$NEW
    out=$out_dir/$H-$B-$pair-$which.json
    java --add-modules jdk.incubator.vector -jar $jar TrainStep -f 1 -wi 3 -w 2 -i 5 -r 2 -bm sample -tu $unit \
      -p backendName=nd4j -p cell=elman -p seqLen=50 -p batch=$B -p input=1 -p hidden=$H -p dtype=$dtype -p layers=1 -p bidirectional=false \
      -rf json -rff $out >/dev/null 2>&1
    python3 -c "import json,datetime; p=json.load(open('$out'))[0]['primaryMetric']['scorePercentiles']; print(datetime.datetime.utcnow().strftime('%H:%M:%S'), '($H,$B) pair $pair $which: median %.3f $unit, fastest %.3f $unit' % (p['50.0'], p['0.0']))"
  done; done
done
