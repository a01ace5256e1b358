#!/usr/bin/python3
"""Writes the PyTorch fixtures of rnn-interop's tests: seeded nn.RNN / nn.LSTM / nn.GRU models with an
nn.Linear read-out, their state_dicts as safetensors, and PyTorch's own outputs for fixed inputs.

Run with Debian's python3 and its python3-torch (1.13), nothing else installed:
    cd rnn-interop/src/test/resources && /usr/bin/python3 make_fixtures.py
The `safetensors` package is not needed: save_safetensors below writes the format in a few lines
(8-byte little-endian header length, JSON header padded with spaces to 8 bytes, raw little-endian data).

For each model NAME it writes pytorch/NAME.safetensors (tensors "rnn.weight_ih_l0", ..., "out.weight",
"out.bias") and pytorch/NAME.json: the architecture, the inputs x (T, B, I), the initial states h0 (and
c0 for an LSTM), PyTorch's outputs y = linear(out) at every step (T, B, O) and its final states h_n
(and c_n), each flattened in PyTorch's row-major order. Float32 and float64 models are also exported by
torch.onnx.export (opset 14, input X only, so the initial states are zeros) as pytorch/NAME.onnx. Float32 models are run in float32; float64,
float16 and bfloat16 ones are run in float64 (the half-precision weights widened exactly), so the
Java side can check them to 1e-12.

READOUT_MODELS are ONNX files only: float32 modules whose nn.Linear reads out 2-D data, which
torch.onnx.export writes as Gemm: the last step (out[-1], out[:, -1] of a batch_first module, h_n[-1])
or the sequence flattened to rows and reshaped back. For each, pytorch/NAME.onnx and pytorch/NAME.json
with the architecture, the idiom, the opset, the inputs x (as the module takes them: (B, T, I) if
batch_first) and the module's output y (zero initial states, as in the ONNX graph).

DYNAMIC_MODELS are ONNX files only too: float32 modules with an every-step nn.Linear read-out exported with
dynamic_axes on T and B, so the exporter builds the zero initial states from the input's run-time shape
(ConstantOfShape, and a Slice per layer). For each, pytorch/NAME.onnx and pytorch/NAME.json with the
architecture, x (T, B, I) and the module's y, h_n (and c_n) from zero states.

COMPLETE_MODELS (issue 25) are ONNX files (and, for bare modules, safetensors) that earlier imports refused:
stacked modules whose h0 (and c0) are graph inputs, which the exporter slices per layer ("h0"); a batch_first
module with an every-step nn.Linear ("bf_every"); modules exported with do_constant_folding=False, whose weights
pass through Slice/Concat/Unsqueeze/Transpose of initializers ("nofold"); and bare nn.RNN/nn.LSTM/nn.GRU
modules without a read-out ("bare"), exported as they are (output Y is the hidden sequence) and saved as a
state_dict without a prefix. For each, pytorch/NAME.onnx and pytorch/NAME.json with the architecture, the
idiom, x as the module takes it, h0 (and c0) when they are graph inputs, and the module's output y.

Given fixture names as arguments, the script writes only those:
    /usr/bin/python3 make_fixtures.py lstm_2l_dyn_f32 gru_2l_bi_dyn_f32
"""
import json
import struct
import sys
import warnings

import torch

I, H, O, T, B = 3, 5, 2, 4, 2

# name, module class, nonlinearity, layers, bidirectional, stored dtype
MODELS = [
    ("rnn_tanh_1l_f32", torch.nn.RNN, "tanh", 1, False, torch.float32),
    ("rnn_relu_2l_bi_f32", torch.nn.RNN, "relu", 2, True, torch.float32),
    ("lstm_1l_f32", torch.nn.LSTM, None, 1, False, torch.float32),
    ("lstm_2l_bi_f32", torch.nn.LSTM, None, 2, True, torch.float32),
    ("gru_1l_f32", torch.nn.GRU, None, 1, False, torch.float32),
    ("gru_2l_bi_f32", torch.nn.GRU, None, 2, True, torch.float32),
    ("rnn_tanh_2l_bi_f64", torch.nn.RNN, "tanh", 2, True, torch.float64),
    ("lstm_2l_bi_f64", torch.nn.LSTM, None, 2, True, torch.float64),
    ("gru_2l_f64", torch.nn.GRU, None, 2, False, torch.float64),
    ("gru_1l_f16", torch.nn.GRU, None, 1, False, torch.float16),
    ("lstm_1l_bf16", torch.nn.LSTM, None, 1, False, torch.bfloat16),
]

# name, module class, nonlinearity, layers, bidirectional, batch_first, read-out idiom, opset
READOUT_MODELS = [
    ("lstm_2l_bi_last_gemm_f32", torch.nn.LSTM, None, 2, True, False, "out[-1]", 14),
    ("gru_2l_hn_gemm_f32", torch.nn.GRU, None, 2, False, False, "h_n[-1]", 14),
    ("lstm_1l_bf_last_gemm_f32", torch.nn.LSTM, None, 1, False, True, "out[:, -1]", 14),
    ("gru_1l_bf_last_op9_gemm_f32", torch.nn.GRU, None, 1, False, True, "out[:, -1]", 9),
    ("rnn_relu_2l_hn_op9_gemm_f32", torch.nn.RNN, "relu", 2, False, False, "h_n[-1]", 9),
    ("lstm_1l_rows_gemm_f32", torch.nn.LSTM, None, 1, False, False, "rows", 14),
]

# name, module class, nonlinearity, layers, bidirectional: exported with dynamic_axes on T and B
DYNAMIC_MODELS = [
    ("lstm_2l_dyn_f32", torch.nn.LSTM, None, 2, False),
    ("gru_2l_bi_dyn_f32", torch.nn.GRU, None, 2, True),
]

# name, module class, nonlinearity, layers, bidirectional, batch_first, idiom
COMPLETE_MODELS = [
    ("lstm_2l_h0_f32", torch.nn.LSTM, None, 2, False, False, "h0"),
    ("gru_2l_bi_h0_f32", torch.nn.GRU, None, 2, True, False, "h0"),
    ("rnn_tanh_3l_h0_f32", torch.nn.RNN, "tanh", 3, False, False, "h0"),
    ("gru_1l_bf_every_f32", torch.nn.GRU, None, 1, False, True, "bf_every"),
    ("lstm_2l_bi_bf_every_f32", torch.nn.LSTM, None, 2, True, True, "bf_every"),
    ("lstm_2l_bi_nofold_f32", torch.nn.LSTM, None, 2, True, False, "nofold"),
    ("gru_2l_nofold_f32", torch.nn.GRU, None, 2, False, False, "nofold"),
    ("rnn_relu_1l_bf_nofold_f32", torch.nn.RNN, "relu", 1, False, True, "nofold"),
    ("lstm_1l_bare_f32", torch.nn.LSTM, None, 1, False, False, "bare"),
    ("gru_2l_bi_bare_f32", torch.nn.GRU, None, 2, True, False, "bare"),
    ("rnn_relu_2l_bf_bare_f32", torch.nn.RNN, "relu", 2, False, True, "bare"),
]

CELL_NAMES = {torch.nn.RNN: "rnn", torch.nn.LSTM: "lstm", torch.nn.GRU: "gru"}
DTYPE_NAMES = {torch.float32: "F32", torch.float64: "F64", torch.float16: "F16", torch.bfloat16: "BF16"}


def raw_bytes(t):
    t = t.detach().contiguous().cpu()
    if t.dtype == torch.bfloat16:  # numpy has no bfloat16: write its bits
        t = t.view(torch.int16)
    return t.numpy().astype(t.numpy().dtype.newbyteorder("<"), copy=False).tobytes()


def save_safetensors(tensors, path):
    header, blobs, offset = {}, [], 0
    for name, t in tensors.items():
        data = raw_bytes(t)
        header[name] = {"dtype": DTYPE_NAMES[t.dtype], "shape": list(t.shape),
                        "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for b in blobs:
            f.write(b)


def flat(t):
    return [float(v) for v in t.detach().double().reshape(-1).tolist()]


class WithReadout(torch.nn.Module):
    def __init__(self, rnn, out, lstm):
        super().__init__()
        self.rnn, self.out, self.lstm = rnn, out, lstm

    def forward(self, x):
        seq, state = self.rnn(x)
        return (self.out(seq),) + (state if self.lstm else (state,))


def export_onnx(module, x, path, opset, output_names, dynamic_axes=None):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(module, (x,), path, opset_version=opset, input_names=["X"], output_names=output_names,
                          dynamic_axes=dynamic_axes)


def recurrent(cls, nonlinearity, layers, bidirectional, batch_first=False):
    kwargs = {"nonlinearity": nonlinearity} if nonlinearity else {}
    return cls(I, H, num_layers=layers, bidirectional=bidirectional, batch_first=batch_first, **kwargs)


def save_json(fixture, name):
    with open("pytorch/%s.json" % name, "w") as f:
        json.dump(fixture, f)
        f.write("\n")


def make(index, name, cls, nonlinearity, layers, bidirectional, stored):
    torch.manual_seed(1000 + index)
    rnn = recurrent(cls, nonlinearity, layers, bidirectional)
    dirs = 2 if bidirectional else 1
    out = torch.nn.Linear(H * dirs, O)
    run = torch.float32 if stored == torch.float32 else torch.float64
    # Round the weights to the stored precision first, so the file holds exactly what is run.
    rnn, out = rnn.to(stored).to(run), out.to(stored).to(run)
    state = {"rnn." + k: v.to(stored) for k, v in rnn.state_dict().items()}
    state.update({"out." + k: v.to(stored) for k, v in out.state_dict().items()})
    save_safetensors(state, "pytorch/%s.safetensors" % name)

    x = torch.randn(T, B, I, dtype=run)
    h0 = torch.randn(layers * dirs, B, H, dtype=run)
    c0 = torch.randn(layers * dirs, B, H, dtype=run)
    with torch.no_grad():
        if cls is torch.nn.LSTM:
            seq, (hn, cn) = rnn(x, (h0, c0))
        else:
            seq, hn = rnn(x, h0)
        y = out(seq)
    if stored in (torch.float32, torch.float64):
        lstm = cls is torch.nn.LSTM
        export_onnx(WithReadout(rnn, out, lstm), x, "pytorch/%s.onnx" % name, 14, ["Y", "h_n", "c_n"] if lstm else ["Y", "h_n"])
    fixture = {"cell": CELL_NAMES[cls], "nonlinearity": nonlinearity, "layers": layers, "bidirectional": bidirectional,
               "stored": DTYPE_NAMES[stored], "run": DTYPE_NAMES[run], "I": I, "H": H, "O": O, "T": T, "B": B,
               "x": flat(x), "h0": flat(h0), "y": flat(y), "h_n": flat(hn)}
    if cls is torch.nn.LSTM:
        fixture["c0"] = flat(c0)
        fixture["c_n"] = flat(cn)
    save_json(fixture, name)


class Readout2d(torch.nn.Module):
    """An nn.Linear applied to 2-D data: one step of the sequence or of h_n, or the sequence as rows."""

    def __init__(self, rnn, out, idiom):
        super().__init__()
        self.rnn, self.out, self.idiom = rnn, out, idiom

    def forward(self, x):
        seq, state = self.rnn(x)
        h_n = state[0] if isinstance(state, tuple) else state
        if self.idiom == "out[-1]":
            return self.out(seq[-1])
        if self.idiom == "out[:, -1]":
            return self.out(seq[:, -1])
        if self.idiom == "h_n[-1]":
            return self.out(h_n[-1])
        return self.out(seq.reshape(-1, seq.shape[-1])).view(seq.shape[0], seq.shape[1], -1)


def make_readout(index, name, cls, nonlinearity, layers, bidirectional, batch_first, idiom, opset):
    torch.manual_seed(2000 + index)
    rnn = recurrent(cls, nonlinearity, layers, bidirectional, batch_first)
    model = Readout2d(rnn, torch.nn.Linear(H * (2 if bidirectional else 1), O), idiom)
    x = torch.randn(B, T, I) if batch_first else torch.randn(T, B, I)
    with torch.no_grad():
        y = model(x)
    export_onnx(model, x, "pytorch/%s.onnx" % name, opset, ["Y"])
    fixture = {"cell": CELL_NAMES[cls], "nonlinearity": nonlinearity, "layers": layers, "bidirectional": bidirectional,
               "batch_first": batch_first, "readout": idiom, "opset": opset, "last_step": idiom != "rows",
               "I": I, "H": H, "O": O, "T": T, "B": B, "x": flat(x), "y": flat(y)}
    save_json(fixture, name)


def make_dynamic(index, name, cls, nonlinearity, layers, bidirectional):
    """An every-step model exported with T and B symbolic, as torch.onnx.export(..., dynamic_axes=...) writes it."""
    torch.manual_seed(3000 + index)
    rnn = recurrent(cls, nonlinearity, layers, bidirectional)
    lstm = cls is torch.nn.LSTM
    model = WithReadout(rnn, torch.nn.Linear(H * (2 if bidirectional else 1), O), lstm)
    x = torch.randn(T, B, I)
    with torch.no_grad():
        outputs = model(x)
    names = ["Y", "h_n", "c_n"] if lstm else ["Y", "h_n"]
    axes = {"X": {0: "T", 1: "B"}, "Y": {0: "T", 1: "B"}}
    axes.update({n: {1: "B"} for n in names[1:]})
    export_onnx(model, x, "pytorch/%s.onnx" % name, 14, names, axes)
    fixture = {"cell": CELL_NAMES[cls], "nonlinearity": nonlinearity, "layers": layers, "bidirectional": bidirectional,
               "dynamic_axes": True, "I": I, "H": H, "O": O, "T": T, "B": B, "x": flat(x)}
    fixture.update({n: flat(v) for n, v in zip(["y"] + names[1:], outputs)})
    save_json(fixture, name)


class WithState(torch.nn.Module):
    """An every-step nn.Linear read-out of a module that takes its initial states as inputs."""

    def __init__(self, rnn, out, lstm):
        super().__init__()
        self.rnn, self.out, self.lstm = rnn, out, lstm

    def forward(self, x, h0, c0=None):
        seq, _ = self.rnn(x, (h0, c0) if self.lstm else h0)
        return self.out(seq)


class EveryStep(torch.nn.Module):
    def __init__(self, rnn, out):
        super().__init__()
        self.rnn, self.out = rnn, out

    def forward(self, x):
        return self.out(self.rnn(x)[0])


def make_complete(index, name, cls, nonlinearity, layers, bidirectional, batch_first, idiom):
    torch.manual_seed(4000 + index)
    rnn = recurrent(cls, nonlinearity, layers, bidirectional, batch_first)
    dirs = 2 if bidirectional else 1
    lstm = cls is torch.nn.LSTM
    x = torch.randn(B, T, I) if batch_first else torch.randn(T, B, I)
    fixture = {"cell": CELL_NAMES[cls], "nonlinearity": nonlinearity, "layers": layers, "bidirectional": bidirectional,
               "batch_first": batch_first, "idiom": idiom, "I": I, "H": H, "T": T, "B": B, "x": flat(x)}
    path = "pytorch/%s.onnx" % name
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if idiom == "h0":
            model = WithState(rnn, torch.nn.Linear(H * dirs, O), lstm)
            h0 = torch.randn(layers * dirs, B, H)
            c0 = torch.randn(layers * dirs, B, H)
            args = (x, h0, c0) if lstm else (x, h0)
            names = ["X", "h0", "c0"] if lstm else ["X", "h0"]
            fixture["h0"] = flat(h0)
            if lstm:
                fixture["c0"] = flat(c0)
            torch.onnx.export(model, args, path, opset_version=14, input_names=names, output_names=["Y"])
        elif idiom == "bare":
            # The module itself: its outputs are (out, h_n) or (out, (h_n, c_n)); its state_dict has no prefix.
            model, args = rnn, (x,)
            save_safetensors(dict(rnn.state_dict()), "pytorch/%s.safetensors" % name)
            torch.onnx.export(model, args, path, opset_version=14, input_names=["X"],
                              output_names=["Y", "h_n", "c_n"] if lstm else ["Y", "h_n"])
        else:
            model, args = EveryStep(rnn, torch.nn.Linear(H * dirs, O)), (x,)
            torch.onnx.export(model, args, path, opset_version=14, input_names=["X"], output_names=["Y"],
                              do_constant_folding=idiom != "nofold")
    with torch.no_grad():
        y = model(*args)
    y = y[0] if isinstance(y, tuple) else y
    fixture["O"] = y.shape[-1]
    fixture["y"] = flat(y)
    save_json(fixture, name)


if __name__ == "__main__":
    # With names, write only those fixtures (so that adding one leaves the committed files untouched).
    wanted = set(sys.argv[1:])
    jobs = [(make, MODELS), (make_readout, READOUT_MODELS), (make_dynamic, DYNAMIC_MODELS),
            (make_complete, COMPLETE_MODELS)]
    unknown = wanted - {m[0] for _, models in jobs for m in models}
    if unknown:
        sys.exit("unknown fixture(s): %s" % ", ".join(sorted(unknown)))
    written = 0
    for maker, models in jobs:
        for i, m in enumerate(models):
            if not wanted or m[0] in wanted:
                maker(i, *m)
                written += 1
    print("wrote %d fixtures with torch %s" % (written, torch.__version__))
