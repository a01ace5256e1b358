#!/usr/bin/env python3
"""Trains the GRU that examples' PyTorchImportDemo loads: PyTorch's idiomatic model on the sine task
(wave[k] = sin(k), k = 0..199; window i = wave[i..i+49] predicts wave[i+50]; windows 0..99 train,
100..149 validate), then writes its state_dict as safetensors and PyTorch's own figures as JSON.

Run with Debian's interpreter and PyTorch 1.13 (apt-get install python3-torch), from the repository root:
    /usr/bin/python3 examples/src/main/resources/org/rnn4j/examples/train_sine_gru.py
It writes sine-gru.safetensors and sine-gru.json beside itself. The safetensors file is written with
struct and json (the format is an 8-byte little-endian header length, a JSON header, then the raw
little-endian data), so the `safetensors` package is not needed.
"""
import json
import math
import os
import struct

import torch

HERE = os.path.dirname(os.path.abspath(__file__))


class SineGru(torch.nn.Module):
    def __init__(self, hidden):
        super().__init__()
        self.rnn = torch.nn.GRU(1, hidden)
        self.out = torch.nn.Linear(hidden, 1)

    def forward(self, x):              # x: (T, B, 1)
        y, _ = self.rnn(x)
        return self.out(y[-1])         # the last step's output, (B, 1)


def windows(wave, start, count):
    x = torch.stack([wave[i:i + 50] for i in range(start, start + count)], dim=1).unsqueeze(-1)   # (50, count, 1)
    y = torch.stack([wave[i + 50] for i in range(start, start + count)]).unsqueeze(-1)           # (count, 1)
    return x, y


def save_safetensors(state, path):
    header, blobs, offset = {}, [], 0
    for name, t in state.items():
        data = t.detach().contiguous().to(torch.float32).numpy().tobytes()
        header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    h = json.dumps(header, separators=(",", ":")).encode("utf-8")
    h += b" " * ((8 - len(h) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        for b in blobs:
            f.write(b)


def main():
    torch.manual_seed(7)
    torch.set_num_threads(1)
    wave = torch.sin(torch.arange(200, dtype=torch.float32))
    xt, yt = windows(wave, 0, 100)
    xv, yv = windows(wave, 100, 50)
    model = SineGru(16)
    opt = torch.optim.Adam(model.parameters(), lr=0.01)
    sched = torch.optim.lr_scheduler.StepLR(opt, step_size=500, gamma=0.3)
    for _ in range(2000):
        opt.zero_grad()
        loss = torch.nn.functional.mse_loss(model(xt), yt)
        loss.backward()
        opt.step()
        sched.step()
    with torch.no_grad():
        pv = model(xv)
        rmse = math.sqrt(torch.nn.functional.mse_loss(pv, yv).item())
    save_safetensors(model.state_dict(), os.path.join(HERE, "sine-gru.safetensors"))
    with open(os.path.join(HERE, "sine-gru.json"), "w") as f:
        json.dump({"hidden": 16, "validation_rmse": rmse, "validation_predictions": [float(v) for v in pv.squeeze(1)],
                   "torch": torch.__version__, "steps": 2000}, f, indent=1)
    print(f"validation RMSE {rmse:.3e}")


if __name__ == "__main__":
    main()
