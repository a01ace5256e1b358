package org.rnn4j.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.rnn4j.api.Activation;
import org.rnn4j.api.DType;
import org.rnn4j.api.Parameter;
import org.rnn4j.core.ModelSpec.ParameterShape;
import org.rnn4j.core.cell.CellType;

class ModelSpecTest {
    private static final ModelSpec LSTM_BI = ModelSpec.builder().cell(CellType.LSTM).dtype(DType.FLOAT64).inputSize(3).hiddenSize(5)
            .outputSize(2).layers(2).direction(Direction.BIDIRECTIONAL).dropout(0.25).seed(-7).build();

    static Stream<Arguments> everyCellDirectionAndDtype() {
        List<Arguments> out = new ArrayList<>();
        for (Fixtures.Spec c : Fixtures.Spec.values()) {
            for (Direction d : Direction.values()) {
                for (DType t : DType.values()) {
                    out.add(Arguments.of(c, d, t));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("everyCellDirectionAndDtype")
    void textFormRoundTripsForEveryCellDirectionAndDtype(Fixtures.Spec c, Direction d, DType t) {
        ModelSpec s = ModelSpec.builder().cell(c.cell).activation(c.activation).dtype(t).inputSize(2).hiddenSize(7).outputSize(3)
                .layers(3).direction(d).dropout(0.1).seed(Long.MIN_VALUE).build();
        ModelSpec back = ModelSpec.parse(s.toText());
        assertEquals(s, back);
        assertEquals(s.hashCode(), back.hashCode());
        assertEquals(s.toText(), back.toText());
        assertEquals(s.parameters(), back.parameters());
    }

    @Test
    void textFormIsTheDocumentedLine() {
        assertEquals("rnn4j-spec/1 cell=lstm activation=TANH dtype=FLOAT64 input=3 hidden=5 output=2 layers=2 direction=bidirectional "
                + "dropout=0.25 seed=-7", LSTM_BI.toText());
        assertEquals(LSTM_BI.toText(), LSTM_BI.toString());
    }

    @Test
    void parseAcceptsKeysInAnyOrderAndExtraSpaces() {
        assertEquals(LSTM_BI, ModelSpec.parse("  rnn4j-spec/1  seed=-7 dropout=0.25 direction=bidirectional layers=2 output=2 hidden=5 "
                + "input=3 dtype=FLOAT64 activation=TANH cell=lstm\n"));
    }

    @Test
    void dropoutRoundTripsExactly() {
        double p = Math.nextDown(1.0);
        ModelSpec s = LSTM_BI.toBuilder().dropout(p).build();
        assertEquals(p, ModelSpec.parse(s.toText()).dropout());
        assertEquals(0.0, Double.doubleToRawLongBits(LSTM_BI.toBuilder().dropout(-0.0).build().dropout()));
    }

    private static String without(String key) {
        return LSTM_BI.toText().replaceAll(" " + key + "=\\S+", "");
    }

    private static String replaced(String key, String value) {
        return LSTM_BI.toText().replaceAll(" " + key + "=\\S+", " " + key + "=" + value);
    }

    private static void assertRefused(String text, String... mentions) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelSpec.parse(text), text);
        for (String m : mentions) {
            assertTrue(e.getMessage().contains(m), "'" + e.getMessage() + "' should mention " + m);
        }
    }

    @Test
    void malformedTextIsRefusedNamingTheField() {
        assertRefused(null, "null");
        assertRefused("", "rnn4j-spec/1");
        assertRefused("cell=lstm", "rnn4j-spec/1");
        assertRefused(LSTM_BI.toText().replace("rnn4j-spec/1", "rnn4j-spec/2"), "version '2'");
        assertRefused(LSTM_BI.toText() + " colour=blue", "unknown key 'colour'");
        assertRefused(LSTM_BI.toText() + " seed=1", "seed twice");
        assertRefused(LSTM_BI.toText() + " seed", "'seed' is not key=value");
        for (String key : List.of("cell", "activation", "dtype", "input", "hidden", "output", "layers", "direction", "dropout", "seed")) {
            assertRefused(without(key), "lacks " + key);
        }
        assertRefused(replaced("cell", "LSTM"), "cell='LSTM'", "[elman, lstm, gru]");
        assertRefused(replaced("activation", "tanh"), "activation='tanh'");
        assertRefused(replaced("dtype", "FLOAT16"), "dtype='FLOAT16'");
        assertRefused(replaced("direction", "both"), "direction='both'");
        assertRefused(replaced("input", "three"), "input='three'", "int");
        assertRefused(replaced("hidden", "99999999999"), "hidden='99999999999'");
        assertRefused(replaced("output", "0"), "outputSize must be at least 1, got 0");
        assertRefused(replaced("layers", "-1"), "layers must be at least 1, got -1");
        assertRefused(replaced("dropout", "1.0"), "dropout must be in [0, 1), got 1.0");
        assertRefused(replaced("dropout", "NaN"), "dropout must be in [0, 1), got NaN");
        assertRefused(replaced("dropout", "half"), "dropout='half'");
        assertRefused(replaced("seed", "0x10"), "seed='0x10'");
        assertRefused(replaced("activation", "RELU"), "activation RELU applies to Elman cells only");
        assertRefused(replaced("layers", "70000"), "layers must be at most 65536, got 70000");
        assertRefused(replaced("hidden", "100000"), "100000", "weights; at most");
    }

    @Test
    void builderNamesTheBadSetting() {
        ModelSpec.Builder b = LSTM_BI.toBuilder();
        assertEquals("cell is null", assertThrows(IllegalArgumentException.class, () -> b.cell(null).build()).getMessage());
        b.cell(CellType.LSTM);
        assertEquals("dtype is null", assertThrows(IllegalArgumentException.class, () -> b.dtype(null).build()).getMessage());
        b.dtype(DType.FLOAT32);
        assertEquals("activation is null", assertThrows(IllegalArgumentException.class, () -> b.activation(null).build()).getMessage());
        assertEquals("inputSize must be at least 1, got 0",
                assertThrows(IllegalArgumentException.class, () -> ModelSpec.builder().hiddenSize(1).outputSize(1).build()).getMessage());
    }

    @Test
    void equalityCoversEverySetting() {
        ModelSpec a = LSTM_BI;
        assertEquals(a, a.toBuilder().build());
        assertEquals(a.hashCode(), a.toBuilder().build().hashCode());
        List<ModelSpec> changed = List.of(a.toBuilder().cell(CellType.GRU).build(), a.toBuilder().dtype(DType.FLOAT32).build(),
                a.toBuilder().inputSize(4).build(), a.toBuilder().hiddenSize(6).build(), a.toBuilder().outputSize(3).build(),
                a.toBuilder().layers(1).build(), a.toBuilder().direction(Direction.FORWARD).build(), a.toBuilder().dropout(0.5).build(),
                a.toBuilder().seed(8).build(), a.toBuilder().cell(CellType.ELMAN).activation(Activation.RELU).build(),
                a.toBuilder().cell(CellType.ELMAN).build());
        for (ModelSpec c : changed) {
            assertNotEquals(a, c, c.toText());
            assertNotEquals(c, a, c.toText());
        }
        assertNotEquals(changed.get(9), changed.get(10));
        assertNotEquals(a, null);
        assertNotEquals(a, a.toText());
    }

    private static List<String> shapes(ModelSpec s) {
        List<String> out = new ArrayList<>();
        for (ParameterShape p : s.parameters()) {
            out.add(p.name() + " " + p.rows() + "x" + p.cols());
        }
        return out;
    }

    @Test
    void parameterNamesOfEachTopology() {
        ModelSpec.Builder b = ModelSpec.builder().inputSize(2).hiddenSize(4).outputSize(3);
        assertEquals(List.of("U 4x2", "W 4x4", "b 1x4", "V 3x4", "c 1x3"), shapes(b.build()));
        assertEquals(List.of("h"), b.build().stateNames());
        assertEquals(List.of("l0r.U 4x2", "l0r.W 4x4", "l0r.b 1x4", "out.V 3x4", "out.c 1x3"),
                shapes(b.direction(Direction.REVERSE).build()));
        assertEquals(List.of("l0.U 4x2", "l0.W 4x4", "l0.b 1x4", "l1.U 4x4", "l1.W 4x4", "l1.b 1x4", "out.V 3x4", "out.c 1x3"),
                shapes(b.direction(Direction.FORWARD).layers(2).build()));
        assertEquals(List.of("l0.U 16x2", "l0.W 16x4", "l0.b 1x16", "l0r.U 16x2", "l0r.W 16x4", "l0r.b 1x16", "l1.U 16x8", "l1.W 16x4",
                "l1.b 1x16", "l1r.U 16x8", "l1r.W 16x4", "l1r.b 1x16", "out.V 3x8", "out.c 1x3"),
                shapes(b.cell(CellType.LSTM).direction(Direction.BIDIRECTIONAL).build()));
        assertEquals(List.of("l0.h", "l0.c", "l0r.h", "l0r.c", "l1.h", "l1.c", "l1r.h", "l1r.c"), b.build().stateNames());
        assertEquals(List.of("l0.U 12x2", "l0.W 12x4", "l0.b 1x12", "l0.bh 1x12", "out.V 3x4", "out.c 1x3"),
                shapes(b.cell(CellType.GRU).direction(Direction.FORWARD).layers(1).build()));
        assertEquals(List.of("l0.U", "l0.W", "l0.b", "l0.bh", "out.V", "out.c"), b.build().parameterNames());
        assertEquals(12 * 2 + 12 * 4 + 12 + 12 + 3 * 4 + 3, b.build().parameterCount());
        assertEquals("l0.", b.build().layerPrefix(0, 0));
        assertThrows(IllegalArgumentException.class, () -> b.build().layerPrefix(0, 1));
    }

    static Stream<Arguments> topologies() {
        List<Arguments> out = new ArrayList<>();
        for (Fixtures.Spec c : Fixtures.Spec.cells()) {
            for (Direction d : Direction.values()) {
                for (int layers = 1; layers <= 2; layers++) {
                    out.add(Arguments.of(c, d, layers));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1} layers={2}")
    @MethodSource("topologies")
    void theModelsRegistryHasTheSpecsNamesAndShapesAndBuildsBackToTheSpec(Fixtures.Spec c, Direction d, int layers) {
        ModelSpec s = ModelSpec.builder().cell(c.cell).inputSize(2).hiddenSize(4).outputSize(3).layers(layers).direction(d)
                .dtype(DType.FLOAT64).seed(5).build();
        Rnn m = Rnn.builder().spec(s).backend(Fixtures.EJML).build();
        assertEquals(s, m.spec());
        List<String> registry = new ArrayList<>();
        for (Parameter p : m.parameters()) {
            registry.add(p.name() + " " + p.value().rows() + "x" + p.value().cols());
        }
        assertEquals(shapes(s), registry);
        assertEquals(s.stateNames(), m.stateNames());
        Rnn same = Rnn.builder().cell(c.cell).inputSize(2).hiddenSize(4).outputSize(3).layers(layers).direction(d).dtype(DType.FLOAT64)
                .seed(5).backend(Fixtures.EJML).build();
        assertEquals(s, same.spec());
        for (int i = 0; i < m.parameters().size(); i++) {
            assertArrayEquals(same.parameters().get(i).value().toDoubleArray(), m.parameters().get(i).value().toDoubleArray(),
                    m.parameters().get(i).name());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"rnn4j-spec/1", "rnn4j-spec/x", "rnn4j-spec/"})
    void aHeaderAloneOrABadVersionIsRefused(String text) {
        assertThrows(IllegalArgumentException.class, () -> ModelSpec.parse(text));
    }

    @Test
    void rnnBuilderSpecIsRefusedWhenNullAndLaterSettersStillApply() {
        assertEquals("spec is null", assertThrows(IllegalArgumentException.class, () -> Rnn.builder().spec(null)).getMessage());
        Rnn m = Rnn.builder().spec(LSTM_BI).hiddenSize(3).backend(Fixtures.EJML).build();
        assertEquals(LSTM_BI.toBuilder().hiddenSize(3).build(), m.spec());
    }
}
