#!/usr/bin/env python3
"""PyTorch's side of rnn4j's TrainStepBenchmark: one training step of a many-to-one network
(forward over T steps, linear read-out of the last step, MSE, backward, SGD update), timed on the
CPU with the same shapes, so that rnn4j's JMH figures can be quoted as a ratio to PyTorch measured
in the same session.

Run with Debian's own interpreter and package, and OpenBLAS (apt-get install python3-torch
libopenblas0-pthread; PyTorch 1.13). Without OpenBLAS, Debian's PyTorch runs on the reference BLAS
(libblas3): the large Elman step took 2.0 s instead of 0.1 (7 December 2026), so the line printed
ends with the BLAS library the process loaded.
    /usr/bin/python3 benchmarks/pytorch/train_step.py --threads 2 --cell lstm --seq 25 --batch 64 --input 512 --hidden 512
Prints one line: cell, sizes, dtype, threads, median, interquartile range and minimum in ms over --reps
timed steps after --warmup untimed ones, the torch version and the BLAS library in use.
"""
import argparse
import os
import statistics
import time

import torch


def blas_library():
    """The BLAS shared library this process has mapped (Debian's PyTorch takes whichever libblas.so.3
    the alternatives system points at), or 'unknown' where /proc/self/maps is not available."""
    try:
        with open("/proc/self/maps") as maps:
            for line in maps:
                path = line.split()[-1]
                if "blas" in path.rsplit("/", 1)[-1]:
                    return os.path.realpath(path)
    except OSError:
        pass
    return "unknown"


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--cell", choices=["elman", "lstm", "gru"], default="lstm")
    p.add_argument("--seq", type=int, default=25)
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--input", type=int, default=512)
    p.add_argument("--hidden", type=int, default=512)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--dtype", choices=["float32", "float64"], default="float32")
    p.add_argument("--warmup", type=int, default=20)
    p.add_argument("--reps", type=int, default=50)
    a = p.parse_args()

    torch.set_num_threads(a.threads)
    torch.manual_seed(1)
    dtype = getattr(torch, a.dtype)
    rnn = {"elman": torch.nn.RNN, "lstm": torch.nn.LSTM, "gru": torch.nn.GRU}[a.cell](a.input, a.hidden).to(dtype)
    readout = torch.nn.Linear(a.hidden, 1).to(dtype)
    params = list(rnn.parameters()) + list(readout.parameters())
    opt = torch.optim.SGD(params, lr=0.01)
    x = torch.rand(a.seq, a.batch, a.input, dtype=dtype) * 2 - 1
    y = torch.sin(torch.arange(a.batch, dtype=dtype)).unsqueeze(1)

    def step():
        opt.zero_grad(set_to_none=False)
        out, _ = rnn(x)
        loss = torch.nn.functional.mse_loss(readout(out[-1]), y)
        loss.backward()
        opt.step()
        return loss.item()

    for _ in range(a.warmup):
        step()
    times = []
    for _ in range(a.reps):
        t0 = time.perf_counter()
        step()
        times.append((time.perf_counter() - t0) * 1000)
    q = statistics.quantiles(times, n=4)
    print(f"pytorch {a.cell} T={a.seq} B={a.batch} I={a.input} H={a.hidden} {a.dtype} threads={a.threads}: "
          f"median {statistics.median(times):.3f} ms (IQR {q[0]:.3f}-{q[2]:.3f}, min {min(times):.3f}), torch {torch.__version__}, "
          f"BLAS {blas_library()}")


if __name__ == "__main__":
    main()
