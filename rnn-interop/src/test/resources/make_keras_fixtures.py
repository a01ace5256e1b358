#!/usr/bin/python3
"""Writes the Keras fixtures of rnn-interop's tests without Keras: Keras 3 `.keras` archives and Keras 2 `.h5`
files in the layouts Keras writes, with weights and reference outputs from a NumPy implementation of Keras's
equations (float64), so the Java import can be checked to 1e-12 (FLOAT64) and 1e-6 (FLOAT32).

Run with Debian's python3 and its python3-h5py and python3-numpy, nothing else:
    cd rnn-interop/src/test/resources && /usr/bin/python3 make_keras_fixtures.py

Layouts (read from Keras's own source, keras-team/keras):
- Keras 3 `.keras` (keras/src/saving/saving_lib.py): a zip of `metadata.json`, `config.json` (the serialized
  model: {"module": "keras", "class_name": "Sequential", "config": {"layers": [...]}}) and `model.weights.h5`. In the
  latter, each saveable's own variables are datasets "0", "1", ... of a group `<path>/vars`, where a Sequential's
  layers are at `layers/<snake_case(class name)>` (a second layer of one class `_1`, and so on: never the layer's
  name), an RNN layer's cell at `.../cell`, a Bidirectional's at `.../forward_layer` and `.../backward_layer`.
  LSTMCell vars: kernel (I, 4H), recurrent_kernel (H, 4H), bias (4H); GRUCell with reset_after: bias (2, 3H);
  SimpleRNNCell: (I, H), (H, H), (H); Dense: kernel (F, O), bias (O).
- Keras 2 `.h5` (tf.keras/keras 2 legacy hdf5_format.py, save_model_to_hdf5): root attributes `model_config` (JSON
  {"class_name": "Sequential", "config": {"layers": [...]}}), `keras_version`, `backend`; group `model_weights` with
  attribute `layer_names` (the model's layers, InputLayer excluded) and per layer a group of that name with attribute
  `weight_names` (e.g. "lstm/lstm_cell/kernel:0"), each weight a dataset at that path inside the layer group.

Gate blocks along the kernels' columns: LSTM i, f, c, o; GRU z, r, h. Equations (x_t (B, I), h (B, H)):
  SimpleRNN  h = act(x K + h R + b)
  LSTM       z = x K + h R + b; i, f, o = sigmoid(.), g = tanh(.); c = f c + i g; h = o tanh(c)
  GRU        (reset_after) xz = x K + b[0]; hz = h R + b[1]; z = sig(xz_z + hz_z), r = sig(xz_r + hz_r);
             hh = tanh(xz_h + r hz_h); h = z h + (1 - z) hh
  Bidirectional(merge_mode="concat")  [forward_t, backward_t], the backward layer run on the reversed sequence
             and its outputs flipped back when return_sequences (its last output otherwise).
For each fixture NAME it writes keras/NAME.keras or keras/NAME.h5 and keras/NAME.json: x (B, T, I), y (the model's
output: (B, T, O) or (B, O)), and what the model is. The refused_* fixtures are files only (what the import must
refuse, by name).
"""
import io
import json
import sys
import zipfile

import h5py
import numpy as np

I, H, O, T, B = 3, 4, 2, 5, 2
GATES = {"LSTM": 4, "GRU": 3, "SimpleRNN": 1}
ACT = {"tanh": np.tanh, "relu": lambda v: np.maximum(v, 0), "sigmoid": lambda v: 1 / (1 + np.exp(-v)), "linear": lambda v: v}


def sigmoid(v):
    return 1 / (1 + np.exp(-v))


def cell_weights(rng, kind, inputs, dtype, reset_after=True, use_bias=True):
    g = GATES[kind]
    w = [rng.uniform(-0.6, 0.6, (inputs, g * H)), rng.uniform(-0.6, 0.6, (H, g * H))]
    if use_bias:
        w.append(rng.uniform(-0.3, 0.3, (2, g * H) if kind == "GRU" and reset_after else (g * H,)))
    return [a.astype(dtype) for a in w]


def run_cell(kind, act, w, x, reverse):
    """x (B, T, F) -> outputs (B, T, H) in the order computed (reversed time if reverse)."""
    k, r = w[0].astype(np.float64), w[1].astype(np.float64)
    g = GATES[kind]
    b = w[2].astype(np.float64) if len(w) > 2 else np.zeros((2, g * H) if kind == "GRU" else (g * H,))
    h = np.zeros((x.shape[0], H))
    c = np.zeros((x.shape[0], H))
    out = []
    steps = range(x.shape[1] - 1, -1, -1) if reverse else range(x.shape[1])
    for t in steps:
        xt = x[:, t, :]
        if kind == "SimpleRNN":
            h = ACT[act](xt @ k + h @ r + b)
        elif kind == "LSTM":
            z = xt @ k + h @ r + b
            i, f, cc, o = sigmoid(z[:, :H]), sigmoid(z[:, H:2 * H]), ACT[act](z[:, 2 * H:3 * H]), sigmoid(z[:, 3 * H:])
            c = f * c + i * cc
            h = o * ACT[act](c)
        else:
            xz = xt @ k + b[0]
            hz = h @ r + b[1]
            z = sigmoid(xz[:, :H] + hz[:, :H])
            rr = sigmoid(xz[:, H:2 * H] + hz[:, H:2 * H])
            hh = ACT[act](xz[:, 2 * H:] + rr * hz[:, 2 * H:])
            h = z * h + (1 - z) * hh
        out.append(h)
    return np.stack(out, axis=1)


def forward(spec, weights, x):
    """The model's output on x (B, T, I), in float64."""
    seq = x.astype(np.float64)
    for li, (kind, act, bi, rs) in enumerate(spec["recurrent"]):
        fw = run_cell(kind, act, weights[li][0], seq, False)
        if bi:
            bw = run_cell(kind, act, weights[li][1], seq, True)
            seq = np.concatenate([fw, bw[:, ::-1, :]], axis=-1) if rs else np.concatenate([fw[:, -1], bw[:, -1]], axis=-1)
        else:
            seq = fw if rs else fw[:, -1]
    if spec["dense"]:
        k, b = (a.astype(np.float64) for a in weights[-1])
        seq = seq @ k + b
    return seq


def keras3_layer_config(kind, act, rs, name, dtype, reset_after=True, extra=None, recurrent_activation="sigmoid", units=H):
    policy = {"module": "keras", "class_name": "DTypePolicy", "config": {"name": dtype}, "registered_name": None}
    c = {"name": name, "trainable": True, "dtype": policy, "return_sequences": rs, "return_state": False,
         "go_backwards": False, "stateful": False, "unroll": False, "zero_output_for_mask": False, "units": units,
         "activation": act, "use_bias": True, "dropout": 0.0, "recurrent_dropout": 0.0, "seed": None}
    if kind != "SimpleRNN":
        c["recurrent_activation"] = recurrent_activation
    if kind == "LSTM":
        c["unit_forget_bias"] = True
    if kind == "GRU":
        c["reset_after"] = reset_after
    c.update(extra or {})
    return {"module": "keras.layers", "class_name": kind, "config": c, "registered_name": None}


def keras2_layer_config(kind, act, rs, name, dtype, reset_after=True, extra=None, recurrent_activation="sigmoid"):
    c = keras3_layer_config(kind, act, rs, name, dtype, reset_after, extra, recurrent_activation)["config"]
    c["dtype"] = dtype
    c["time_major"] = False
    c["implementation"] = 2 if kind != "SimpleRNN" else 1
    return {"class_name": kind, "config": c}


SNAKE = {"LSTM": "lstm", "GRU": "gru", "SimpleRNN": "simple_rnn", "Bidirectional": "bidirectional", "Dense": "dense"}
CELL_SCOPE = {"LSTM": "lstm_cell", "GRU": "gru_cell", "SimpleRNN": "simple_rnn_cell"}


def write(name, fmt, spec, seed, dtype="float32", merge_mode="concat", reset_after=True, recurrent_activation="sigmoid",
          reference=True):
    rng = np.random.default_rng(seed)
    weights, layers2, layers3 = [], [], []
    counts = {}
    names = []  # (keras layer name, snake path, class) of each weighted layer
    inputs = I
    for kind, act, bi, rs in spec["recurrent"]:
        w = [cell_weights(rng, kind, inputs, dtype, reset_after)]
        if bi:
            w.append(cell_weights(rng, kind, inputs, dtype, reset_after))
        weights.append(w)
        cls = "Bidirectional" if bi else kind
        n = counts.get(cls, 0)
        counts[cls] = n + 1
        lname = SNAKE[cls] + ("" if n == 0 else "_%d" % n)
        names.append((lname, lname, cls, kind, None))
        inner3 = keras3_layer_config(kind, act, rs, lname, dtype, reset_after, recurrent_activation=recurrent_activation)
        inner2 = keras2_layer_config(kind, act, rs, lname, dtype, reset_after, recurrent_activation=recurrent_activation)
        if bi:
            # The wrapped layer keeps its own name (e.g. "lstm"); Bidirectional names its copies forward_/backward_ it.
            m = counts.get(kind, 0)
            counts[kind] = m + 1
            wrapped = SNAKE[kind] + ("" if m == 0 else "_%d" % m)
            names[-1] = (lname, lname, cls, kind, wrapped)
            inner2["config"]["name"] = wrapped
            inner3["config"]["name"] = "forward_" + wrapped
            back3 = json.loads(json.dumps(inner3))
            back3["config"]["name"] = "backward_" + wrapped
            back3["config"]["go_backwards"] = True
            layers3.append({"module": "keras.layers", "class_name": "Bidirectional", "config": {
                "name": lname, "trainable": True, "merge_mode": merge_mode, "layer": inner3, "backward_layer": back3},
                "registered_name": None})
            layers2.append({"class_name": "Bidirectional", "config": {"name": lname, "trainable": True, "layer": inner2,
                                                                       "merge_mode": merge_mode}})
        else:
            layers3.append(inner3)
            layers2.append(inner2)
        inputs = H * (2 if bi else 1)
    if spec["dense"]:
        weights.append([rng.uniform(-0.5, 0.5, (inputs, O)).astype(dtype), rng.uniform(-0.2, 0.2, (O,)).astype(dtype)])
        dense = {"name": "dense", "trainable": True, "units": O, "activation": spec.get("dense_activation", "linear"),
                 "use_bias": True}
        layers3.append({"module": "keras.layers", "class_name": "Dense", "config": dense, "registered_name": None})
        layers2.append({"class_name": "Dense", "config": dict(dense, dtype=dtype)})
        names.append(("dense", "dense", "Dense", "Dense", None))
    x = rng.uniform(-1, 1, (B, T, I))
    if fmt == "keras":
        input3 = {"module": "keras.layers", "class_name": "InputLayer",
                  "config": {"batch_shape": [None, T, I], "dtype": dtype, "sparse": False, "name": "input_layer"},
                  "registered_name": None}
        config = {"module": "keras", "class_name": "Sequential",
                  "config": {"name": "sequential", "trainable": True, "layers": [input3] + layers3},
                  "registered_name": None, "build_config": {"input_shape": [None, T, I]}, "compile_config": None}
        buf = io.BytesIO()
        with h5py.File(buf, "w") as f:
            f.create_group("vars")
            f.create_group("layers")
            for (lname, path, cls, kind, wrapped), w in zip(names, weights):
                base = "layers/" + path
                f.create_group(base + "/vars")
                if cls == "Dense":
                    groups = {base + "/vars": w}
                elif cls == "Bidirectional":
                    groups = {base + "/forward_layer/cell/vars": w[0], base + "/backward_layer/cell/vars": w[1]}
                    f.create_group(base + "/forward_layer/vars")
                    f.create_group(base + "/backward_layer/vars")
                else:
                    groups = {base + "/cell/vars": w[0]}
                for g, arrays in groups.items():
                    grp = f.require_group(g)
                    for i, a in enumerate(arrays):
                        grp.create_dataset(str(i), data=a)
        with zipfile.ZipFile("keras/%s.keras" % name, "w") as z:
            z.writestr("metadata.json", json.dumps({"keras_version": "3.3.3", "date_saved": "2026-12-06@00:00:00"}))
            z.writestr("config.json", json.dumps(config))
            z.writestr("model.weights.h5", buf.getvalue())
    else:
        input2 = {"class_name": "InputLayer", "config": {"batch_input_shape": [None, T, I], "dtype": dtype,
                                                         "sparse": False, "ragged": False, "name": "input_1"}}
        config = {"class_name": "Sequential", "config": {"name": "sequential", "layers": [input2] + layers2}}
        with h5py.File("keras/%s.h5" % name, "w") as f:
            f.attrs["backend"] = "tensorflow"
            f.attrs["keras_version"] = "2.15.0"
            f.attrs["model_config"] = json.dumps(config)
            mw = f.create_group("model_weights")
            mw.attrs["backend"] = "tensorflow"
            mw.attrs["keras_version"] = "2.15.0"
            mw.attrs["layer_names"] = np.array([n[0].encode("utf8") for n in names])
            for (lname, path, cls, kind, wrapped), w in zip(names, weights):
                g = mw.create_group(lname)
                if cls == "Dense":
                    pairs = [("%s/kernel:0" % lname, w[0]), ("%s/bias:0" % lname, w[1])]
                else:
                    pairs = []
                    dirs = [("forward_" + wrapped, w[0]), ("backward_" + wrapped, w[1])] if cls == "Bidirectional" else [(None, w[0])]
                    for scope, cw in dirs:
                        prefix = lname + "/" + (scope + "/" if scope else "") + CELL_SCOPE[kind] + "/"
                        pairs += [(prefix + n + ":0", a) for n, a in zip(["kernel", "recurrent_kernel", "bias"], cw)]
                g.attrs["weight_names"] = np.array([p[0].encode("utf8") for p in pairs])
                for p, a in pairs:
                    g.create_dataset(p, data=a)
    if reference:
        y = forward(spec, weights, x)
        top = spec["recurrent"][-1]
        fixture = {"format": fmt, "dtype": dtype, "cells": [r[0] for r in spec["recurrent"]], "bidirectional": top[2],
                   "layers": len(spec["recurrent"]), "dense": spec["dense"], "last_step": not top[3],
                   "I": I, "H": H, "O": int(y.shape[-1]), "T": T, "B": B,
                   "x": [float(v) for v in x.reshape(-1)], "y": [float(v) for v in y.reshape(-1)]}
        with open("keras/%s.json" % name, "w") as f:
            json.dump(fixture, f)
            f.write("\n")


# name, format, spec: recurrent = [(class, activation, bidirectional, return_sequences)], dense; options
FIXTURES = [
    ("k3_lstm_seq_dense_f32", "keras", {"recurrent": [("LSTM", "tanh", False, True)], "dense": True}, {}),
    ("k3_gru_2l_last_dense_f32", "keras", {"recurrent": [("GRU", "tanh", False, True), ("GRU", "tanh", False, False)],
                                            "dense": True}, {}),
    ("k3_simplernn_relu_bi_2l_dense_f32", "keras", {"recurrent": [("SimpleRNN", "relu", True, True),
                                                                  ("SimpleRNN", "relu", True, True)], "dense": True}, {}),
    ("k3_lstm_bare_f32", "keras", {"recurrent": [("LSTM", "tanh", False, True)], "dense": False}, {}),
    ("k3_lstm_2l_last_dense_f64", "keras", {"recurrent": [("LSTM", "tanh", False, True), ("LSTM", "tanh", False, False)],
                                             "dense": True}, {"dtype": "float64"}),
    ("k2_lstm_2l_last_dense_f32", "h5", {"recurrent": [("LSTM", "tanh", False, True), ("LSTM", "tanh", False, False)],
                                         "dense": True}, {}),
    ("k2_gru_bi_seq_dense_f32", "h5", {"recurrent": [("GRU", "tanh", True, True)], "dense": True}, {}),
    ("k2_simplernn_tanh_dense_f64", "h5", {"recurrent": [("SimpleRNN", "tanh", False, False)], "dense": True},
     {"dtype": "float64"}),
    ("refused_k2_gru_reset_before", "h5", {"recurrent": [("GRU", "tanh", False, True)], "dense": True},
     {"reset_after": False, "reference": False}),
    ("refused_k2_lstm_hard_sigmoid", "h5", {"recurrent": [("LSTM", "tanh", False, True)], "dense": True},
     {"recurrent_activation": "hard_sigmoid", "reference": False}),
    ("refused_k3_bi_merge_sum", "keras", {"recurrent": [("LSTM", "tanh", True, True)], "dense": True},
     {"merge_mode": "sum", "reference": False}),
    ("refused_k3_bi_last_step", "keras", {"recurrent": [("GRU", "tanh", True, False)], "dense": True},
     {"reference": False}),
    ("refused_k3_dense_softmax", "keras", {"recurrent": [("LSTM", "tanh", False, True)], "dense": True,
                                           "dense_activation": "softmax"}, {"reference": False}),
]

if __name__ == "__main__":
    wanted = set(sys.argv[1:])
    for i, (name, fmt, spec, options) in enumerate(FIXTURES):
        if not wanted or name in wanted:
            write(name, fmt, spec, 5000 + i, **options)
    print("wrote %d Keras fixtures with h5py %s, numpy %s" % (len(wanted) or len(FIXTURES), h5py.__version__, np.__version__))
