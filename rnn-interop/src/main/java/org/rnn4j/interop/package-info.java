/**
 * Moving recurrent models between rnn4j and other systems.
 *
 * <pre>{@code
 * import java.nio.file.Path;
 * import org.rnn4j.api.DType;
 * import org.rnn4j.core.Rnn;
 * import org.rnn4j.interop.Architecture;
 * import org.rnn4j.interop.OnnxExport;
 * import org.rnn4j.interop.OnnxImport;
 * import org.rnn4j.interop.PyTorchImport;
 * import org.rnn4j.spi.Backends;
 *
 * // A PyTorch state_dict saved with safetensors: nn.RNN/LSTM/GRU named "rnn", nn.Linear named "out".
 * Path file = Path.of("model.safetensors");
 * Architecture arch = PyTorchImport.inferArchitecture(file, "rnn.", "out.", null);
 * Rnn model = PyTorchImport.load(file, arch, Backends.get(), DType.FLOAT32);
 * double[][] next = model.predict(new double[][][] {{{0.1}, {0.2}, {0.3}}});   // [sequence][step][feature]
 * OnnxExport.write(model, Path.of("model.onnx"));                              // opset 14
 * Rnn back = OnnxImport.load(Path.of("model.onnx"), Backends.get(), DType.FLOAT32);
 * }</pre>
 * Examples' tests compile this block, so it stays true.
 *
 * <p>{@link org.rnn4j.interop.Safetensors} reads the safetensors format (the format PyTorch users save
 * state_dicts in without pickle) in pure Java; {@link org.rnn4j.interop.PyTorchImport} maps a
 * state_dict of {@code nn.RNN}, {@code nn.LSTM} or {@code nn.GRU} plus an {@code nn.Linear} read-out
 * onto an {@link org.rnn4j.core.Rnn} exactly, or refuses naming the tensor it cannot map. Pickled
 * {@code torch.save} files are never read: unpickling runs code. {@link org.rnn4j.interop.OnnxExport}
 * writes any rnn4j model as an ONNX model (opset 14, RNN/LSTM/GRU nodes and a MatMul + Add read-out)
 * with a small hand-written protocol-buffers writer, and {@link org.rnn4j.interop.OnnxImport} reads that
 * subset back (and the graphs {@code torch.onnx.export} writes for the same modules, also with the
 * {@code Gemm} read-out it writes for {@code nn.Linear} on 2-D data: {@code out[-1]}, {@code out[:, -1]},
 * {@code h_n[-1]}, or the sequence as rows) with a reader that skips unknown fields, refusing by name
 * every attribute that would change the numbers: also stacks whose initial states are graph inputs sliced per
 * layer, batch-first every-step read-outs, weights left unfolded ({@code do_constant_folding=False}, evaluated
 * by a constant folder of five operators) and bare modules without a read-out (read out by
 * the identity). {@link org.rnn4j.interop.KerasImport} reads Keras 3 {@code .keras} archives and Keras 2
 * {@code .h5} files of {@code Sequential} recurrent models; their HDF5 through {@code io.jhdf:jhdf}, the module's
 * only dependency besides rnn-core. {@code rnn-interop/README.md} lists what each importer reads and refuses.
 *
 * <p>rnn4j's read-out runs at every step. An imported graph that reads out the last step only gives
 * what {@link org.rnn4j.core.Rnn#predict} returns; {@link org.rnn4j.interop.OnnxImport#read} says which
 * kind a graph is, and whether it takes its input batch first.
 *
 * <p>Neither importer lets in a value no training produces: a NaN or infinite weight (safetensors
 * tensor, ONNX initializer or Constant) is refused with the tensor's name and index, and so is a
 * finite weight that the model's dtype cannot hold (a double beyond ±{@link Float#MAX_VALUE} loaded
 * as FLOAT32), named by the rnn4j parameter and index it would have become.
 *
 * <p>Limits: no LSTM projections ({@code proj_size}), no PyTorch {@code bias=False} layers, one read-out.
 */
package org.rnn4j.interop;
