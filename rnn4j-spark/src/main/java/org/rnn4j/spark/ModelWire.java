package org.rnn4j.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.rnn4j.api.DType;
import org.rnn4j.core.Checkpoint;
import org.rnn4j.core.CheckpointException;
import org.rnn4j.core.Optimizer;
import org.rnn4j.core.Rnn;
import org.rnn4j.spi.Backends;

/**
 * How a model (its architecture, parameters and optimizer) travels from the driver to executors:
 * the one place that knows the wire form. Today it is the bytes of a {@link Checkpoint} (format 2,
 * documented and checksummed), written and read through a temporary file because that is what
 * {@code Checkpoint}'s public API offers; it is sent once per training run (as a broadcast), not
 * per step. Per-step traffic is plain {@code double[]} parameters, see {@link SparkTrainer}.
 */
final class ModelWire {
    private ModelWire() {
    }

    /**
     * Encodes a model with its optimizer.
     *
     * @param model (input, not modified) the model
     * @param optimizer (input, not modified) its optimizer
     * @return the checkpoint bytes
     */
    static byte[] encode(Rnn model, Optimizer optimizer) {
        Path tmp = null;
        try {
            tmp = Files.createTempFile("rnn4j-spark-", ".ckpt");
            Checkpoint.save(tmp, model, optimizer, null);
            return Files.readAllBytes(tmp);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode the model for the executors: " + e.getMessage(), e);
        } finally {
            delete(tmp);
        }
    }

    /**
     * Decodes what {@link #encode} made, on an executor.
     *
     * @param bytes the checkpoint bytes
     * @param backend the backend's name ({@link Backends#get(String)})
     * @param dtype the element type
     * @return the model and its optimizer, with its state
     */
    static Checkpoint decode(byte[] bytes, String backend, DType dtype) {
        Path tmp = null;
        try {
            tmp = Files.createTempFile("rnn4j-spark-", ".ckpt");
            Files.write(tmp, bytes);
            return Checkpoint.load(tmp, Backends.get(backend), dtype);
        } catch (CheckpointException e) {
            throw new IllegalStateException("the model sent by the driver does not load: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the model to a temporary file on this executor", e);
        } finally {
            delete(tmp);
        }
    }

    private static void delete(Path tmp) {
        if (tmp != null) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // A temporary file left behind is harmless; the result is what matters.
            }
        }
    }
}
