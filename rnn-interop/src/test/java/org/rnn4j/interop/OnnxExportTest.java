package org.rnn4j.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rnn4j.api.Activation;
import org.rnn4j.api.DType;
import org.rnn4j.api.Parameter;
import org.rnn4j.api.Tensor;
import org.rnn4j.backend.ejml.EjmlBackend;
import org.rnn4j.core.Direction;
import org.rnn4j.core.Rnn;
import org.rnn4j.core.State;
import org.rnn4j.core.cell.CellType;
import org.rnn4j.spi.Backend;

/**
 * Exported models run in ONNX Runtime and give rnn4j's own outputs and final states within 1e-5: every
 * cell and Elman activation, one layer and two bidirectional layers, and reverse networks of one and two
 * layers of each cell, FLOAT32 (ONNX Runtime's CPU kernels of RNN, LSTM and GRU take float only; FLOAT64
 * exports are checked by the import round trip).
 */
class OnnxExportTest {
    static final Backend EJML = new EjmlBackend();
    static final int I = 3;
    static final int H = 4;
    static final int O = 2;
    static final int T = 5;
    static final int B = 3;
    static final Path REPORT = Path.of("target", "onnx-export-errors.txt");

    @TempDir
    Path dir;

    /** A seeded model with every parameter (biases too) drawn from U(-0.5, 0.5), so no mapping hides behind zeros. */
    static Rnn model(CellType cell, Activation f, int layers, boolean bidirectional, DType dtype, long seed) {
        return model(cell, f, layers, bidirectional ? Direction.BIDIRECTIONAL : Direction.FORWARD, dtype, seed);
    }

    static Rnn model(CellType cell, Activation f, int layers, Direction direction, DType dtype, long seed) {
        Rnn.Builder b = Rnn.builder().inputSize(I).hiddenSize(H).outputSize(O).cell(cell).layers(layers).direction(direction)
                .dtype(dtype).backend(EJML);
        if (cell == CellType.ELMAN) {
            b.activation(f);
        }
        Rnn m = b.build();
        SplittableRandom random = new SplittableRandom(seed);
        for (Parameter p : m.parameters()) {
            double[] v = new double[p.value().size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = random.nextDouble() - 0.5;
            }
            p.value().copyFrom(v);
        }
        return m;
    }

    static double[] inputs(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] x = new double[T * B * I];
        for (int i = 0; i < x.length; i++) {
            x[i] = 2 * random.nextDouble() - 1;
        }
        return x;
    }

    static Stream<Arguments> models() {
        List<Arguments> out = new ArrayList<>();
        Object[][] cells = {{CellType.ELMAN, Activation.TANH}, {CellType.ELMAN, Activation.RELU}, {CellType.ELMAN, Activation.SIGMOID},
            {CellType.ELMAN, Activation.IDENTITY}, {CellType.LSTM, Activation.TANH}, {CellType.GRU, Activation.TANH}};
        for (Object[] c : cells) {
            out.add(Arguments.of(c[0], c[1], 2, Direction.BIDIRECTIONAL, DType.FLOAT32));
            out.add(Arguments.of(c[0], c[1], 1, Direction.FORWARD, DType.FLOAT32));
        }
        out.add(Arguments.of(CellType.LSTM, Activation.TANH, 3, Direction.FORWARD, DType.FLOAT32));
        for (CellType cell : CellType.values()) {
            out.add(Arguments.of(cell, Activation.TANH, 1, Direction.REVERSE, DType.FLOAT32));
            out.add(Arguments.of(cell, Activation.TANH, 2, Direction.REVERSE, DType.FLOAT32));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1} layers={2} {3} {4}")
    @MethodSource("models")
    void exportedModelRunsInOnnxRuntimeAsInRnn4j(CellType cell, Activation f, int layers, Direction direction, DType dtype)
            throws IOException, OrtException {
        Rnn m = model(cell, f, layers, direction, dtype, 11);
        double[] x = inputs(12);
        Rnn.Output expected = m.forward(EJML.fromArray(dtype, T * B, I, x), B, null, null);
        Path file = dir.resolve("model.onnx");
        OnnxExport.write(m, file);
        Map<String, double[]> ort = OnnxRuntimeOracle.run(Files.readAllBytes(file), x, dtype == DType.FLOAT64, T, B, I);
        double tol = 1e-5;
        double worst = PyTorchFixtureTest.maxAbsError(expected.outputs().toDoubleArray(), ort.get("Y"));
        State s = expected.finalState();
        int perLayer = cell == CellType.LSTM ? 2 : 1;
        for (int k = 0; k < layers; k++) {
            for (int j = 0; j < perLayer; j++) {
                double[] ours = new double[m.directions() * B * H];
                for (int d = 0; d < m.directions(); d++) {
                    System.arraycopy(s.get((k * m.directions() + d) * perLayer + j).toDoubleArray(), 0, ours, d * B * H, B * H);
                }
                worst = Math.max(worst, PyTorchFixtureTest.maxAbsError(ours, ort.get("l" + k + (j == 0 ? ".h" : ".c"))));
            }
        }
        Files.createDirectories(REPORT.getParent());
        Files.writeString(REPORT, String.format("%s %s layers=%d %s %s: max |rnn4j - ORT| %.2e%n", cell, f, layers, direction, dtype, worst),
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        assertTrue(worst <= tol, "ONNX Runtime differs from rnn4j by " + worst);
    }

    /** Control: the same model with its LSTM gate blocks left in PyTorch order would not match; the comparison catches it. */
    @Test
    void controlSwappedBlocksAreCaught() throws IOException, OrtException {
        Rnn m = model(CellType.LSTM, Activation.TANH, 1, false, DType.FLOAT32, 11);
        double[] x = inputs(12);
        double[] expected = m.forward(EJML.fromArray(DType.FLOAT32, T * B, I, x), B, null, null).outputs().toDoubleArray();
        Tensor u = m.parameter("l0.U").value();
        double[] v = u.toDoubleArray();
        double[] swapped = v.clone();
        // Exchange the f and o blocks: what exporting without the i,f,g,o → i,o,f,c permutation would do.
        System.arraycopy(v, H * I, swapped, 3 * H * I, H * I);
        System.arraycopy(v, 3 * H * I, swapped, H * I, H * I);
        u.copyFrom(swapped);
        Map<String, double[]> ort = OnnxRuntimeOracle.run(OnnxExport.toBytes(m), x, false, T, B, I);
        assertTrue(PyTorchFixtureTest.maxAbsError(expected, ort.get("Y")) > 1e-3);
    }

    @Test
    void modelDeclaresOpset14AndIrVersion7() {
        byte[] bytes = OnnxExport.toBytes(model(CellType.GRU, Activation.TANH, 1, false, DType.FLOAT32, 1));
        // ModelProto field 1 (ir_version, varint) comes first: tag 0x08, value 7.
        assertEquals(0x08, bytes[0]);
        assertEquals(OnnxExport.IR_VERSION, bytes[1]);
        assertEquals(14, OnnxExport.OPSET);
    }

    @Test
    void nullModelIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> OnnxExport.toBytes(null));
        assertThrows(IllegalArgumentException.class, () -> OnnxExport.write(model(CellType.GRU, Activation.TANH, 1, false, DType.FLOAT32,
                1), null));
    }
}
