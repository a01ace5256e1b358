package org.rnn4j.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.rnn4j.api.DType;
import org.rnn4j.core.Checkpoint;
import org.rnn4j.core.CheckpointException;
import org.rnn4j.core.ModelSpec;
import org.rnn4j.core.Optimizer;
import org.rnn4j.core.Rnn;
import org.rnn4j.spi.Backends;

/**
 * How a training run's fixed parts travel from the driver to executors, once per run (in the task
 * closure or a broadcast), never per step:
 * <ul>
 * <li>the architecture as {@link ModelSpec#toText()}, from which each executor builds its replica
 * with {@link Rnn.Builder#spec}; the parameters then come with every step's broadcast;</li>
 * <li>when averaging, the optimizer's kind and settings as the bytes of a {@link Checkpoint} (its
 * only public serial form), written and read through a temporary file.</li>
 * </ul>
 */
final class ModelWire {
    private ModelWire() {
    }

    /**
     * Builds an executor's replica of the driver's model (its parameters are overwritten before use).
     *
     * @param spec {@link ModelSpec#toText()} of the driver's model
     * @param backend the backend's name ({@link Backends#get(String)})
     * @return a new model
     */
    static Rnn build(String spec, String backend) {
        return Rnn.builder().spec(ModelSpec.parse(spec)).backend(Backends.get(backend)).build();
    }

    /**
     * Encodes an optimizer (kind, settings, state) with its model.
     *
     * @param model (input, not modified) the model
     * @param optimizer (input, not modified) its optimizer
     * @return checkpoint bytes
     */
    static byte[] encode(Rnn model, Optimizer optimizer) {
        Path tmp = null;
        try {
            tmp = Files.createTempFile("rnn4j-spark-", ".ckpt");
            Checkpoint.save(tmp, model, optimizer, null);
            return Files.readAllBytes(tmp);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode the optimizer for the executors: " + e.getMessage(), e);
        } finally {
            delete(tmp);
        }
    }

    /**
     * Decodes an optimizer that {@link #encode} wrote, on an executor.
     *
     * @param bytes the checkpoint bytes
     * @param backend the backend's name
     * @param dtype the model's element type
     * @return the optimizer, with the state it had (rebind it with {@link Optimizer#restoreState})
     */
    static Optimizer optimizer(byte[] bytes, String backend, DType dtype) {
        Path tmp = null;
        try {
            tmp = Files.createTempFile("rnn4j-spark-", ".ckpt");
            Files.write(tmp, bytes);
            return Checkpoint.load(tmp, Backends.get(backend), dtype).optimizer();
        } catch (CheckpointException e) {
            throw new IllegalStateException("the optimizer sent by the driver does not load: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the optimizer to a temporary file on this executor", e);
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
