package org.rnn4j.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.rnn4j.api.Activation;
import org.rnn4j.api.DType;
import org.rnn4j.api.Parameter;
import org.rnn4j.api.Tensor;
import org.rnn4j.core.cell.CellType;
import org.rnn4j.spi.Backends;

/**
 * Format-1 files still load. {@code checkpoint-v1.bin} was written by the format-1 writer (commit
 * a8debca, before format 2) as {@code Checkpoint.save(file, model(), optimizer(), state(model()))}
 * with exactly the objects this class's helpers build, so every value it holds is recomputed here
 * from seeds: the untrained model's parameters, Adam's state after two steps on a twin model with
 * seeded gradients, and a seeded 2×3 carried state.
 */
class CheckpointFormatOneTest {
    static final long SEED = 7;

    /** A one-layer Elman model, FLOAT64 so that the file's doubles are its exact values. */
    static Rnn model() {
        return Rnn.builder().inputSize(2).hiddenSize(3).outputSize(2).activation(Activation.RELU).dtype(DType.FLOAT64)
                .backend(Fixtures.EJML).seed(SEED).build();
    }

    /** Adam after two steps with seeded gradients, on a twin of {@link #model()}. */
    static Optimizer optimizer() {
        return optimizerOn(model());
    }

    /** Adam after two steps with seeded gradients on the given model (which it changes). */
    static Optimizer optimizerOn(Rnn twin) {
        Optimizer adam = Optimizer.adam(0.05, 0.8, 0.99, 1e-6);
        for (int step = 0; step < 2; step++) {
            for (int i = 0; i < twin.parameters().size(); i++) {
                Parameter p = twin.parameters().get(i);
                p.gradient().copyFrom(Fixtures.random(p.value().size(), 100 + 10 * step + i, -1, 1));
            }
            adam.step(twin.parameters());
        }
        return adam;
    }

    static Tensor state(Rnn m) {
        return m.backend().fromArray(m.dtype(), 2, 3, Fixtures.random(6, 5, -1, 1));
    }

    static Path file() throws URISyntaxException {
        return Path.of(CheckpointFormatOneTest.class.getResource("/checkpoint-v1.bin").toURI());
    }

    @Test
    void formatOneFileLoadsInFloat64OnTheDefaultBackend() throws IOException, URISyntaxException {
        Checkpoint c = Checkpoint.load(file());
        assertEquals(DType.FLOAT64, c.model().dtype());
        assertEquals(Backends.get().name(), c.model().backend().name());
        assertEquals(CellType.ELMAN, c.model().cellType());
        assertEquals(SEED, c.model().seed());
        assertArrayEquals(model().parameter("W").value().toDoubleArray(), c.model().parameter("W").value().toDoubleArray(), 0.0);
    }

    @Test
    void formatOneOptimizerContinuesLikeTheOriginal() throws IOException, URISyntaxException {
        Checkpoint c = Checkpoint.load(file(), Fixtures.EJML, DType.FLOAT64);
        Rnn twin = model();
        Optimizer original = optimizerOn(twin);
        // The file holds the untrained values: give the twin those, then one more step with equal gradients on both.
        Rnn initial = model();
        for (int i = 0; i < twin.parameters().size(); i++) {
            twin.parameters().get(i).value().copyFrom(initial.parameters().get(i).value().toDoubleArray());
        }
        for (Rnn m : new Rnn[] {twin, c.model()}) {
            for (int i = 0; i < m.parameters().size(); i++) {
                Parameter p = m.parameters().get(i);
                p.gradient().copyFrom(Fixtures.random(p.value().size(), 200 + i, -1, 1));
            }
        }
        original.step(twin.parameters());
        c.optimizer().step(c.model().parameters());
        for (int i = 0; i < twin.parameters().size(); i++) {
            assertArrayEquals(twin.parameters().get(i).value().toDoubleArray(), c.model().parameters().get(i).value().toDoubleArray(), 0.0,
                    twin.parameters().get(i).name());
        }
        assertEquals(3, c.optimizer().steps());
    }

    @Test
    void formatOneFileLoadsWithTheSeededValues() throws IOException, URISyntaxException {
        Checkpoint c = Checkpoint.load(file(), Fixtures.EJML, DType.FLOAT64);
        Rnn expected = model();
        assertEquals(expected.parameters().size(), c.model().parameters().size());
        for (int i = 0; i < expected.parameters().size(); i++) {
            Parameter e = expected.parameters().get(i);
            Parameter a = c.model().parameters().get(i);
            assertEquals(e.name(), a.name());
            assertArrayEquals(e.value().toDoubleArray(), a.value().toDoubleArray(), 0.0, e.name());
        }
        assertEquals(Activation.RELU, c.model().activation());
        Optimizer adam = optimizer();
        assertEquals("adam", c.optimizer().name());
        assertEquals(adam.steps(), c.optimizer().steps());
        assertEquals(adam.learningRate(), c.optimizer().learningRate());
        assertArrayEquals(adam.hyperparameters(), c.optimizer().hyperparameters(), 0.0);
        for (int i = 0; i < adam.state().length; i++) {
            for (int k = 0; k < adam.state()[i].length; k++) {
                assertArrayEquals(adam.state()[i][k], c.optimizer().state()[i][k], 0.0, "slot " + k + " of parameter " + i);
            }
        }
        assertEquals(1, c.state().size());
        assertArrayEquals(state(expected).toDoubleArray(), c.state().h().toDoubleArray(), 0.0);
    }
}
