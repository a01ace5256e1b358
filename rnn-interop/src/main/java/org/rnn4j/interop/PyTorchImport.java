package org.rnn4j.interop;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.rnn4j.api.Activation;
import org.rnn4j.api.DType;
import org.rnn4j.api.Tensor;
import org.rnn4j.core.Direction;
import org.rnn4j.core.ModelSpec;
import org.rnn4j.core.Rnn;
import org.rnn4j.core.State;
import org.rnn4j.core.cell.CellType;
import org.rnn4j.spi.Backend;

/**
 * Loads a PyTorch {@code nn.RNN} / {@code nn.LSTM} / {@code nn.GRU} with an {@code nn.Linear} read-out
 * from its state_dict saved as safetensors ({@code safetensors.torch.save_file(model.state_dict(), path)}),
 * exactly or not at all. The mapping, for layer k and direction suffix {@code _reverse} ({@code l{k}r}):
 * <pre>
 * weight_ih_l{k}  (gH × I_k)  → l{k}.U     (unchanged: rnn4j's gate order is PyTorch's, i f g o and r z n)
 * weight_hh_l{k}  (gH × H)    → l{k}.W
 * bias_ih_l{k} + bias_hh_l{k} → l{k}.b     (Elman, LSTM: the two biases only ever appear summed)
 * bias_ih_l{k}, bias_hh_l{k}  → l{k}.b, l{k}.bh   (GRU: bias_hh's n block sits inside r ⊙ (·))
 * weight (O × H·D), bias (O)  → out.V, out.c      (the read-out, applied to every step's output)
 * </pre>
 * A one-layer unidirectional Elman network's parameters are {@code U, W, b, V, c}. A bare module
 * ({@link Architecture#hasReadout()} false: {@code nn.LSTM} saved on its own, tensor names without a prefix)
 * gets the identity read-out V = I, c = 0, so {@link Rnn#forward} and {@link Rnn#predict} return its hidden
 * states, as the module's {@code output}. Refused, naming
 * the tensor: {@code weight_hr_l*} (LSTM {@code proj_size}), tensors the architecture does not have,
 * missing tensors, shape mismatches, NaN or infinite values (by tensor and index) and, for a FLOAT32
 * model, values beyond the float range. PyTorch's states {@code h_0}, {@code h_n} ((layers·D) × B × H)
 * map to and from rnn4j's {@link State} with {@link #initialState} and {@link #finalHidden}.
 */
public final class PyTorchImport {
    private PyTorchImport() {
    }

    /**
     * Reads a safetensors file and loads it as the named architecture.
     *
     * @param file the safetensors state_dict (not modified)
     * @param arch what the model is
     * @param backend where the model's tensors live, or null for the default backend
     * @param dtype FLOAT32 or FLOAT64 (any stored dtype converts; FLOAT32 rounds F64 weights)
     * @return a new model holding exactly the file's weights
     * @throws InteropException if the file is malformed or does not match arch, naming the tensor
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException if file, arch or dtype is null
     */
    public static Rnn load(Path file, Architecture arch, Backend backend, DType dtype) throws IOException {
        requireArguments(arch, dtype);
        return load(Safetensors.read(file), arch, backend, dtype);
    }

    /**
     * Loads tensors already read as the named architecture.
     *
     * @param tensors the state_dict (not modified)
     * @param arch what the model is
     * @param backend where the model's tensors live, or null for the default backend
     * @param dtype FLOAT32 or FLOAT64
     * @return a new model holding exactly the tensors' weights
     * @throws InteropException if the tensors do not match arch, naming the tensor
     * @throws IllegalArgumentException if tensors, arch or dtype is null
     */
    public static Rnn load(Safetensors tensors, Architecture arch, Backend backend, DType dtype) throws InteropException {
        if (tensors == null) {
            throw new IllegalArgumentException("tensors is null");
        }
        requireArguments(arch, dtype);
        refuseProjections(tensors, arch.rnnPrefix());
        ModelSpec spec = arch.spec();
        Rnn model = Rnn.builder().spec(spec.toBuilder().dtype(dtype).build()).backend(backend).build();
        Loader in = new Loader(tensors, arch);
        int h = spec.hiddenSize();
        int gh = spec.gates() * h;
        int dirs = model.directions();
        for (int k = 0; k < spec.layers(); k++) {
            int inputs = k == 0 ? spec.inputSize() : h * dirs;
            for (int d = 0; d < dirs; d++) {
                String suffix = "_l" + k + (d == 1 ? "_reverse" : "");
                String p = arch.rnnPrefix();
                String q = model.layerPrefix(k, d);
                set(model, q + "U", in.take(p + "weight_ih" + suffix, gh, inputs));
                set(model, q + "W", in.take(p + "weight_hh" + suffix, gh, h));
                double[] bx = in.take(p + "bias_ih" + suffix, gh);
                double[] bh = in.take(p + "bias_hh" + suffix, gh);
                if (spec.cell() == CellType.GRU) {
                    set(model, q + "b", bx);
                    set(model, q + "bh", bh);
                } else {
                    double[] sum = new double[gh];
                    for (int i = 0; i < gh; i++) {
                        sum[i] = bx[i] + bh[i];
                    }
                    set(model, q + "b", sum);
                }
            }
        }
        if (arch.hasReadout()) {
            model.readout().weights().value().copyFrom(in.take(arch.readoutPrefix() + "weight", spec.outputSize(), h * dirs));
            model.readout().bias().value().copyFrom(in.take(arch.readoutPrefix() + "bias", spec.outputSize()));
        } else {
            double[] identity = new double[h * dirs * h * dirs];
            for (int i = 0; i < h * dirs; i++) {
                identity[i * h * dirs + i] = 1;
            }
            model.readout().weights().value().copyFrom(identity);
            model.readout().bias().value().copyFrom(new double[h * dirs]);
        }
        in.requireAllTaken();
        Weights.requireFinite(model, tensors.source());
        return model;
    }

    /**
     * Reads a safetensors file and infers the architecture from its tensor names and shapes: the cell
     * from the gate multiple of {@code weight_hh_l0} (1: {@code nn.RNN}, 3: GRU, 4: LSTM), I, H, O,
     * the layers and the directions.
     *
     * @param file the safetensors state_dict (not modified)
     * @param rnnPrefix the recurrent module's tensor prefix, e.g. {@code rnn.} (may be empty)
     * @param readoutPrefix the read-out's tensor prefix, e.g. {@code out.}, or null for a bare module without one
     *     ({@link Architecture#bare})
     * @param nonlinearity for an {@code nn.RNN}, TANH or RELU (the state_dict does not record it, so it
     *     cannot be inferred); null or TANH for LSTM and GRU
     * @return the architecture; {@link #load} still checks every tensor against it
     * @throws InteropException if the tensors do not describe a supported model, naming the tensor
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException if the model is an nn.RNN and nonlinearity is not TANH or RELU
     */
    public static Architecture inferArchitecture(Path file, String rnnPrefix, String readoutPrefix, Activation nonlinearity)
            throws IOException {
        return inferArchitecture(Safetensors.read(file), rnnPrefix, readoutPrefix, nonlinearity);
    }

    /**
     * Infers the architecture of tensors already read; see {@link #inferArchitecture(Path, String, String, Activation)}.
     *
     * @param tensors the state_dict (not modified)
     * @param rnnPrefix the recurrent module's tensor prefix (may be empty)
     * @param readoutPrefix the read-out's tensor prefix, or null for a bare module
     * @param nonlinearity TANH or RELU for an nn.RNN; null or TANH otherwise
     * @return the architecture
     * @throws InteropException if the tensors do not describe a supported model, naming the tensor
     * @throws IllegalArgumentException if the model is an nn.RNN and nonlinearity is not TANH or RELU
     */
    public static Architecture inferArchitecture(Safetensors tensors, String rnnPrefix, String readoutPrefix, Activation nonlinearity)
            throws InteropException {
        if (tensors == null || rnnPrefix == null) {
            throw new IllegalArgumentException("tensors and rnnPrefix must not be null (got " + tensors + ", " + rnnPrefix + ")");
        }
        refuseProjections(tensors, rnnPrefix);
        Safetensors.Entry whh = require2d(tensors, rnnPrefix + "weight_hh_l0");
        Safetensors.Entry wih = require2d(tensors, rnnPrefix + "weight_ih_l0");
        if (readoutPrefix != null && !tensors.contains(readoutPrefix + "weight")) {
            throw new InteropException("tensor '" + readoutPrefix + "weight' is missing from " + tensors.source() + " (it has "
                    + tensors.names() + "); check the prefixes, or pass readoutPrefix null for a bare nn.RNN/nn.LSTM/nn.GRU without a "
                    + "read-out");
        }
        Safetensors.Entry v = readoutPrefix == null ? null : require2d(tensors, readoutPrefix + "weight");
        int h = whh.shape()[1];
        int rows = whh.shape()[0];
        int g = h == 0 ? 0 : rows / h;
        if (h == 0 || rows % h != 0 || (g != 1 && g != 3 && g != 4)) {
            throw new InteropException("tensor '" + whh.name() + "' has shape " + whh.describeShape() + ": its rows are not 1, 3 or 4 "
                    + "times its columns, so it is not the recurrent weight of an nn.RNN, nn.GRU or nn.LSTM");
        }
        CellType cell = g == 4 ? CellType.LSTM : g == 3 ? CellType.GRU : CellType.ELMAN;
        if (cell == CellType.ELMAN && nonlinearity != Activation.TANH && nonlinearity != Activation.RELU) {
            throw new IllegalArgumentException("the tensors are an nn.RNN's, whose nonlinearity a state_dict does not record: "
                    + "pass Activation.TANH or Activation.RELU as it was built (got " + nonlinearity + ")");
        }
        if (cell != CellType.ELMAN && nonlinearity != null && nonlinearity != Activation.TANH) {
            throw new IllegalArgumentException("the tensors are an nn." + cell + "'s, which has no nonlinearity setting; got "
                    + nonlinearity);
        }
        int layers = 0;
        while (tensors.contains(rnnPrefix + "weight_ih_l" + layers)) {
            layers++;
        }
        Direction direction = tensors.contains(rnnPrefix + "weight_ih_l0_reverse") ? Direction.BIDIRECTIONAL : Direction.FORWARD;
        ModelSpec spec = ModelSpec.builder().cell(cell).activation(cell == CellType.ELMAN ? nonlinearity : Activation.TANH)
                .inputSize(wih.shape()[1]).hiddenSize(h).outputSize(v == null ? h * direction.count() : v.shape()[0]).layers(layers)
                .direction(direction).build();
        return v == null ? Architecture.bare(spec, rnnPrefix) : Architecture.of(spec, rnnPrefix, readoutPrefix);
    }

    /**
     * Builds an initial state from PyTorch's {@code h_0} (and {@code c_0}), both (layers·D) × B × H
     * row-major, index (k·D + d) for layer k and direction d.
     *
     * @param model the model the state is for
     * @param batch B
     * @param h0 (input, not modified) layers·D·B·H values
     * @param c0 (input, not modified) as h0 for an LSTM; null for the other cells
     * @return a new state on the model's backend, in {@link Rnn#stateNames()} order
     * @throws IllegalArgumentException if a length does not fit, or c0 is given to (or missing for) the wrong cell
     */
    public static State initialState(Rnn model, int batch, double[] h0, double[] c0) {
        if (model == null || h0 == null) {
            throw new IllegalArgumentException("model and h0 must not be null");
        }
        boolean lstm = model.cellType() == CellType.LSTM;
        if (lstm != (c0 != null)) {
            throw new IllegalArgumentException(lstm ? "an LSTM needs c0 as well as h0" : "c0 is for an LSTM; this model is " + model.cellType());
        }
        int layerDirs = model.depth() * model.directions();
        int h = model.hiddenSize();
        requireLength("h0", h0, layerDirs, batch, h);
        if (lstm) {
            requireLength("c0", c0, layerDirs, batch, h);
        }
        int s = lstm ? 2 : 1;
        Tensor[] t = new Tensor[layerDirs * s];
        for (int i = 0; i < layerDirs; i++) {
            t[i * s] = model.backend().fromArray(model.dtype(), batch, h, Arrays.copyOfRange(h0, i * batch * h, (i + 1) * batch * h));
            if (lstm) {
                t[i * s + 1] = model.backend().fromArray(model.dtype(), batch, h, Arrays.copyOfRange(c0, i * batch * h, (i + 1) * batch * h));
            }
        }
        return State.of(t);
    }

    /**
     * Lays a state out as PyTorch's {@code h_n}: (layers·D) × B × H row-major.
     *
     * @param model the model the state is from
     * @param state (input, not modified) e.g. {@link Rnn.Output#finalState()}
     * @return a new array of layers·D·B·H values
     * @throws IllegalArgumentException if the state does not have the model's number of tensors
     */
    public static double[] finalHidden(Rnn model, State state) {
        return gather(model, state, 0);
    }

    /**
     * Lays an LSTM's state out as PyTorch's {@code c_n}: (layers·D) × B × H row-major.
     *
     * @param model the LSTM model the state is from
     * @param state (input, not modified) e.g. {@link Rnn.Output#finalState()}
     * @return a new array of layers·D·B·H values
     * @throws IllegalArgumentException if the model is not an LSTM or the state does not fit
     */
    public static double[] finalCell(Rnn model, State state) {
        if (model != null && model.cellType() != CellType.LSTM) {
            throw new IllegalArgumentException("c_n is an LSTM's; this model is " + model.cellType());
        }
        return gather(model, state, 1);
    }

    private static double[] gather(Rnn model, State state, int which) {
        if (model == null || state == null) {
            throw new IllegalArgumentException("model and state must not be null");
        }
        int s = model.cellType() == CellType.LSTM ? 2 : 1;
        int layerDirs = model.depth() * model.directions();
        if (state.size() != layerDirs * s) {
            throw new IllegalArgumentException("the state has " + state.size() + " tensors; the model's are " + model.stateNames());
        }
        int n = state.get(0).size();
        double[] out = new double[layerDirs * n];
        for (int i = 0; i < layerDirs; i++) {
            System.arraycopy(state.get(i * s + which).toDoubleArray(), 0, out, i * n, n);
        }
        return out;
    }

    private static void requireLength(String name, double[] a, int layerDirs, int batch, int h) {
        if (batch < 1 || a.length != (long) layerDirs * batch * h) {
            throw new IllegalArgumentException(name + " has " + a.length + " values; (layers·directions = " + layerDirs + ") × (B = "
                    + batch + ") × (H = " + h + ") needs " + (long) layerDirs * batch * h);
        }
    }

    private static void requireArguments(Architecture arch, DType dtype) {
        if (arch == null || dtype == null) {
            throw new IllegalArgumentException("arch and dtype must not be null (got " + arch + ", " + dtype + ")");
        }
    }

    private static void refuseProjections(Safetensors tensors, String prefix) throws InteropException {
        for (String name : tensors.names()) {
            if (name.startsWith(prefix + "weight_hr_l")) {
                throw new InteropException("tensor '" + name + "' in " + tensors.source() + " is an LSTM projection (proj_size > 0), "
                        + "which rnn4j does not support");
            }
        }
    }

    private static Safetensors.Entry require2d(Safetensors tensors, String name) throws InteropException {
        if (!tensors.contains(name)) {
            throw new InteropException("tensor '" + name + "' is missing from " + tensors.source() + " (it has " + tensors.names()
                    + "); check the prefixes");
        }
        Safetensors.Entry e = tensors.get(name);
        if (e.shape().length != 2) {
            throw new InteropException("tensor '" + name + "' has shape " + e.describeShape() + "; a matrix was expected");
        }
        return e;
    }

    private static void set(Rnn model, String parameter, double[] values) {
        model.parameter(parameter).value().copyFrom(values);
    }

    /** Hands out tensors by name, checking shapes, and remembers which were used. */
    private static final class Loader {
        private final Safetensors tensors;
        private final Architecture arch;
        private final Set<String> taken = new HashSet<>();

        Loader(Safetensors tensors, Architecture arch) {
            this.tensors = tensors;
            this.arch = arch;
        }

        double[] take(String name, int... shape) throws InteropException {
            if (!tensors.contains(name)) {
                throw new InteropException("tensor '" + name + "' is missing from " + tensors.source() + "; the architecture " + arch
                        + " needs it");
            }
            Safetensors.Entry e = tensors.get(name);
            if (!Arrays.equals(e.shape(), shape)) {
                throw new InteropException("tensor '" + name + "' has shape " + e.describeShape() + " but the architecture " + arch
                        + " needs " + Arrays.toString(shape));
            }
            taken.add(name);
            double[] values = e.values();
            long[] dims = new long[shape.length];
            for (int i = 0; i < shape.length; i++) {
                dims[i] = shape[i];
            }
            Weights.requireFinite("tensor '" + name + "' of " + tensors.source(), values, dims);
            return values;
        }

        void requireAllTaken() throws InteropException {
            List<String> unknown = new ArrayList<>();
            for (String name : tensors.names()) {
                if (!taken.contains(name)) {
                    unknown.add(name);
                }
            }
            if (!unknown.isEmpty()) {
                throw new InteropException("tensor" + (unknown.size() == 1 ? " '" : "s '") + String.join("', '", unknown) + "' in "
                        + tensors.source() + (unknown.size() == 1 ? " is" : " are") + " not part of the architecture " + arch
                        + "; remove them or fix the architecture");
            }
        }
    }
}
